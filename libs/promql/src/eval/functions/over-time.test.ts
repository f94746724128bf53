import { describe, expect, it } from 'vitest';
import {
  avgOverTime,
  changes,
  countOverTime,
  lastOverTime,
  madOverTime,
  maxOverTime,
  minOverTime,
  presentOverTime,
  quantileOverTime,
  resets,
  stddevOverTime,
  stdvarOverTime,
  sumOverTime,
  tsOfMaxOverTime,
  tsOfMinOverTime,
} from './over-time';
import { ctx, values } from './testdata/points';
import type { RangeFunction } from '../types';

const MAX = Number.MAX_VALUE;
const c = ctx(100, 100);

function expectSame(got: number | undefined, want: number | undefined, digits = 12): void {
  if (want === undefined) expect(got).toBeUndefined();
  else if (Number.isNaN(want)) expect(got).toBeNaN();
  else if (!Number.isFinite(want)) expect(got).toBe(want);
  else expect(got).toBeCloseTo(want, digits);
}

describe('simple aggregations over time', () => {
  it.each<[string, RangeFunction, number[], number | undefined]>([
    ['sum', sumOverTime, [1, 2, 3.5], 6.5],
    // Kahan keeps the small terms that a naive sum loses (functions.test "loss of detail").
    ['sum with huge cancelling terms', sumOverTime, [1, 1e100, 1, -1e100], 2],
    ['sum overflowing to +Inf', sumOverTime, [MAX, MAX], Infinity],
    ['sum of +Inf and -Inf', sumOverTime, [Infinity, -Infinity], NaN],
    ['sum of none', sumOverTime, [], undefined],
    ['avg', avgOverTime, [1, 2, 3, 4], 2.5],
    ['avg with huge cancelling terms', avgOverTime, [1, 1e100, 1, -1e100], 0.5],
    // The running sum overflows: switch to the incremental mean, which stays finite.
    ['avg past overflow', avgOverTime, [MAX, MAX], MAX],
    ['avg past overflow, negative', avgOverTime, [-MAX, -MAX], -MAX],
    ['avg with NaN', avgOverTime, [1, NaN, 3], NaN],
    ['count', countOverTime, [5, NaN, 7], 3],
    ['last', lastOverTime, [1, 2, NaN], NaN],
    ['present', presentOverTime, [0], 1],
    ['max ignores NaN', maxOverTime, [NaN, 1, 3, 2], 3],
    ['max keeps the first non-NaN', maxOverTime, [1, NaN], 1],
    ['max of NaNs', maxOverTime, [NaN, NaN], NaN],
    ['min ignores NaN', minOverTime, [NaN, 1, -3, 2], -3],
    ['min with -Inf', minOverTime, [0, -Infinity], -Infinity],
    ['stdvar', stdvarOverTime, [2, 4, 4, 4, 5, 5, 7, 9], 4],
    ['stddev', stddevOverTime, [2, 4, 4, 4, 5, 5, 7, 9], 2],
    ['stddev of one sample', stddevOverTime, [42], 0],
    ['stddev with Inf', stddevOverTime, [1, Infinity], NaN],
    // Median 2; deviations 1 1 0 0 2 4 7 → median 1.
    ['mad', madOverTime, [1, 1, 2, 2, 4, 6, 9], 1],
    ['mad with NaN', madOverTime, [1, NaN, 2], NaN],
    // 1→1 no, 1→2, 2→NaN, NaN→NaN no, NaN→2.
    ['changes', changes, [1, 1, 2, NaN, NaN, 2], 3],
    ['changes of one sample', changes, [1], 0],
    // 1→0 and 2→1 are resets; comparisons with NaN are not.
    ['resets', resets, [1, 0, 2, 1, NaN, 0], 2],
  ])('%s', (_name, fn, vs, want) => {
    expectSame(fn(values(vs), c, []), want);
  });

  it.each<[string, number[], number]>([
    // Expectations from Prometheus's functions.test "More tests for extreme values" (printed to 15-17 digits).
    ['metric1', [1e10, 1e-6, 1e-6, 1e-6, 1e-6, 1e-6], 1.6666666666666675e9],
    ['metric5', [1.78264e50, 0.76342771, 1.9592258, 2.258e220, 7.69805412, 458.90154], 3.76333333333333e219],
    [
      'metric8',
      [-1.78264e215, 0.76342771, 1.9592258, 2.258e220, 7.69805412, -458.90154],
      3.76330362266667e219,
    ],
    [
      'metric10',
      [
        -1.78264e219, 0.76342771, 1.9592258, 2.3757689e217, -2.3757689e217, 2.258e220, 7.69805412,
        1.78264e219, -458.90154,
      ],
      2.5088888888888888e219,
    ],
  ])('avg_over_time of extreme values: %s', (_name, vs, want) => {
    const got = avgOverTime(values(vs, 5)) as number;
    expect(Math.abs(got - want) / Math.abs(want)).toBeLessThan(1e-14);
  });

  it('avg_over_time of a constant is exact (functions.test, issue 16714)', () => {
    for (const n of [10, 11, 12, 13, 100]) expect(avgOverTime(values(Array(n).fill(52)))).toBe(52);
  });

  it('ts_of_max/min_over_time report the last time of the extreme value, in seconds', () => {
    expect(tsOfMaxOverTime(values([1, 3, 3, 2]))).toBe(30);
    expect(tsOfMinOverTime(values([1, 0, 5, 0]))).toBe(40);
  });
});

describe('quantile_over_time', () => {
  it.each<[number, number[], number]>([
    [0.5, [1, 2, 3, 4], 2.5],
    [0.9, [4, 3, 2, 1], 3 * (1 - 0.7000000000000002) + 4 * 0.7000000000000002],
    [0, [3, 1, 2], 1],
    [1, [3, 1, 2], 3],
    [0.5, [7], 7],
    [-0.1, [1, 2], -Infinity],
    [1.1, [1, 2], Infinity],
    [NaN, [1, 2], NaN],
    // NaN samples sort first.
    [0, [3, NaN, 1], NaN],
    [1, [3, NaN, 1], 3],
  ])('q=%s of %j', (q, vs, want) => {
    expectSame(quantileOverTime(values(vs), c, [q]), want, 14);
  });
});
