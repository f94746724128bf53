// The query engine's public face: instant and range queries over a Storage, with guard rails.
import type { Expr } from '../ast';
import { ALL_FEATURES, type ParserOptions } from '../options';
import { parseExpr } from '../parser';
import { compareLabels, type Storage } from '../storage';
import { Evaluator } from './evaluator';
import { FUNCTION_LIBRARY } from './functions';
import { labelsKey } from './labels';
import type { FunctionLibrary } from './types';
import { EvalError, type MatrixSeries, type Value } from './values';

/** EngineOptions configures limits and defaults; every field is optional. */
export interface EngineOptions {
  /** How far back an instant selector looks for a sample (default 5m). */
  lookbackDeltaMs?: number;
  /** Step of subqueries written without one (default 1m, Prometheus's default evaluation interval). */
  defaultSubqueryStepMs?: number;
  /** Most samples one evaluation step may load (default 50 million). */
  maxSamples?: number;
  /** Query timeout (default 2 minutes). */
  timeoutMs?: number;
  /** The function library (default: ./functions); names it lacks fall back to a small built-in set. */
  functions?: FunctionLibrary;
  /** Parser options for queries given as text (default: every experimental feature on). */
  parserOptions?: ParserOptions;
}

/** QueryOptions are per-query settings. */
export interface QueryOptions {
  /** Aborts the query when signalled. */
  signal?: AbortSignal;
}

/** QueryResult is a query's value with the annotations Prometheus would report. */
export interface QueryResult<V> {
  value: V;
  warnings: string[];
  infos: string[];
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
      lookbackDeltaMs: opts.lookbackDeltaMs ?? 5 * 60_000,
      defaultSubqueryStepMs: opts.defaultSubqueryStepMs ?? 60_000,
      maxSamples: opts.maxSamples ?? 50_000_000,
      timeoutMs: opts.timeoutMs ?? 120_000,
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
    qo: QueryOptions,
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
      maxSamples: o.maxSamples,
      deadline: Date.now() + o.timeoutMs,
      signal: qo.signal,
    });
  }

  /** instantQuery evaluates a query at one time (epoch ms). Throws ParseError or EvalError. */
  instantQuery(query: string | Expr, timeMs: number, qo: QueryOptions = {}): QueryResult<Value> {
    const expr = this.#parse(query);
    const ev = this.#evaluator(query, expr, timeMs, timeMs, 0, qo);
    ev.beginStep();
    const value = ev.evalAt(expr, timeMs);
    return { value, warnings: ev.warnings, infos: ev.infos };
  }

  /** rangeQuery evaluates a query at start, start+step, ... up to end (epoch ms). */
  rangeQuery(
    query: string | Expr,
    startMs: number,
    endMs: number,
    stepMs: number,
    qo: QueryOptions = {},
  ): QueryResult<RangeValue> {
    if (stepMs <= 0) throw new EvalError('zero or negative query resolution step widths are not accepted');
    if (endMs < startMs) throw new EvalError('end timestamp must not be before start time');
    const expr = this.#parse(query);
    const ev = this.#evaluator(query, expr, startMs, endMs, stepMs, qo);
    const acc = new Map<string, { labels: MatrixSeries['labels']; t: number[]; v: number[] }>();
    const add = (labels: MatrixSeries['labels'], t: number, v: number): void => {
      const k = labelsKey(labels);
      let a = acc.get(k);
      if (a === undefined) {
        a = { labels, t: [], v: [] };
        acc.set(k, a);
      }
      a.t.push(t);
      a.v.push(v);
    };
    for (let t = startMs; t <= endMs; t += stepMs) {
      ev.beginStep();
      const v = ev.evalAt(expr, t);
      if (v.type === 'scalar') add({}, t, v.value);
      else if (v.type === 'vector') for (const s of v.value) add(s.labels, t, s.value);
      else {
        const shown = v.type === 'matrix' ? 'range vector' : v.type;
        throw new EvalError(
          `invalid expression type "${shown}" for range query, must be Scalar or instant Vector`,
        );
      }
    }
    const value: MatrixSeries[] = [];
    for (const a of acc.values()) {
      value.push({
        labels: a.labels,
        t: Float64Array.from(a.t),
        v: Float64Array.from(a.v),
        length: a.t.length,
      });
    }
    // Prometheus returns range-query series sorted by labels.
    value.sort((a, b) => compareLabels(a.labels, b.labels));
    return { value: { type: 'matrix', value }, warnings: ev.warnings, infos: ev.infos };
  }
}
