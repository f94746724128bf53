import type { Labels } from '@vigil/model';
import type { Alert } from './alert';
import type { RuleGroup } from './rule-group';
import type { RuleHealth } from './rule';

// These shapes are what the HTTP API (apps/rule-manager/src/api) reads through its RulesRetriever.

/** AlertView is one pending or firing alert as the HTTP API shows it. */
export interface AlertView {
  labels: Labels;
  annotations: Labels;
  state: 'pending' | 'firing' | 'inactive';
  activeAtMs: number;
  keepFiringSinceMs?: number;
  value: number;
}

/** AlertingRuleView is an alerting rule as the HTTP API shows it. */
export interface AlertingRuleView {
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

/** RecordingRuleView is a recording rule as the HTTP API shows it. */
export interface RecordingRuleView {
  type: 'recording';
  name: string;
  query: string;
  labels: Labels;
  health: RuleHealth;
  lastError?: string;
  evaluationTimeMs: number;
  lastEvaluationMs?: number;
}

/** RuleGroupView is a rule group as the HTTP API shows it. */
export interface RuleGroupView {
  name: string;
  file: string;
  intervalMs: number;
  limit: number;
  evaluationTimeMs: number;
  lastEvaluationMs?: number;
  rules: (AlertingRuleView | RecordingRuleView)[];
}

function toAlertView(a: Alert): AlertView {
  const v: AlertView = {
    labels: a.labels,
    annotations: a.annotations,
    state: a.state,
    activeAtMs: a.activeAtMs,
    value: a.value,
  };
  if (a.keepFiringSinceMs !== undefined) v.keepFiringSinceMs = a.keepFiringSinceMs;
  return v;
}

function withStatus<T extends object>(
  base: T,
  s: { health: RuleHealth; lastError?: string; evaluationTimeMs: number; lastEvaluationMs?: number },
): T & Pick<RecordingRuleView, 'health' | 'lastError' | 'evaluationTimeMs' | 'lastEvaluationMs'> {
  return {
    ...base,
    health: s.health,
    ...(s.lastError !== undefined ? { lastError: s.lastError } : {}),
    evaluationTimeMs: s.evaluationTimeMs,
    ...(s.lastEvaluationMs !== undefined ? { lastEvaluationMs: s.lastEvaluationMs } : {}),
  };
}

/** toRuleGroupView is a point-in-time copy of a group for the HTTP API. */
export function toRuleGroupView(g: RuleGroup): RuleGroupView {
  return {
    name: g.name,
    file: g.file,
    intervalMs: g.intervalMs,
    limit: g.limit,
    evaluationTimeMs: g.evaluationTimeMs,
    ...(g.lastEvaluationMs !== undefined ? { lastEvaluationMs: g.lastEvaluationMs } : {}),
    rules: g.rules.map((r): AlertingRuleView | RecordingRuleView =>
      r.kind === 'alerting'
        ? withStatus(
            {
              type: 'alerting' as const,
              name: r.name,
              query: r.expr,
              durationMs: r.forMs,
              keepFiringForMs: r.keepFiringForMs,
              labels: { ...r.labels },
              annotations: { ...r.annotations },
              alerts: r.activeAlerts().map(toAlertView),
            },
            r.status,
          )
        : withStatus(
            { type: 'recording' as const, name: r.name, query: r.expr, labels: { ...r.labels } },
            r.status,
          ),
    ),
  };
}
