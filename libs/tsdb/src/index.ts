// The embedded store: series, postings, compressed chunks, WAL and blocks; scrape and remote-write intake.
export type { AppendError, Appender, Appendable, SeriesRef } from './appender';
export { appendWithRef } from './appender';
export {
  Tsdb,
  DEFAULT_BLOCK_RANGE_MS,
  DEFAULT_RETENTION_MS,
  type TsdbOptions,
  type TsdbStats,
  type ReplayStats,
} from './tsdb';
export { LockError } from './lock';
export type { Logger } from './wal';
export type { BlockMeta } from './block';
export * from './remote-write';
export * from './scrape';
