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
import type { Labels, SeriesData, Storage } from '../storage';
import { aggregate, newGroupMemo } from './aggregate';
import { scalarBinop, setBinop, vectorBinop, vectorScalarBinop } from './binary';
import { evalCall } from './calls';
import { QueryStorageError, type QueryLimits } from './limits';
import { dropName, labelsKey } from './labels';
import { atTime, offsetOf, rangeOf, selectorRanges, stepOf, type QueryWindow } from './time-ranges';
import type { FunctionLibrary } from './types';
import type { Matcher } from '../matcher';
import { HistogramError, type FloatHistogram } from './histogram/float-histogram';
import { extendFloats, statsOnlySelectors, statsOnlySeries, unknownHint } from './selector-helpers';
import { interpolateHistograms, mixedSchemaWarning, mixedWarning } from './native-range';
import { EvalError, type MatrixSeries, type Sample, type Value, type Vector } from './values';
import {
  hasStale,
  newCursor,
  pooledWindow,
  seek,
  startSeek,
  upperBound,
  type Cursor,
} from './window-cursors';

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
  /** The query text, for annotation positions ('' when the query was given as a tree). */
  query: string;
  /** The query's sample, series and time budget (throws when spent). */
  limits: QueryLimits;
}

/** upperBound is the index of the first timestamp greater than x in the first n entries (see ./window-cursors). */
export { upperBound } from './window-cursors';

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
  readonly #statsOnly: Set<VectorSelector>;
  readonly #extraSelected = new Map<object, SeriesData[]>();
  /** Search cursors per selector node (a matrix selector has two: window start and end). */
  readonly #cursors = new Map<object, Cursor[]>();
  /** Reused window objects per matrix selector and series (see matrixSelector's `reuse`). */
  readonly #windowPool = new Map<MatrixSelector, (MatrixSeries | undefined)[]>();
  /** The labels of each node's last result found unique (checkUnique skips an unchanged series set). */
  readonly #uniqueChecked = new Map<Expr, Labels[]>();
  readonly #nodeMemos = new Map<object, unknown>();
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
    this.#statsOnly = statsOnlySelectors(root);
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
    this.#cfg.limits.beginStep();
  }

  #cursorsFor(key: object, count: number, n: number): Cursor[] {
    let c = this.#cursors.get(key);
    if (c === undefined) {
      c = Array.from({ length: count }, () => newCursor(n));
      this.#cursors.set(key, c);
    }
    return c;
  }

  /**
   * checkUnique is checkUniqueLabels for node e's result; in range queries a result holding the same label
   * objects in the same order as the node's last checked result is known unique without hashing.
   */
  #checkUnique(e: Expr, v: Vector): void {
    if (v.length < 2) return;
    const prev = this.#uniqueChecked.get(e);
    if (prev !== undefined && prev.length === v.length) {
      let same = true;
      for (let i = 0; i < v.length; i++) {
        if (prev[i] !== (v[i] as Sample).labels) {
          same = false;
          break;
        }
      }
      if (same) return;
    }
    checkUniqueLabels(v);
    if (this.#cfg.startMs !== this.#cfg.endMs)
      this.#uniqueChecked.set(
        e,
        v.map((x) => x.labels),
      );
  }

  /** nodeMemo is a per-query value for a node (made on first use), e.g. per-series results kept across steps. */
  nodeMemo<T>(node: object, make: () => T): T {
    let m = this.#nodeMemos.get(node) as T | undefined;
    if (m === undefined) {
      m = make();
      this.#nodeMemos.set(node, m);
    }
    return m;
  }

  #checkAbort(): void {
    this.#cfg.limits.check();
  }

  #count(n: number): void {
    this.#cfg.limits.add(n);
  }

  #select(vs: VectorSelector): SeriesData[] {
    let s = this.#selected.get(vs);
    if (s === undefined) {
      const r = this.#ranges.get(vs) ?? [this.#cfg.startMs - this.#cfg.lookbackMs, this.#cfg.endMs];
      try {
        s = this.#cfg.storage.select(vs.matchers, r[0], r[1]);
      } catch (err) {
        throw err instanceof EvalError ? err : new QueryStorageError(err);
      }
      let loaded = 0;
      for (const x of s) loaded += x.t.length;
      this.#cfg.limits.selected(s.length, loaded);
      if (this.#statsOnly.has(vs)) s = s.map(statsOnlySeries);
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
          const out = v.value.map((s): Sample =>
            s.h === undefined
              ? { labels: dropName(s.labels), value: -s.value }
              : { labels: dropName(s.labels), value: 0, h: s.h.copy().mul(-1) },
          );
          this.#checkUnique(e, out);
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

  /** #smoothedSelector is a `smoothed` instant selector: the value at ref, interpolated between the samples around it. */
  #smoothedSelector(vs: VectorSelector, t: number, ref: number, ts: number[] | null): Vector {
    const lb = this.#cfg.lookbackMs;
    const out: Vector = [];
    for (const s of this.#select(vs)) {
      this.#cfg.limits.tick();
      // Non-stale float samples in (ref - lookback, ref + lookback].
      const lo = upperBound(s.t, s.t.length, ref - lb);
      const hi = upperBound(s.t, s.t.length, ref + lb);
      let prev = -1;
      let next = -1;
      let floats = 0;
      let hists = 0;
      for (let i = lo; i < hi; i++) {
        if (s.stale?.[i] === 1) continue;
        if (s.h?.[i] !== undefined) hists++;
        else floats++;
        if ((s.t[i] as number) < ref) prev = i;
        else if (next < 0) next = i;
      }
      if (floats > 0 && hists > 0) {
        this.annotateAt('warn', mixedWarning(s.labels['__name__'] ?? ''), vs);
        continue;
      }
      if (hists > 0) {
        const h = this.#smoothedHistogram(s, prev, next, ref, vs);
        if (h === undefined) continue;
        out.push({ labels: s.labels, value: 0, h });
        ts?.push(t);
        continue;
      }
      let value: number;
      if (next >= 0 && s.t[next] === ref) value = s.v[next] as number;
      else if (prev >= 0 && next >= 0) {
        const t1 = s.t[prev] as number;
        const y1 = s.v[prev] as number;
        value = y1 + (((s.v[next] as number) - y1) * (ref - t1)) / ((s.t[next] as number) - t1);
      } else if (prev >= 0) value = s.v[prev] as number;
      else continue;
      out.push({ labels: s.labels, value });
      ts?.push(t);
    }
    this.#count(out.length);
    return out;
  }

  /** selectOnce selects series for a key (e.g. an info() call) once per query, with Storage's contract. */
  selectOnce(key: object, matchers: readonly Matcher[], minT: number, maxT: number): SeriesData[] {
    let s = this.#extraSelected.get(key);
    if (s === undefined) {
      s = this.#cfg.storage.select(matchers, minT, maxT);
      this.#extraSelected.set(key, s);
    }
    return s;
  }

  #smoothedHistogram(
    s: SeriesData,
    prev: number,
    next: number,
    ref: number,
    vs: VectorSelector,
  ): FloatHistogram | undefined {
    const hs = s.h as (FloatHistogram | undefined)[];
    const metric = s.labels['__name__'] ?? '';
    if (next >= 0 && s.t[next] === ref) return (hs[next] as FloatHistogram).copy();
    if (prev >= 0 && next >= 0) {
      const a = hs[prev] as FloatHistogram;
      const b = hs[next] as FloatHistogram;
      if (a.usesCustomBuckets() !== b.usesCustomBuckets()) {
        this.annotateAt('warn', mixedSchemaWarning(metric), vs);
        return undefined;
      }
      const isCounter = a.counterResetHint !== 'gauge' || b.counterResetHint !== 'gauge';
      const annotate = (level: 'warn' | 'info', message: string): void => this.annotateAt(level, message, vs);
      try {
        return interpolateHistograms(
          a,
          s.t[prev] as number,
          b,
          s.t[next] as number,
          ref,
          isCounter,
          annotate,
        );
      } catch (err) {
        if (!(err instanceof HistogramError)) throw err;
        this.annotateAt('warn', mixedSchemaWarning(metric), vs);
        return undefined;
      }
    }
    if (prev >= 0) {
      const c = (hs[prev] as FloatHistogram).copy();
      c.counterResetHint = 'unknown';
      return c;
    }
    return undefined;
  }

  /** vectorSelector returns the latest non-stale sample of each series within the lookback; `ts` gets timestamps. */
  vectorSelector(vs: VectorSelector, t: number, ts: number[] | null, sts: number[] | null = null): Vector {
    const ref = atTime(vs, t, this.window) - offsetOf(vs, this.window);
    if (vs.smoothed) return this.#smoothedSelector(vs, t, ref, ts);
    const min = ref - this.#cfg.lookbackMs;
    const out: Vector = [];
    const series = this.#select(vs);
    const cur = this.#cursorsFor(vs, 1, series.length)[0] as Cursor;
    const adv = startSeek(cur, ref);
    for (let k = 0; k < series.length; k++) {
      const s = series[k] as SeriesData;
      this.#cfg.limits.tick();
      const i = seek(cur, k, s.t, ref, adv) - 1;
      if (i < 0 || (s.t[i] as number) <= min || s.stale?.[i] === 1) continue;
      const h = s.h?.[i];
      out.push(
        h === undefined ? { labels: s.labels, value: s.v[i] as number } : { labels: s.labels, value: 0, h },
      );
      ts?.push(s.t[i] as number);
      sts?.push(s.st?.[i] ?? 0);
    }
    this.#count(out.length);
    return out;
  }

  /**
   * matrixSelector returns each series' non-stale samples in (ref - range, ref]; `anchored` and `smoothed`
   * selectors also get the samples up to the lookback delta before (and, smoothed, after) that range, unless
   * `extend` is set: then their boundaries become points interpolated as Prometheus's extendFloats. With `reuse`,
   * float-only windows are objects reused at the next evaluation of `ms` (the caller must not keep them).
   */
  matrixSelector(ms: MatrixSelector, t: number, extend = true, reuse = false): MatrixSeries[] {
    const vs = ms.vectorSelector;
    if (vs.kind !== 'VectorSelector') throw new EvalError('range selector without a vector selector');
    const ref = atTime(vs, t, this.window) - offsetOf(vs, this.window);
    const range = rangeOf(ms, this.window);
    const ext = vs.anchored || vs.smoothed;
    const lb = ext ? this.#cfg.lookbackMs : 0;
    const out: MatrixSeries[] = [];
    const series = this.#select(vs);
    const [curLo, curHi] = this.#cursorsFor(ms, 2, series.length) as [Cursor, Cursor];
    const xLo = ref - range - lb;
    const xHi = ref + (vs.smoothed ? lb : 0);
    const advLo = startSeek(curLo, xLo);
    const advHi = startSeek(curHi, xHi);
    let pool: (MatrixSeries | undefined)[] | undefined;
    if (reuse) {
      pool = this.#windowPool.get(ms);
      if (pool === undefined) {
        pool = new Array<MatrixSeries | undefined>(series.length);
        this.#windowPool.set(ms, pool);
      }
    }
    for (let k = 0; k < series.length; k++) {
      const s = series[k] as SeriesData;
      this.#cfg.limits.tick();
      const lo = seek(curLo, k, s.t, xLo, advLo);
      const hi = seek(curHi, k, s.t, xHi, advHi);
      if (hi <= lo) continue;
      const stale = s.stale;
      const sh = s.h;
      if (pool !== undefined && sh === undefined && s.st === undefined && !hasStale(stale, lo, hi)) {
        out.push(pooledWindow(pool, k, s, lo, hi));
        continue;
      }
      if (!hasStale(stale, lo, hi)) {
        const m: MatrixSeries = {
          labels: s.labels,
          t: s.t.subarray(lo, hi),
          v: s.v.subarray(lo, hi),
          length: hi - lo,
        };
        if (s.st !== undefined) m.st = s.st.subarray(lo, hi);
        if (sh !== undefined) {
          const hh = sh.slice(lo, hi);
          if (hh.some((x) => x !== undefined)) m.h = hh;
        }
        out.push(m);
        continue;
      }
      if (stale === undefined) continue; // unreachable: hasStale was true
      const tt = new Float64Array(hi - lo);
      const vv = new Float64Array(hi - lo);
      const hh: (FloatHistogram | undefined)[] | undefined = sh === undefined ? undefined : [];
      const sst = s.st === undefined ? undefined : new Float64Array(hi - lo);
      let n = 0;
      for (let i = lo; i < hi; i++) {
        if (stale[i] === 1) continue;
        tt[n] = s.t[i] as number;
        vv[n] = s.v[i] as number;
        hh?.push(sh?.[i]);
        if (sst !== undefined) sst[n] = s.st?.[i] ?? 0;
        n++;
      }
      if (n > 0) {
        const m: MatrixSeries = { labels: s.labels, t: tt, v: vv, length: n };
        if (sst !== undefined) m.st = sst;
        if (hh !== undefined && hh.some((x) => x !== undefined)) m.h = hh;
        out.push(m);
      }
    }
    let total = 0;
    for (const m of out) total += m.length;
    this.#count(total);
    if (ext && extend) {
      if (out.some((m) => m.h !== undefined)) {
        throw new EvalError(
          `${vs.anchored ? 'anchored' : 'smoothed'} modifier is not supported with histograms`,
        );
      }
      return out.flatMap((m) => extendFloats(m, ref - range, ref, vs.smoothed));
    }
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
    const acc = new Map<
      string,
      { labels: MatrixSeries['labels']; t: number[]; v: number[]; h?: (FloatHistogram | undefined)[] }
    >();
    const add = (labels: MatrixSeries['labels'], ts: number, v: number, h?: FloatHistogram): void => {
      const k = labelsKey(labels);
      let a = acc.get(k);
      if (a === undefined) {
        a = { labels, t: [], v: [] };
        acc.set(k, a);
      }
      if (h !== undefined && a.h === undefined)
        a.h = new Array<FloatHistogram | undefined>(a.t.length).fill(undefined);
      a.t.push(ts);
      a.v.push(v);
      a.h?.push(h);
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
    // The subquery holds its points, not its inner steps' inputs: count those, as Prometheus does.
    const limits = this.#cfg.limits;
    const mark = limits.held;
    let points = 0;
    for (let ts = start; ts <= ref; ts += step) {
      let v = memo?.get(ts);
      if (v === undefined) {
        this.#checkAbort();
        v = this.evalAt(sq.expr, ts);
        memo?.set(ts, v);
      }
      if (v.type === 'scalar') add({}, ts, v.value);
      else if (v.type === 'vector') for (const s of v.value) add(s.labels, ts, s.value, unknownHint(s.h));
      else throw new EvalError(`subquery is only allowed on instant vector, got ${v.type}`);
      points += v.type === 'scalar' ? 1 : v.value.length;
      limits.release(mark, points);
    }
    const out: MatrixSeries[] = [];
    for (const a of acc.values()) {
      const m: MatrixSeries = {
        labels: a.labels,
        t: Float64Array.from(a.t),
        v: Float64Array.from(a.v),
        length: a.t.length,
      };
      if (a.h !== undefined) m.h = a.h;
      out.push(m);
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
    const annotate = (level: 'warn' | 'info', message: string): void => this.annotateAt(level, message, e);
    if (l.type === 'vector' && r.type === 'vector') {
      out = SET_OPS.has(e.op)
        ? setBinop(e.op, l.value, r.value, e.vectorMatching)
        : vectorBinop(e.op, l.value, r.value, e.vectorMatching, e.returnBool, e, annotate);
    } else if (l.type === 'vector' && r.type === 'scalar') {
      out = vectorScalarBinop(e.op, l.value, r.value, false, e.returnBool, annotate);
    } else if (l.type === 'scalar' && r.type === 'vector') {
      out = vectorScalarBinop(e.op, r.value, l.value, true, e.returnBool, annotate);
    } else {
      throw new EvalError(`binary operator "${e.op}" not allowed between ${l.type} and ${r.type}`);
    }
    this.#checkUnique(e, out);
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
      memo: this.nodeMemo(e, newGroupMemo),
      op: e.op,
      grouping: e.grouping,
      without: e.without,
      param,
      annotate: (level, message) => this.annotateAt(level, message, at),
      annotateExpr: (level, message) => this.annotateAt(level, message, e.expr),
    });
  }

  #call(e: Call, t: number): Value {
    const v = evalCall(this, e, t, this.#cfg.functions);
    if (v.type === 'vector') this.#checkUnique(e, v.value);
    return v;
  }
}

/** checkUniqueLabels throws when a vector holds two series with the same label set. */
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
