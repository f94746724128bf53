import { describe, expect, it } from 'vitest';
import { FloatHistogram, getBound, HistogramError } from './float-histogram';
import { parseHistogramLiteral } from './notation';

const h = (text: string): FloatHistogram => parseHistogramLiteral(text).h;

describe('FloatHistogram', () => {
  it('adds histograms of the same layout bucket by bucket', () => {
    const a = h('{{schema:0 count:4 sum:10 buckets:[1 2 1]}}');
    a.add(h('{{schema:0 count:2 sum:3 offset:1 buckets:[1 1]}}'));
    expect(a.testExpression()).toBe('{{count:6 sum:13 buckets:[1 3 2]}}');
  });

  it('reduces to the coarser schema when adding', () => {
    const a = h('{{schema:1 count:4 sum:4 buckets:[1 1 1 1]}}');
    a.add(h('{{schema:0 count:1 sum:1 buckets:[1]}}'));
    expect(a.schema).toBe(0);
    expect(a.testExpression()).toBe('{{count:5 sum:5 buckets:[2 2 1]}}');
  });

  it('widens the zero bucket to the larger threshold', () => {
    const a = h(
      '{{schema:0 count:3 sum:3 z_bucket:1 z_bucket_w:0.001 offset:-12 buckets:[1 0 0 0 0 0 0 0 0 0 0 0 1]}}',
    );
    a.add(h('{{schema:0 count:1 sum:0 z_bucket:1 z_bucket_w:0.01}}'));
    expect(a.zeroThreshold).toBeGreaterThanOrEqual(0.01);
    expect(a.zeroCount).toBe(3);
    expect(a.count).toBe(4);
  });

  it('subtracts and multiplies; a negative factor makes a gauge', () => {
    const a = h('{{count:4 sum:4 buckets:[1 2 1]}}');
    a.sub(h('{{count:1 sum:1 buckets:[1]}}'));
    expect(a.compact().testExpression()).toBe('{{count:3 sum:3 offset:1 buckets:[2 1]}}');
    expect(a.mul(-1).counterResetHint).toBe('gauge');
  });

  it('refuses to mix exponential and custom buckets', () => {
    const a = h('{{count:1 sum:1 buckets:[1]}}');
    expect(() => a.add(h('{{schema:-53 count:1 sum:1 custom_values:[1] buckets:[1]}}'))).toThrow(
      HistogramError,
    );
  });

  it('reconciles mismatched custom bounds to their intersection', () => {
    const a = h('{{schema:-53 count:3 sum:3 custom_values:[1 2] buckets:[1 1 1]}}');
    const r = a.add(h('{{schema:-53 count:2 sum:2 custom_values:[2 3] buckets:[1 1 0]}}'));
    expect(r.nhcbBoundsReconciled).toBe(true);
    expect(a.customValues).toEqual([2]);
    expect(a.positiveBuckets).toEqual([3, 2]);
  });

  it('detects counter resets from counts, buckets and hints', () => {
    const prev = h('{{count:4 sum:4 buckets:[1 2 1]}}');
    expect(h('{{count:5 sum:5 buckets:[1 3 1]}}').detectReset(prev)).toBe(false);
    expect(h('{{count:5 sum:5 buckets:[2 1 2]}}').detectReset(prev)).toBe(true);
    expect(h('{{count:3 sum:3 buckets:[1 1 1]}}').detectReset(prev)).toBe(true);
    expect(h('{{count:3 sum:3 buckets:[1 1 1] counter_reset_hint:not_reset}}').detectReset(prev)).toBe(false);
  });

  it('lists buckets from the lowest to the highest values', () => {
    const b = h('{{count:4 sum:0 z_bucket:1 z_bucket_w:0.5 buckets:[1] n_buckets:[2]}}').allBuckets();
    expect(b.map((x) => [x.lower, x.upper, x.count])).toEqual([
      [-1, -0.5, 2],
      [-0.5, 0.5, 1],
      [0.5, 1, 1],
    ]);
  });

  it('renders as Prometheus String()', () => {
    expect(h('{{count:2 sum:3 buckets:[1 1]}}').toString()).toBe('{count:2, sum:3, (0.5,1]:1, (1,2]:1}');
  });

  it('computes exponential bucket bounds', () => {
    expect(getBound(1, 0)).toBe(2);
    expect(getBound(0, 0)).toBe(1);
    expect(getBound(1, 1)).toBeCloseTo(Math.SQRT2, 12);
    expect(getBound(1, -1)).toBe(4);
  });
});
