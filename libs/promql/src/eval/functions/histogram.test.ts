import { describe, expect, it } from 'vitest';
import { histogramFraction, histogramQuantile, parseBucketBound } from './histogram';
import type { VectorSample } from '../types';

const bucket = (le: string, value: number, job = 'a'): VectorSample => ({
  labels: { __name__: 'req_bucket', job, le },
  value,
});

describe('parseBucketBound', () => {
  it.each<[string, number | undefined]>([
    ['0.5', 0.5],
    ['+Inf', Infinity],
    ['inf', Infinity],
    ['-Infinity', -Infinity],
    ['1e3', 1000],
    ['.5', 0.5],
    ['0x1p-2', 0.25],
    ['NaN', NaN],
    ['+NaN', undefined],
    ['1e400', undefined],
    ['1_000', undefined],
    ['', undefined],
    [' 1', undefined],
  ])('%j', (text, want) => {
    const got = parseBucketBound(text);
    if (want === undefined) expect(got).toBeUndefined();
    else if (Number.isNaN(want)) expect(got).toBeNaN();
    else expect(got).toBe(want);
  });
});

describe('histogram_quantile over classic buckets', () => {
  it('groups by labels without le and drops le and __name__', () => {
    const vector = [
      bucket('1', 10),
      bucket('+Inf', 20),
      bucket('2', 20, 'b'),
      bucket('4', 40, 'b'),
      bucket('+Inf', 40, 'b'),
      bucket('oops', 99),
      { labels: { __name__: 'req_bucket', job: 'a' }, value: 1 },
    ];
    expect(histogramQuantile(0.5, vector)).toEqual([
      { labels: { job: 'a' }, value: 1 },
      { labels: { job: 'b' }, value: 2 },
    ]);
  });

  it('computes histogram_fraction per histogram', () => {
    expect(histogramFraction(0, 1, [bucket('1', 10), bucket('+Inf', 20)])).toEqual([
      { labels: { job: 'a' }, value: 0.5 },
    ]);
  });

  it('gives NaN for a histogram without +Inf bucket', () => {
    const [out] = histogramQuantile(0.5, [bucket('1', 10), bucket('2', 10)]);
    expect(out?.value).toBeNaN();
  });
});
