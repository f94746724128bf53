import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors';
import {
  InvalidQueryParamsError,
  QueryCanceledError,
  QueryLimits,
  QueryStorageError,
  QueryTimeoutError,
  TooManySamplesError,
  TooManySeriesError,
  queryErrorType,
  type QueryLimitsConfig,
} from './limits';
import { EvalError, QueryAbortedError } from './values';

/** limits builds a QueryLimits on a clock the test moves by hand. */
function limits(over: Partial<QueryLimitsConfig> = {}): { l: QueryLimits; clock: { now: number } } {
  const clock = { now: 1000 };
  const l = new QueryLimits({
    maxSamples: 10,
    maxSeries: 5,
    maxLoadedSamples: 100,
    deadline: 2000,
    now: () => clock.now,
    ...over,
  });
  return { l, clock };
}

describe('QueryLimits samples', () => {
  it('allows exactly maxSamples and fails one past it', () => {
    const { l } = limits();
    l.add(10);
    expect(l.stats().peakSamples).toBe(10);
    expect(() => l.add(1)).toThrow(TooManySamplesError);
  });

  it('drops a step’s working set at the next step but keeps range output', () => {
    const { l } = limits();
    l.beginStep();
    l.add(6); // selector result
    l.keep(6); // kept as output
    l.beginStep();
    expect(l.held).toBe(6);
    l.add(4);
    l.keep(4);
    l.beginStep();
    expect(l.held).toBe(10);
    expect(() => l.add(1)).toThrow(
      'query processing would load too many samples into memory in query execution',
    );
  });

  it('release brackets inner work: inputs go, the result stays', () => {
    const { l } = limits();
    l.add(2);
    const mark = l.held;
    l.add(7); // inner inputs, peak 9
    l.release(mark, 3);
    expect(l.held).toBe(5);
    expect(l.stats().peakSamples).toBe(9);
    expect(() => l.release(mark, 9)).toThrow(TooManySamplesError);
  });
});

describe('QueryLimits storage reads', () => {
  it.each([
    ['series at the limit', [[5, 1]], null],
    [
      'series summed over selectors',
      [
        [3, 1],
        [3, 1],
      ],
      'query processing would select too many series (limit: 5) in query execution',
    ],
    [
      'samples at the limit',
      [
        [1, 60],
        [1, 40],
      ],
      null,
    ],
    [
      'samples summed over selectors',
      [
        [1, 60],
        [1, 41],
      ],
      'query processing would read too many samples from storage (limit: 100) in query execution',
    ],
  ] as const)('%s', (_name, reads, want) => {
    const { l } = limits();
    const run = (): void => {
      for (const [series, samples] of reads) l.selected(series, samples);
    };
    if (want === null) expect(run).not.toThrow();
    else expect(run).toThrow(want);
  });

  it('reports what was read', () => {
    const { l } = limits();
    l.selected(2, 30);
    l.selected(1, 7);
    expect(l.stats()).toEqual({ peakSamples: 0, seriesSelected: 3, samplesLoaded: 37 });
  });

  it('throws the series error as TooManySeriesError with its limit', () => {
    const { l } = limits({ maxSeries: 0 });
    expect(() => l.selected(1, 0)).toThrow(TooManySeriesError);
  });
});

describe('QueryLimits time and cancellation', () => {
  it('times out only once the clock passes the deadline', () => {
    const { l, clock } = limits();
    clock.now = 2000;
    expect(() => l.check()).not.toThrow();
    clock.now = 2001;
    expect(() => l.check()).toThrow(QueryTimeoutError);
    expect(() => l.beginStep()).toThrow('query timed out in expression evaluation');
  });

  it('reports cancellation before timeout', () => {
    const ac = new AbortController();
    const { l, clock } = limits({ signal: ac.signal });
    expect(() => l.check()).not.toThrow();
    ac.abort();
    clock.now = 5000;
    expect(() => l.check()).toThrow(QueryCanceledError);
    expect(() => l.check()).toThrow('query was canceled in expression evaluation');
  });

  it('tick reads the clock every 256 calls, so a long loop stops within 256 iterations', () => {
    let reads = 0;
    const l = new QueryLimits({
      maxSamples: 1,
      maxSeries: 1,
      maxLoadedSamples: 1,
      deadline: 0,
      now: () => {
        reads++;
        return 1;
      },
    });
    let i = 0;
    expect(() => {
      for (; i < 1_000_000; i++) l.tick();
    }).toThrow(QueryTimeoutError);
    expect(i).toBe(255);
    expect(reads).toBe(1);
  });

  it('checks the clock after each storage read', () => {
    const { l, clock } = limits();
    clock.now = 3000;
    expect(() => l.selected(1, 1)).toThrow(QueryTimeoutError);
  });
});

describe('queryErrorType', () => {
  it.each([
    ['parse error', new ParseError('x', []), 'bad_data'],
    [
      'bad range parameters',
      new InvalidQueryParamsError('end timestamp must not be before start time'),
      'bad_data',
    ],
    ['timeout', new QueryTimeoutError(), 'timeout'],
    ['cancel', new QueryCanceledError(), 'canceled'],
    [
      'older abort error, timed out',
      new QueryAbortedError('query timed out in expression evaluation'),
      'timeout',
    ],
    [
      'older abort error, canceled',
      new QueryAbortedError('query was canceled in expression evaluation'),
      'canceled',
    ],
    ['too many samples', new TooManySamplesError('held', 1), 'execution'],
    ['too many series', new TooManySeriesError(1), 'execution'],
    ['evaluation error', new EvalError('vector cannot contain metrics with the same labelset'), 'execution'],
    ['storage failure', new QueryStorageError(new Error('disk on fire')), 'internal'],
    ['a function library error', new Error('invalid regular expression in label_replace(): ('), 'execution'],
  ] as const)('%s → %s', (_name, err, want) => {
    expect(queryErrorType(err)).toBe(want);
  });

  it.each([
    [new TooManySamplesError('loaded', 1), 'execution'],
    [new TooManySeriesError(1), 'execution'],
    [new QueryTimeoutError(), 'timeout'],
    [new QueryCanceledError(), 'canceled'],
    [new InvalidQueryParamsError('x'), 'bad_data'],
  ] as const)('%s carries errorType %s', (err, want) => {
    expect(err.errorType).toBe(want);
    expect(err).toBeInstanceOf(EvalError);
  });
});
