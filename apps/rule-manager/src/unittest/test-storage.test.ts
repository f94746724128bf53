import { Engine, MemoryStorage, parseHistogramLiteral, type FloatHistogram } from '@vigil/promql';
import { describe, expect, it } from 'vitest';
import { histogramTestExpression } from './histogram-text';
import { withStoredHint as storedHint } from '@vigil/promql';
import { appender } from './test-storage';

const hist = (literal: string): FloatHistogram => parseHistogramLiteral(literal).h;
const M = { __name__: 'm' };

/** readBack returns what an instant query at `t` sees of m: a histogram's test expression or a float. */
function readBack(storage: MemoryStorage, t: number): string | number | undefined {
  const v = new Engine(storage).instantQuery('m', t).value;
  if (v.type !== 'vector') return undefined;
  const s = v.value[0];
  if (s === undefined) return undefined;
  return s.h === undefined ? s.value : histogramTestExpression(s.h);
}

describe('storedHint', () => {
  it.each([
    ['the first sample', '{{count:2}}', undefined, 'unknown'],
    ['a continuing counter', '{{count:3 buckets:[3]}}', '{{count:2 buckets:[2]}}', 'not_reset'],
    ['a lower count (a reset)', '{{count:1 buckets:[1]}}', '{{count:2 buckets:[2]}}', 'unknown'],
    ['a lower bucket', '{{count:3 buckets:[1 2]}}', '{{count:2 buckets:[2]}}', 'unknown'],
    ['a schema change', '{{schema:1 count:3}}', '{{count:2}}', 'unknown'],
    ['an explicit reset', '{{count:3 counter_reset_hint:reset}}', '{{count:2}}', 'reset'],
    ['a gauge', '{{count:1 counter_reset_hint:gauge}}', '{{count:2 counter_reset_hint:gauge}}', 'gauge'],
    ['a counter after a gauge', '{{count:3}}', '{{count:2 counter_reset_hint:gauge}}', 'unknown'],
  ])('reads back %s as %s', (_name, h, prev, hint) => {
    expect(storedHint(hist(h), prev === undefined ? undefined : hist(prev)).counterResetHint).toBe(hint);
  });

  it('leaves the given histogram unchanged', () => {
    const h = hist('{{count:3}}');
    expect(storedHint(h, hist('{{count:2}}'))).not.toBe(h);
    expect(h.counterResetHint).toBe('unknown');
  });
});

describe('appender', () => {
  it('stores histograms and floats, a stale marker or a float starting the histogram chunk anew', () => {
    const storage = new MemoryStorage();
    const append = appender(storage);
    expect(append(M, 0, 0, false, hist('{{count:1}}'))).toBeUndefined();
    append(M, 1000, 0, false, hist('{{count:2}}'));
    append(M, 2000, Number.NaN, true);
    append(M, 3000, 0, false, hist('{{count:3}}'));
    append(M, 4000, 7, false);
    append(M, 5000, 0, false, hist('{{count:4}}'));
    append(M, 6000, 0, false, hist('{{count:5}}'));
    expect([0, 1000, 2000, 3000, 4000, 5000, 6000].map((t) => readBack(storage, t))).toEqual([
      '{{count:1}}',
      '{{count:2 counter_reset_hint:not_reset}}',
      undefined,
      '{{count:3}}',
      7,
      '{{count:4}}',
      '{{count:5 counter_reset_hint:not_reset}}',
    ]);
  });

  it.each([
    ['a float over a float', 1, undefined, 2, undefined, 'duplicate sample for timestamp'],
    ['the same float', 1, undefined, 1, undefined, undefined],
    ['a histogram over a float', 1, undefined, 0, '{{count:1}}', 'duplicate sample for timestamp'],
    ['a float over a histogram', 0, '{{count:1}}', 0, undefined, 'duplicate sample for timestamp'],
    ['another histogram', 0, '{{count:1}}', 0, '{{count:2}}', 'duplicate sample for timestamp'],
    ['the same histogram', 0, '{{count:1 buckets:[1]}}', 0, '{{count:1 buckets:[1]}}', undefined],
  ])('at the same time, answers %s with %s', (_name, v1, h1, v2, h2, error) => {
    const append = appender(new MemoryStorage());
    append(M, 1000, v1, false, h1 === undefined ? undefined : hist(h1));
    expect(append(M, 1000, v2, false, h2 === undefined ? undefined : hist(h2))).toBe(error);
    expect(append(M, 500, 1, false)).toBe('out of order sample');
  });
});
