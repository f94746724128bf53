// Writes a test group's samples (input series, rule output) into the in-memory storage with the checks and
// read-back behaviour of the TSDB promtool tests against.
import { isStaleNaN, type Labels } from '@vigil/model';
import { seriesKey, withStoredHint, type FloatHistogram, type MemoryStorage } from '@vigil/promql';

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
 * Histograms are stored with the counter-reset hint the TSDB gives them back (see withStoredHint of @vigil/promql).
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
    storage.appendHistogram(labels, t, withStoredHint(h, prev?.h));
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
