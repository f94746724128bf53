// PromQL parser, type checker, printer and evaluation engine (over the Storage interface). Pure.
export * from './ast';
export { checkExpr, type Report } from './check';
export { exprEqual } from './equal';
export { ParseError, type ParseErrorItem } from './errors';
export { FUNCTIONS, type FunctionSignature } from './functions';
export { Matcher, MatcherError, formatMatcher, newMatcher, type MatchType } from './matcher';
export { ALL_FEATURES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_LENGTH, type ParserOptions } from './options';
export { parseExpr } from './parser';
export { formatExpr } from './printer';
export { formatFloatF } from './go-format';
export { childrenOf, walkExpr, type Visitor } from './walk';
export * from './eval';
export {
  MemoryStorage,
  compareLabels,
  seriesKey,
  seriesLabelNames,
  seriesLabelValues,
  type Labels,
  type Querier,
  type SeriesData,
  type Storage,
} from './storage';
