// rate, increase, irate and resets over samples that carry start timestamps (experimental in Prometheus 3):
// a start timestamp after the previous sample marks a counter reset, and one inside the range replaces
// extrapolation towards the range start by an assumed zero at that time.
import type { FloatHistogram } from './histogram/float-histogram';
import { histogramRate, type Annotate, type NativeResult } from './native-range';
import { isStartTimestampReset, overlapWarning, startTimeOverlap } from './start-timestamp-resets';
import type { RangeFnContext } from './types';
import type { MatrixSeries } from './values';

/** START_TIMESTAMP_FUNCS are the functions that look at start timestamps. */
export const START_TIMESTAMP_FUNCS: ReadonlySet<string> = new Set(['rate', 'increase', 'irate', 'resets']);

/**
 * startTimestampCall evaluates rate/increase/irate/resets over a series with start timestamps (all floats or all
 * histograms); undefined for no output, null when the series needs the generic path (floats and histograms mixed).
 */
export function startTimestampCall(
  name: string,
  s: MatrixSeries,
  ctx: RangeFnContext,
  annotate: Annotate,
): NativeResult | undefined | null {
  const st = s.st as Float64Array;
  const hs = s.h;
  const allHist = hs !== undefined && hs.every((h, i) => i >= s.length || h !== undefined);
  if (hs !== undefined && !allHist) return null;
  const metric = s.labels['__name__'] ?? '';
  const n = s.length;
  const t = (i: number): number => s.t[i] as number;
  const stReset = (i: number): boolean => isStartTimestampReset(st[i - 1] ?? 0, t(i - 1), st[i] ?? 0, t(i));
  if (name === 'resets') {
    let resets = 0;
    for (let i = 1; i < n; i++) {
      const reset = allHist
        ? stReset(i) || (hs[i] as FloatHistogram).detectReset(hs[i - 1] as FloatHistogram)
        : (s.v[i] as number) < (s.v[i - 1] as number) || stReset(i);
      if (reset) resets++;
    }
    return n === 0 ? undefined : { value: resets };
  }
  if (name === 'irate') {
    if (n < 2) return undefined;
    const interval = t(n - 1) - t(n - 2);
    if (interval === 0) return undefined;
    if (!allHist) {
      const v1 = s.v[n - 1] as number;
      const v0 = s.v[n - 2] as number;
      const r = v1 < v0 || stReset(n - 1) ? v1 : v1 - v0;
      return { value: r / (interval / 1000) };
    }
    const h1 = hs[n - 1] as FloatHistogram;
    const h0 = hs[n - 2] as FloatHistogram;
    const h = h1.copy();
    if (!stReset(n - 1) && !h1.detectReset(h0)) h.sub(h0);
    h.counterResetHint = 'gauge';
    return { value: 0, h: h.compact().div(interval / 1000) };
  }
  // rate and increase.
  if (n === 0) return undefined;
  const isRate = name === 'rate';
  let resultF = 0;
  let resultH: FloatHistogram | undefined;
  if (allHist) {
    if (n > 1) {
      const ts: number[] = [];
      for (let i = 0; i < n; i++) ts.push(t(i));
      resultH = histogramRate(ts, hs.slice(0, n) as FloatHistogram[], true, metric, annotate, st);
      if (resultH === undefined) return undefined;
    }
  } else {
    resultF = (s.v[n - 1] as number) - (s.v[0] as number);
    let overlap = false;
    for (let i = 1; i < n; i++) {
      if (!overlap && startTimeOverlap(st[i - 1] ?? 0, t(i - 1), st[i] ?? 0)) {
        annotate('warn', overlapWarning(metric));
        overlap = true;
      }
      if ((s.v[i] as number) < (s.v[i - 1] as number) || stReset(i)) resultF += s.v[i - 1] as number;
    }
  }
  const firstT = t(0);
  const lastT = t(n - 1);
  let durationToStart = (firstT - ctx.rangeStartMs) / 1000;
  let durationToEnd = (ctx.rangeEndMs - lastT) / 1000;
  let sampledInterval = (lastT - firstT) / 1000;
  const avg = n > 1 ? sampledInterval / (n - 1) : 0;
  const threshold = avg * 1.1;
  const st0 = st[0] ?? 0;
  if (st0 !== 0 && st0 > ctx.rangeStartMs && st0 < firstT) {
    // A zero at the first sample's start time replaces extrapolation to the left.
    durationToStart = 0;
    sampledInterval = (lastT - st0) / 1000;
    if (allHist) {
      const first = hs[0] as FloatHistogram;
      if (resultH === undefined) resultH = first.copy();
      else resultH.add(first);
    } else resultF += s.v[0] as number;
  } else if (n === 1) {
    return undefined;
  } else {
    if (durationToStart >= threshold) durationToStart = avg / 2;
    let durationToZero = durationToStart;
    if (!allHist && resultF > 0 && (s.v[0] as number) >= 0) {
      durationToZero = sampledInterval * ((s.v[0] as number) / resultF);
    } else if (
      allHist &&
      resultH !== undefined &&
      resultH.count > 0 &&
      (hs[0] as FloatHistogram).count >= 0
    ) {
      durationToZero = sampledInterval * ((hs[0] as FloatHistogram).count / resultH.count);
    }
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  if (durationToEnd >= threshold) durationToEnd = avg / 2;
  let factor =
    sampledInterval !== 0 ? (sampledInterval + durationToStart + durationToEnd) / sampledInterval : 1;
  if (isRate) factor /= (ctx.rangeEndMs - ctx.rangeStartMs) / 1000;
  if (resultH !== undefined) {
    resultH.counterResetHint = 'gauge';
    return { value: 0, h: resultH.mul(factor) };
  }
  return { value: resultF * factor };
}
