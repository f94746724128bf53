// Sparse bucket lists (index and count arrays) and the span/schema arithmetic of native histograms.
import type { Span } from './float-histogram';

/** CUSTOM_BUCKETS_SCHEMA marks a histogram with custom bucket bounds (NHCB). */
export const CUSTOM_BUCKETS_SCHEMA = -53;

/** Sparse is a bucket list as parallel index and count arrays (sorted by index). */
export interface Sparse {
  idx: number[];
  cnt: number[];
}

/** expand lists the buckets of spans as sparse indexes and counts. */
export function expand(spans: readonly Span[], buckets: readonly number[]): Sparse {
  const idx: number[] = [];
  const cnt: number[] = [];
  let cur = 0;
  let bi = 0;
  for (let si = 0; si < spans.length; si++) {
    const s = spans[si] as Span;
    cur += s.offset;
    for (let j = 0; j < s.length; j++) {
      idx.push(cur);
      cnt.push(buckets[bi] ?? 0);
      bi++;
      cur++;
    }
  }
  return { idx, cnt };
}

/** build turns sparse buckets back into spans and counts. */
export function build(sp: Sparse): { spans: Span[]; buckets: number[] } {
  const spans: Span[] = [];
  const buckets: number[] = [];
  let next = 0;
  for (let i = 0; i < sp.idx.length; i++) {
    const ix = sp.idx[i] as number;
    const last = spans[spans.length - 1];
    if (last !== undefined && ix === next) last.length++;
    else spans.push({ offset: spans.length === 0 ? ix : ix - next, length: 1 });
    buckets.push(sp.cnt[i] as number);
    next = ix + 1;
  }
  return { spans, buckets };
}

/** targetIdx maps a bucket index of one exponential schema to a coarser one. */
export function targetIdx(idx: number, origin: number, target: number): number {
  return Math.floor((idx - 1) / 2 ** (origin - target)) + 1;
}

/** reduce merges sparse buckets into a coarser exponential schema. */
export function reduce(sp: Sparse, origin: number, target: number): Sparse {
  if (origin === target) return sp;
  const idx: number[] = [];
  const cnt: number[] = [];
  for (let i = 0; i < sp.idx.length; i++) {
    const t = targetIdx(sp.idx[i] as number, origin, target);
    if (idx.length > 0 && idx[idx.length - 1] === t)
      cnt[cnt.length - 1] = (cnt[cnt.length - 1] as number) + (sp.cnt[i] as number);
    else {
      idx.push(t);
      cnt.push(sp.cnt[i] as number);
    }
  }
  return { idx, cnt };
}

/** merge adds (or subtracts) two sparse bucket lists. */
export function merge(a: Sparse, b: Sparse, negate: boolean): Sparse {
  const idx: number[] = [];
  const cnt: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.idx.length || j < b.idx.length) {
    const ai = a.idx[i];
    const bj = b.idx[j];
    if (bj === undefined || (ai !== undefined && ai < bj)) {
      idx.push(ai as number);
      cnt.push(a.cnt[i] as number);
      i++;
    } else if (ai === undefined || bj < ai) {
      idx.push(bj);
      cnt.push(negate ? -(b.cnt[j] as number) : (b.cnt[j] as number));
      j++;
    } else {
      idx.push(ai);
      const bc = b.cnt[j] as number;
      cnt.push((a.cnt[i] as number) + (negate ? -bc : bc));
      i++;
      j++;
    }
  }
  return { idx, cnt };
}

/** getBound is the upper bound of bucket `idx` in an exponential schema (Prometheus's getBound). */
export function getBound(idx: number, schema: number): number {
  if (schema < 0) return 2 ** (idx * 2 ** -schema);
  const n = 2 ** schema;
  const frac = ((idx % n) + n) % n;
  const exp = Math.floor(idx / n) + 1;
  return (2 ** (frac / n) / 2) * 2 ** exp;
}

/** customBoundsMatch compares custom bucket bounds exactly. */
export function customBoundsMatch(
  a: readonly number[] | undefined,
  b: readonly number[] | undefined,
): boolean {
  const x = a ?? [];
  const y = b ?? [];
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** intersectBounds is the sorted intersection of two custom bucket bound lists. */
export function intersectBounds(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      out.push(x);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out;
}

/** mapCustom maps custom-bucket counts onto coarser bounds (a subset of `from`). */
export function mapCustom(sp: Sparse, from: readonly number[], to: readonly number[]): Sparse {
  const acc = new Map<number, number>();
  for (let i = 0; i < sp.idx.length; i++) {
    const ix = sp.idx[i] as number;
    const upper = ix < from.length ? (from[ix] as number) : Infinity;
    let t = 0;
    while (t < to.length && (to[t] as number) < upper) t++;
    acc.set(t, (acc.get(t) ?? 0) + (sp.cnt[i] as number));
  }
  const idx = [...acc.keys()].sort((x, y) => x - y);
  return { idx, cnt: idx.map((k) => acc.get(k) as number) };
}

/** dropInZero removes buckets that lie inside a zero bucket of threshold zt. */
export function dropInZero(sp: Sparse, schema: number, zt: number, positive: boolean): Sparse {
  if (zt <= 0 || schema === CUSTOM_BUCKETS_SCHEMA) return sp;
  const idx: number[] = [];
  const cnt: number[] = [];
  for (let i = 0; i < sp.idx.length; i++) {
    const ix = sp.idx[i] as number;
    // The bucket's lower absolute bound is getBound(ix - 1); it is inside the zero bucket when below zt.
    const lowerAbs = getBound(ix - 1, schema);
    if (lowerAbs < zt) continue;
    idx.push(ix);
    cnt.push(sp.cnt[i] as number);
  }
  void positive;
  return { idx, cnt };
}

/** sparseDecreased reports a bucket of prev that is missing or smaller in cur (a counter reset). */
export function sparseDecreased(cur: Sparse, prev: Sparse): boolean {
  const m = new Map<number, number>();
  for (let i = 0; i < cur.idx.length; i++) m.set(cur.idx[i] as number, cur.cnt[i] as number);
  for (let i = 0; i < prev.idx.length; i++) {
    const p = prev.cnt[i] as number;
    const c = m.get(prev.idx[i] as number);
    if (c === undefined ? p !== 0 : c < p) return true;
  }
  return false;
}
