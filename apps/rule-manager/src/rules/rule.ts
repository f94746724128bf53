import type { QueryFn } from '@vigil/model';
import type { AlertingRule } from './alerting-rule';
import type { RecordingRule } from './recording-rule';

/** RuleHealth is Prometheus's rule health: unknown before the first evaluation. */
export type RuleHealth = 'unknown' | 'ok' | 'err';

/** RuleStatus is what the last evaluation of a rule left behind, for the HTTP API and metrics. */
export interface RuleStatus {
  health: RuleHealth;
  /** Message of the last failed evaluation; cleared by a successful one. */
  lastError?: string;
  /** Wall-clock time (ms) the last evaluation started. */
  lastEvaluationMs?: number;
  /** How long the last evaluation took (ms). */
  evaluationTimeMs: number;
}

/** RuleEvalContext is one evaluation of one rule: the group's timestamp and what the rule queries with. */
export interface RuleEvalContext {
  /** Group evaluation timestamp (ms); queries run at `ts - queryOffsetMs`. */
  ts: number;
  queryOffsetMs: number;
  /** The group's `limit`; 0 means none. */
  limit: number;
  query: QueryFn;
  signal?: AbortSignal;
}

/** Rule is either kind of rule a group evaluates. */
export type Rule = AlertingRule | RecordingRule;

/** newRuleStatus is the status of a rule that has not been evaluated yet. */
export function newRuleStatus(): RuleStatus {
  return { health: 'unknown', evaluationTimeMs: 0 };
}
