// Guard rails through the Engine: samples held, series and samples read, timeout and cancellation.
import { describe, expect, it } from 'vitest';
import type { Matcher } from '../matcher';
import { MemoryStorage, type SeriesData, type Storage } from '../storage';
import { Engine } from './engine';
import {
  QueryCanceledError,
  QueryTimeoutError,
  TooManySamplesError,
  TooManySeriesError,
  queryErrorType,
} from './limits';

const S = 1000;

/** storage is Prometheus's TestMaxQuerySamples data: `load 10s` of metric and bigmetric{a="1"|"2"}, 1+1x100. */
function storage(): MemoryStorage {
  const s = new MemoryStorage();
  for (let i = 0; i <= 100; i++) {
    s.append({ __name__: 'metric' }, i * 10 * S, 1 + i);
    s.append({ __name__: 'bigmetric', a: '1' }, i * 10 * S, 1 + i);
    s.append({ __name__: 'bigmetric', a: '2' }, i * 10 * S, 1 + i);
  }
  return s;
}

/** run evaluates an instant query (step 0) or a range query; times in seconds. */
function run(engine: Engine, q: string, start: number, end = start, step = 0): { peakSamples: number } {
  const r =
    step === 0 ? engine.instantQuery(q, start * S) : engine.rangeQuery(q, start * S, end * S, step * S);
  return r.stats;
}

const TOO_MANY_SAMPLES = 'query processing would load too many samples into memory in query execution';

describe('maxSamples (Prometheus TestMaxQuerySamples: at the limit passes, one below fails)', () => {
  const data = storage();
  it.each([
    // query, maxSamples, start, end, step (s); numbers from promql/engine_test.go
    ['1', 1, 1, 1, 0],
    ['metric', 1, 1, 1, 0],
    ['metric[20s]', 2, 10, 10, 0],
    ['rate(metric[20s])', 3, 10, 10, 0],
    ['metric[20s:5s]', 3, 10, 10, 0],
    ['metric[20s] @ 10', 2, 0, 0, 0],
    ['1', 3, 0, 2, 1],
    ['metric', 3, 0, 2, 1],
    ['metric', 3, 0, 10, 5],
    ['metric @ 10', 3, 0, 10, 5],
  ] as const)('%s with maxSamples %d', (q, max, start, end, step) => {
    expect(run(new Engine(data, { maxSamples: max }), q, start, end, step).peakSamples).toBe(max);
    expect(() => run(new Engine(data, { maxSamples: max - 1 }), q, start, end, step)).toThrow(
      TOO_MANY_SAMPLES,
    );
  });

  it('counts the range-query output kept so far', () => {
    // 101 steps of one sample each: the output alone reaches 101.
    expect(run(new Engine(data, { maxSamples: 101 }), 'metric', 0, 1000, 10).peakSamples).toBe(101);
    expect(() => run(new Engine(data, { maxSamples: 100 }), 'metric', 0, 1000, 10)).toThrow(
      TooManySamplesError,
    );
  });

  it('counts a subquery’s points, also in range queries where steps share them', () => {
    // At the last of 11 steps: 10 output samples kept, the subquery's 10 points, and the step's result.
    const q = 'max_over_time(metric[100s:10s])';
    expect(run(new Engine(data, { maxSamples: 21 }), q, 500, 600, 10).peakSamples).toBe(21);
    expect(() => run(new Engine(data, { maxSamples: 20 }), q, 500, 600, 10)).toThrow(TOO_MANY_SAMPLES);
  });

  it('counts scalar subquery points (nothing is selected, yet memory grows)', () => {
    expect(() =>
      new Engine(data, { maxSamples: 1000 }).instantQuery('max_over_time(vector(1)[1d:1s])', 0),
    ).toThrow(TOO_MANY_SAMPLES);
  });

  it('holds the range windows of all series of a step at once (Prometheus buffers one series at a time)', () => {
    // Prometheus's table has 1 here; this engine builds both series' windows before calling rate.
    expect(run(new Engine(data, { maxSamples: 2 }), 'rate(bigmetric[1s])', 0, 10, 5).peakSamples).toBe(2);
  });
});

describe('maxSeries and maxLoadedSamples (storage reads)', () => {
  const data = storage();
  it.each([
    ['bigmetric', 2, null],
    ['bigmetric', 1, 'query processing would select too many series (limit: 1) in query execution'],
    ['bigmetric + bigmetric', 4, null],
    [
      'bigmetric + bigmetric',
      3,
      'query processing would select too many series (limit: 3) in query execution',
    ],
    ['{__name__=~".*metric"}', 3, null],
    [
      '{__name__=~".*metric"}',
      2,
      'query processing would select too many series (limit: 2) in query execution',
    ],
    ['nothing_matches + nothing_either', 0, null],
  ] as const)('%s with maxSeries %d', (q, max, want) => {
    const engine = new Engine(data, { maxSeries: max });
    if (want === null) expect(() => engine.instantQuery(q, 100 * S)).not.toThrow();
    else expect(() => engine.instantQuery(q, 100 * S)).toThrow(want);
  });

  it('fails with TooManySeriesError, an execution error', () => {
    const err = catchError(() => new Engine(data, { maxSeries: 1 }).instantQuery('bigmetric', 0));
    expect(err).toBeInstanceOf(TooManySeriesError);
    expect(queryErrorType(err)).toBe('execution');
  });

  it('bounds samples read from storage even when few are held', () => {
    // `metric` at 1000s reads the 5m lookback, 700s..1000s: 31 samples, of which 1 is held.
    const ok = new Engine(data, { maxLoadedSamples: 31 }).instantQuery('metric', 1000 * S);
    expect(ok.stats).toEqual({ peakSamples: 1, seriesSelected: 1, samplesLoaded: 31 });
    expect(() => new Engine(data, { maxLoadedSamples: 30 }).instantQuery('metric', 1000 * S)).toThrow(
      'query processing would read too many samples from storage (limit: 30) in query execution',
    );
  });

  it('keeps the defaults generous enough for ordinary queries', () => {
    const r = new Engine(data).rangeQuery('sum(rate(bigmetric[1m]))', 0, 1000 * S, 10 * S);
    expect(r.value.value).toHaveLength(1);
  });
});

/** SlowStorage takes `delayMs` of busy time per select, as a slow disk would. */
class SlowStorage implements Storage {
  constructor(
    readonly inner: Storage,
    readonly delayMs: number,
    readonly onSelect: () => void = () => undefined,
  ) {}

  select(matchers: readonly Matcher[], minT: number, maxT: number): SeriesData[] {
    this.onSelect();
    const until = Date.now() + this.delayMs;
    while (Date.now() < until) {
      // busy: evaluation is synchronous, so this is how a slow read looks to the engine
    }
    return this.inner.select(matchers, minT, maxT);
  }
}

function catchError(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

describe('timeout', () => {
  const data = storage();
  const TIMED_OUT = 'query timed out in expression evaluation';

  it.each([
    // A million evaluations each (seconds of work, yet results stay empty so nothing else stops them); with a
    // 20 ms timeout each must end in a timeout error, which it only does if the loops check the clock.
    ['a range query of a million steps', (e: Engine) => e.rangeQuery('metric > 1e9', 0, 1e9, 1000)],
    [
      'a subquery of a million inner steps',
      (e: Engine) => e.instantQuery('max_over_time((metric > 1e9)[1000s:1ms])', 0),
    ],
    [
      'a range query of subqueries',
      (e: Engine) => e.rangeQuery('count_over_time((metric > 1e9)[100s:1ms])', 0, 1e6, 60_000),
    ],
  ])('stops %s', (_name, q) => {
    const err = catchError(() => q(new Engine(data, { timeoutMs: 20 })));
    expect(err).toBeInstanceOf(QueryTimeoutError);
    expect((err as Error).message).toBe(TIMED_OUT);
    expect(queryErrorType(err)).toBe('timeout');
  });

  it('stops after a slow storage read', () => {
    const engine = new Engine(new SlowStorage(data, 30), { timeoutMs: 10 });
    expect(() => engine.instantQuery('metric', 0)).toThrow(TIMED_OUT);
  });

  it('lets a per-query timeout override the engine’s', () => {
    const engine = new Engine(new SlowStorage(data, 30));
    expect(() => engine.instantQuery('metric', 0, { timeoutMs: 10 })).toThrow(QueryTimeoutError);
    expect(() => engine.instantQuery('metric', 0)).not.toThrow();
  });
});

describe('cancellation', () => {
  const data = storage();
  const CANCELED = 'query was canceled in expression evaluation';

  it.each([
    ['instant query', (e: Engine, signal: AbortSignal) => e.instantQuery('metric', 0, { signal })],
    ['range query', (e: Engine, signal: AbortSignal) => e.rangeQuery('metric', 0, 100 * S, S, { signal })],
  ])('refuses an already aborted %s', (_name, q) => {
    const ac = new AbortController();
    ac.abort();
    const err = catchError(() => q(new Engine(data), ac.signal));
    expect(err).toBeInstanceOf(QueryCanceledError);
    expect((err as Error).message).toBe(CANCELED);
    expect(queryErrorType(err)).toBe('canceled');
  });

  it('stops when the signal fires during the query', () => {
    const ac = new AbortController();
    let selects = 0;
    const engine = new Engine(new SlowStorage(data, 0, () => (++selects === 1 ? ac.abort() : undefined)));
    expect(() => engine.instantQuery('metric + on() group_left bigmetric', 0, { signal: ac.signal })).toThrow(
      CANCELED,
    );
    expect(selects).toBe(1);
  });

  it('does nothing when the signal never fires', () => {
    const ac = new AbortController();
    expect(new Engine(data).instantQuery('metric', 0, { signal: ac.signal }).value).toMatchObject({
      type: 'vector',
    });
  });
});
