// The PromQL evaluation engine: instant and range queries over a Storage, plus the promqltest script runner.
export { Engine, type EngineOptions, type QueryOptions, type QueryResult, type RangeValue } from './engine';
export { runScript, almostEqual, type CaseResult } from './script-runner';
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
