// Calendar functions (hour, day_of_week, days_in_month, ...) on Unix seconds in UTC, as Prometheus's dateWrapper.
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
  // Days to civil date (H. Hinnant's algorithm), exact in doubles for these magnitudes.
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return {
    year,
    month,
    day,
    hour: Math.floor(secOfDay / 3600),
    minute: Math.floor((secOfDay % 3600) / 60),
    // 1970-01-01 was a Thursday.
    weekday: (((days + 4) % 7) + 7) % 7,
  };
}

function isLeap(year: number): boolean {
  // Remainders of negative years are -0 or negative: compare against 0 only.
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** daysInMonth is the number of days in the given month (1-12) of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] as number);
}

/** dayOfYear is 1-365 (366 in leap years). */
export function dayOfYear(f: CalendarFields): number {
  return (DAYS_BEFORE_MONTH[f.month - 1] as number) + f.day + (f.month > 2 && isLeap(f.year) ? 1 : 0);
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
