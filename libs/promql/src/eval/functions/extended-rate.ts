// rate/increase/delta over `anchored` and `smoothed` range selectors (experimental in Prometheus 3), as its
// extendedRate: no extrapolation; the boundaries take the nearest sample (anchored) or a linear interpolation
// between the samples around them (smoothed).
import type { RangeFnContext, RangePoints } from '../types';

// A counter that dropped between p1 and p2 is taken to restart from 0 at p1.
function interpolate(t1: number, y1: number, t2: number, y2: number, t: number, isCounter: boolean): number {
  const start = isCounter && y2 < y1 ? 0 : y1;
  return start + ((y2 - start) * (t - t1)) / (t2 - t1);
}

// Index of the first of points[0, n) with t > limit (or >= limit when `inclusive`), n if none: Go's sort.Search.
function search(points: RangePoints, n: number, limit: number, inclusive: boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const t = points.t[mid] as number;
    if (inclusive ? t >= limit : t > limit) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * extendedRate is Prometheus's extendedRate for float samples. `points` are what an anchored selector yields (the
 * last sample at or before the range start, then the range) or, when `smoothed`, also the first sample after the
 * range end. Counter resets inside the range add the value before the drop. Undefined when nothing lies after the
 * range start (or, smoothed, nothing at or before its end).
 */
export function extendedRate(
  points: RangePoints,
  ctx: RangeFnContext,
  isCounter: boolean,
  isRate: boolean,
  smoothed: boolean,
): number | undefined {
  const n = points.length;
  if (n === 0) return undefined;
  const { t, v } = points;
  const { rangeStartMs, rangeEndMs } = ctx;
  let last = n - 1;
  let first = Math.max(0, search(points, last, rangeStartMs, false) - 1);
  if (smoothed) last = search(points, last, rangeEndMs, true);
  if ((t[last] as number) <= rangeStartMs) return undefined;
  if (smoothed && (t[first] as number) > rangeEndMs) return undefined;

  let left = v[first] as number;
  if (smoothed && (t[first] as number) < rangeStartMs) {
    left = interpolate(
      t[first] as number,
      left,
      t[first + 1] as number,
      v[first + 1] as number,
      rangeStartMs,
      isCounter,
    );
  }
  let right = v[last] as number;
  if (smoothed && last > 0 && (t[last] as number) > rangeEndMs) {
    right = interpolate(
      t[last - 1] as number,
      v[last - 1] as number,
      t[last] as number,
      right,
      rangeEndMs,
      isCounter,
    );
  }
  let result = right - left;
  if (isCounter) {
    // Boundary samples are already accounted for by left/right.
    if ((t[first] as number) <= rangeStartMs) first++;
    if ((t[last] as number) >= rangeEndMs) last--;
    let correction = 0;
    let prev = left;
    for (let i = first; i <= last; i++) {
      const cur = v[i] as number;
      if (cur < prev) correction += prev;
      prev = cur;
    }
    if (right < prev) correction += prev;
    result += correction;
  }
  if (isRate) result /= (rangeEndMs - rangeStartMs) / 1000;
  return result;
}
