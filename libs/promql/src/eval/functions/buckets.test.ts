import { describe, expect, it } from 'vitest';
import { type Bucket, bucketFraction, bucketQuantile } from './buckets';

const b = (pairs: Array<[number, number]>): Bucket[] =>
  pairs.map(([upperBound, count]) => ({ upperBound, count }));
const INF = Infinity;
const regular = b([
  [0.1, 10],
  [0.5, 20],
  [1, 40],
  [INF, 40],
]);

describe('bucketQuantile', () => {
  it.each<[string, number, Bucket[], number]>([
    // rank 20 falls in (0.1, 0.5] holding ranks 10..20.
    ['median', 0.5, regular, 0.5],
    // The lowest bucket starts at 0 when its bound is positive.
    ['lowest bucket from 0', 0.25, regular, 0.1],
    ['q=0', 0, regular, 0],
    ['third quartile', 0.75, regular, 0.75],
    ['q=1', 1, regular, 1],
    ['q<0', -0.5, regular, -INF],
    ['q>1', 1.5, regular, INF],
    ['q NaN', NaN, regular, NaN],
    ['q<0 wins over bad buckets', -1, b([[1, 1]]), -INF],
    // Rank in the +Inf bucket: the second-highest bound.
    [
      'rank in the +Inf bucket',
      0.9,
      b([
        [1, 10],
        [INF, 20],
      ]),
      1,
    ],
    // The lowest bucket with a bound ≤ 0 returns that bound.
    [
      'non-positive lowest bound',
      0.25,
      b([
        [-1, 10],
        [0, 20],
        [INF, 20],
      ]),
      -1,
    ],
    [
      'interpolates across negative bounds',
      0.75,
      b([
        [-1, 10],
        [0, 20],
        [INF, 20],
      ]),
      -0.5,
    ],
    [
      'no +Inf bucket',
      0.5,
      b([
        [1, 10],
        [2, 20],
      ]),
      NaN,
    ],
    ['only the +Inf bucket', 0.5, b([[INF, 10]]), NaN],
    [
      'no observations',
      0.5,
      b([
        [1, 0],
        [INF, 0],
      ]),
      NaN,
    ],
    ['no buckets', 0.5, [], NaN],
    // Equal bounds are merged: (1: 10, +Inf: 10).
    [
      'duplicate bounds coalesced',
      0.5,
      b([
        [1, 5],
        [1, 5],
        [INF, 10],
      ]),
      0.5,
    ],
    ['unsorted input', 0.5, [...regular].reverse(), 0.5],
    // The 2-bucket drop to 5 is raised to 10: rank 10 lands in the first bucket.
    [
      'non-monotonic buckets',
      0.5,
      b([
        [1, 10],
        [2, 5],
        [3, 20],
        [INF, 20],
      ]),
      1,
    ],
    [
      'NaN total',
      0.5,
      b([
        [1, 10],
        [INF, NaN],
      ]),
      1,
    ],
  ])('%s', (_name, q, buckets, want) => {
    const got = bucketQuantile(q, buckets).value;
    if (Number.isNaN(want)) expect(got).toBeNaN();
    else if (!Number.isFinite(want)) expect(got).toBe(want);
    else expect(got).toBeCloseTo(want, 14);
  });

  it('reports forced monotonicity with the affected bounds and the largest drop', () => {
    const r = bucketQuantile(
      0.5,
      b([
        [1, 10],
        [2, 5],
        [3, 8],
        [4, 20],
        [INF, 20],
      ]),
    );
    expect(r).toMatchObject({
      forcedMonotonicity: true,
      fixedPrecision: false,
      minBucket: 2,
      maxBucket: 3,
      maxDiff: 5,
    });
  });

  it('ignores relative differences below 1e-12 without flagging monotonicity', () => {
    const r = bucketQuantile(
      0.5,
      b([
        [1, 10],
        [2, 10 * (1 - 1e-13)],
        [INF, 10],
      ]),
    );
    expect(r).toMatchObject({ forcedMonotonicity: false, fixedPrecision: true, value: 0.5 });
  });

  it('does not modify its input', () => {
    const input = b([
      [INF, 20],
      [2, 5],
      [1, 10],
    ]);
    const copy = structuredClone(input);
    bucketQuantile(0.5, input);
    expect(input).toEqual(copy);
  });
});

// Cross-checked with promtool 2.42 (histogram_quantile over `le` series), bit for bit.
const PROMTOOL_H7 = b([
  [0.25, 3],
  [0.5, 3],
  [1, 7],
  [5, 7],
  [10, 12],
  [INF, 13],
]);

describe('bucketQuantile agrees with Prometheus', () => {
  it.each<[number, number]>([
    [0.01, 0.010833333333333334],
    [0.25, 0.53125],
    [0.5, 0.9375],
    [0.77, 8.01],
    [0.9, 9.700000000000001],
    [0.99, 10],
  ])('q=%s', (q, want) => {
    expect(bucketQuantile(q, PROMTOOL_H7).value).toBe(want);
  });
});

describe('bucketFraction', () => {
  const three = b([
    [1, 10],
    [2, 20],
    [INF, 30],
  ]);
  it.each<[string, number, number, Bucket[], number]>([
    ['whole first bucket', 0, 1, three, 10 / 30],
    ['interpolated inside buckets', 0.5, 1.5, three, 10 / 30],
    // Nothing is interpolated inside the +Inf bucket: it is counted whole.
    ['up to +Inf', 1, INF, three, 20 / 30],
    ['below the first bound', -INF, 0, three, 0],
    ['lower ≥ upper', 2, 1, three, 0],
    ['NaN bound', NaN, 1, three, NaN],
    [
      'no +Inf bucket',
      0,
      1,
      b([
        [1, 10],
        [2, 20],
      ]),
      NaN,
    ],
    [
      'no observations',
      0,
      1,
      b([
        [1, 0],
        [INF, 0],
      ]),
      NaN,
    ],
    [
      'negative lowest bound starts at -Inf',
      -INF,
      -1,
      b([
        [-1, 5],
        [INF, 10],
      ]),
      0.5,
    ],
    // -2 lies in (-Inf, -1]: no interpolation there, the whole bucket counts as below.
    [
      'inside the -Inf-wide bucket',
      -2,
      0,
      b([
        [-1, 5],
        [INF, 10],
      ]),
      0,
    ],
  ])('%s', (_name, lower, upper, buckets, want) => {
    const got = bucketFraction(lower, upper, buckets);
    if (Number.isNaN(want)) expect(got).toBeNaN();
    else expect(got).toBeCloseTo(want, 14);
  });
});
