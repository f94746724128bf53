// Range-vector functions over series that hold native histograms (alone or mixed with floats).
import { aggregateHistograms } from './histogram/aggregate';
import { isStartTimestampReset, overlapWarning, startTimeOverlap } from './start-timestamp-resets';
import { HistogramError, type FloatHistogram } from './histogram/float-histogram';
import type { RangeFnContext, RangeFunction, RangePoints } from './types';
import type { MatrixSeries } from './values';

/** Annotate records an annotation message (the caller adds the position). */
export type Annotate = (level: 'warn' | 'info', message: string) => void;

/** NativeResult is one output value: a float or a histogram. */
export interface NativeResult {
  value: number;
  h?: FloatHistogram;
}

interface Split {
  floats: RangePoints;
  ht: number[];
  hs: FloatHistogram[];
}

function split(s: MatrixSeries): Split {
  const hh = s.h ?? [];
  const ft = new Float64Array(s.length);
  const fv = new Float64Array(s.length);
  const ht: number[] = [];
  const hs: FloatHistogram[] = [];
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const h = hh[i];
    if (h === undefined) {
      ft[n] = s.t[i] as number;
      fv[n] = s.v[i] as number;
      n++;
    } else {
      ht.push(s.t[i] as number);
      hs.push(h);
    }
  }
  return { floats: { t: ft, v: fv, length: n }, ht, hs };
}

/** mixedWarning is Prometheus's MixedFloatsHistogramsWarning for a metric. */
export function mixedWarning(metric: string): string {
  return `PromQL warning: encountered a mix of histograms and floats for metric name ${JSON.stringify(metric)}`;
}

function ignoredInfo(metric: string): string {
  return `PromQL info: ignored histograms in a range containing both floats and histograms for metric name ${JSON.stringify(metric)}`;
}

/** mixedSchemaWarning is Prometheus's MixedExponentialCustomHistogramsWarning. */
export function mixedSchemaWarning(metric: string): string {
  return `PromQL warning: vector contains a mix of histograms with exponential and custom buckets schemas for metric name ${JSON.stringify(metric)}`;
}

const notCounter = (m: string): string =>
  `PromQL warning: this native histogram metric is not a counter: ${JSON.stringify(m)}`;
const notGauge = (m: string): string =>
  `PromQL warning: this native histogram metric is not a gauge: ${JSON.stringify(m)}`;
/** reconciledInfo is Prometheus's MismatchedCustomBucketsHistogramsInfo for an operation. */
export const reconciledInfo = (op: string): string =>
  `PromQL info: mismatched custom buckets were reconciled during ${op}`;
/** collisionWarning is Prometheus's HistogramCounterResetCollisionWarning for an operation. */
export const collisionWarning = (op: string): string =>
  `PromQL warning: conflicting counter resets during histogram ${op}`;

// Functions that look at floats only: histograms in a mixed range are ignored with an info.
const FLOAT_ONLY = new Set([
  'deriv',
  'predict_linear',
  'double_exponential_smoothing',
  'stddev_over_time',
  'stdvar_over_time',
  'mad_over_time',
  'quantile_over_time',
  'min_over_time',
  'max_over_time',
  'ts_of_min_over_time',
  'ts_of_max_over_time',
]);

/**
 * histogramRate is the counter-reset-corrected difference between the last and first histogram (Prometheus's
 * histogramRate); `st` are the samples' start timestamps (0: unknown), used for resets when given.
 */
export function histogramRate(
  ts: readonly number[],
  hs: readonly FloatHistogram[],
  isCounter: boolean,
  metric: string,
  annotate: Annotate,
  st?: Float64Array,
): FloatHistogram | undefined {
  const stReset = (i: number): boolean =>
    st !== undefined &&
    i < st.length &&
    isStartTimestampReset(st[i - 1] as number, ts[i - 1] as number, st[i] as number, ts[i] as number);
  let prev = hs[0] as FloatHistogram;
  const last = hs[hs.length - 1] as FloatHistogram;
  let custom = prev.usesCustomBuckets();
  if (isCounter && (prev.counterResetHint === 'gauge' || last.counterResetHint === 'gauge'))
    annotate('warn', notCounter(metric));
  if (isCounter) {
    const second = hs[1] as FloatHistogram;
    if (stReset(1) || second.detectReset(prev)) {
      const empty = prev.copy();
      empty.count = 0;
      empty.sum = 0;
      empty.zeroCount = 0;
      empty.zeroThreshold = 0;
      empty.positiveSpans = [];
      empty.positiveBuckets = [];
      empty.negativeSpans = [];
      empty.negativeBuckets = [];
      empty.counterResetHint = 'unknown';
      empty.schema = second.schema;
      empty.customValues = second.customValues;
      prev = empty;
      custom = second.usesCustomBuckets();
    }
  }
  if (last.usesCustomBuckets() !== custom) {
    annotate('warn', mixedSchemaWarning(metric));
    return undefined;
  }
  let minSchema = Math.min(last.schema, prev.schema);
  for (let i = 1; i < hs.length - 1; i++) {
    const cur = hs[i] as FloatHistogram;
    if (!isCounter) continue;
    if (cur.counterResetHint === 'gauge') annotate('warn', notCounter(metric));
    if (cur.schema < minSchema) minSchema = cur.schema;
    if (cur.usesCustomBuckets() !== custom) {
      annotate('warn', mixedSchemaWarning(metric));
      return undefined;
    }
  }
  const h = last.copy().reduceResolution(minSchema);
  try {
    if (h.sub(prev).nhcbBoundsReconciled) annotate('info', reconciledInfo('subtraction'));
    if (isCounter) {
      let p = prev;
      let overlap = false;
      for (let i = 1; i < hs.length; i++) {
        const cur = hs[i] as FloatHistogram;
        if (!overlap && st !== undefined && i < st.length) {
          if (startTimeOverlap(st[i - 1] as number, ts[i - 1] as number, st[i] as number)) {
            annotate('warn', overlapWarning(metric));
            overlap = true;
          }
        }
        if (stReset(i) || cur.detectReset(p)) {
          if (h.add(p).nhcbBoundsReconciled) annotate('info', reconciledInfo('addition'));
        }
        p = cur;
      }
    } else if ((hs[0] as FloatHistogram).counterResetHint !== 'gauge' || last.counterResetHint !== 'gauge') {
      annotate('warn', notGauge(metric));
    }
  } catch (err) {
    if (err instanceof HistogramError) {
      annotate('warn', mixedSchemaWarning(metric));
      return undefined;
    }
    throw err;
  }
  h.counterResetHint = 'gauge';
  return h.compact();
}

function extrapolatedHistogramRate(
  sp: Split,
  ctx: RangeFnContext,
  isCounter: boolean,
  isRate: boolean,
  metric: string,
  annotate: Annotate,
): NativeResult | undefined {
  const { ht, hs } = sp;
  if (hs.length < 2) return undefined;
  const result = histogramRate(ht, hs, isCounter, metric, annotate);
  if (result === undefined) return undefined;
  const firstT = ht[0] as number;
  const lastT = ht[ht.length - 1] as number;
  const rangeStart = ctx.rangeStartMs;
  const rangeEnd = ctx.rangeEndMs;
  let durationToStart = (firstT - rangeStart) / 1000;
  let durationToEnd = (rangeEnd - lastT) / 1000;
  const sampledInterval = (lastT - firstT) / 1000;
  const avg = sampledInterval / (hs.length - 1);
  const threshold = avg * 1.1;
  if (durationToStart >= threshold) durationToStart = avg / 2;
  if (isCounter) {
    let durationToZero = durationToStart;
    const first = hs[0] as FloatHistogram;
    if (result.count > 0 && first.count >= 0) durationToZero = sampledInterval * (first.count / result.count);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  if (durationToEnd >= threshold) durationToEnd = avg / 2;
  let factor =
    sampledInterval !== 0 ? (sampledInterval + durationToStart + durationToEnd) / sampledInterval : 1;
  if (isRate) factor /= (ctx.rangeEndMs - ctx.rangeStartMs) / 1000;
  result.mul(factor);
  return { value: 0, h: result };
}

function instantHistogramValue(
  s: MatrixSeries,
  isRate: boolean,
  metric: string,
  annotate: Annotate,
): NativeResult | undefined {
  if (s.length < 2) return undefined;
  const i1 = s.length - 1;
  const i0 = s.length - 2;
  const t1 = s.t[i1] as number;
  const t0 = s.t[i0] as number;
  const h1 = s.h?.[i1];
  const h0 = s.h?.[i0];
  const interval = t1 - t0;
  if (interval === 0) return undefined;
  if (h1 === undefined && h0 === undefined) {
    const v1 = s.v[i1] as number;
    const v0 = s.v[i0] as number;
    let r = v1;
    if (!isRate || !(v1 < v0)) r = v1 - v0;
    return { value: isRate ? r / (interval / 1000) : r };
  }
  if (h1 === undefined || h0 === undefined) {
    annotate('warn', mixedWarning(metric));
    return undefined;
  }
  const h = h1.copy();
  if (isRate && (h1.counterResetHint === 'gauge' || h0.counterResetHint === 'gauge'))
    annotate('warn', notCounter(metric));
  if (!isRate && (h1.counterResetHint !== 'gauge' || h0.counterResetHint !== 'gauge'))
    annotate('warn', notGauge(metric));
  if (!isRate || !h1.detectReset(h0)) {
    try {
      if (h.sub(h0).nhcbBoundsReconciled) annotate('info', reconciledInfo('subtraction'));
    } catch (err) {
      if (err instanceof HistogramError) {
        annotate('warn', mixedSchemaWarning(metric));
        return undefined;
      }
      throw err;
    }
  }
  h.counterResetHint = 'gauge';
  h.compact();
  if (isRate) h.div(interval / 1000);
  return { value: 0, h };
}

/**
 * sumHistogramsAnnotated sums (or averages) histograms with Prometheus's aggregation annotations; undefined when
 * exponential and custom-bucket histograms are mixed.
 */
export function sumHistogramsAnnotated(
  hs: readonly FloatHistogram[],
  mean: boolean,
  annotate: Annotate,
  /** Metric name of each histogram (one name for all when a string). */
  metrics: readonly string[] | string,
): FloatHistogram | undefined {
  let resetSeen = false;
  let notResetSeen = false;
  for (const h of hs) {
    if (h.counterResetHint === 'reset') resetSeen = true;
    else if (h.counterResetHint === 'not_reset') notResetSeen = true;
  }
  let r;
  try {
    r = aggregateHistograms(hs, mean);
  } catch (err) {
    if (!(err instanceof HistogramError)) throw err;
    const first = (hs[0] as FloatHistogram).usesCustomBuckets();
    const odd = hs.findIndex((h) => h.usesCustomBuckets() !== first);
    annotate('warn', mixedSchemaWarning(typeof metrics === 'string' ? metrics : (metrics[odd] ?? '')));
    return undefined;
  }
  if (resetSeen && notResetSeen) annotate('warn', collisionWarning('aggregation'));
  if (r.nhcbBoundsReconciled) annotate('info', reconciledInfo('aggregation'));
  return r.h;
}

function sequenceCount(s: MatrixSeries, name: 'resets' | 'changes'): number {
  let n = 0;
  for (let i = 1; i < s.length; i++) {
    const ph = s.h?.[i - 1];
    const ch = s.h?.[i];
    if (ph === undefined && ch === undefined) {
      const p = s.v[i - 1] as number;
      const c = s.v[i] as number;
      if (name === 'resets' ? c < p : c !== p && !(Number.isNaN(c) && Number.isNaN(p))) n++;
    } else if (ph === undefined || ch === undefined) n++;
    else if (name === 'resets' ? ch.detectReset(ph) : !ch.equals(ph)) n++;
  }
  return n;
}

/**
 * nativeRangeCall evaluates range function `name` over a series holding histograms. `fn` is the float
 * implementation, used on the series' floats where Prometheus ignores histograms.
 */
export function nativeRangeCall(
  name: string,
  s: MatrixSeries,
  ctx: RangeFnContext,
  args: number[],
  fn: RangeFunction,
  annotate: Annotate,
): NativeResult | undefined {
  const metric = s.labels['__name__'] ?? '';
  const sp = split(s);
  const nf = sp.floats.length;
  const nh = sp.hs.length;
  const floatFn = (): NativeResult | undefined => {
    const v = fn(sp.floats, ctx, args);
    return v === undefined ? undefined : { value: v };
  };
  if (FLOAT_ONLY.has(name)) {
    if (nf === 0) return undefined;
    if ((name === 'deriv' || name === 'predict_linear' || name === 'double_exponential_smoothing') && nf < 2)
      return undefined;
    if (nh > 0) annotate('info', ignoredInfo(metric));
    return floatFn();
  }
  switch (name) {
    case 'rate':
    case 'increase':
    case 'delta': {
      if (nf > 0 && nh > 0) {
        annotate('warn', mixedWarning(metric));
        return undefined;
      }
      if (nh === 0) return floatFn();
      return extrapolatedHistogramRate(sp, ctx, name !== 'delta', name === 'rate', metric, annotate);
    }
    case 'irate':
    case 'idelta':
      return instantHistogramValue(s, name === 'irate', metric, annotate);
    case 'sum_over_time':
    case 'avg_over_time': {
      if (nf > 0 && nh > 0) {
        annotate('warn', mixedWarning(metric));
        return undefined;
      }
      if (nh === 0) return floatFn();
      const sum = sumHistogramsAnnotated(sp.hs, name === 'avg_over_time', annotate, metric);
      return sum === undefined ? undefined : { value: 0, h: sum };
    }
    case 'count_over_time':
      return { value: s.length };
    case 'present_over_time':
      return { value: 1 };
    case 'absent_over_time':
      return undefined;
    case 'last_over_time': {
      const h = s.h?.[s.length - 1];
      return h === undefined ? { value: s.v[s.length - 1] as number } : { value: 0, h: h.copy() };
    }
    case 'first_over_time': {
      const h = s.h?.[0];
      return h === undefined ? { value: s.v[0] as number } : { value: 0, h: h.copy() };
    }
    case 'ts_of_last_over_time':
      return { value: (s.t[s.length - 1] as number) / 1000 };
    case 'ts_of_first_over_time':
      return { value: (s.t[0] as number) / 1000 };
    case 'resets':
    case 'changes':
      return { value: sequenceCount(s, name) };
    default:
      if (nf === 0) return undefined;
      return floatFn();
  }
}

/** interpolateHistograms is the histogram between h1@t1 and h2@t2 at t (a counter restarting from 0 on a reset). */
export function interpolateHistograms(
  h1: FloatHistogram,
  t1: number,
  h2: FloatHistogram,
  t2: number,
  t: number,
  isCounter: boolean,
  annotate: Annotate,
): FloatHistogram {
  if (t === t1) return h1.copy();
  if (t === t2) return h2.copy();
  const fraction = (t - t1) / (t2 - t1);
  if (isCounter && h2.detectReset(h1)) return h2.copy().mul(fraction);
  const r = h2.copy();
  if (r.sub(h1).nhcbBoundsReconciled) annotate('info', reconciledInfo('subtraction'));
  r.mul(fraction);
  if (r.add(h1).nhcbBoundsReconciled) annotate('info', reconciledInfo('addition'));
  return r;
}

/**
 * extendedHistogramRate is rate/increase/delta of histograms over an anchored or smoothed range (Prometheus's
 * extendedHistogramRate): no extrapolation, boundaries picked or interpolated, counter resets corrected.
 */
export function extendedHistogramRate(
  ts: readonly number[],
  hs: readonly FloatHistogram[],
  ctx: RangeFnContext,
  isCounter: boolean,
  isRate: boolean,
  smoothed: boolean,
  metric: string,
  annotate: Annotate,
): FloatHistogram | undefined {
  const { rangeStartMs: rangeStart, rangeEndMs: rangeEnd } = ctx;
  let last = hs.length - 1;
  const search = (limit: number, inclusive: boolean): number => {
    let lo = 0;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const x = ts[mid] as number;
      if (inclusive ? x >= limit : x > limit) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const first = Math.max(0, search(rangeStart, false) - 1);
  if (smoothed) last = search(rangeEnd, true);
  if ((ts[last] as number) <= rangeStart) return undefined;
  if (smoothed && (ts[first] as number) > rangeEnd) return undefined;
  const custom = (hs[first] as FloatHistogram).usesCustomBuckets();
  for (let i = first; i <= last; i++) {
    const h = hs[i] as FloatHistogram;
    if (h.usesCustomBuckets() !== custom) {
      annotate('warn', mixedSchemaWarning(metric));
      return undefined;
    }
    if (isCounter && h.counterResetHint === 'gauge') annotate('warn', notCounter(metric));
  }
  const at = (i: number): FloatHistogram => hs[i] as FloatHistogram;
  try {
    const left =
      smoothed && (ts[first] as number) < rangeStart
        ? interpolateHistograms(
            at(first),
            ts[first] as number,
            at(first + 1),
            ts[first + 1] as number,
            rangeStart,
            isCounter,
            annotate,
          )
        : at(first).copy();
    const right =
      smoothed && last > 0 && (ts[last] as number) > rangeEnd
        ? interpolateHistograms(
            at(last - 1),
            ts[last - 1] as number,
            at(last),
            ts[last] as number,
            rangeEnd,
            isCounter,
            annotate,
          )
        : at(last).copy();
    if (!isCounter && (left.counterResetHint !== 'gauge' || right.counterResetHint !== 'gauge')) {
      annotate('warn', notGauge(metric));
    }
    const result = right.copy();
    if (result.sub(left).nhcbBoundsReconciled) annotate('info', reconciledInfo('subtraction'));
    if (isCounter) {
      let from = first + 1;
      let prev = left;
      if (smoothed && (ts[first] as number) < rangeStart && at(first + 1).detectReset(at(first))) {
        prev = at(first + 1);
        from++;
      }
      const to = last - 1;
      if (from <= to + 1) {
        let correction: FloatHistogram | undefined;
        const addCorrection = (h: FloatHistogram): void => {
          if (correction === undefined) correction = h.copy();
          else if (correction.add(h).nhcbBoundsReconciled) annotate('info', reconciledInfo('addition'));
        };
        for (let i = from; i <= to; i++) {
          if (at(i).detectReset(prev)) addCorrection(prev);
          prev = at(i);
        }
        if (right.detectReset(prev)) addCorrection(prev);
        if (correction !== undefined && result.add(correction).nhcbBoundsReconciled) {
          annotate('info', reconciledInfo('addition'));
        }
      }
    }
    if (isRate) result.div((rangeEnd - rangeStart) / 1000);
    result.counterResetHint = 'gauge';
    return result.compact();
  } catch (err) {
    if (err instanceof HistogramError) {
      annotate('warn', mixedSchemaWarning(metric));
      return undefined;
    }
    throw err;
  }
}
