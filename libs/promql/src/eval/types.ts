// Interface between the evaluator and the pure function library in ./functions. Stable: extend, never rename.

/** Points of one series in a range, sorted by time; floats only for now. `length` may be less than the arrays'. */
export interface RangePoints {
  /** Sample timestamps, epoch milliseconds. */
  t: Float64Array;
  /** Sample values. */
  v: Float64Array;
  /** Number of valid points (arrays may be longer and reused). */
  length: number;
}

/** Context of one range-function call. */
export interface RangeFnContext {
  /** Start of the selected range, exclusive (Prometheus: evalTime - range - offset), epoch ms. */
  rangeStartMs: number;
  /** End of the selected range, inclusive (evalTime - offset), epoch ms. */
  rangeEndMs: number;
  /** Evaluation timestamp, epoch ms. */
  evalTimeMs: number;
  /** For extrapolation: true for rate/increase (counter resets), false for delta. */
  isCounter?: boolean;
  /** Metric name of the series (without it the function must not assume one); used for warnings. */
  metricName?: string;
  /** Collects annotation messages (warnings/infos) raised by the function. */
  annotate?: (level: 'warn' | 'info', message: string) => void;
}

/** A range-vector function: returns the value for one series, or undefined for no output. */
export type RangeFunction = (points: RangePoints, ctx: RangeFnContext, args: number[]) => number | undefined;

/** An instant-vector float function (abs, ceil, clamp, ...). `args` are the scalar arguments after the vector. */
export type InstantFunction = (v: number, args: number[], evalTimeMs: number) => number;

/** Labels of one series as a plain name → value record (includes `__name__` when present). */
export type LabelSet = Readonly<Record<string, string>>;

/** One sample of an instant vector as seen by label functions and histogram_quantile. */
export interface VectorSample {
  labels: LabelSet;
  value: number;
}

/**
 * A whole-vector function (label_replace, label_join, histogram_quantile, sort...): receives the evaluated
 * instant vector and scalar/string args; returns the output vector (errors are thrown as EvalError-like Error).
 */
export type VectorFunction = (
  vector: VectorSample[],
  args: Array<number | string>,
  evalTimeMs: number,
) => VectorSample[];

/**
 * Registry the function library exports (from ./functions/index.ts as `FUNCTION_LIBRARY`); the evaluator looks
 * names up here and falls back to its built-ins.
 */
export interface FunctionLibrary {
  range: Readonly<Record<string, RangeFunction>>;
  instant: Readonly<Record<string, InstantFunction>>;
  vector: Readonly<Record<string, VectorFunction>>;
}
