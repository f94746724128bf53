// Classic-histogram (`le` bucket) quantile and fraction, as Prometheus's BucketQuantile and BucketFraction.

/** Bucket is one cumulative bucket of a classic histogram. */
export interface Bucket {
  upperBound: number;
  count: number;
}

/** BucketQuantileResult is the quantile plus what Prometheus reports about the repairs it made. */
export interface BucketQuantileResult {
  value: number;
  /** Some bucket count decreased and was raised to its predecessor's (an info annotation in Prometheus). */
  forcedMonotonicity: boolean;
  /** Relative differences below 1e-12 between neighbours were ignored as float noise. */
  fixedPrecision: boolean;
  minBucket: number;
  maxBucket: number;
  maxDiff: number;
}

/** SMALL_DELTA_TOLERANCE is the relative difference between bucket counts treated as float noise. */
export const SMALL_DELTA_TOLERANCE = 1e-12;

const MIN_NORMAL = 2.2250738585072014e-308;

/** almostEqual is Prometheus's util/almost.Equal for finite and NaN values (stale markers are not buckets). */
export function almostEqual(a: number, b: number, epsilon: number): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (a === b) return true;
  const absSum = Math.abs(a) + Math.abs(b);
  const diff = Math.abs(a - b);
  if (a === 0 || b === 0 || absSum < MIN_NORMAL) return diff < epsilon * MIN_NORMAL;
  return diff / Math.min(absSum, Number.MAX_VALUE) < epsilon;
}

function sortBuckets(buckets: Bucket[]): Bucket[] {
  return [...buckets].sort((a, b) =>
    a.upperBound < b.upperBound ? -1 : a.upperBound > b.upperBound ? 1 : 0,
  );
}

/** coalesceBuckets merges sorted buckets with equal upper bounds by adding their counts. */
export function coalesceBuckets(sorted: Bucket[]): Bucket[] {
  const out: Bucket[] = [];
  for (const b of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && last.upperBound === b.upperBound) last.count += b.count;
    else out.push({ upperBound: b.upperBound, count: b.count });
  }
  return out;
}

/**
 * ensureMonotonic first snaps counts within a relative 1e-12 of the last kept count to it, then raises any count
 * below its predecessor to the predecessor's (the "envelope"). Mutates `buckets`.
 */
export function ensureMonotonic(buckets: Bucket[], tolerance: number): Omit<BucketQuantileResult, 'value'> {
  const r = {
    forcedMonotonicity: false,
    fixedPrecision: false,
    minBucket: Infinity,
    maxBucket: -Infinity,
    maxDiff: 0,
  };
  let prev = (buckets[0] as Bucket).count;
  for (let i = 1; i < buckets.length; i++) {
    const b = buckets[i] as Bucket;
    const curr = b.count;
    if (curr === prev) continue;
    if (almostEqual(prev, curr, tolerance)) {
      b.count = prev;
      r.fixedPrecision = true;
      continue;
    }
    if (curr < prev) {
      b.count = prev;
      r.forcedMonotonicity = true;
      r.minBucket = Math.min(r.minBucket, b.upperBound);
      r.maxBucket = Math.max(r.maxBucket, b.upperBound);
      r.maxDiff = Math.max(r.maxDiff, prev - curr);
      continue;
    }
    prev = curr;
  }
  return r;
}

/**
 * bucketQuantile interpolates the q-quantile linearly inside the bucket that holds rank q × total; the lowest
 * bucket starts at 0 when its bound is positive (else its bound is returned), and a rank in the +Inf bucket gives
 * the second-highest bound. NaN when q is NaN, the highest bound is not +Inf, fewer than two distinct bounds
 * remain, or there are no observations; -Inf for q < 0, +Inf for q > 1. Does not modify `buckets`.
 */
export function bucketQuantile(q: number, buckets: readonly Bucket[]): BucketQuantileResult {
  const result: BucketQuantileResult = {
    value: NaN,
    forcedMonotonicity: false,
    fixedPrecision: false,
    minBucket: 0,
    maxBucket: 0,
    maxDiff: 0,
  };
  if (Number.isNaN(q)) return result;
  if (q < 0) return { ...result, value: -Infinity };
  if (q > 1) return { ...result, value: Infinity };
  if (buckets.length === 0) return result;
  const sorted = sortBuckets(buckets.map((b) => ({ ...b })));
  if ((sorted[sorted.length - 1] as Bucket).upperBound !== Infinity) return result;
  const bs = coalesceBuckets(sorted);
  Object.assign(result, ensureMonotonic(bs, SMALL_DELTA_TOLERANCE));
  if (bs.length < 2) return result;
  const observations = (bs[bs.length - 1] as Bucket).count;
  if (observations === 0) return result;
  let rank = q * observations;
  // Binary search over all but the +Inf bucket for the first count >= rank (NaN never is: it lands on +Inf).
  let lo = 0;
  let hi = bs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((bs[mid] as Bucket).count >= rank) hi = mid;
    else lo = mid + 1;
  }
  const b = lo;
  if (b === bs.length - 1) {
    result.value = (bs[bs.length - 2] as Bucket).upperBound;
  } else if (b === 0 && (bs[0] as Bucket).upperBound <= 0) {
    result.value = (bs[0] as Bucket).upperBound;
  } else {
    let bucketStart = 0;
    const bucketEnd = (bs[b] as Bucket).upperBound;
    let count = (bs[b] as Bucket).count;
    if (b > 0) {
      const below = bs[b - 1] as Bucket;
      bucketStart = below.upperBound;
      count -= below.count;
      rank -= below.count;
    }
    result.value = bucketStart + (bucketEnd - bucketStart) * (rank / count);
  }
  return result;
}

/**
 * bucketFraction estimates the share of observations between `lower` and `upper` by linear interpolation inside
 * buckets (nothing is interpolated in the ±Inf-wide buckets). NaN without a +Inf bucket, without observations or
 * for NaN bounds; 0 when lower >= upper. Does not modify `buckets`.
 */
export function bucketFraction(lower: number, upper: number, buckets: readonly Bucket[]): number {
  if (buckets.length === 0) return NaN;
  const sorted = sortBuckets(buckets.map((b) => ({ ...b })));
  if ((sorted[sorted.length - 1] as Bucket).upperBound !== Infinity) return NaN;
  const bs = coalesceBuckets(sorted);
  const count = (bs[bs.length - 1] as Bucket).count;
  if (count === 0 || Number.isNaN(lower) || Number.isNaN(upper)) return NaN;
  if (lower >= upper) return 0;

  let rank = 0;
  let lowerRank = 0;
  let upperRank = 0;
  let lowerSet = false;
  let upperSet = false;
  let lowerBound = (bs[0] as Bucket).upperBound <= 0 ? -Infinity : 0;
  for (let i = 0; i < bs.length; i++) {
    const b = bs[i] as Bucket;
    if (i > 0) lowerBound = (bs[i - 1] as Bucket).upperBound;
    const upperBound = b.upperBound;
    const interpolate = (x: number): number =>
      lowerBound === -Infinity
        ? b.count
        : rank + ((b.count - rank) * (x - lowerBound)) / (upperBound - lowerBound);
    if (!lowerSet && lowerBound >= lower) {
      lowerRank = rank;
      lowerSet = true;
    }
    if (!upperSet && lowerBound >= upper) {
      upperRank = rank;
      upperSet = true;
    }
    if (lowerSet && upperSet) break;
    if (!lowerSet && lowerBound < lower && upperBound > lower) {
      lowerRank = interpolate(lower);
      lowerSet = true;
    }
    if (!upperSet && lowerBound < upper && upperBound > upper) {
      upperRank = interpolate(upper);
      upperSet = true;
    }
    if (lowerSet && upperSet) break;
    rank = b.count;
  }
  if (!lowerSet || lowerRank > count) lowerRank = count;
  if (!upperSet || upperRank > count) upperRank = count;
  return (upperRank - lowerRank) / count;
}
