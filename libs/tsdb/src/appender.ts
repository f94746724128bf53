// The write side of the store, as scrape and remote-write intake see it.
import type { Labels } from '@vigil/model';

/**
 * AppendError says why one sample was refused (Prometheus's storage errors): older than the series' last
 * sample beyond the out-of-order window, older than the store accepts at all (before the head's minimum
 * valid time), or a second, different value at a timestamp the series already has.
 */
export type AppendError = 'out_of_order' | 'out_of_bounds' | 'duplicate_timestamp';

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
  /** commit makes the batch durable (WAL) and visible; rejects only on I/O failure. */
  commit(): Promise<void>;
  /** rollback drops the batch. */
  rollback(): void;
}

/** Appendable hands out appenders; the store, and test doubles writing to memory, implement it. */
export interface Appendable {
  appender(): Appender;
}
