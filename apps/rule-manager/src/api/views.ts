import type { Labels } from '@vigil/model';

/** AlertView is one active alert as the HTTP API shows it. */
export interface AlertView {
  labels: Labels;
  annotations: Labels;
  state: 'pending' | 'firing' | 'inactive';
  activeAtMs: number;
  keepFiringSinceMs?: number;
  value: number;
}

/** RuleHealth is Prometheus's rule health: unknown before the first evaluation. */
export type RuleHealth = 'unknown' | 'ok' | 'err';

/** RuleView is one rule as the HTTP API shows it. */
export type RuleView =
  | {
      type: 'alerting';
      name: string;
      query: string;
      durationMs: number;
      keepFiringForMs: number;
      labels: Labels;
      annotations: Labels;
      alerts: AlertView[];
      health: RuleHealth;
      lastError?: string;
      evaluationTimeMs: number;
      lastEvaluationMs?: number;
    }
  | {
      type: 'recording';
      name: string;
      query: string;
      labels: Labels;
      health: RuleHealth;
      lastError?: string;
      evaluationTimeMs: number;
      lastEvaluationMs?: number;
    };

/** GroupView is one rule group as the HTTP API shows it. */
export interface GroupView {
  name: string;
  file: string;
  intervalMs: number;
  limit: number;
  evaluationTimeMs: number;
  lastEvaluationMs?: number;
  rules: RuleView[];
}

/** RulesRetriever is what the HTTP API reads: the rule manager's groups, in order. */
export interface RulesRetriever {
  ruleGroups(): GroupView[];
}
