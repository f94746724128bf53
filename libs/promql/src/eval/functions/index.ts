// The PromQL function library for the evaluator: pure per-series and per-sample functions keyed by name.
import type { FunctionLibrary, InstantFunction, RangeFunction, VectorFunction, VectorSample } from '../types';
import { DATE_FUNCTIONS } from './date';
import { histogramFraction, histogramQuantile } from './histogram';
import { checkLabelJoin, compileLabelReplace, labelJoin, labelReplace } from './labels';
import { MATH_FUNCTIONS } from './math';
import {
  absentOverTimeSeries,
  avgOverTime,
  changes,
  countOverTime,
  firstOverTime,
  lastOverTime,
  madOverTime,
  maxOverTime,
  minOverTime,
  presentOverTime,
  quantileOverTime,
  resets,
  stddevOverTime,
  stdvarOverTime,
  sumOverTime,
  tsOfFirstOverTime,
  tsOfLastOverTime,
  tsOfMaxOverTime,
  tsOfMinOverTime,
} from './over-time';
import { delta, idelta, increase, irate, rate } from './rate';
import { deriv, predictLinear } from './regression';
import { doubleExponentialSmoothing } from './smoothing';
import { sortByLabel, sortByValue } from './sort';

export { bucketFraction, bucketQuantile, type Bucket, type BucketQuantileResult } from './buckets';
export { calendarOf, daysInMonth } from './date';
export { groupBuckets, histogramFraction, histogramQuantile, parseBucketBound } from './histogram';
export { kahanSum, kahanSumInc } from './kahan';
export {
  absentLabels,
  checkLabelJoin,
  compileLabelReplace,
  goExpand,
  LabelFunctionError,
  labelJoin,
  labelReplace,
  type AbsentMatcher,
  type CompiledReplace,
} from './labels';
export { clampOutputsNothing, goLog10, goLog2 } from './math';
export { variance } from './over-time';
export { extendedRate } from './extended-rate';
export { extrapolatedRate, instantValue } from './rate';
export { linearRegression } from './regression';
export { SmoothingFactorError } from './smoothing';
export { compareLabelSets, naturalLess, sortByLabel, sortByValue } from './sort';
export { compareForQuantile, quantile } from './stats';

/** RANGE_FUNCTIONS are the range-vector functions (one float or nothing per series) by PromQL name. */
export const RANGE_FUNCTIONS: ReadonlyMap<string, RangeFunction> = new Map<string, RangeFunction>([
  ['rate', rate],
  ['increase', increase],
  ['delta', delta],
  ['irate', irate],
  ['idelta', idelta],
  ['deriv', deriv],
  ['predict_linear', predictLinear],
  ['resets', resets],
  ['changes', changes],
  ['avg_over_time', avgOverTime],
  ['sum_over_time', sumOverTime],
  ['count_over_time', countOverTime],
  ['min_over_time', minOverTime],
  ['max_over_time', maxOverTime],
  ['last_over_time', lastOverTime],
  ['first_over_time', firstOverTime],
  ['ts_of_first_over_time', tsOfFirstOverTime],
  ['ts_of_last_over_time', tsOfLastOverTime],
  ['ts_of_min_over_time', tsOfMinOverTime],
  ['ts_of_max_over_time', tsOfMaxOverTime],
  ['present_over_time', presentOverTime],
  ['absent_over_time', absentOverTimeSeries],
  ['stddev_over_time', stddevOverTime],
  ['stdvar_over_time', stdvarOverTime],
  ['quantile_over_time', quantileOverTime],
  ['mad_over_time', madOverTime],
  ['double_exponential_smoothing', doubleExponentialSmoothing],
]);

/** INSTANT_FUNCTIONS are the element-wise float functions by PromQL name (date functions take Unix seconds). */
export const INSTANT_FUNCTIONS: ReadonlyMap<string, InstantFunction> = new Map<string, InstantFunction>([
  ...MATH_FUNCTIONS,
  ...DATE_FUNCTIONS,
]);

function str(arg: number | string | undefined): string {
  return typeof arg === 'string' ? arg : '';
}

function num(arg: number | string | undefined): number {
  return typeof arg === 'number' ? arg : NaN;
}

/** VECTOR_FUNCTIONS work on a whole instant vector; args are the other arguments in call order (strings as is). */
export const VECTOR_FUNCTIONS: ReadonlyMap<string, VectorFunction> = new Map<string, VectorFunction>([
  // histogram_quantile(q, v): args = [q].
  ['histogram_quantile', (vector, args) => histogramQuantile(num(args[0]), vector)],
  // histogram_fraction(lower, upper, v): args = [lower, upper].
  ['histogram_fraction', (vector, args) => histogramFraction(num(args[0]), num(args[1]), vector)],
  // label_replace(v, dst, replacement, src, regex): args = [dst, replacement, src, regex].
  [
    'label_replace',
    (vector, args) => {
      const [dst, repl, src, regex] = args.map(str) as [string, string, string, string];
      const compiled = compileLabelReplace(dst, regex);
      return vector.map((s): VectorSample => ({
        ...s,
        labels: labelReplace(s.labels, dst, repl, src, compiled),
      }));
    },
  ],
  // label_join(v, dst, sep, src...): args = [dst, sep, ...srcs].
  [
    'label_join',
    (vector, args) => {
      const [dst = '', sep = '', ...srcs] = args.map(str);
      checkLabelJoin(dst, srcs);
      return vector.map((s): VectorSample => ({ ...s, labels: labelJoin(s.labels, dst, sep, srcs) }));
    },
  ],
]);

/** SORT_FUNCTIONS reorder an instant vector; the evaluator keeps their order only at the top of a query. */
const SORT_FUNCTIONS: ReadonlyArray<[string, VectorFunction]> = [
  ['sort', (vector) => sortByValue(vector, false)],
  ['sort_desc', (vector) => sortByValue(vector, true)],
  ['sort_by_label', (vector, args) => sortByLabel(vector, args.map(str), false)],
  ['sort_by_label_desc', (vector, args) => sortByLabel(vector, args.map(str), true)],
];

/** FUNCTION_LIBRARY is the registry the evaluator looks names up in (see ../types FunctionLibrary). */
export const FUNCTION_LIBRARY: FunctionLibrary = {
  range: Object.fromEntries(RANGE_FUNCTIONS),
  instant: Object.fromEntries(INSTANT_FUNCTIONS),
  vector: Object.fromEntries([...VECTOR_FUNCTIONS, ...SORT_FUNCTIONS]),
};
