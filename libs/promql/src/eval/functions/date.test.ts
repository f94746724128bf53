import { describe, expect, it } from 'vitest';
import { DATE_FUNCTIONS } from './date';

const NAMES = [
  'year',
  'month',
  'day_of_month',
  'day_of_week',
  'day_of_year',
  'days_in_month',
  'hour',
  'minute',
];

function all(seconds: number): number[] {
  return NAMES.map((n) => {
    const f = DATE_FUNCTIONS.get(n);
    if (f === undefined) throw new Error(n);
    return f(seconds, [], 0);
  });
}

describe('calendar functions (UTC)', () => {
  it.each<[string, number, number[]]>([
    // year, month, day_of_month, day_of_week, day_of_year, days_in_month, hour, minute
    ['epoch, a Thursday', 0, [1970, 1, 1, 4, 1, 31, 0, 0]],
    // 2024-02-29T12:34:56Z: leap day.
    ['leap day', 1709210096, [2024, 2, 29, 4, 60, 29, 12, 34]],
    // 2023-12-31T23:59:59Z: last day of a common year.
    ['end of a common year', 1704067199, [2023, 12, 31, 0, 365, 31, 23, 59]],
    // 2100-03-01T00:00:00Z: 2100 is not a leap year.
    ['century non-leap', 4107542400, [2100, 3, 1, 1, 60, 31, 0, 0]],
    // 2000-02-01: 2000 is a leap year.
    ['400-year leap', 949363200, [2000, 2, 1, 2, 32, 29, 0, 0]],
    ['before the epoch', -1, [1969, 12, 31, 3, 365, 31, 23, 59]],
    // Go converts with int64(), truncating towards zero: -0.5 s is the epoch itself.
    ['fractions truncate towards zero', -0.5, [1970, 1, 1, 4, 1, 31, 0, 0]],
    ['fractions truncate', 59.9, [1970, 1, 1, 4, 1, 31, 0, 0]],
  ])('%s', (_name, seconds, want) => {
    expect(all(seconds)).toEqual(want);
  });

  it.each([NaN, Infinity, -Infinity, 2 ** 60])(
    'gives NaN for %s (Go computes garbage from an overflowed int64)',
    (s) => {
      for (const v of all(s)) expect(v).toBeNaN();
    },
  );
});
