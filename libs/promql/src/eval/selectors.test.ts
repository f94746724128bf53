import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../storage';
import { Engine } from './engine';
import type { Value } from './values';

function storage(): MemoryStorage {
  const s = new MemoryStorage();
  // a: a sample every minute from 0 to 10m; b: samples at 0 and 1m, then a staleness marker at 2m.
  for (let i = 0; i <= 10; i++) s.append({ __name__: 'a', job: 'x' }, i * 60_000, i);
  s.append({ __name__: 'b', job: 'x' }, 0, 100);
  s.append({ __name__: 'b', job: 'x' }, 60_000, 101);
  s.append({ __name__: 'b', job: 'x' }, 120_000, NaN, true);
  return s;
}

function values(v: Value): number[] {
  if (v.type === 'vector') return v.value.map((s) => s.value);
  if (v.type === 'scalar') return [v.value];
  throw new Error(`unexpected ${v.type}`);
}

describe('vector selectors', () => {
  const engine = new Engine(storage());
  it.each([
    ['latest sample at an exact timestamp', 'a', 5 * 60_000, [5]],
    ['latest sample between two samples', 'a', 5 * 60_000 + 30_000, [5]],
    ['sample still within the 5m lookback', 'a', 15 * 60_000 - 1, [10]],
    ['lookback window is open on the left', 'a', 15 * 60_000, []],
    ['before a staleness marker', 'b', 90_000, [101]],
    ['after a staleness marker the series is gone', 'b', 150_000, []],
    ['offset moves the reference time back', 'a offset 2m', 5 * 60_000, [3]],
    ['@ pins the time', 'a @ 120', 9 * 60_000, [2]],
    ['negative offset', 'a offset -1m', 60_000, [2]],
  ])('%s: %s at %d', (_name, query, t, want) => {
    expect(values(engine.instantQuery(query, t).value)).toEqual(want);
  });

  it('honours a configured lookback delta', () => {
    const short = new Engine(storage(), { lookbackDeltaMs: 30_000 });
    expect(values(short.instantQuery('a', 10 * 60_000 + 40_000).value)).toEqual([]);
    expect(values(short.instantQuery('a', 10 * 60_000 + 20_000).value)).toEqual([10]);
  });
});

describe('range selectors and subqueries', () => {
  const engine = new Engine(storage());
  it.each([
    ['left-open range', 'a[2m]', 5 * 60_000, [240_000, 300_000]],
    ['offset range', 'a[1m] offset 1m', 5 * 60_000, [240_000]],
    ['stale samples are dropped from ranges', 'b[5m]', 3 * 60_000, [0, 60_000]],
    ['subquery steps are aligned to multiples of the step', 'a[3m:90s]', 5 * 60_000, [180_000, 270_000]],
  ])('%s: %s', (_name, query, t, wantTimes) => {
    const v = engine.instantQuery(query, t).value;
    if (v.type !== 'matrix') throw new Error('want matrix');
    expect(v.value.flatMap((s) => [...s.t.subarray(0, s.length)])).toEqual(wantTimes);
  });

  it('evaluates a range query step by step, @ end() pinning to the last step', () => {
    const r = engine.rangeQuery('a @ end()', 0, 4 * 60_000, 60_000);
    expect(r.value.value).toHaveLength(1);
    expect([...(r.value.value[0]?.v ?? [])]).toEqual([4, 4, 4, 4, 4]);
  });

  it('rejects a range vector as range-query result', () => {
    expect(() => engine.rangeQuery('a[1m]', 0, 60_000, 60_000)).toThrow(
      /invalid expression type "range vector"/,
    );
  });
});

describe('guard rails', () => {
  it('stops a query that loads too many samples', () => {
    const engine = new Engine(storage(), { maxSamples: 3 });
    expect(() => engine.instantQuery('a[10m]', 10 * 60_000)).toThrow(/too many samples/);
  });

  it('stops an aborted query', () => {
    const ac = new AbortController();
    ac.abort();
    expect(() => new Engine(storage()).instantQuery('a', 0, { signal: ac.signal })).toThrow(
      /query was canceled/,
    );
  });
});
