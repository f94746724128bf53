import type { Labels } from '@vigil/model';

/** SourcePosition is a 1-based line and column in a rule file. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** RuleSpec is one validated rule from a rule file: exactly one of `record` or `alert` is set. */
export interface RuleSpec {
  /** Name of the series a recording rule writes; undefined for alerting rules. */
  record?: string;
  /** Alert name of an alerting rule; undefined for recording rules. */
  alert?: string;
  /** The PromQL expression, as written. */
  expr: string;
  /** `for` in milliseconds (0 when absent). */
  forMs: number;
  /** `keep_firing_for` in milliseconds (0 when absent). */
  keepFiringForMs: number;
  labels: Labels;
  annotations: Labels;
  /** Where the rule starts in its file. */
  position: SourcePosition;
}

/** RuleGroupSpec is one validated group from a rule file. */
export interface RuleGroupSpec {
  name: string;
  /** File the group was read from (as given, not resolved). */
  file: string;
  /** Evaluation interval in ms; undefined means "use the global evaluation_interval". */
  intervalMs?: number;
  /** Query offset in ms; undefined means "use the global rule_query_offset". */
  queryOffsetMs?: number;
  /** Maximum number of series/alerts a rule may produce; 0 means no limit. */
  limit: number;
  /** Labels added to every rule of the group (rule labels override them). */
  labels: Labels;
  rules: RuleSpec[];
  position: SourcePosition;
}

/** RuleFileError is one problem found in a rule file, located as promtool locates it. */
export interface RuleFileError {
  file: string;
  /** 1-based line/column, when the problem has a place in the file. */
  position?: SourcePosition;
  /** The message without the file name, e.g. `13:5: group "g", rule 1, "up": could not parse expression: ...`. */
  message: string;
}
