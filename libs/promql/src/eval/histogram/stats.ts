// Statistics over one native histogram: quantile, fraction, variance (Prometheus's promql/quantile.go and functions.go).
import type { Bucket, FloatHistogram } from './float-histogram';

/** withMetric appends Prometheus's ` for metric name "x"` when the name is known. */
export function withMetric(message: string, metricName: string): string {
  return metricName === '' ? message : `${message} for metric name ${JSON.stringify(metricName)}`;
}

/** HistogramStat is a value with the info annotations its computation raised (messages without position). */
export interface HistogramStat {
  value: number;
  infos: string[];
}

/** histogramQuantile estimates the q-quantile of a native histogram. */
export function histogramQuantile(q: number, h: FloatHistogram, metricName: string): HistogramStat {
  const infos: string[] = [];
  if (q < 0) return { value: -Infinity, infos };
  if (q > 1) return { value: Infinity, infos };
  if (h.count === 0 || Number.isNaN(q)) return { value: NaN, infos };
  const forward = Number.isNaN(h.sum) || q < 0.5;
  const all = h.allBuckets();
  const buckets = forward ? all : all.reverse();
  let rank = forward ? q * h.count : (1 - q) * h.count;
  let count = 0;
  let bucket: Bucket = {
    lower: 0,
    upper: 0,
    lowerInclusive: false,
    upperInclusive: false,
    count: 0,
    index: 0,
  };
  let i = 0;
  for (; i < buckets.length; i++) {
    bucket = { ...(buckets[i] as Bucket) };
    if (bucket.count === 0) continue;
    count += bucket.count;
    if (count >= rank) break;
  }
  i++;
  if (!h.usesCustomBuckets() && bucket.lower < 0 && bucket.upper > 0) {
    if (h.negativeBuckets.length === 0 && h.positiveBuckets.length > 0) bucket.lower = 0;
    else if (h.positiveBuckets.length === 0 && h.negativeBuckets.length > 0) bucket.upper = 0;
  } else if (h.usesCustomBuckets()) {
    if (bucket.lower === -Infinity) {
      if (bucket.upper <= 0) return { value: bucket.upper, infos };
      bucket.lower = 0;
    } else if (bucket.upper === Infinity) {
      return { value: bucket.lower, infos };
    }
  }
  if (count > h.count) count = h.count;
  if (count < rank) {
    if (Number.isNaN(h.sum)) {
      infos.push(
        withMetric(
          'PromQL info: input to histogram_quantile has NaN observations, result is NaN',
          metricName,
        ),
      );
      return { value: NaN, infos };
    }
    return { value: bucket.upper, infos };
  }
  if (forward) rank -= count - bucket.count;
  else rank = count - rank;
  if (Number.isNaN(h.sum)) {
    for (; i < buckets.length; i++) count += (buckets[i] as Bucket).count;
    if (count < h.count) {
      infos.push(
        withMetric(
          'PromQL info: input to histogram_quantile has NaN observations, result is skewed higher',
          metricName,
        ),
      );
    }
  }
  const fraction = rank / bucket.count;
  if (h.usesCustomBuckets() || (bucket.lower <= 0 && bucket.upper >= 0)) {
    return { value: bucket.lower + (bucket.upper - bucket.lower) * fraction, infos };
  }
  const logLower = Math.log2(Math.abs(bucket.lower));
  const logUpper = Math.log2(Math.abs(bucket.upper));
  if (bucket.lower > 0) return { value: 2 ** (logLower + (logUpper - logLower) * fraction), infos };
  return { value: -(2 ** (logUpper + (logLower - logUpper) * (1 - fraction))), infos };
}

function fractionBelow(b: Bucket, v: number, linear: boolean): number {
  if (linear) return (v - b.lower) / (b.upper - b.lower);
  const logLower = Math.log2(Math.abs(b.lower));
  const logUpper = Math.log2(Math.abs(b.upper));
  const logV = Math.log2(Math.abs(v));
  if (v > 0) return (logV - logLower) / (logUpper - logLower);
  return 1 - (logV - logUpper) / (logLower - logUpper);
}

/** histogramFraction estimates the fraction of observations between lower and upper. */
export function histogramFraction(
  lower: number,
  upper: number,
  h: FloatHistogram,
  metricName: string,
): HistogramStat {
  const infos: string[] = [];
  if (h.count === 0 || Number.isNaN(lower) || Number.isNaN(upper)) return { value: NaN, infos };
  if (lower >= upper) return { value: 0, infos };
  let count = 0;
  let rank = 0;
  let lowerRank = 0;
  let upperRank = 0;
  let lowerSet = false;
  let upperSet = false;
  const buckets = h.allBuckets();
  let i = 0;
  for (; i < buckets.length; i++) {
    const b = { ...(buckets[i] as Bucket) };
    count += b.count;
    let zeroBucket = false;
    const linear = (v: number): number =>
      b.lower === -Infinity ? b.count : rank + b.count * fractionBelow(b, v, true);
    const expo = (v: number): number => rank + b.count * fractionBelow(b, v, false);
    if (b.lower <= 0 && b.upper >= 0) {
      zeroBucket = true;
      if (h.negativeBuckets.length === 0 && h.positiveBuckets.length > 0) b.lower = 0;
      else if (h.positiveBuckets.length === 0 && h.negativeBuckets.length > 0) b.upper = 0;
    }
    if (!lowerSet && b.lower >= lower) {
      lowerRank = rank;
      lowerSet = true;
    }
    if (!upperSet && b.lower >= upper) {
      upperRank = rank;
      upperSet = true;
    }
    if (lowerSet && upperSet) break;
    const lin = h.usesCustomBuckets() || zeroBucket;
    if (!lowerSet && b.lower < lower && b.upper > lower) {
      lowerRank = lin ? linear(lower) : expo(lower);
      lowerSet = true;
    }
    if (!upperSet && b.lower < upper && b.upper > upper) {
      upperRank = lin ? linear(upper) : expo(upper);
      upperSet = true;
    }
    if (lowerSet && upperSet) break;
    rank += b.count;
  }
  if (Number.isNaN(h.sum)) {
    for (i++; i < buckets.length; i++) count += (buckets[i] as Bucket).count;
    if (count < h.count) {
      infos.push(
        withMetric(
          'PromQL info: input to histogram_fraction has NaN observations, which are excluded from all fractions',
          metricName,
        ),
      );
    }
  } else {
    count = h.count;
  }
  if (!lowerSet || lowerRank > count) lowerRank = count;
  if (!upperSet || upperRank > count) upperRank = count;
  return { value: (upperRank - lowerRank) / h.count, infos };
}

/** histogramVariance estimates the variance of the observations (bucket midpoints: geometric for exponential). */
export function histogramVariance(h: FloatHistogram): number {
  const mean = h.sum / h.count;
  let variance = 0;
  let c = 0;
  for (const b of h.allBuckets()) {
    if (b.count === 0) continue;
    let val: number;
    if (h.usesCustomBuckets()) val = (b.upper + b.lower) / 2;
    else if (b.lower <= 0 && b.upper >= 0) val = 0;
    else {
      val = Math.sqrt(b.upper * b.lower);
      if (b.upper < 0) val = -val;
    }
    const d = val - mean;
    const inc = b.count * d * d;
    const t = variance + inc;
    if (!Number.isFinite(t) && !Number.isNaN(t)) c = 0;
    else if (Math.abs(variance) >= Math.abs(inc)) c += variance - t + inc;
    else c += inc - t + variance;
    variance = t;
  }
  return (variance + c) / h.count;
}
