// The write side of the store, as scrape and remote-write intake see it.
import type { Labels } from '@vigil/model';

/**
 * AppendError says why one sample was refused (Prometheus's storage errors): older than the series' last
 * sample beyond the out-of-order window, older than the store accepts at all (before the head's minimum
 * valid time), or a second, different value at a timestamp the series already has.
 */
export type AppendError = 'out_of_order' | 'out_of_bounds' | 'duplicate_timestamp';

/** SeriesRef is an Appendable's opaque handle for a series (a positive integer; 0 means none). */
export type SeriesRef = number;

/**
 * appendWithRef appends through `appendRef` when the appender has it, else through `append` (ref 0); returns the
 * series ref to keep or why the sample was refused.
 */
export function appendWithRef(
  app: Appender,
  ref: SeriesRef,
  labels: Labels,
  t: number,
  v: number,
): SeriesRef | AppendError {
  if (app.appendRef !== undefined) return app.appendRef(ref, labels, t, v);
  return app.append(labels, t, v) ?? 0;
}

/**
 * Appender collects samples of one batch (one scrape, one remote-write request, one rule evaluation); none is
 * visible to queries until `commit` resolves, and after it resolves every sample is in the write-ahead log.
 */
export interface Appender {
  /**
   * append adds one float sample at `t` (ms since the epoch); `v` may be the staleness marker (STALE_NAN of
   * @vigil/model, compared by bits with isStaleNaN). Returns why the sample was refused, or undefined.
   */
  append(labels: Labels, t: number, v: number): AppendError | undefined;
  /**
   * appendRef is append with a series reference (Prometheus's `Append(ref, lset, t, v) (ref, err)`): `ref` is
   * what an earlier appendRef of this Appendable returned for the same `labels`, or 0 when unknown. The store
   * uses it to skip the label lookup, falling back to `labels` when the ref is unknown or its series is gone
   * (e.g. removed by head truncation). Returns the series' ref (a positive integer to pass next time; 0 when
   * the implementation has no refs) or why the sample was refused. Optional: callers fall back to append.
   */
  appendRef?(ref: SeriesRef, labels: Labels, t: number, v: number): SeriesRef | AppendError;
  /** commit makes the batch durable (WAL) and visible; rejects only on I/O failure. */
  commit(): Promise<void>;
  /** rollback drops the batch. */
  rollback(): void;
}

/** Appendable hands out appenders; the store, and test doubles writing to memory, implement it. */
export interface Appendable {
  appender(): Appender;
}
