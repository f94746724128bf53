// Calendar functions (hour, day_of_week, days_in_month, ...) on Unix seconds in UTC, as Prometheus's dateWrapper.
import { civilFromDays, dayOfYear, isLeapYear, weekdayFromDays } from '@vigil/model';
import type { InstantFunction } from '../types';

/** CalendarFields are the UTC calendar parts of one instant. */
export interface CalendarFields {
  year: number;
  /** 1-12. */
  month: number;
  /** 1-31. */
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday. */
  weekday: number;
}

// Up to 2^60 s the day split below is exact in doubles (multiples of 86400 = 2^7 × 675 are representable).
const MAX_SECONDS = 2 ** 60;

/**
 * calendarOf reads the UTC calendar fields of Unix time `seconds`, truncated to whole seconds as Go's int64()
 * conversion does, in the proleptic Gregorian calendar (year 0 exists, as in Go); undefined for NaN, ±Inf and
 * |seconds| ≥ 2^60 (Go's own arithmetic overflows near 2^63; such times do not occur in practice).
 */
export function calendarOf(seconds: number): CalendarFields | undefined {
  const s = Math.trunc(seconds) + 0; // + 0 turns -0 into 0
  if (!Number.isFinite(s) || Math.abs(s) >= MAX_SECONDS) return undefined;
  // Division would round for huge s; the remainder is exact.
  let secOfDay = s % 86400;
  if (secOfDay < 0) secOfDay += 86400;
  const days = (s - secOfDay) / 86400;
  const { year, month, day } = civilFromDays(days);
  return {
    year,
    month,
    day,
    hour: Math.floor(secOfDay / 3600),
    minute: Math.floor((secOfDay % 3600) / 60),
    weekday: weekdayFromDays(days),
  };
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** daysInMonth is the number of days in the given month (1-12) of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] as number);
}

// Go's values for NaN/Inf/huge inputs come from int64 overflow; Vigil returns NaN instead.
const onCalendar =
  (f: (c: CalendarFields) => number): InstantFunction =>
  (v) => {
    const c = calendarOf(v);
    return c === undefined ? NaN : f(c);
  };

/**
 * DATE_FUNCTIONS map each calendar function to an InstantFunction over Unix seconds. Called without an argument,
 * Prometheus applies them to the evaluation time: pass `evalTimeMs / 1000` as the value.
 */
export const DATE_FUNCTIONS: ReadonlyMap<string, InstantFunction> = new Map<string, InstantFunction>([
  ['year', onCalendar((c) => c.year)],
  ['month', onCalendar((c) => c.month)],
  ['day_of_month', onCalendar((c) => c.day)],
  ['day_of_week', onCalendar((c) => c.weekday)],
  ['day_of_year', onCalendar(dayOfYear)],
  ['days_in_month', onCalendar((c) => daysInMonth(c.year, c.month))],
  ['hour', onCalendar((c) => c.hour)],
  ['minute', onCalendar((c) => c.minute)],
]);
