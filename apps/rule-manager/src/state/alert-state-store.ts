import type { Labels } from '@vigil/model';

/** AlertStateName is where an alert stands in Prometheus's state machine. */
export type AlertStateName = 'pending' | 'firing' | 'inactive';

/** PersistedAlert is everything needed to resume one alert of an alerting rule after a restart. */
export interface PersistedAlert {
  labels: Labels;
  annotations: Labels;
  state: AlertStateName;
  value: number;
  activeAtMs: number;
  firedAtMs?: number;
  resolvedAtMs?: number;
  lastSentAtMs?: number;
  keepFiringSinceMs?: number;
  validUntilMs?: number;
}

/** PersistedRuleState is the alerts of one alerting rule, keyed by the rule's identity. */
export interface PersistedRuleState {
  /** Rule identity: alert name + canonical rule labels + expr, so an edited rule does not inherit state. */
  ruleKey: string;
  alerts: PersistedAlert[];
}

/** PersistedGroupState is one rule group's alert state as saved after an evaluation. */
export interface PersistedGroupState {
  /** `file;group-name`, as Prometheus keys groups. */
  groupKey: string;
  /** Evaluation time (ms) the state belongs to. */
  evaluatedAtMs: number;
  rules: PersistedRuleState[];
}

/** AlertStateStore saves and restores rule groups' alert state (Redis in production, memory in tests). */
export interface AlertStateStore {
  load(groupKey: string): Promise<PersistedGroupState | undefined>;
  save(state: PersistedGroupState): Promise<void>;
  remove(groupKey: string): Promise<void>;
}
