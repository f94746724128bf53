// The embedded store: series, postings, compressed chunks, WAL and blocks; scrape and remote-write intake.
export type { AppendError, Appender, Appendable } from './appender';
