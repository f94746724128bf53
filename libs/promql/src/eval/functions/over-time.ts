// The <aggregation>_over_time functions for float samples, as Prometheus's functions.go.
import type { RangeFnContext, RangePoints } from '../types';
import { kahanSum, kahanSumInc } from './kahan';
import { quantile } from './stats';

function valuesOf(points: RangePoints): number[] {
  return Array.from(points.v.subarray(0, points.length));
}

/**
 * avg_over_time: the Kahan-compensated sum divided by the count, switching to an incremental mean once the running
 * sum would overflow (so that huge inputs still average to a finite value).
 */
export function avgOverTime(points: RangePoints): number | undefined {
  const n = points.length;
  if (n === 0) return undefined;
  const v = points.v;
  let sum = v[0] as number;
  let count = 1;
  let mean = 0;
  let c = 0;
  let incrementalMean = false;
  for (let i = 1; i < n; i++) {
    const x = v[i] as number;
    count = i + 1;
    if (!incrementalMean) {
      const [newSum, newC] = kahanSumInc(x, sum, c);
      if (newSum !== Infinity && newSum !== -Infinity) {
        sum = newSum;
        c = newC;
        continue;
      }
      incrementalMean = true;
      mean = sum / (count - 1);
      c /= count - 1;
    }
    const q = (count - 1) / count;
    [mean, c] = kahanSumInc(x / count, q * mean, q * c);
  }
  if (incrementalMean) return mean + c;
  return sum / count + c / count;
}

/** sum_over_time: Kahan-compensated sum; an infinite sum is returned without its (meaningless) compensation. */
export function sumOverTime(points: RangePoints): number | undefined {
  return points.length === 0 ? undefined : kahanSum(points.v, points.length);
}

/** count_over_time: the number of samples. */
export function countOverTime(points: RangePoints): number | undefined {
  return points.length === 0 ? undefined : points.length;
}

// compareOverTime keeps the first sample, then replaces it whenever `better` says so; a NaN so far is always
// replaced, which makes NaN the result only when every sample is NaN.
function compareOverTime(
  points: RangePoints,
  better: (cur: number, best: number) => boolean,
  returnTimestamp: boolean,
): number | undefined {
  const n = points.length;
  if (n === 0) return undefined;
  let best = points.v[0] as number;
  let bestT = points.t[0] as number;
  for (let i = 0; i < n; i++) {
    const cur = points.v[i] as number;
    if (better(cur, best)) {
      best = cur;
      bestT = points.t[i] as number;
    }
  }
  return returnTimestamp ? bestT / 1000 : best;
}

/** max_over_time: the largest value; NaN samples are ignored unless all are NaN. */
export const maxOverTime = (points: RangePoints): number | undefined =>
  compareOverTime(points, (cur, best) => cur > best || Number.isNaN(best), false);

/** min_over_time: the smallest value; NaN samples are ignored unless all are NaN. */
export const minOverTime = (points: RangePoints): number | undefined =>
  compareOverTime(points, (cur, best) => cur < best || Number.isNaN(best), false);

/** ts_of_max_over_time (experimental): the time (seconds) of the last occurrence of the largest value. */
export const tsOfMaxOverTime = (points: RangePoints): number | undefined =>
  compareOverTime(points, (cur, best) => cur >= best || Number.isNaN(best), true);

/** ts_of_min_over_time (experimental): the time (seconds) of the last occurrence of the smallest value. */
export const tsOfMinOverTime = (points: RangePoints): number | undefined =>
  compareOverTime(points, (cur, best) => cur <= best || Number.isNaN(best), true);

/** last_over_time: the most recent value. */
export function lastOverTime(points: RangePoints): number | undefined {
  return points.length === 0 ? undefined : points.v[points.length - 1];
}

/** first_over_time (experimental): the oldest value in the range. */
export function firstOverTime(points: RangePoints): number | undefined {
  return points.length === 0 ? undefined : points.v[0];
}

/** ts_of_last_over_time (experimental): the time (seconds) of the most recent sample. */
export function tsOfLastOverTime(points: RangePoints): number | undefined {
  return points.length === 0 ? undefined : (points.t[points.length - 1] as number) / 1000;
}

/** ts_of_first_over_time (experimental): the time (seconds) of the oldest sample. */
export function tsOfFirstOverTime(points: RangePoints): number | undefined {
  return points.length === 0 ? undefined : (points.t[0] as number) / 1000;
}

/** present_over_time: 1 for any series with a sample in the range. */
export function presentOverTime(points: RangePoints): number | undefined {
  return points.length === 0 ? undefined : 1;
}

/**
 * absent_over_time's per-series value: 1 when the series has samples. The evaluator turns "no series at all" into
 * one output sample labelled with absentLabels(matchers), as Prometheus's engine post-processing does.
 */
export function absentOverTimeSeries(points: RangePoints): number | undefined {
  return points.length === 0 ? undefined : 1;
}

/** variance is the population variance by Welford's method with Kahan-compensated mean and sum of squares. */
export function variance(points: RangePoints): number | undefined {
  const n = points.length;
  if (n === 0) return undefined;
  let count = 0;
  let mean = 0;
  let cMean = 0;
  let aux = 0;
  let cAux = 0;
  for (let i = 0; i < n; i++) {
    const x = points.v[i] as number;
    count++;
    const d = x - (mean + cMean);
    [mean, cMean] = kahanSumInc(d / count, mean, cMean);
    [aux, cAux] = kahanSumInc(d * (x - (mean + cMean)), aux, cAux);
  }
  return (aux + cAux) / count;
}

/** stdvar_over_time: population variance of the values. */
export const stdvarOverTime = (points: RangePoints): number | undefined => variance(points);

/** stddev_over_time: population standard deviation of the values. */
export function stddevOverTime(points: RangePoints): number | undefined {
  const v = variance(points);
  return v === undefined ? undefined : Math.sqrt(v);
}

/** quantile_over_time(q, m): the q-quantile of the values (q outside [0, 1] gives ∓Inf, NaN gives NaN). */
export function quantileOverTime(
  points: RangePoints,
  _ctx: RangeFnContext,
  args: number[],
): number | undefined {
  const q = args[0];
  if (points.length === 0 || q === undefined) return undefined;
  return quantile(q, valuesOf(points));
}

/** mad_over_time (experimental): median absolute deviation from the median; NaN if any sample is NaN. */
export function madOverTime(points: RangePoints): number | undefined {
  if (points.length === 0) return undefined;
  const values = valuesOf(points);
  if (values.some((x) => Number.isNaN(x))) return NaN;
  const median = quantile(0.5, values);
  return quantile(
    0.5,
    values.map((x) => Math.abs(x - median)),
  );
}

/** changes: how often the value changed between consecutive samples (NaN to NaN is no change). */
export function changes(points: RangePoints): number | undefined {
  const n = points.length;
  if (n === 0) return undefined;
  let count = 0;
  for (let i = 1; i < n; i++) {
    const prev = points.v[i - 1] as number;
    const cur = points.v[i] as number;
    if (cur !== prev && !(Number.isNaN(cur) && Number.isNaN(prev))) count++;
  }
  return count;
}

/** resets: how often the value decreased between consecutive samples (counter resets). */
export function resets(points: RangePoints): number | undefined {
  const n = points.length;
  if (n === 0) return undefined;
  let count = 0;
  for (let i = 1; i < n; i++) if ((points.v[i] as number) < (points.v[i - 1] as number)) count++;
  return count;
}
