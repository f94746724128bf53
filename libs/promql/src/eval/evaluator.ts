// The tree-walking evaluator: one instance per query, evaluating any node at one timestamp.
import type {
  AggregateExpr,
  BinaryExpr,
  Call,
  Expr,
  MatrixSelector,
  SubqueryExpr,
  VectorSelector,
} from '../ast';
import { SET_OPS } from '../ast';
import type { SeriesData, Storage } from '../storage';
import { aggregate } from './aggregate';
import { scalarBinop, setBinop, vectorBinop, vectorScalarBinop } from './binary';
import { evalCall } from './calls';
import { dropName, labelsKey } from './labels';
import { atTime, offsetOf, rangeOf, selectorRanges, stepOf, type QueryWindow } from './time-ranges';
import type { FunctionLibrary } from './types';
import { EvalError, QueryAbortedError, type MatrixSeries, type Value, type Vector } from './values';

/** EvaluatorConfig is everything one query's evaluation needs. */
export interface EvaluatorConfig {
  storage: Storage;
  functions: FunctionLibrary;
  startMs: number;
  endMs: number;
  /** Range-query step (used as the default subquery step too when set), ms. */
  intervalMs: number;
  lookbackMs: number;
  defaultSubqueryStepMs: number;
  maxSamples: number;
  /** The query text, for annotation positions ('' when the query was given as a tree). */
  query: string;
  /** Date.now() value after which the query is aborted. */
  deadline: number;
  signal: AbortSignal | undefined;
}

/** upperBound is the index of the first timestamp greater than x in the first n entries. */
export function upperBound(ts: Float64Array, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ts[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Evaluator evaluates expressions of one query; selectors read storage once, on first use. */
export class Evaluator {
  /** Warning annotations raised so far. */
  readonly warnings: string[] = [];
  /** Info annotations raised so far. */
  readonly infos: string[] = [];
  readonly #cfg: EvaluatorConfig;
  readonly #ranges: Map<VectorSelector, [number, number]>;
  readonly #selected = new Map<VectorSelector, SeriesData[]>();
  readonly #subqueryMemo = new Map<SubqueryExpr, Map<number, Value>>();
  #samples = 0;
  /** The query's start, end, step and lookback. */
  readonly window: QueryWindow;

  constructor(root: Expr, cfg: EvaluatorConfig) {
    this.#cfg = cfg;
    this.window = {
      startMs: cfg.startMs,
      endMs: cfg.endMs,
      stepMs: cfg.intervalMs,
      lookbackMs: cfg.lookbackMs,
    };
    this.#ranges = selectorRanges(root, this.window);
  }

  /** annotate records a warning or info once. */
  readonly annotate = (level: 'warn' | 'info', message: string): void => {
    const list = level === 'warn' ? this.warnings : this.infos;
    if (!list.includes(message)) list.push(message);
  };

  /** annotateAt records an annotation with Prometheus's ` (line:col)` position suffix for a node. */
  annotateAt(level: 'warn' | 'info', message: string, node: Expr): void {
    this.annotate(level, `${message} (${positionOf(this.#cfg.query, node.start)})`);
  }

  /** beginStep checks for abort and resets the per-step sample count. */
  beginStep(): void {
    this.#checkAbort();
    this.#samples = 0;
  }

  #checkAbort(): void {
    const { signal, deadline } = this.#cfg;
    if (signal?.aborted === true) throw new QueryAbortedError('query was canceled in expression evaluation');
    if (Date.now() > deadline) throw new QueryAbortedError('query timed out in expression evaluation');
  }

  #count(n: number): void {
    this.#samples += n;
    if (this.#samples > this.#cfg.maxSamples) {
      throw new EvalError('query processing would load too many samples into memory in query execution');
    }
  }

  #select(vs: VectorSelector): SeriesData[] {
    let s = this.#selected.get(vs);
    if (s === undefined) {
      const r = this.#ranges.get(vs) ?? [this.#cfg.startMs - this.#cfg.lookbackMs, this.#cfg.endMs];
      s = this.#cfg.storage.select(vs.matchers, r[0], r[1]);
      this.#selected.set(vs, s);
    }
    return s;
  }

  /** evalAt evaluates expr at time t (ms). */
  evalAt(e: Expr, t: number): Value {
    switch (e.kind) {
      case 'NumberLiteral':
        return { type: 'scalar', value: e.value };
      case 'StringLiteral':
        return { type: 'string', value: e.value };
      case 'ParenExpr':
        return this.evalAt(e.expr, t);
      case 'UnaryExpr': {
        const v = this.evalAt(e.expr, t);
        if (e.op === '+') return v;
        if (v.type === 'scalar') return { type: 'scalar', value: -v.value };
        if (v.type === 'vector') {
          const out = v.value.map((s) => ({ labels: dropName(s.labels), value: -s.value }));
          checkUniqueLabels(out);
          return { type: 'vector', value: out };
        }
        throw new EvalError(`unary minus on ${v.type}`);
      }
      case 'VectorSelector':
        return { type: 'vector', value: this.vectorSelector(e, t, null) };
      case 'MatrixSelector':
        return { type: 'matrix', value: this.matrixSelector(e, t) };
      case 'SubqueryExpr':
        return { type: 'matrix', value: this.subquery(e, t) };
      case 'BinaryExpr':
        return this.#binary(e, t);
      case 'AggregateExpr':
        return { type: 'vector', value: this.#aggregate(e, t) };
      case 'Call':
        return this.#call(e, t);
      case 'DurationExpr':
        throw new EvalError('duration expressions are not supported yet');
    }
  }

  /** vectorSelector returns the latest non-stale sample of each series within the lookback; `ts` gets timestamps. */
  vectorSelector(vs: VectorSelector, t: number, ts: number[] | null): Vector {
    const ref = atTime(vs, t, this.window) - offsetOf(vs, this.window);
    const min = ref - this.#cfg.lookbackMs;
    const out: Vector = [];
    for (const s of this.#select(vs)) {
      const i = upperBound(s.t, s.t.length, ref) - 1;
      if (i < 0 || (s.t[i] as number) <= min || s.stale?.[i] === 1) continue;
      out.push({ labels: s.labels, value: s.v[i] as number });
      ts?.push(s.t[i] as number);
    }
    this.#count(out.length);
    return out;
  }

  /** matrixSelector returns each series' non-stale samples in (ref - range, ref]. */
  matrixSelector(ms: MatrixSelector, t: number): MatrixSeries[] {
    const vs = ms.vectorSelector;
    if (vs.kind !== 'VectorSelector') throw new EvalError('range selector without a vector selector');
    const ref = atTime(vs, t, this.window) - offsetOf(vs, this.window);
    const range = rangeOf(ms, this.window);
    const out: MatrixSeries[] = [];
    for (const s of this.#select(vs)) {
      const lo = upperBound(s.t, s.t.length, ref - range);
      const hi = upperBound(s.t, s.t.length, ref);
      if (hi <= lo) continue;
      const stale = s.stale;
      if (stale === undefined || !stale.subarray(lo, hi).includes(1)) {
        out.push({ labels: s.labels, t: s.t.subarray(lo, hi), v: s.v.subarray(lo, hi), length: hi - lo });
        continue;
      }
      const tt = new Float64Array(hi - lo);
      const vv = new Float64Array(hi - lo);
      let n = 0;
      for (let i = lo; i < hi; i++) {
        if (stale[i] === 1) continue;
        tt[n] = s.t[i] as number;
        vv[n] = s.v[i] as number;
        n++;
      }
      if (n > 0) out.push({ labels: s.labels, t: tt, v: vv, length: n });
    }
    let total = 0;
    for (const m of out) total += m.length;
    this.#count(total);
    return out;
  }

  /** subquery evaluates the inner expression at step-aligned times in (ref - range, ref]. */
  subquery(sq: SubqueryExpr, t: number): MatrixSeries[] {
    const ref = atTime(sq, t, this.window) - offsetOf(sq, this.window);
    const range = rangeOf(sq, this.window);
    const declared = stepOf(sq, this.window);
    const step = declared > 0 ? declared : this.#cfg.defaultSubqueryStepMs;
    let start = step * Math.trunc((ref - range) / step);
    if (start <= ref - range) start += step;
    const acc = new Map<string, { labels: MatrixSeries['labels']; t: number[]; v: number[] }>();
    const add = (labels: MatrixSeries['labels'], ts: number, v: number): void => {
      const k = labelsKey(labels);
      let a = acc.get(k);
      if (a === undefined) {
        a = { labels, t: [], v: [] };
        acc.set(k, a);
      }
      a.t.push(ts);
      a.v.push(v);
    };
    // In range queries consecutive steps share most subquery points: keep them, dropping those left behind.
    let memo: Map<number, Value> | undefined;
    if (this.#cfg.startMs !== this.#cfg.endMs) {
      memo = this.#subqueryMemo.get(sq);
      if (memo === undefined) {
        memo = new Map();
        this.#subqueryMemo.set(sq, memo);
      }
      for (const k of memo.keys()) {
        if (k >= start) break;
        memo.delete(k);
      }
    }
    for (let ts = start; ts <= ref; ts += step) {
      let v = memo?.get(ts);
      if (v === undefined) {
        this.#checkAbort();
        v = this.evalAt(sq.expr, ts);
        memo?.set(ts, v);
      }
      if (v.type === 'scalar') add({}, ts, v.value);
      else if (v.type === 'vector') for (const s of v.value) add(s.labels, ts, s.value);
      else throw new EvalError(`subquery is only allowed on instant vector, got ${v.type}`);
    }
    const out: MatrixSeries[] = [];
    for (const a of acc.values()) {
      out.push({
        labels: a.labels,
        t: Float64Array.from(a.t),
        v: Float64Array.from(a.v),
        length: a.t.length,
      });
    }
    return out;
  }

  #binary(e: BinaryExpr, t: number): Value {
    const l = this.evalAt(e.lhs, t);
    const r = this.evalAt(e.rhs, t);
    if (l.type === 'scalar' && r.type === 'scalar') {
      return { type: 'scalar', value: scalarBinop(e.op, l.value, r.value) };
    }
    let out: Vector;
    if (l.type === 'vector' && r.type === 'vector') {
      out = SET_OPS.has(e.op)
        ? setBinop(e.op, l.value, r.value, e.vectorMatching)
        : vectorBinop(e.op, l.value, r.value, e.vectorMatching, e.returnBool, e);
    } else if (l.type === 'vector' && r.type === 'scalar') {
      out = vectorScalarBinop(e.op, l.value, r.value, false, e.returnBool);
    } else if (l.type === 'scalar' && r.type === 'vector') {
      out = vectorScalarBinop(e.op, r.value, l.value, true, e.returnBool);
    } else {
      throw new EvalError(`binary operator "${e.op}" not allowed between ${l.type} and ${r.type}`);
    }
    checkUniqueLabels(out);
    return { type: 'vector', value: out };
  }

  #aggregate(e: AggregateExpr, t: number): Vector {
    let param: number | string | null = null;
    if (e.param !== null) {
      const p = this.evalAt(e.param, t);
      if (p.type !== 'scalar' && p.type !== 'string')
        throw new EvalError('aggregation parameter must be a scalar or string');
      param = p.value;
    }
    const v = this.evalAt(e.expr, t);
    if (v.type !== 'vector') throw new EvalError(`aggregation over ${v.type}`);
    const at = e.param ?? e.expr;
    return aggregate(v.value, {
      op: e.op,
      grouping: e.grouping,
      without: e.without,
      param,
      annotate: (level, message) => this.annotateAt(level, message, at),
    });
  }

  #call(e: Call, t: number): Value {
    const v = evalCall(this, e, t, this.#cfg.functions);
    if (v.type === 'vector') checkUniqueLabels(v.value);
    return v;
  }
}

/** checkUniqueLabels throws Prometheus's error when a result vector holds two series with equal labels. */
export function checkUniqueLabels(v: Vector): void {
  if (v.length < 2) return;
  const seen = new Set<string>();
  for (const s of v) {
    const k = labelsKey(s.labels);
    if (seen.has(k)) throw new EvalError('vector cannot contain metrics with the same labelset');
    seen.add(k);
  }
}

/** positionOf is Prometheus's StartPosInput: 1-based line and column of an offset in the query. */
export function positionOf(query: string, pos: number): string {
  if (query === '') return 'unknown position';
  if (pos < 0 || pos > query.length) return 'invalid position';
  let line = 1;
  let lastBreak = -1;
  for (let i = 0; i < pos; i++) {
    if (query[i] === '\n') {
      lastBreak = i;
      line++;
    }
  }
  return `${line}:${pos - lastBreak}`;
}
