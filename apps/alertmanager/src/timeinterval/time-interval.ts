import { daysInMonth, wallClock } from './wall-clock';

/** TimeRange is a span of minutes within a day, `[startMinute, endMinute)`; 1440 is the end of the day. */
export interface TimeRange {
  startMinute: number;
  endMinute: number;
}

/** InclusiveRange is `[begin, end]` of weekdays (0 = Sunday), days of month (negative: from the end), months or years. */
export interface InclusiveRange {
  begin: number;
  end: number;
}

/**
 * TimeInterval is one entry of a named time interval, as Alertmanager's `timeinterval.TimeInterval`. An absent field
 * places no constraint; a present but empty list matches nothing (as in Alertmanager, where it is a non-nil slice).
 */
export interface TimeInterval {
  times?: TimeRange[];
  weekdays?: InclusiveRange[];
  daysOfMonth?: InclusiveRange[];
  months?: InclusiveRange[];
  years?: InclusiveRange[];
  /** IANA zone name, or `Local` for the process's zone; absent means UTC. */
  location?: string;
}

/** containsTime tells whether an instant falls inside a time interval: every present field must hold. */
export function containsTime(interval: TimeInterval, instant: Date | number): boolean {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const t = wallClock(ms, interval.location);
  if (
    interval.times &&
    !interval.times.some((r) => t.minuteOfDay >= r.startMinute && t.minuteOfDay < r.endMinute)
  ) {
    return false;
  }
  if (
    interval.daysOfMonth &&
    !interval.daysOfMonth.some((r) => dayOfMonthInRange(r, t.year, t.month, t.day))
  ) {
    return false;
  }
  if (interval.months && !interval.months.some((r) => t.month >= r.begin && t.month <= r.end)) return false;
  if (interval.weekdays && !interval.weekdays.some((r) => t.weekday >= r.begin && t.weekday <= r.end))
    return false;
  if (interval.years && !interval.years.some((r) => t.year >= r.begin && t.year <= r.end)) return false;
  return true;
}

/** containsTimeAny tells whether an instant falls inside any entry of a named interval (entries are OR-ed). */
export function containsTimeAny(intervals: readonly TimeInterval[], instant: Date | number): boolean {
  return intervals.some((ti) => containsTime(ti, instant));
}

function dayOfMonthInRange(r: InclusiveRange, year: number, month: number, day: number): boolean {
  const length = daysInMonth(year, month);
  let begin = r.begin < 0 ? length + r.begin + 1 : r.begin;
  let end = r.end < 0 ? length + r.end + 1 : r.end;
  // A range starting past this month's last day (e.g. 30:31 in February) does not spill into the next month.
  if (begin > length) return false;
  begin = clamp(begin, -length, length);
  end = clamp(end, -length, length);
  return day >= begin && day <= end;
}

function clamp(n: number, min: number, max: number): number {
  return n <= min ? min : n >= max ? max : n;
}
