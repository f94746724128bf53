// Proleptic Gregorian calendar arithmetic on day numbers, for dates far beyond JS Date's range (Go's time does).

/** CivilDate is a calendar date: month 1-12, day 1-31. */
export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

/** civilFromDays is the date `days` days after 1970-01-01 (negative: before), by Howard Hinnant's algorithm. */
export function civilFromDays(days: number): CivilDate {
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
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** isLeapYear tells whether `year` has a 29 February (remainders of negative years compare against 0 only). */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/** dayOfYear is 1-365 (366 in leap years) for a date. */
export function dayOfYear(d: CivilDate): number {
  return (DAYS_BEFORE_MONTH[d.month - 1] as number) + d.day + (d.month > 2 && isLeapYear(d.year) ? 1 : 0);
}

/** weekdayFromDays is 0 (Sunday) to 6 for `days` days after 1970-01-01, a Thursday. */
export function weekdayFromDays(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}
