// Function calls: a few engine-level functions, then dispatch to the range/instant/vector function library.
import type { Call, Expr } from '../ast';
import { compareLabels, type Labels } from '../storage';
import { BUILTIN_FUNCTIONS } from './builtins';
import type { Evaluator } from './evaluator';
import { dropName, labelsKey } from './labels';
import { withMetric } from './histogram/stats';
import type { FunctionLibrary, RangeFnContext } from './types';
import { EvalError, type MatrixSeries, type Sample, type Value, type Vector } from './values';
import { atTime, offsetOf, rangeOf } from './time-ranges';
import {
  absentLabels,
  bucketFraction,
  bucketQuantile,
  clampOutputsNothing,
  groupBuckets,
  parseBucketBound,
} from './functions';
import type { FloatHistogram } from './histogram/float-histogram';
import { histogramFraction, histogramQuantile, histogramVariance } from './histogram/stats';
import { ANCHORED_SAFE, extendedRangeCall, SMOOTHED_SAFE } from './extended-calls';
import { evalInfo } from './info';
import { nativeRangeCall } from './native-range';
import { START_TIMESTAMP_FUNCS, startTimestampCall } from './start-timestamps';

const COUNTER_FUNCS = new Set(['rate', 'increase', 'irate']);
const COUNTER_SUFFIX = /(?:_total|_sum|_count|_bucket)$/;
const KEEP_NAME_FUNCS = new Set(['last_over_time', 'first_over_time']);
const DATE_FUNCS = new Set([
  'minute',
  'hour',
  'day_of_month',
  'day_of_week',
  'day_of_year',
  'days_in_month',
  'month',
  'year',
]);

function unwrap(e: Expr): Expr {
  let x = e;
  while (x.kind === 'ParenExpr') x = x.expr;
  return x;
}

function scalarArg(ev: Evaluator, e: Expr, t: number): number {
  const v = ev.evalAt(e, t);
  if (v.type !== 'scalar') throw new EvalError(`expected scalar argument, got ${v.type}`);
  return v.value;
}

function vectorArg(ev: Evaluator, e: Expr, t: number): Vector {
  const v = ev.evalAt(e, t);
  if (v.type !== 'vector') throw new EvalError(`expected instant vector argument, got ${v.type}`);
  return v.value;
}

/** selectorAbsentLabels are absent()'s output labels for a (range) selector argument; {} for anything else. */
function selectorAbsentLabels(e: Expr): Labels {
  const x = unwrap(e);
  const vs = x.kind === 'MatrixSelector' ? x.vectorSelector : x;
  return vs.kind === 'VectorSelector' ? absentLabels(vs.matchers) : {};
}

function byValue(desc: boolean): (a: { value: number }, b: { value: number }) => number {
  return (a, b) => {
    const an = Number.isNaN(a.value);
    const bn = Number.isNaN(b.value);
    if (an || bn) return an === bn ? 0 : an ? 1 : -1;
    return desc ? b.value - a.value : a.value - b.value;
  };
}

/**
 * matrixArg evaluates a range-vector argument. With `reuse`, window objects of a plain range selector may be
 * reused at the next step: the caller must not keep them.
 */
function matrixArg(
  ev: Evaluator,
  e: Expr,
  t: number,
  reuse = false,
): { series: MatrixSeries[]; ctx: RangeFnContext } {
  const x = unwrap(e);
  if (x.kind === 'MatrixSelector') {
    const vs = x.vectorSelector;
    if (vs.kind !== 'VectorSelector') throw new EvalError('range selector without a vector selector');
    const ref = atTime(vs, t, ev.window) - offsetOf(vs, ev.window);
    return {
      series: ev.matrixSelector(x, t, false, reuse),
      ctx: { rangeStartMs: ref - rangeOf(x, ev.window), rangeEndMs: ref, evalTimeMs: t },
    };
  }
  if (x.kind === 'SubqueryExpr') {
    const ref = atTime(x, t, ev.window) - offsetOf(x, ev.window);
    const range = rangeOf(x, ev.window);
    return { series: ev.subquery(x, t), ctx: { rangeStartMs: ref - range, rangeEndMs: ref, evalTimeMs: t } };
  }
  const v = ev.evalAt(x, t);
  if (v.type !== 'matrix') throw new EvalError(`expected range vector argument, got ${v.type}`);
  return { series: v.value, ctx: { rangeStartMs: t, rangeEndMs: t, evalTimeMs: t } };
}

/** evalCall evaluates a function call at time t. */
export function evalCall(ev: Evaluator, e: Call, t: number, lib: FunctionLibrary): Value {
  const name = e.func.name;
  const args = e.args;
  switch (name) {
    case 'time':
      return { type: 'scalar', value: t / 1000 };
    case 'start':
      return { type: 'scalar', value: ev.window.startMs / 1000 };
    case 'end':
      return { type: 'scalar', value: ev.window.endMs / 1000 };
    case 'range':
      return { type: 'scalar', value: (ev.window.endMs - ev.window.startMs) / 1000 };
    case 'step': {
      const w = ev.window;
      return { type: 'scalar', value: w.startMs === w.endMs ? 0 : w.stepMs / 1000 };
    }
    case 'min_of':
    case 'max_of': {
      const a = scalarArg(ev, args[0] as Expr, t);
      const b = scalarArg(ev, args[1] as Expr, t);
      return { type: 'scalar', value: name === 'min_of' ? Math.min(a, b) : Math.max(a, b) };
    }
    case 'sort_by_label':
    case 'sort_by_label_desc': {
      const v = [...vectorArg(ev, args[0] as Expr, t)];
      const names = args.slice(1).map((a) => {
        const s = ev.evalAt(a, t);
        if (s.type !== 'string') throw new EvalError('sort_by_label expects label names as strings');
        return s.value;
      });
      const dir = name === 'sort_by_label' ? 1 : -1;
      v.sort((a, b) => {
        for (const n of names) {
          const x = a.labels[n] ?? '';
          const y = b.labels[n] ?? '';
          if (x !== y) return dir * naturalCompare(x, y);
        }
        return dir * compareLabels(a.labels, b.labels);
      });
      return { type: 'vector', value: v };
    }
    case 'pi':
      return { type: 'scalar', value: Math.PI };
    case 'info':
      return { type: 'vector', value: evalInfo(ev, e, t) };
    case 'start_timestamp': {
      // Start timestamps are known only for samples read straight from a selector.
      const x = unwrap(args[0] as Expr);
      if (x.kind !== 'VectorSelector') {
        vectorArg(ev, x, t);
        return { type: 'vector', value: [] };
      }
      const sts: number[] = [];
      const v = ev.vectorSelector(x, t, null, sts);
      return {
        type: 'vector',
        value: v.map((s, i) => ({ labels: dropName(s.labels), value: (sts[i] ?? 0) / 1000 })),
      };
    }
    case 'vector':
      return { type: 'vector', value: [{ labels: {}, value: scalarArg(ev, args[0] as Expr, t) }] };
    case 'scalar': {
      const v = vectorArg(ev, args[0] as Expr, t).filter((s) => s.h === undefined);
      return { type: 'scalar', value: v.length === 1 ? (v[0] as { value: number }).value : NaN };
    }
    case 'histogram_count':
    case 'histogram_sum':
    case 'histogram_avg':
    case 'histogram_stddev':
    case 'histogram_stdvar': {
      const out: Vector = [];
      for (const s of vectorArg(ev, args[0] as Expr, t)) {
        if (s.h !== undefined) out.push({ labels: dropName(s.labels), value: histogramScalar(name, s.h) });
      }
      return { type: 'vector', value: out };
    }
    case 'timestamp': {
      const x = unwrap(args[0] as Expr);
      if (x.kind === 'VectorSelector') {
        const ts: number[] = [];
        const v = ev.vectorSelector(x, t, ts);
        return {
          type: 'vector',
          value: v.map((s, i) => ({ labels: dropName(s.labels), value: (ts[i] as number) / 1000 })),
        };
      }
      const v = vectorArg(ev, x, t);
      return { type: 'vector', value: v.map((s) => ({ labels: dropName(s.labels), value: t / 1000 })) };
    }
    case 'absent': {
      const v = vectorArg(ev, args[0] as Expr, t);
      return {
        type: 'vector',
        value: v.length > 0 ? [] : [{ labels: selectorAbsentLabels(args[0] as Expr), value: 1 }],
      };
    }
    case 'absent_over_time': {
      const { series } = matrixArg(ev, args[0] as Expr, t);
      return {
        type: 'vector',
        value: series.length > 0 ? [] : [{ labels: selectorAbsentLabels(args[0] as Expr), value: 1 }],
      };
    }
    case 'sort':
    case 'sort_desc': {
      const v = vectorArg(ev, args[0] as Expr, t).filter((s) => s.h === undefined);
      return { type: 'vector', value: v.sort(byValue(name === 'sort_desc')) };
    }
    default:
      break;
  }
  const matrixIdx = e.func.argTypes.indexOf('matrix');
  if (matrixIdx >= 0) {
    const fn = lib.range[name] ?? BUILTIN_FUNCTIONS.range[name];
    if (fn === undefined) throw new EvalError(`function "${name}" is not supported yet`);
    const scalars: number[] = [];
    args.forEach((a, i) => {
      if (i !== matrixIdx) scalars.push(scalarArg(ev, a, t));
    });
    if (name === 'quantile_over_time') {
      const q = scalars[0] ?? NaN;
      if (Number.isNaN(q) || q < 0 || q > 1) {
        ev.annotateAt(
          'warn',
          `PromQL warning: quantile value should be between 0 and 1, got ${q}`,
          args[0] as Expr,
        );
      }
    }
    const sel = unwrap(args[matrixIdx] as Expr);
    const ext =
      sel.kind === 'MatrixSelector' && sel.vectorSelector.kind === 'VectorSelector'
        ? sel.vectorSelector
        : null;
    if (ext !== null && (ext.anchored || ext.smoothed)) {
      const kind = ext.anchored ? 'anchored' : 'smoothed';
      const safe = ext.anchored ? ANCHORED_SAFE : SMOOTHED_SAFE;
      if (!safe.includes(name)) {
        throw new EvalError(`${kind} modifier can only be used with: ${safe.join(', ')} - not with ${name}`);
      }
      const { series, ctx } = matrixArg(ev, args[matrixIdx] as Expr, t);
      const annotate = (level: 'warn' | 'info', message: string): void =>
        ev.annotateAt(level, message, args[matrixIdx] as Expr);
      return {
        type: 'vector',
        value: extendedRangeCall(name, series, ctx, ext.smoothed, fn, scalars, annotate),
      };
    }
    // The loop below passes each window to the function and keeps only its result: window objects may be reused.
    const { series, ctx } = matrixArg(ev, args[matrixIdx] as Expr, t, true);
    const out: Vector = [];
    // One context per call, updated per series: no per-series allocations besides the output sample.
    const c: RangeFnContext = {
      ...ctx,
      isCounter: COUNTER_FUNCS.has(name),
      annotate: (level, message) => ev.annotateAt(level, message, args[matrixIdx] as Expr),
    };
    const keepName = KEEP_NAME_FUNCS.has(name);
    // Prometheus checks counter names only for rate/increase over a plain range selector.
    const checkCounter =
      (name === 'rate' || name === 'increase') && unwrap(args[matrixIdx] as Expr).kind === 'MatrixSelector';
    const annotateRange = (level: 'warn' | 'info', message: string): void =>
      ev.annotateAt(level, message, args[name === 'quantile_over_time' ? 0 : matrixIdx] as Expr);
    // Output labels by input position, reused while the same series come back at later steps.
    const memo = ev.nodeMemo(e, newDropMemo);
    let counterName: string | undefined;
    for (let j = 0; j < series.length; j++) {
      const s = series[j] as MatrixSeries;
      const metricName = s.labels['__name__'];
      if (metricName !== undefined) c.metricName = metricName;
      else delete c.metricName;
      const hasFloats =
        s.h === undefined ? s.length > 0 : s.h.some((x, i) => i < s.length && x === undefined);
      if (
        checkCounter &&
        metricName !== undefined &&
        hasFloats &&
        metricName !== counterName &&
        !COUNTER_SUFFIX.test(metricName)
      ) {
        ev.annotateAt(
          'info',
          `PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: ${JSON.stringify(metricName)}`,
          args[matrixIdx] as Expr,
        );
      }
      if (s.st !== undefined && START_TIMESTAMP_FUNCS.has(name)) {
        const r = startTimestampCall(name, s, c, annotateRange);
        if (r !== null) {
          if (r === undefined) continue;
          const labels = dropName(s.labels);
          out.push(r.h === undefined ? { labels, value: r.value } : { labels, value: 0, h: r.h });
          continue;
        }
      }
      if (s.h !== undefined) {
        const r = nativeRangeCall(name, s, c, scalars, fn, annotateRange);
        if (r === undefined) continue;
        const labels = keepName ? s.labels : dropName(s.labels);
        out.push(r.h === undefined ? { labels, value: r.value } : { labels, value: 0, h: r.h });
        continue;
      }
      if (checkCounter && metricName !== undefined && hasFloats) counterName = metricName;
      const value = fn(s, c, scalars);
      if (value === undefined) continue;
      let labels: Labels;
      if (keepName) labels = s.labels;
      else if (memo.in[j] === s.labels) labels = memo.out[j] as Labels;
      else {
        labels = dropName(s.labels);
        memo.in[j] = s.labels;
        memo.out[j] = labels;
      }
      out.push({ labels, value });
    }
    return { type: 'vector', value: out };
  }
  if (CLASSIC_HISTOGRAM_FUNCS.has(name)) return { type: 'vector', value: classicHistogramCall(ev, e, t) };
  const vfn = lib.vector[name] ?? BUILTIN_FUNCTIONS.vector[name];
  if (vfn !== undefined) {
    let vec: Vector = [];
    const rest: Array<number | string> = [];
    for (const a of args) {
      const v = ev.evalAt(a, t);
      if (v.type === 'vector') vec = v.value;
      else if (v.type === 'scalar' || v.type === 'string') rest.push(v.value);
      else throw new EvalError(`unexpected ${v.type} argument to ${name}`);
    }
    return { type: 'vector', value: vfn(vec, rest, t) };
  }
  const ifn = lib.instant[name] ?? BUILTIN_FUNCTIONS.instant[name];
  if (ifn === undefined) throw new EvalError(`function "${name}" is not supported yet`);
  if (DATE_FUNCS.has(name) && args.length === 0) {
    return { type: 'vector', value: [{ labels: {}, value: ifn(t / 1000, [], t) }] };
  }
  let vec: Vector = [];
  const scalars: number[] = [];
  for (const a of args) {
    const v = ev.evalAt(a, t);
    if (v.type === 'vector') vec = v.value;
    else if (v.type === 'scalar') scalars.push(v.value);
    else throw new EvalError(`unexpected ${v.type} argument to ${name}`);
  }
  // clamp with min > max outputs nothing, as in Prometheus.
  if (name === 'clamp' && clampOutputsNothing(scalars)) return { type: 'vector', value: [] };
  const out: Vector = [];
  for (const s of vec) {
    // Float functions ignore histogram samples, as Prometheus's simpleFloatFunc.
    if (s.h === undefined) out.push({ labels: dropName(s.labels), value: ifn(s.value, scalars, t) });
  }
  return { type: 'vector', value: out };
}

/** DropMemo keeps, by input position, the label objects last seen and their name-less labels. */
interface DropMemo {
  in: (Labels | undefined)[];
  out: (Labels | undefined)[];
}

function newDropMemo(): DropMemo {
  return { in: [], out: [] };
}

const CLASSIC_HISTOGRAM_FUNCS = new Set(['histogram_quantile', 'histogram_quantiles', 'histogram_fraction']);
const MONOTONICITY_INFO =
  'PromQL info: input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)';

function checkQuantile(ev: Evaluator, q: number, arg: Expr): void {
  if (Number.isNaN(q) || q < 0 || q > 1) {
    ev.annotateAt('warn', `PromQL warning: quantile value should be between 0 and 1, got ${q}`, arg);
  }
}

/** formatOpenMetricsFloat spells a quantile as OpenMetrics does: integral values keep a ".0". */
export function formatOpenMetricsFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const s = String(v);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

/**
 * classicHistogramCall evaluates histogram_quantile, histogram_quantiles and histogram_fraction over classic
 * (`le`-labelled) buckets, with Prometheus's annotations for bad `le` values and forced monotonicity.
 */
function classicHistogramCall(ev: Evaluator, e: Call, t: number): Vector {
  const name = e.func.name;
  const args = e.args;
  const vecIdx = name === 'histogram_quantile' ? 1 : name === 'histogram_fraction' ? 2 : 0;
  const vecArg = args[vecIdx] as Expr;
  const scalars: number[] = [];
  args.forEach((a, i) => {
    if (i !== vecIdx && !(name === 'histogram_quantiles' && i === 1)) scalars.push(scalarArg(ev, a, t));
  });
  if (name === 'histogram_quantile') checkQuantile(ev, scalars[0] ?? NaN, args[0] as Expr);
  if (name === 'histogram_quantiles') scalars.forEach((q, i) => checkQuantile(ev, q, args[i + 2] as Expr));
  const input = vectorArg(ev, vecArg, t);
  const natives = input.filter((s) => s.h !== undefined);
  let vector = natives.length === input.length ? [] : input.filter((s) => s.h === undefined);
  if (natives.length > 0 && vector.length > 0) {
    // A native histogram and classic buckets of the same series: neither is evaluated.
    const classicKeys = new Set<string>();
    for (const s of vector) {
      if (parseBucketBound(s.labels['le'] ?? '') === undefined) continue;
      const { le: _le, ...rest } = s.labels;
      classicKeys.add(labelsKey(rest));
    }
    const clash = new Set<string>();
    for (let i = natives.length - 1; i >= 0; i--) {
      const n = natives[i] as Sample;
      const k = labelsKey(n.labels);
      if (!classicKeys.has(k)) continue;
      clash.add(k);
      natives.splice(i, 1);
      ev.annotateAt(
        'warn',
        withMetric(
          'PromQL warning: vector contains a mix of classic and native histograms',
          n.labels['__name__'] ?? '',
        ),
        vecArg,
      );
    }
    if (clash.size > 0) {
      vector = vector.filter((s) => {
        const { le: _le, ...rest } = s.labels;
        return !clash.has(labelsKey(rest)) || parseBucketBound(s.labels['le'] ?? '') === undefined;
      });
    }
  }
  for (const s of vector) {
    const le = s.labels['le'] ?? '';
    if (parseBucketBound(le) !== undefined) continue;
    ev.annotateAt(
      'warn',
      withMetric(
        `PromQL warning: bucket label "le" is missing or has a malformed value of ${JSON.stringify(le)}`,
        s.labels['__name__'] ?? '',
      ),
      vecArg,
    );
  }
  const groups = groupBuckets(vector).groups.filter((g) => g.buckets.length > 0);
  const nativeOut = (q: number, labelsOf: (s: Sample) => Labels): Vector =>
    natives.map((s) => {
      const metric = s.labels['__name__'] ?? '';
      const r =
        name === 'histogram_fraction'
          ? histogramFraction(scalars[0] ?? NaN, scalars[1] ?? NaN, s.h as FloatHistogram, metric)
          : histogramQuantile(q, s.h as FloatHistogram, metric);
      for (const m of r.infos) ev.annotateAt('info', m, vecArg);
      return { labels: labelsOf(s), value: r.value };
    });
  if (name === 'histogram_fraction') {
    const [lower = NaN, upper = NaN] = scalars;
    return [
      ...nativeOut(NaN, (s) => dropName(s.labels)),
      ...groups.map((g) => ({ labels: g.labels, value: bucketFraction(lower, upper, g.buckets) })),
    ];
  }
  let quantileLabel: string | undefined;
  if (name === 'histogram_quantiles') {
    const l = ev.evalAt(args[1] as Expr, t);
    if (l.type !== 'string') throw new EvalError('histogram_quantiles expects a label name as a string');
    quantileLabel = l.value;
  }
  const out: Vector = [];
  let forced = false;
  for (const q of scalars) {
    out.push(
      ...nativeOut(q, (s) =>
        quantileLabel === undefined
          ? dropName(s.labels)
          : { ...dropName(s.labels), [quantileLabel]: formatOpenMetricsFloat(q) },
      ),
    );
    for (const g of groups) {
      const r = bucketQuantile(q, g.buckets);
      forced ||= r.forcedMonotonicity;
      const labels =
        quantileLabel === undefined ? g.labels : { ...g.labels, [quantileLabel]: formatOpenMetricsFloat(q) };
      out.push({ labels, value: r.value });
    }
  }
  if (forced) ev.annotateAt('info', MONOTONICITY_INFO, vecArg);
  return out;
}

/** naturalCompare orders strings with digit runs compared as numbers ("a2" < "a10"). */
export function naturalCompare(a: string, b: string): number {
  const ca = a.match(/\d+|\D+/g) ?? [];
  const cb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const x = ca[i] as string;
    const y = cb[i] as string;
    if (x === y) continue;
    const dx = /^\d/.test(x);
    const dy = /^\d/.test(y);
    if (dx && dy) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d < 0 ? -1 : 1;
      return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return ca.length - cb.length;
}

/** histogramScalar is histogram_count/sum/avg/stddev/stdvar of one histogram. */
function histogramScalar(name: string, h: FloatHistogram): number {
  switch (name) {
    case 'histogram_count':
      return h.count;
    case 'histogram_sum':
      return h.sum;
    case 'histogram_avg':
      return h.sum / h.count;
    case 'histogram_stddev':
      return Math.sqrt(histogramVariance(h));
    default:
      return histogramVariance(h);
  }
}
