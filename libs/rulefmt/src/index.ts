// Reads and validates Prometheus rule files (and PrometheusRule manifests) as promtool does.
export type * from './types';
export { parseRuleFile } from './parse-rule-file';
export type { ParseRuleFileOptions, ParsedRuleFile } from './parse-rule-file';
export type { RuleFileFormat } from './decode-rule-groups';
export { readRuleFile } from './read-rule-file';
export { loadRuleFiles } from './load-rule-files';
export type { LoadedRuleFiles } from './load-rule-files';
export { formatRuleFileError } from './format';
export { findDuplicateRules, formatDuplicateRules } from './lint';
export type { DuplicateRule } from './lint';
export { glob, hasGlobMeta, matchGlob, GlobPatternError } from './glob';
export type { ExprChecker, TemplateChecker } from './validate';
export {
  compareFile,
  formatOutcome,
  manifestSpec,
  nameExpectation,
  promtoolCheck,
  promtoolVersion,
  ruleFileKind,
} from './promtool-diff';
export type { DiffOutcome, KnownDifference, RuleFileKind, Verdict, VigilCheck } from './promtool-diff';
export { PROMTOOL_PARSER_OPTIONS, UnknownFeatureError, exprChecker } from './default-checkers';
