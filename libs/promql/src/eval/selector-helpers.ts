// Selector helpers for the evaluator: anchored/smoothed range boundaries and how histograms are read.
import type { Expr, VectorSelector } from '../ast';
import type { SeriesData } from '../storage';
import { walkExpr } from '../walk';
import { FloatHistogram } from './histogram/float-histogram';
import type { MatrixSeries } from './values';

/**
 * extendFloats gives an anchored or smoothed range its boundary points (Prometheus's extendFloats): the value at
 * rangeStart (the last sample at or before it, or interpolated when smoothed) and at rangeEnd.
 */
export function extendFloats(
  m: MatrixSeries,
  rangeStart: number,
  rangeEnd: number,
  smoothed: boolean,
): MatrixSeries[] {
  const { t, v } = m;
  let last = m.length - 1;
  if (last < 0) return [];
  const search = (limit: number, inclusive: boolean): number => {
    let lo = 0;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const x = t[mid] as number;
      if (inclusive ? x >= limit : x > limit) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  let first = Math.max(0, search(rangeStart, false) - 1);
  if (smoothed) last = search(rangeEnd, true);
  if ((t[last] as number) <= rangeStart) return [];
  const interp = (i: number, j: number, at: number): number =>
    (v[i] as number) +
    (((v[j] as number) - (v[i] as number)) * (at - (t[i] as number))) / ((t[j] as number) - (t[i] as number));
  const left =
    smoothed && (t[first] as number) < rangeStart
      ? interp(first, first + 1, rangeStart)
      : (v[first] as number);
  const right =
    smoothed && last > 0 && (t[last] as number) > rangeEnd
      ? interp(last - 1, last, rangeEnd)
      : (v[last] as number);
  if ((t[first] as number) <= rangeStart) first++;
  if ((t[last] as number) >= rangeEnd) last--;
  const n = Math.max(last - first + 1, 0);
  const tt = new Float64Array(n + 2);
  const vv = new Float64Array(n + 2);
  tt[0] = rangeStart;
  vv[0] = left;
  for (let i = 0; i < n; i++) {
    tt[i + 1] = t[first + i] as number;
    vv[i + 1] = v[first + i] as number;
  }
  tt[n + 1] = rangeEnd;
  vv[n + 1] = right;
  return [{ labels: m.labels, t: tt, v: vv, length: n + 2 }];
}

/**
 * statsOnlySelectors finds the selectors whose histograms are only used through histogram_count/sum/avg (and no
 * subquery or bucket-reading function in between): Prometheus reads them without buckets, detecting counter
 * resets on the fly (its HistogramStatsIterator).
 */
export function statsOnlySelectors(root: Expr): Set<VectorSelector> {
  const out = new Set<VectorSelector>();
  walkExpr(root, (node, path) => {
    if (node.kind !== 'VectorSelector') return;
    let skip = false;
    for (let i = path.length - 1; i >= 0; i--) {
      const p = path[i] as Expr;
      if (p.kind === 'SubqueryExpr') {
        skip = false;
        break;
      }
      if (p.kind === 'Call') {
        const n = p.func.name;
        if (n === 'histogram_count' || n === 'histogram_sum' || n === 'histogram_avg') skip = true;
        else if (n === 'histogram_quantile' || n === 'histogram_quantiles' || n === 'histogram_fraction') {
          skip = false;
          break;
        }
      }
      if (p.kind === 'BinaryExpr' && (p.op === '</' || p.op === '>/')) {
        skip = false;
        break;
      }
    }
    if (skip) out.add(node);
  });
  return out;
}

/** statsOnlySeries strips histograms to count and sum, resolving unknown counter-reset hints against the previous one. */
export function statsOnlySeries(s: SeriesData): SeriesData {
  const hs = s.h;
  if (hs === undefined) return s;
  let last: FloatHistogram | undefined;
  const out = hs.map((h) => {
    if (h === undefined) {
      last = undefined;
      return undefined;
    }
    const st = new FloatHistogram();
    st.schema = h.schema;
    st.count = h.count;
    st.sum = h.sum;
    st.counterResetHint = h.counterResetHint;
    if (h.counterResetHint === 'unknown' && last !== undefined) {
      st.counterResetHint = h.detectResetIgnoringHint(last) ? 'reset' : 'not_reset';
    }
    last = h;
    return st;
  });
  return { ...s, h: out };
}

/**
 * unknownHint turns explicit counter-reset hints of subquery samples into 'unknown', as Prometheus does: a
 * subquery may skip or repeat the sample that carries the hint.
 */
export function unknownHint(h: FloatHistogram | undefined): FloatHistogram | undefined {
  if (h === undefined || (h.counterResetHint !== 'reset' && h.counterResetHint !== 'not_reset')) return h;
  const c = h.copy();
  c.counterResetHint = 'unknown';
  return c;
}

/** checkUniqueLabels throws Prometheus's error when a result vector holds two series with equal labels. */
