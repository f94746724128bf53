// rate, increase, delta (extrapolated) and irate, idelta (last two samples), as Prometheus's functions.go.
import type { RangeFnContext, RangePoints } from '../types';

/**
 * extrapolatedRate is Prometheus's extrapolatedRate for float samples: the change over the samples in the range,
 * corrected for counter resets when `isCounter`, extrapolated towards the range boundaries (all the way when the
 * first/last sample is within 1.1 × the average sample interval of the boundary, half an interval otherwise, and
 * never below zero for counters), per second of the range when `isRate`. Undefined with fewer than two samples.
 */
export function extrapolatedRate(
  points: RangePoints,
  ctx: RangeFnContext,
  isCounter: boolean,
  isRate: boolean,
): number | undefined {
  const n = points.length;
  if (n < 2) return undefined;
  const { t, v } = points;
  const firstT = t[0] as number;
  const lastT = t[n - 1] as number;
  const firstV = v[0] as number;
  let result = (v[n - 1] as number) - firstV;
  if (isCounter) {
    for (let i = 1; i < n; i++) {
      const prev = v[i - 1] as number;
      if ((v[i] as number) < prev) result += prev;
    }
  }

  let durationToStart = (firstT - ctx.rangeStartMs) / 1000;
  let durationToEnd = (ctx.rangeEndMs - lastT) / 1000;
  const sampledInterval = (lastT - firstT) / 1000;
  const averageDurationBetweenSamples = sampledInterval / (n - 1);
  const extrapolationThreshold = averageDurationBetweenSamples * 1.1;

  if (durationToStart >= extrapolationThreshold) durationToStart = averageDurationBetweenSamples / 2;
  if (isCounter) {
    // A counter cannot go below zero: stop extrapolating where the slope would reach it.
    let durationToZero = durationToStart;
    if (result > 0 && firstV >= 0) durationToZero = sampledInterval * (firstV / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  if (durationToEnd >= extrapolationThreshold) durationToEnd = averageDurationBetweenSamples / 2;

  let factor = 1;
  if (sampledInterval !== 0) factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
  if (isRate) factor /= (ctx.rangeEndMs - ctx.rangeStartMs) / 1000;
  return result * factor;
}

/** instantValue is Prometheus's instantValue for floats: irate (`isRate`) or idelta over the last two samples. */
export function instantValue(points: RangePoints, isRate: boolean): number | undefined {
  const n = points.length;
  if (n < 2) return undefined;
  const prevT = points.t[n - 2] as number;
  const lastT = points.t[n - 1] as number;
  const prevV = points.v[n - 2] as number;
  const lastV = points.v[n - 1] as number;
  const sampledInterval = lastT - prevT;
  if (sampledInterval === 0) return undefined;
  // After a counter reset the last value itself is the increase (NaN compares false and so subtracts).
  let result = lastV;
  if (!isRate || !(lastV < prevV)) result = lastV - prevV;
  if (isRate) result /= sampledInterval / 1000;
  return result;
}

/** rate is the per-second increase of a counter over the range, extrapolated. */
export const rate = (points: RangePoints, ctx: RangeFnContext): number | undefined =>
  extrapolatedRate(points, ctx, true, true);

/** increase is the increase of a counter over the range, extrapolated. */
export const increase = (points: RangePoints, ctx: RangeFnContext): number | undefined =>
  extrapolatedRate(points, ctx, true, false);

/** delta is the change of a gauge over the range, extrapolated (no reset handling, may be negative). */
export const delta = (points: RangePoints, ctx: RangeFnContext): number | undefined =>
  extrapolatedRate(points, ctx, false, false);

/** irate is the per-second rate between the last two samples, treating a decrease as a counter reset. */
export const irate = (points: RangePoints): number | undefined => instantValue(points, true);

/** idelta is the difference between the last two samples. */
export const idelta = (points: RangePoints): number | undefined => instantValue(points, false);
