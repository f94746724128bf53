// Range-query helpers for selectors: search cursors that advance step by step, and reused window objects.
import type { SeriesData } from '../storage';
import type { MatrixSeries } from './values';

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

/**
 * Cursor remembers, per series of one selector, upperBound of the bound used last time, so that range queries
 * (bounds growing step by step) advance it by a few samples instead of binary searching again.
 */
export interface Cursor {
  /** The bound of the last search (NaN before the first). */
  x: number;
  idx: Int32Array;
}

/** newCursor is a cursor over n series, before its first search. */
export function newCursor(n: number): Cursor {
  return { x: NaN, idx: new Int32Array(n) };
}

/** seek is upperBound(ts, ts.length, x) for series i, advancing from the cursor's index when `advance` is set. */
export function seek(c: Cursor, i: number, ts: Float64Array, x: number, advance: boolean): number {
  const n = ts.length;
  let j: number;
  if (advance) {
    j = c.idx[i] as number;
    let k = 0;
    while (j < n && (ts[j] as number) <= x) {
      j++;
      if (++k === 16) {
        // A long jump: binary search the rest.
        let lo = j;
        let hi = n;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if ((ts[mid] as number) <= x) lo = mid + 1;
          else hi = mid;
        }
        j = lo;
        break;
      }
    }
  } else j = upperBound(ts, n, x);
  c.idx[i] = j;
  return j;
}

/** startSeek moves a cursor to bound x, returning whether its indexes may be advanced (x did not go back). */
export function startSeek(c: Cursor, x: number): boolean {
  const advance = x >= c.x;
  c.x = x;
  return advance;
}

/** hasStale reports whether a series has a stale marker among its samples lo..hi-1. */
export function hasStale(stale: Uint8Array | undefined, lo: number, hi: number): boolean {
  if (stale === undefined) return false;
  for (let i = lo; i < hi; i++) if (stale[i] === 1) return true;
  return false;
}

/** pooledWindow points series k's reused window object at samples lo..hi-1 (valid until the next step). */
export function pooledWindow(
  pool: (MatrixSeries | undefined)[],
  k: number,
  s: SeriesData,
  lo: number,
  hi: number,
): MatrixSeries {
  let m = pool[k];
  if (m === undefined) {
    m = { labels: s.labels, t: s.t.subarray(lo, hi), v: s.v.subarray(lo, hi), length: hi - lo };
    pool[k] = m;
    return m;
  }
  m.t = s.t.subarray(lo, hi);
  m.v = s.v.subarray(lo, hi);
  m.labels = s.labels;
  m.length = hi - lo;
  return m;
}
