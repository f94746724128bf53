import { describe, expect, it } from 'vitest';
import { delta, idelta, increase, irate, rate } from './rate';
import { ctx, pts } from './testdata/points';

type Pairs = Array<[number, number]>;

// Expectations worked by hand from Prometheus's extrapolatedRate; window is (eval - range, eval].
describe('increase/rate/delta extrapolation', () => {
  it.each<[string, Pairs, number, number, number | undefined, number | undefined]>([
    // name, samples, eval s, range s, increase, delta
    // Regular spacing: 15 s to the start (< 1.1 × 15), zero point at 15 s too → factor 60/45.
    [
      'regular 15s counter',
      [
        [15, 1],
        [30, 2],
        [45, 3],
        [60, 4],
      ],
      60,
      60,
      4,
      4,
    ],
    // Series starts inside the range: 40 s to the start ≥ 11 s → extrapolate half an interval (5 s).
    [
      'series starts inside the range',
      [
        [40, 10],
        [50, 20],
        [60, 30],
      ],
      60,
      60,
      25,
      25,
    ],
    // Zero clamp: the counter would reach 0 after 1.5 s, before the 15 s to the start; delta ignores it.
    [
      'zero point inside the gap',
      [
        [15, 1],
        [30, 11],
        [45, 21],
        [60, 31],
      ],
      60,
      60,
      31,
      40,
    ],
    // Reset 10 → 2 adds 10: increase sees 12, delta sees 7 - 5 = 2.
    [
      'counter reset',
      [
        [15, 5],
        [30, 10],
        [45, 2],
        [60, 7],
      ],
      60,
      60,
      16,
      (2 * 60) / 45,
    ],
    // Series ends inside the range: 30 s to the end → half an interval (5 s) on that side.
    [
      'series ends inside the range',
      [
        [10, 1],
        [20, 2],
        [30, 3],
      ],
      60,
      60,
      3.5,
      3.5,
    ],
    // 11 s to the start equals 10 × 1.1 (exactly 11 in floats): the threshold is inclusive, so half an interval.
    [
      'gap at 1.1 × interval',
      [
        [11, 10],
        [21, 20],
        [31, 30],
      ],
      31,
      31,
      25,
      25,
    ],
    // 10.5 s is below the threshold: full extrapolation; the zero point (10 s) then limits the counter.
    [
      'gap below 1.1 × interval',
      [
        [10.5, 10],
        [20.5, 20],
        [30.5, 30],
      ],
      30.5,
      30.5,
      30,
      30.5,
    ],
    // A first value of 0 puts the zero point at the first sample: no extrapolation to the left for counters.
    [
      'counter starting at zero',
      [
        [15, 0],
        [30, 10],
        [45, 20],
        [60, 30],
      ],
      60,
      60,
      30,
      40,
    ],
    // A negative first value disables the zero clamp.
    [
      'negative first value',
      [
        [15, -1],
        [30, 1],
        [45, 3],
        [60, 5],
      ],
      60,
      60,
      8,
      8,
    ],
    ['one sample', [[30, 1]], 60, 60, undefined, undefined],
    ['no samples', [], 60, 60, undefined, undefined],
  ])('%s', (_name, pairs, evalS, rangeS, wantIncrease, wantDelta) => {
    const c = ctx(evalS, rangeS);
    const p = pts(pairs);
    if (wantIncrease === undefined) {
      expect(increase(p, c)).toBeUndefined();
      expect(rate(p, c)).toBeUndefined();
    } else {
      expect(increase(p, c)).toBeCloseTo(wantIncrease, 12);
      expect(rate(p, c)).toBeCloseTo(wantIncrease / rangeS, 14);
    }
    if (wantDelta === undefined) expect(delta(p, c)).toBeUndefined();
    else expect(delta(p, c)).toBeCloseTo(wantDelta, 12);
  });

  it('uses the offset window for boundaries and the range length for per-second', () => {
    const p = pts([
      [15, 1],
      [30, 2],
      [45, 3],
      [60, 4],
    ]);
    expect(rate(p, ctx(90, 60, 30))).toBeCloseTo(4 / 60, 14);
  });

  it('matches Prometheus functions.test: increase over a 1-per-5m counter', () => {
    // load 5m / http_requests 0+10x10; increase(http_requests[50m]) at 50m is 100.
    const p = pts(Array.from({ length: 11 }, (_, i): [number, number] => [i * 300, i * 10]));
    expect(increase(p, ctx(3000, 3000))).toBeCloseTo(100, 10);
  });

  it('checks the 1.1 threshold before the zero point (Prometheus 3; 2.42 gave 15.5 here)', () => {
    // Window (16, 61]: 24 s to the start is a gap (→ 5 s); the zero point 10 s away no longer pulls it back to 10.
    const p = pts([
      [40, 5],
      [50, 10],
      [60, 15],
    ]);
    expect(increase(p, ctx(61, 45))).toBeCloseTo(13, 12);
  });

  it('propagates NaN samples', () => {
    const p = pts([
      [15, 1],
      [30, NaN],
      [45, 3],
    ]);
    expect(delta(p, ctx(45, 45))).toBeCloseTo(3, 12);
    const q = pts([
      [15, NaN],
      [30, 1],
    ]);
    expect(increase(q, ctx(30, 30))).toBeNaN();
  });
});

describe('irate/idelta', () => {
  it.each<[string, Pairs, number | undefined, number | undefined]>([
    [
      'rising',
      [
        [0, 0],
        [15, 1],
        [30, 5],
      ],
      4 / 15,
      4,
    ],
    [
      'reset uses the last value',
      [
        [15, 5],
        [30, 2],
      ],
      2 / 15,
      -3,
    ],
    [
      'only the last two samples count',
      [
        [0, 100],
        [10, 0],
        [20, 10],
      ],
      1,
      10,
    ],
    ['one sample', [[15, 5]], undefined, undefined],
    [
      'NaN last value is not a reset',
      [
        [15, 5],
        [30, NaN],
      ],
      NaN,
      NaN,
    ],
  ])('%s', (_name, pairs, wantIrate, wantIdelta) => {
    const p = pts(pairs);
    if (wantIrate === undefined) expect(irate(p)).toBeUndefined();
    else if (Number.isNaN(wantIrate)) expect(irate(p)).toBeNaN();
    else expect(irate(p)).toBeCloseTo(wantIrate, 14);
    if (wantIdelta === undefined) expect(idelta(p)).toBeUndefined();
    else if (Number.isNaN(wantIdelta)) expect(idelta(p)).toBeNaN();
    else expect(idelta(p)).toBe(wantIdelta);
  });
});
