// Very large and empty inputs: 100k series through aggregations, empty storage, selectors that match nothing.
import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../storage';
import { Engine } from './engine';
import type { Value } from './values';

const M = 60_000;

/** values prints a vector as sorted `labels value` strings, or a scalar as `scalar v`. */
function values(v: Value): string[] {
  if (v.type === 'scalar') return [`scalar ${v.value}`];
  if (v.type !== 'vector') throw new Error(`unexpected ${v.type}`);
  return v.value
    .map((s) => {
      const ls = Object.keys(s.labels)
        .sort()
        .map((k) => `${k}=${s.labels[k] ?? ''}`)
        .join(',');
      return `{${ls}} ${s.value}`;
    })
    .sort();
}

describe('100k series', () => {
  const N = 100_000;
  // big{i="0".."99999", mod="0".."9"}: value i at 0 and 1m, 2i at 2m (a counter rising by i per minute).
  const storage = new MemoryStorage();
  for (let i = 0; i < N; i++) {
    const labels = { __name__: 'big', i: String(i), mod: String(i % 10) };
    storage.append(labels, 0, i);
    storage.append(labels, M, i);
    storage.append(labels, 2 * M, 2 * i);
  }
  const engine = new Engine(storage);
  const sumAll = (N * (N - 1)) / 2;

  it.each([
    ['count(big)', [`{} ${N}`]],
    ['sum(big)', [`{} ${2 * sumAll}`]],
    ['max(big)', [`{} ${2 * (N - 1)}`]],
    ['count by (mod) (big)', Array.from({ length: 10 }, (_, m) => `{mod=${m}} ${N / 10}`).sort()],
    [
      'topk(2, big)',
      [
        `{__name__=big,i=${N - 1},mod=9} ${2 * (N - 1)}`,
        `{__name__=big,i=${N - 2},mod=8} ${2 * (N - 2)}`,
      ].sort(),
    ],
    ['count(big > 100000)', [`{} ${N - 50_001}`]],
    ['sum(rate(big[2m])) * 60', [`{} ${sumAll}`]],
    ['count(count_values("v", big))', [`{} ${N}`]],
  ])('%s', (q, want) => {
    const started = performance.now();
    const r = engine.instantQuery(q, 2 * M);
    console.log(`${q} over ${N} series: ${(performance.now() - started).toFixed(0)} ms`);
    expect(values(r.value)).toEqual(want);
    expect(r.stats.seriesSelected).toBe(N);
  });

  it.each([
    ['count(big - big)', `{} ${N}`],
    ['sum(big) / count(big)', `{} ${N - 1}`],
  ])('reads them twice for two selectors: %s', (q, want) => {
    const r = engine.instantQuery(q, 2 * M);
    expect(values(r.value)).toEqual([want]);
    expect(r.stats.seriesSelected).toBe(2 * N);
  });

  it('runs a range query over them', () => {
    const r = engine.rangeQuery('sum by (mod) (big)', 0, 2 * M, M);
    expect(r.value.value).toHaveLength(10);
    expect(r.value.value.every((s) => s.length === 3)).toBe(true);
  });

  it('refuses them past maxSeries, before evaluating', () => {
    expect(() => new Engine(storage, { maxSeries: N - 1 }).instantQuery('count(big)', 2 * M)).toThrow(
      `query processing would select too many series (limit: ${N - 1}) in query execution`,
    );
  });
});

describe('empty storage', () => {
  const engine = new Engine(new MemoryStorage());
  it.each([
    ['a selector', 'nothing', []],
    ['a regex selector', '{__name__=~".+"}', []],
    ['sum', 'sum(nothing)', []],
    ['count is empty, not 0', 'count(nothing)', []],
    ['count_values', 'count_values("x", nothing)', []],
    ['topk', 'topk(3, nothing)', []],
    ['arithmetic', 'nothing + 1', []],
    ['vector matching', 'nothing * on(a) group_left nothing_else', []],
    ['rate', 'rate(nothing[5m])', []],
    ['histogram_quantile', 'histogram_quantile(0.9, rate(nothing_bucket[5m]))', []],
    ['absent', 'absent(nothing)', ['{} 1']],
    ['absent keeps equality matchers', 'absent(nothing{job="a", env=~"p.*"})', ['{job=a} 1']],
    ['absent with a name matcher', 'absent({__name__="nothing", job="a"})', ['{job=a} 1']],
    ['absent_over_time', 'absent_over_time(nothing{job="a"}[5m])', ['{job=a} 1']],
    ['absent of an aggregation', 'absent(sum(nothing))', ['{} 1']],
    ['or vector(0)', 'sum(nothing) or vector(0)', ['{} 0']],
    ['scalar of nothing is NaN', 'scalar(nothing)', ['scalar NaN']],
    ['a number', '1 + 1', ['scalar 2']],
    ['vector()', 'vector(1)', ['{} 1']],
    ['time()', 'time()', ['scalar 60']],
    ['a subquery', 'max_over_time(nothing[10m:1m])', []],
    ['a subquery of a scalar', 'count_over_time(vector(1)[10m:1m])', ['{} 10']],
  ])('%s: %s', (_name, q, want) => {
    const r = engine.instantQuery(q, M);
    expect(values(r.value)).toEqual(want);
    expect(r.stats.seriesSelected).toBe(0);
  });

  it('answers a range query with an empty matrix', () => {
    expect(engine.rangeQuery('sum(rate(nothing[5m]))', 0, 60 * M, M).value).toEqual({
      type: 'matrix',
      value: [],
    });
  });

  it('answers absent over a range with one series', () => {
    const r = engine.rangeQuery('absent(nothing{job="a"})', 0, 10 * M, M);
    expect(r.value.value).toHaveLength(1);
    expect(r.value.value[0]?.labels).toEqual({ job: 'a' });
    expect(r.value.value[0]?.length).toBe(11);
  });
});

describe('selectors matching nothing next to data', () => {
  const storage = new MemoryStorage();
  storage.append({ __name__: 'up', job: 'a' }, 0, 1);
  const engine = new Engine(storage);
  it.each([
    ['a label value nobody has', 'up{job="b"}', []],
    ['a label nobody has', 'up{zone="x"}', []],
    ['a regex nobody matches', 'up{job=~"b|c"}', []],
    ['absent of such', 'absent(up{job="b"})', ['{job=b} 1']],
    ['absent of data present', 'absent(up)', []],
    ['and with nothing', 'up and nothing', []],
    ['or with nothing', 'up or nothing', ['{__name__=up,job=a} 1']],
    ['unless nothing', 'up unless nothing', ['{__name__=up,job=a} 1']],
    ['past the lookback', 'up offset -6m', []],
  ])('%s: %s', (_name, q, want) => {
    expect(values(engine.instantQuery(q, 0).value)).toEqual(want);
  });
});
