// The query engine's public face: instant and range queries over a Storage, with guard rails.
import type { Expr } from '../ast';
import { ALL_FEATURES, type ParserOptions } from '../options';
import { parseExpr } from '../parser';
import { compareLabels, type Storage } from '../storage';
import { Evaluator } from './evaluator';
import { FUNCTION_LIBRARY } from './functions';
import type { FloatHistogram } from './histogram/float-histogram';
import { labelsKey } from './labels';
import { InvalidQueryParamsError, QueryLimits, type QueryStats } from './limits';
import type { FunctionLibrary } from './types';
import { EvalError, type MatrixSeries, type Value } from './values';

/** Default of EngineOptions.lookbackDeltaMs (Prometheus's --query.lookback-delta). */
export const DEFAULT_LOOKBACK_DELTA_MS = 5 * 60_000;

/** Default of EngineOptions.maxSamples (Prometheus's --query.max-samples). */
export const DEFAULT_MAX_SAMPLES = 50_000_000;

/** Default of EngineOptions.timeoutMs (Prometheus's --query.timeout). */
export const DEFAULT_QUERY_TIMEOUT_MS = 2 * 60_000;

/** Default of EngineOptions.maxSeries. */
export const DEFAULT_MAX_SERIES = 1_000_000;

/** Default of EngineOptions.maxLoadedSamples (about 800 MB of timestamps and values). */
export const DEFAULT_MAX_LOADED_SAMPLES = 50_000_000;

/** EngineOptions configures limits and defaults; every field is optional. */
export interface EngineOptions {
  /** How far back an instant selector looks for a sample (default 5m). */
  lookbackDeltaMs?: number;
  /** Step of subqueries written without one (default 1m, Prometheus's default evaluation interval). */
  defaultSubqueryStepMs?: number;
  /**
   * Most samples a query may hold in memory at once (default 50 million; Prometheus's --query.max-samples).
   * Counted as Prometheus counts them: selector results, range-vector windows, subquery results and the
   * range-query output kept so far (a scalar step result is one sample). Past it the query fails with
   * TooManySamplesError, "query processing would load too many samples into memory in query execution".
   */
  maxSamples?: number;
  /**
   * Most samples a query's selectors may read from storage, summed over its selectors (default 50 million).
   * This engine reads each selector's whole range up front and keeps it until the query ends, so this bounds
   * memory where Prometheus streams; Prometheus has no equivalent. Past it the query fails with
   * TooManySamplesError, "query processing would read too many samples from storage (limit: N) in query execution".
   */
  maxLoadedSamples?: number;
  /**
   * Most series a query's selectors may return from storage, summed over its selectors (default 1 million).
   * Prometheus has no exact equivalent (its limits are on samples); past it the query fails with
   * TooManySeriesError, "query processing would select too many series (limit: N) in query execution".
   */
  maxSeries?: number;
  /**
   * Query timeout (default 2 minutes; Prometheus's --query.timeout), checked between steps and inside selector
   * and subquery loops. Past it the query fails with QueryTimeoutError, "query timed out in expression evaluation".
   */
  timeoutMs?: number;
  /** The function library (default: ./functions); names it lacks fall back to a small built-in set. */
  functions?: FunctionLibrary;
  /** Parser options for queries given as text (default: every experimental feature on). */
  parserOptions?: ParserOptions;
}

/** QueryOptions are per-query settings. */
export interface QueryOptions {
  /**
   * Aborts the query (QueryCanceledError, "query was canceled in expression evaluation"). Evaluation is
   * synchronous, so the signal is seen when it was aborted before the call or by code the query runs (storage).
   */
  signal?: AbortSignal;
  /** Overrides EngineOptions.timeoutMs for this query. */
  timeoutMs?: number;
}

/** QueryResult is a query's value with the annotations Prometheus would report. */
export interface QueryResult<V> {
  value: V;
  warnings: string[];
  infos: string[];
  /** Samples and series the query used. */
  stats: QueryStats;
}

/** RangeValue is a range query's result: a matrix (a scalar expression yields one series without labels). */
export interface RangeValue {
  type: 'matrix';
  value: MatrixSeries[];
}

/** Engine evaluates PromQL over a Storage. */
export class Engine {
  readonly #storage: Storage;
  readonly #opts: Required<Omit<EngineOptions, 'functions' | 'parserOptions'>> & {
    functions: FunctionLibrary;
    parserOptions: ParserOptions;
  };

  constructor(storage: Storage, opts: EngineOptions = {}) {
    this.#storage = storage;
    this.#opts = {
      lookbackDeltaMs: opts.lookbackDeltaMs ?? DEFAULT_LOOKBACK_DELTA_MS,
      defaultSubqueryStepMs: opts.defaultSubqueryStepMs ?? 60_000,
      maxSamples: opts.maxSamples ?? DEFAULT_MAX_SAMPLES,
      maxSeries: opts.maxSeries ?? DEFAULT_MAX_SERIES,
      maxLoadedSamples: opts.maxLoadedSamples ?? DEFAULT_MAX_LOADED_SAMPLES,
      timeoutMs: opts.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
      functions: opts.functions ?? FUNCTION_LIBRARY,
      parserOptions: opts.parserOptions ?? ALL_FEATURES,
    };
  }

  #parse(q: string | Expr): Expr {
    return typeof q === 'string' ? parseExpr(q, this.#opts.parserOptions) : q;
  }

  #evaluator(
    query: string | Expr,
    expr: Expr,
    startMs: number,
    endMs: number,
    intervalMs: number,
    limits: QueryLimits,
  ): Evaluator {
    const o = this.#opts;
    return new Evaluator(expr, {
      query: typeof query === 'string' ? query : '',
      storage: this.#storage,
      functions: o.functions,
      startMs,
      endMs,
      intervalMs,
      lookbackMs: o.lookbackDeltaMs,
      defaultSubqueryStepMs: o.defaultSubqueryStepMs,
      limits,
    });
  }

  #limits(qo: QueryOptions): QueryLimits {
    const o = this.#opts;
    return new QueryLimits({
      maxSamples: o.maxSamples,
      maxSeries: o.maxSeries,
      maxLoadedSamples: o.maxLoadedSamples,
      deadline: Date.now() + (qo.timeoutMs ?? o.timeoutMs),
      signal: qo.signal,
    });
  }

  /**
   * instantQuery evaluates a query at one time (epoch ms). Throws ParseError, EvalError (guard rails: see
   * ./limits) or QueryStorageError; queryErrorType maps each to the HTTP API's errorType.
   */
  instantQuery(query: string | Expr, timeMs: number, qo: QueryOptions = {}): QueryResult<Value> {
    const expr = this.#parse(query);
    const limits = this.#limits(qo);
    const ev = this.#evaluator(query, expr, timeMs, timeMs, 0, limits);
    ev.beginStep();
    const value = ev.evalAt(expr, timeMs);
    keepResult(limits, expr, value);
    return { value, warnings: ev.warnings, infos: ev.infos, stats: limits.stats() };
  }

  /** rangeQuery evaluates a query at start, start+step, ... up to end (epoch ms). */
  rangeQuery(
    query: string | Expr,
    startMs: number,
    endMs: number,
    stepMs: number,
    qo: QueryOptions = {},
  ): QueryResult<RangeValue> {
    if (!(stepMs > 0)) {
      throw new InvalidQueryParamsError(
        'zero or negative query resolution step widths are not accepted. Try a positive integer',
      );
    }
    if (!(endMs >= startMs)) throw new InvalidQueryParamsError('end timestamp must not be before start time');
    const expr = this.#parse(query);
    const limits = this.#limits(qo);
    const ev = this.#evaluator(query, expr, startMs, endMs, stepMs, limits);
    type Acc = { labels: MatrixSeries['labels']; t: number[]; v: number[]; h?: MatrixSeries['h'] };
    const acc = new Map<string, Acc>();
    // The series of the previous step by output position: a step usually returns the same label objects.
    const prevLabels: (MatrixSeries['labels'] | undefined)[] = [];
    const prevAcc: (Acc | undefined)[] = [];
    const add = (
      j: number,
      labels: MatrixSeries['labels'],
      t: number,
      v: number,
      h?: FloatHistogram,
    ): void => {
      let a: Acc | undefined;
      if (j >= 0 && prevLabels[j] === labels) a = prevAcc[j];
      else {
        const k = labelsKey(labels);
        a = acc.get(k);
        if (a === undefined) {
          a = { labels, t: [], v: [] };
          acc.set(k, a);
        }
        if (j >= 0) {
          prevLabels[j] = labels;
          prevAcc[j] = a;
        }
      }
      if (a === undefined) return; // unreachable: prevAcc[j] is set with prevLabels[j]
      if (h !== undefined && a.h === undefined)
        a.h = new Array<FloatHistogram | undefined>(a.t.length).fill(undefined);
      a.t.push(t);
      a.v.push(v);
      a.h?.push(h);
    };
    for (let t = startMs; t <= endMs; t += stepMs) {
      ev.beginStep();
      const v = ev.evalAt(expr, t);
      if (v.type === 'scalar') add(-1, {}, t, v.value);
      else if (v.type === 'vector') {
        const vec = v.value;
        for (let j = 0; j < vec.length; j++) {
          const s = vec[j] as (typeof vec)[number];
          add(j, s.labels, t, s.value, s.h);
        }
      } else {
        const shown = v.type === 'matrix' ? 'range vector' : v.type;
        throw new EvalError(
          `invalid expression type "${shown}" for range query, must be Scalar or instant Vector`,
        );
      }
      keepResult(limits, expr, v);
    }
    const value: MatrixSeries[] = [];
    for (const a of acc.values()) {
      const m: MatrixSeries = {
        labels: a.labels,
        t: Float64Array.from(a.t),
        v: Float64Array.from(a.v),
        length: a.t.length,
      };
      if (a.h !== undefined) m.h = a.h;
      value.push(m);
    }
    // Prometheus returns range-query series sorted by labels.
    value.sort((a, b) => compareLabels(a.labels, b.labels));
    return {
      value: { type: 'matrix', value },
      warnings: ev.warnings,
      infos: ev.infos,
      stats: limits.stats(),
    };
  }
}

/**
 * keepResult counts one step's result as kept. A selector or subquery result was counted as it was built; any
 * other result is new memory next to its inputs (Prometheus counts `rate(m[20s])` over 2 samples as 3).
 */
function keepResult(limits: QueryLimits, root: Expr, v: Value): void {
  let e = root;
  while (e.kind === 'ParenExpr') e = e.expr;
  const n = sampleCount(v);
  const counted = e.kind === 'VectorSelector' || e.kind === 'MatrixSelector' || e.kind === 'SubqueryExpr';
  if (!counted) limits.add(n);
  limits.keep(n);
}

/** sampleCount is the number of samples a value holds (a scalar is one, as in Prometheus). */
function sampleCount(v: Value): number {
  switch (v.type) {
    case 'scalar':
      return 1;
    case 'string':
      return 0;
    case 'vector':
      return v.value.length;
    case 'matrix': {
      let n = 0;
      for (const s of v.value) n += s.length;
      return n;
    }
  }
}
