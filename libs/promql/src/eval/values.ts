// Values the evaluator passes between nodes: scalars, strings, instant vectors and range vectors (matrices).
import type { Labels } from '../storage';
import type { FloatHistogram } from './histogram/float-histogram';

/** Sample is one element of an instant vector: a float `value`, or a native histogram `h` (value then unused). */
export interface Sample {
  labels: Labels;
  value: number;
  h?: FloatHistogram;
}

/** Vector is an instant vector. */
export type Vector = Sample[];

/** MatrixSeries is one series of a range vector: its points in parallel typed arrays (first `length` valid). */
export interface MatrixSeries {
  labels: Labels;
  t: Float64Array;
  v: Float64Array;
  length: number;
  /** Histogram points parallel to `t` (set entries are histogram samples); absent when all points are floats. */
  h?: (FloatHistogram | undefined)[];
  /** Start timestamps parallel to `t` (0: unknown); only range selectors over series that have them set it. */
  st?: Float64Array;
}

/** Value is the result of evaluating one expression at one time. */
export type Value =
  | { type: 'scalar'; value: number }
  | { type: 'string'; value: string }
  | { type: 'vector'; value: Vector }
  | { type: 'matrix'; value: MatrixSeries[] };

/** RangeResult is the result of a range query: a matrix with one point per step where a series had a value. */
export interface RangeResult {
  type: 'matrix' | 'scalar';
  series: MatrixSeries[];
}

/** EvalError is an evaluation failure with Prometheus's message. */
export class EvalError extends Error {}

/** QueryAbortedError reports a cancelled or timed-out query. */
export class QueryAbortedError extends EvalError {}
