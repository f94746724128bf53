import { describe, expect, it } from 'vitest';
import { aggregateHistograms } from './aggregate';
import { parseHistogramLiteral } from './notation';
import { histogramFraction, histogramQuantile, histogramVariance } from './stats';
import { trimBuckets } from './trim';

const h = (text: string) => parseHistogramLiteral(text).h;

describe('histogram statistics', () => {
  const nhcb = h('{{schema:-53 count:4 sum:6 custom_values:[1 2 4] buckets:[1 1 1 1]}}');

  it('interpolates quantiles linearly in custom buckets', () => {
    expect(histogramQuantile(0.5, nhcb, 'x').value).toBe(2);
    expect(histogramQuantile(0.25, nhcb, 'x').value).toBe(1);
    // The +Inf bucket yields its lower bound.
    expect(histogramQuantile(1, nhcb, 'x').value).toBe(4);
  });

  it('interpolates exponentially in exponential buckets', () => {
    const e = h('{{schema:0 count:2 sum:3 buckets:[0 2]}}');
    expect(histogramQuantile(0.5, e, 'x').value).toBeCloseTo(Math.SQRT2, 12);
  });

  it('estimates fractions between two values', () => {
    expect(histogramFraction(0, 2, nhcb, 'x').value).toBe(0.5);
    expect(histogramFraction(2, 1, nhcb, 'x').value).toBe(0);
  });

  it('estimates the variance from bucket midpoints', () => {
    const e = h('{{schema:-53 count:2 sum:2 custom_values:[0 2] buckets:[0 2]}}');
    expect(histogramVariance(e)).toBe(0);
  });

  it('sums with compensation so large terms cancel exactly', () => {
    const parts = [
      h('{{count:1 sum:1e100 buckets:[1]}}'),
      h('{{count:1 sum:1.5 buckets:[1]}}'),
      h('{{count:1 sum:-1e100 buckets:[1]}}'),
    ];
    const r = aggregateHistograms(parts, false);
    expect(r.h.sum).toBe(1.5);
    expect(aggregateHistograms(parts, true).h.count).toBe(1);
  });

  it('trims observations above a value', () => {
    const t = trimBuckets(nhcb.copy(), 2, true);
    expect(t.count).toBe(2);
    expect(t.positiveBuckets).toEqual([1, 1]);
  });
});
