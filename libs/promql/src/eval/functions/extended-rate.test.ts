import { describe, expect, it } from 'vitest';
import { extendedRate } from './extended-rate';
import { ctx, pts } from './testdata/points';

type Pairs = Array<[number, number]>;

// Window (0, 60] (eval 60, range 60); expectations worked by hand from Prometheus's extendedRate.
describe('extendedRate (anchored / smoothed)', () => {
  it.each<[string, Pairs, boolean, boolean, number | undefined]>([
    // name, samples, smoothed, isCounter, result (not per second)
    [
      'anchored: sample at the start is the baseline',
      [
        [0, 10],
        [20, 15],
        [40, 25],
        [60, 30],
      ],
      false,
      true,
      20,
    ],
    [
      'anchored: reset adds the value before the drop',
      [
        [0, 10],
        [20, 5],
        [40, 25],
        [60, 30],
      ],
      false,
      true,
      30,
    ],
    [
      'anchored delta ignores resets',
      [
        [0, 10],
        [20, 5],
        [40, 25],
        [60, 30],
      ],
      false,
      false,
      20,
    ],
    [
      'anchored: only the last sample before the start counts',
      [
        [-20, 1],
        [-5, 4],
        [30, 10],
      ],
      false,
      false,
      6,
    ],
    // left = interpolation at 0 between (-10, 0) and (20, 30) = 10; right at 60 between (20, 30) and (70, 80) = 70.
    [
      'smoothed: interpolated at both ends',
      [
        [-10, 0],
        [20, 30],
        [70, 80],
      ],
      true,
      true,
      60,
    ],
    // The drop 50 → 30 is a reset: interpolate from 0, so left = 10; right is the sample at the end, 40.
    [
      'smoothed counter: reset at the left boundary',
      [
        [-10, 50],
        [20, 30],
        [60, 40],
      ],
      true,
      true,
      30,
    ],
    // Gauge: left = 50 - 20 × 10/30.
    [
      'smoothed gauge',
      [
        [-10, 50],
        [20, 30],
        [60, 40],
      ],
      true,
      false,
      40 - (50 - (20 * 10) / 30),
    ],
    [
      'nothing after the start',
      [
        [-10, 1],
        [0, 2],
      ],
      false,
      true,
      undefined,
    ],
    [
      'smoothed: nothing up to the end',
      [
        [70, 1],
        [80, 2],
      ],
      true,
      true,
      undefined,
    ],
    ['no samples', [], true, true, undefined],
  ])('%s', (_name, pairs, smoothed, isCounter, want) => {
    const got = extendedRate(pts(pairs), ctx(60, 60), isCounter, false, smoothed);
    if (want === undefined) expect(got).toBeUndefined();
    else expect(got).toBeCloseTo(want, 12);
  });

  it('divides by the range for rate', () => {
    const p = pts([
      [-10, 0],
      [20, 30],
      [70, 80],
    ]);
    expect(extendedRate(p, ctx(60, 60), true, true, true)).toBeCloseTo(1, 14);
  });
});
