import type { Labels } from './labels';

/** Sample is one value of one series at one time (ms since the epoch), as an instant query returns it. */
export interface Sample {
  labels: Labels;
  /** Timestamp in milliseconds since the Unix epoch. */
  t: number;
  v: number;
}

/** Series is a labelled list of points, as a range query returns it. */
export interface Series {
  labels: Labels;
  points: { t: number; v: number }[];
}

/** QueryResult is the value of a PromQL expression at one evaluation time. */
export type QueryResult =
  | { type: 'vector'; samples: Sample[] }
  | { type: 'scalar'; t: number; v: number }
  | { type: 'string'; t: number; v: string }
  | { type: 'matrix'; series: Series[] };

/** QueryFn runs an instant query for `expr` at time `t` (ms); rule evaluation and templates' `query` take one. */
export type QueryFn = (expr: string, t: number, signal?: AbortSignal) => Promise<QueryResult>;
