// Guard rails of one query: how many series it may select, how many samples it may hold, and how long it may run.
import { ParseError } from '../errors';
import { EvalError, QueryAbortedError } from './values';

/** QueryErrorType is the `errorType` Prometheus's HTTP API reports for a failed query. */
export type QueryErrorType = 'bad_data' | 'execution' | 'timeout' | 'canceled' | 'internal';

/** Where a guard rail tripped, as Prometheus words it ("... in query execution"). */
const ENV = 'query execution';

/**
 * TooManySamplesError is Prometheus's ErrTooManySamples when the query would hold more than maxSamples samples at
 * once (`held`), or Vigil's own error when storage returned more than maxLoadedSamples for it (`loaded`).
 */
export class TooManySamplesError extends EvalError {
  /** API error type. */
  readonly errorType = 'execution';
  constructor(
    readonly kind: 'held' | 'loaded',
    readonly limit: number,
  ) {
    super(
      kind === 'held'
        ? `query processing would load too many samples into memory in ${ENV}`
        : `query processing would read too many samples from storage (limit: ${limit}) in ${ENV}`,
    );
    this.name = 'TooManySamplesError';
  }
}

/** TooManySeriesError says the query's selectors returned more than maxSeries series in total (Vigil's own limit). */
export class TooManySeriesError extends EvalError {
  /** API error type. */
  readonly errorType = 'execution';
  constructor(readonly limit: number) {
    super(`query processing would select too many series (limit: ${limit}) in ${ENV}`);
    this.name = 'TooManySeriesError';
  }
}

/** QueryTimeoutError is Prometheus's ErrQueryTimeout: the query ran longer than its timeout. */
export class QueryTimeoutError extends QueryAbortedError {
  /** API error type. */
  readonly errorType = 'timeout';
  constructor() {
    super('query timed out in expression evaluation');
    this.name = 'QueryTimeoutError';
  }
}

/** QueryCanceledError is Prometheus's ErrQueryCanceled: the query's AbortSignal fired. */
export class QueryCanceledError extends QueryAbortedError {
  /** API error type. */
  readonly errorType = 'canceled';
  constructor() {
    super('query was canceled in expression evaluation');
    this.name = 'QueryCanceledError';
  }
}

/** InvalidQueryParamsError rejects a range query's start/end/step before evaluation (the API's `bad_data`). */
export class InvalidQueryParamsError extends EvalError {
  /** API error type. */
  readonly errorType = 'bad_data';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidQueryParamsError';
  }
}

/** QueryStorageError wraps a failure of Storage.select (the API's `internal`, as Prometheus's ErrStorage). */
export class QueryStorageError extends Error {
  /** API error type. */
  readonly errorType = 'internal';
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'QueryStorageError';
  }
}

/**
 * queryErrorType maps an error thrown by Engine to the HTTP API's errorType, as Prometheus's returnAPIError does:
 * parse and parameter errors are `bad_data`, timeouts `timeout`, cancellations `canceled`, storage failures
 * `internal`, and every other error `execution` (function libraries throw their own Error classes).
 */
export function queryErrorType(err: unknown): QueryErrorType {
  if (err instanceof ParseError || err instanceof InvalidQueryParamsError) return 'bad_data';
  if (err instanceof QueryTimeoutError) return 'timeout';
  if (err instanceof QueryCanceledError) return 'canceled';
  if (err instanceof QueryAbortedError) return err.message.includes('timed out') ? 'timeout' : 'canceled';
  if (err instanceof QueryStorageError) return 'internal';
  return 'execution';
}

/** QueryLimitsConfig sets one query's guard rails. */
export interface QueryLimitsConfig {
  /** Most samples the query may hold at once (Prometheus's --query.max-samples). */
  maxSamples: number;
  /** Most series the query's selectors may return in total. */
  maxSeries: number;
  /** Most samples the query's selectors may return in total. */
  maxLoadedSamples: number;
  /** Clock value (ms) after which the query times out. */
  deadline: number;
  /** Cancels the query when aborted. */
  signal?: AbortSignal | undefined;
  /** Clock (default Date.now); tests pass a fake. */
  now?: () => number;
}

/** How many tick() calls pass between two clock reads: cheap enough for per-series loops, prompt enough to stop. */
const TICKS_PER_CHECK = 256;

/**
 * QueryLimits is one query's budget, shared by the engine and the evaluator.
 *
 * Samples are counted the way Prometheus counts them, adapted to evaluation step by step: samples produced by
 * selectors, range-vector windows and subquery results of the current step, plus the range-query output kept
 * so far, must stay within maxSamples. Separately, what storage returned for the query's selectors (held until
 * the query ends) must stay within maxSeries series and maxLoadedSamples samples.
 */
export class QueryLimits {
  readonly #cfg: QueryLimitsConfig;
  readonly #now: () => number;
  /** Samples held right now: kept output plus the current step's working set. */
  #held = 0;
  /** Samples kept across steps (range-query output so far). */
  #kept = 0;
  #peak = 0;
  #series = 0;
  #loaded = 0;
  #ticks = 0;

  constructor(cfg: QueryLimitsConfig) {
    this.#cfg = cfg;
    this.#now = cfg.now ?? Date.now;
  }

  /** check throws QueryCanceledError or QueryTimeoutError when the query must stop. */
  check(): void {
    if (this.#cfg.signal?.aborted === true) throw new QueryCanceledError();
    if (this.#now() > this.#cfg.deadline) throw new QueryTimeoutError();
  }

  /** tick is check() for the inside of long loops: it reads the clock once every few hundred calls. */
  tick(): void {
    if (++this.#ticks % TICKS_PER_CHECK === 0) this.check();
  }

  /** beginStep checks for abort and drops the previous step's working set (kept output stays). */
  beginStep(): void {
    this.check();
    this.#held = this.#kept;
  }

  /** add counts n more samples held by the current step; throws TooManySamplesError past maxSamples. */
  add(n: number): void {
    this.#held += n;
    if (this.#held > this.#peak) this.#peak = this.#held;
    if (this.#held > this.#cfg.maxSamples) throw new TooManySamplesError('held', this.#cfg.maxSamples);
  }

  /** held is the number of samples held now; with release() it brackets work whose inputs are dropped after. */
  get held(): number {
    return this.#held;
  }

  /** release sets the samples held back to `mark` (a value of held), then counts `kept` samples on top. */
  release(mark: number, kept: number): void {
    this.#held = mark;
    this.add(kept);
  }

  /** keep ends a step whose output of n samples stays in memory for the rest of the query. */
  keep(n: number): void {
    this.release(this.#kept, n);
    this.#kept += n;
  }

  /** selected counts what storage returned for one selector: its series and their samples. */
  selected(series: number, samples: number): void {
    this.#series += series;
    if (this.#series > this.#cfg.maxSeries) throw new TooManySeriesError(this.#cfg.maxSeries);
    this.#loaded += samples;
    if (this.#loaded > this.#cfg.maxLoadedSamples) {
      throw new TooManySamplesError('loaded', this.#cfg.maxLoadedSamples);
    }
    this.check();
  }

  /** stats reports the query's peak samples held, series selected and samples loaded from storage. */
  stats(): QueryStats {
    return { peakSamples: this.#peak, seriesSelected: this.#series, samplesLoaded: this.#loaded };
  }
}

/** QueryStats are figures of one finished query. */
export interface QueryStats {
  /** Most samples held at once (Prometheus's stats.samples.peakSamples, counted step by step). */
  peakSamples: number;
  /** Series returned by storage over all the query's selectors. */
  seriesSelected: number;
  /** Samples returned by storage over all the query's selectors. */
  samplesLoaded: number;
}
