import { describe, expect, it } from 'vitest';
import { deriv, linearRegression, predictLinear } from './regression';
import { doubleExponentialSmoothing, SmoothingFactorError } from './smoothing';
import { ctx, pts } from './testdata/points';

type Pairs = Array<[number, number]>;

describe('deriv', () => {
  it.each<[string, Pairs, number | undefined]>([
    [
      'straight line',
      [
        [0, 0],
        [10, 10],
        [20, 20],
      ],
      1,
    ],
    // Least squares through (0,0), (10,0), (20,30): slope = cov/var = 300/200.
    [
      'least squares',
      [
        [0, 0],
        [10, 0],
        [20, 30],
      ],
      1.5,
    ],
    [
      'constant',
      [
        [0, 5],
        [10, 5],
      ],
      0,
    ],
    [
      'constant +Inf',
      [
        [0, Infinity],
        [10, Infinity],
      ],
      NaN,
    ],
    [
      'with NaN',
      [
        [0, 1],
        [10, NaN],
      ],
      NaN,
    ],
    ['one sample', [[0, 1]], undefined],
    // Realistic epoch timestamps: the first sample is the origin, so no precision is lost.
    [
      'epoch timestamps',
      [
        [1.7e9, 1],
        [1.7e9 + 15, 2.5],
        [1.7e9 + 30, 4],
      ],
      0.1,
    ],
  ])('%s', (_name, pairs, want) => {
    const got = deriv(pts(pairs));
    if (want === undefined) expect(got).toBeUndefined();
    else if (Number.isNaN(want)) expect(got).toBeNaN();
    else expect(got).toBeCloseTo(want, 12);
  });
});

describe('predict_linear', () => {
  const line: Pairs = [0, 15, 30, 45, 60].map((t): [number, number] => [t, 2 * t]);
  it.each<[string, number, number, number, number]>([
    // v = 2t: value at eval (60) is 120, 30 s later 180.
    ['from the evaluation time', 60, 0, 30, 180],
    // With offset 30 the intercept is still taken at the evaluation time (90), as Prometheus does.
    ['offset keeps evaluation time as origin', 90, 30, 30, 240],
    ['negative duration', 60, 0, -60, 0],
  ])('%s', (_name, evalS, offsetS, duration, want) => {
    expect(predictLinear(pts(line), ctx(evalS, 60, offsetS), [duration])).toBeCloseTo(want, 9);
  });

  it('returns the constant for a flat series', () => {
    expect(
      linearRegression(
        pts([
          [0, 3],
          [10, 3],
        ]),
        0,
      ),
    ).toEqual({ slope: 0, intercept: 3 });
  });
});

describe('double_exponential_smoothing', () => {
  it.each<[string, number[], number, number, number | undefined]>([
    ['linear data is reproduced', [1, 2, 3], 0.5, 0.5, 3],
    // s1: 0 → 10 (x 5 + y 5) → 10 (x 0 + y 0.5 × (10 + b 10)).
    ['spike', [0, 10, 0], 0.5, 0.5, 10],
    ['one sample', [1], 0.5, 0.5, undefined],
    // NaN factors pass the range check, as in Go, and poison the result.
    ['NaN smoothing factor', [1, 2], NaN, 0.5, NaN],
  ])('%s', (_name, vs, sf, tf, want) => {
    const p = pts(vs.map((v, i): [number, number] => [i * 10, v]));
    const got = doubleExponentialSmoothing(p, ctx(100, 100), [sf, tf]);
    if (want === undefined) expect(got).toBeUndefined();
    else if (Number.isNaN(want)) expect(got).toBeNaN();
    else expect(got).toBeCloseTo(want, 12);
  });

  it.each<[number, number, string]>([
    [1, 0.5, 'invalid smoothing factor. Expected: 0 < sf < 1, got: 1.000000'],
    [0, 0.5, 'invalid smoothing factor. Expected: 0 < sf < 1, got: 0.000000'],
    [0.5, 0, 'invalid trend factor. Expected: 0 < tf < 1, got: 0.000000'],
    [0.5, 1.5, 'invalid trend factor. Expected: 0 < tf < 1, got: 1.500000'],
  ])('rejects sf=%s tf=%s', (sf, tf, message) => {
    const p = pts([
      [0, 1],
      [10, 2],
    ]);
    expect(() => doubleExponentialSmoothing(p, ctx(100, 100), [sf, tf])).toThrow(
      new SmoothingFactorError(message),
    );
  });
});
