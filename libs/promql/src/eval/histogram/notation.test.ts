import { describe, expect, it } from 'vitest';
import { expandHistogramItem, parseHistogramLiteral } from './notation';

describe('histogram notation', () => {
  it('parses every field', () => {
    const { h, hintSet } = parseHistogramLiteral(
      '{{schema:1 sum:5 count:4 z_bucket:1 z_bucket_w:0.01 offset:2 buckets:[1 2] n_offset:-1 n_buckets:[1] counter_reset_hint:gauge}}',
    );
    expect(hintSet).toBe(true);
    expect(h).toMatchObject({
      schema: 1,
      sum: 5,
      count: 4,
      zeroCount: 1,
      zeroThreshold: 0.01,
      positiveSpans: [{ offset: 2, length: 2 }],
      positiveBuckets: [1, 2],
      negativeSpans: [{ offset: -1, length: 1 }],
      negativeBuckets: [1],
      counterResetHint: 'gauge',
    });
  });

  it('expands repetitions and increments', () => {
    expect(expandHistogramItem('{{count:1}}x2')).toHaveLength(3);
    const inc = expandHistogramItem('{{count:1 sum:1 buckets:[1]}}+{{count:2 sum:2 buckets:[2]}}x2');
    expect(inc.map((x) => x.h.count)).toEqual([1, 3, 5]);
    const dec = expandHistogramItem('{{count:5 sum:5 buckets:[5]}}-{{count:1 sum:1 buckets:[1]}}x1');
    expect(dec.map((x) => x.h.positiveBuckets[0])).toEqual([5, 4]);
  });

  it('rejects unknown keys and duplicates', () => {
    expect(() => parseHistogramLiteral('{{foo:1}}')).toThrow(/unknown/);
    expect(() => parseHistogramLiteral('{{sum:1 sum:2}}')).toThrow(/duplicate/);
  });
});
