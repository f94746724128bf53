// The trim operators `</` and `>/`: drop the observations above (or below) a value, interpolating within buckets.
import type { Bucket, FloatHistogram } from './float-histogram';

function fractionBelow(b: Bucket, v: number, linear: boolean): number {
  if (linear) return (v - b.lower) / (b.upper - b.lower);
  const logLower = Math.log2(Math.abs(b.lower));
  const logUpper = Math.log2(Math.abs(b.upper));
  const logV = Math.log2(Math.abs(v));
  if (v > 0) return (logV - logLower) / (logUpper - logLower);
  return 1 - (logV - logUpper) / (logLower - logUpper);
}

function midpoint(lower: number, upper: number, positive: boolean, linear: boolean): number {
  if (!Number.isFinite(lower) && !Number.isNaN(lower)) {
    if (!Number.isFinite(upper) && !Number.isNaN(upper)) return 0;
    return upper > 0 ? upper / 2 : upper;
  }
  if (!Number.isFinite(upper) && !Number.isNaN(upper)) return lower;
  if (linear) return (lower + upper) / 2;
  const geo = Math.sqrt(Math.abs(lower * upper));
  return positive ? geo : -geo;
}

function zeroIfInf(x: number): number {
  return x === Infinity || x === -Infinity ? 0 : x;
}

function infinityBucket(upperTrim: boolean, b: Bucket, rhs: number): [number, number] {
  if (b.lower === -Infinity) {
    if (upperTrim) {
      if (rhs >= b.upper) return [b.count, 0];
      if (rhs > 0 && b.upper > 0 && b.upper !== Infinity) return [(b.count * rhs) / b.upper, rhs / 2];
      if (b.upper <= 0) return [b.count, rhs];
      return [0, zeroIfInf(b.upper)];
    }
    if (rhs <= b.lower) return [b.count, 0];
    if (rhs >= 0 && b.upper > rhs && b.upper !== Infinity)
      return [b.count * (1 - rhs / b.upper), (rhs + b.upper) / 2];
    return [0, zeroIfInf(b.upper)];
  }
  if (upperTrim) return [0, zeroIfInf(b.lower)];
  if (rhs >= b.lower) return [b.count, rhs];
  return [0, zeroIfInf(b.lower)];
}

function bucketTrim(
  b: Bucket,
  rhs: number,
  upperTrim: boolean,
  positive: boolean,
  custom: boolean,
): [number, number] {
  if (b.lower === -Infinity || b.upper === Infinity) return infinityBucket(upperTrim, b, rhs);
  const under = rhs <= b.lower ? 0 : rhs >= b.upper ? b.count : b.count * fractionBelow(b, rhs, custom);
  if (upperTrim) return [under, midpoint(b.lower, rhs, positive, custom)];
  return [b.count - under, midpoint(rhs, b.upper, positive, custom)];
}

function zeroTrim(
  h: FloatHistogram,
  rhs: number,
  hasNeg: boolean,
  hasPos: boolean,
  upperTrim: boolean,
): [number, number] {
  let lower = -h.zeroThreshold;
  let upper = h.zeroThreshold;
  if (hasNeg && !hasPos) upper = 0;
  if (hasPos && !hasNeg) lower = 0;
  const count = h.zeroCount;
  if (upperTrim) {
    if (rhs <= lower) return [0, 0];
    if (rhs >= upper) return [count, (lower + upper) / 2];
    return [(count * (rhs - lower)) / (upper - lower), (lower + rhs) / 2];
  }
  if (rhs <= lower) return [count, (lower + upper) / 2];
  if (rhs >= upper) return [0, 0];
  return [(count * (upper - rhs)) / (upper - lower), (rhs + upper) / 2];
}

/** trimBuckets keeps the observations below (upperTrim) or above rhs; count and sum are re-estimated. Mutates h. */
export function trimBuckets(h: FloatHistogram, rhs: number, upperTrim: boolean): FloatHistogram {
  let count = 0;
  let sum = 0;
  let trimmed = false;
  const custom = h.usesCustomBuckets();
  let hasPos = false;
  let hasNeg = false;
  for (const positive of [true, false]) {
    const arr = positive ? h.positiveBuckets : h.negativeBuckets;
    h.bucketsOf(positive).forEach((b, i) => {
      if (b.count === 0) return;
      if (positive) hasPos = true;
      else hasNeg = true;
      const whole = upperTrim ? b.upper <= rhs : b.lower >= rhs;
      const partial = upperTrim ? b.lower < rhs : b.upper > rhs;
      if (whole) {
        count += b.count;
        sum += midpoint(b.lower, b.upper, positive, custom) * b.count;
      } else if (partial) {
        const [keep, mid] = bucketTrim(b, rhs, upperTrim, positive, custom);
        count += keep;
        sum += mid * keep;
        if (arr[i] !== keep) {
          arr[i] = keep;
          trimmed = true;
        }
      } else {
        arr[i] = 0;
        trimmed = true;
      }
    });
  }
  if (h.zeroCount > 0) {
    const [keep, mid] = zeroTrim(h, rhs, hasNeg, hasPos, upperTrim);
    if (h.zeroCount !== keep) {
      h.zeroCount = keep;
      trimmed = true;
    }
    sum += mid * keep;
    count += keep;
  }
  if (trimmed) {
    h.count = count;
    h.sum = sum;
    h.compact();
  }
  return h;
}
