// The PromQL evaluation engine: instant and range queries over a Storage, plus the promqltest script runner.
export {
  DEFAULT_LOOKBACK_DELTA_MS,
  DEFAULT_MAX_LOADED_SAMPLES,
  DEFAULT_MAX_SAMPLES,
  DEFAULT_MAX_SERIES,
  DEFAULT_QUERY_TIMEOUT_MS,
  Engine,
  type EngineOptions,
  type QueryOptions,
  type QueryResult,
  type RangeValue,
} from './engine';
export {
  InvalidQueryParamsError,
  QueryCanceledError,
  QueryLimits,
  QueryStorageError,
  QueryTimeoutError,
  TooManySamplesError,
  TooManySeriesError,
  queryErrorType,
  type QueryErrorType,
  type QueryLimitsConfig,
  type QueryStats,
} from './limits';
export { runScript, almostEqual, withStoredHint, type CaseResult } from './script-runner';
export {
  parseScript,
  expandSequence,
  ScriptSyntaxError,
  type EvalCommand,
  type ExpectAnnotation,
  type ExpectedSeries,
  type LoadedSeries,
  type ScriptCommand,
  type SeriesValue,
} from './script';
export type {
  FunctionLibrary,
  InstantFunction,
  LabelSet,
  RangeFnContext,
  RangeFunction,
  RangePoints,
  VectorFunction,
  VectorSample,
} from './types';
export {
  EvalError,
  QueryAbortedError,
  type MatrixSeries,
  type Sample,
  type Value,
  type Vector,
} from './values';
export {
  CUSTOM_BUCKETS_SCHEMA,
  FloatHistogram,
  HistogramError,
  type Bucket,
  type CounterResetHint,
  type Span,
} from './histogram/float-histogram';
export { parseHistogramLiteral, type ParsedHistogram } from './histogram/notation';
export { histogramFraction, histogramQuantile, histogramVariance } from './histogram/stats';
