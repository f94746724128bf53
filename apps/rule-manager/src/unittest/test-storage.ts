// Writes a test group's samples (input series, rule output) into the in-memory storage with the checks and
// read-back behaviour of the TSDB promtool tests against.
import { isStaleNaN, type Labels } from '@vigil/model';
import { seriesKey, type FloatHistogram, type MemoryStorage } from '@vigil/promql';

/** AppendFn writes one sample (`h` set: a native histogram) and returns the TSDB's error, if any. */
export type AppendFn = (
  labels: Labels,
  t: number,
  v: number,
  stale: boolean,
  h?: FloatHistogram,
) => string | undefined;

interface Last {
  t: number;
  v: number;
  h: FloatHistogram | undefined;
}

/**
 * appender writes samples as Prometheus's storage accepts them: a sample older than the series' last one is
 * "out of order", one at the same time with another value a "duplicate"; it returns that error, if any.
 * Histograms are stored with the counter-reset hint the TSDB gives them back (see storedHint).
 */
export function appender(storage: MemoryStorage): AppendFn {
  const last = new Map<string, Last>();
  return (labels, t, v, stale, h) => {
    const key = seriesKey(labels);
    const prev = last.get(key);
    if (prev !== undefined && t < prev.t) return 'out of order sample';
    if (prev !== undefined && t === prev.t)
      return sameSample(prev, v, h) ? undefined : 'duplicate sample for timestamp';
    if (h === undefined) {
      storage.append(labels, t, v, stale);
      last.set(key, { t, v, h: undefined });
      return undefined;
    }
    storage.appendHistogram(labels, t, storedHint(h, prev?.h));
    last.set(key, { t, v: 0, h });
    return undefined;
  };
}

function sameSample(prev: Last, v: number, h: FloatHistogram | undefined): boolean {
  if (prev.h !== undefined || h !== undefined) {
    return prev.h !== undefined && h !== undefined && prev.h.equals(h);
  }
  return prev.v === v || (Number.isNaN(prev.v) && Number.isNaN(v) && isStaleNaN(prev.v) === isStaleNaN(v));
}

/**
 * storedHint gives a histogram the counter-reset hint the TSDB reads back for it: explicit `reset` and
 * `gauge` are kept; a histogram continuing the previous one's chunk reads `not_reset`; the first of a series,
 * one after a float or a stale marker, after a layout change or after a detected reset starts a new chunk and
 * reads `unknown`.
 */
export function storedHint(h: FloatHistogram, prev: FloatHistogram | undefined): FloatHistogram {
  if (h.counterResetHint === 'gauge' || h.counterResetHint === 'reset') return h;
  const newChunk =
    prev === undefined ||
    prev.counterResetHint === 'gauge' ||
    h.schema !== prev.schema ||
    h.zeroThreshold !== prev.zeroThreshold ||
    h.count < prev.count ||
    h.zeroCount < prev.zeroCount ||
    !sameBounds(h.customValues, prev.customValues) ||
    h.detectResetIgnoringHint(prev);
  const hint = newChunk ? 'unknown' : 'not_reset';
  if (hint === h.counterResetHint) return h;
  const c = h.copy();
  c.counterResetHint = hint;
  return c;
}

function sameBounds(a: readonly number[] | undefined, b: readonly number[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}
