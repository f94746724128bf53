/** AlertState is an alert's processing state as `alertmanager_alerts{state}` and the API's `status.state` show it. */
export type AlertState = 'active' | 'suppressed' | 'unprocessed';

/** AlertStateCounts holds how many alerts are in each state. */
export type AlertStateCounts = Record<AlertState, number>;

/** ALERT_STATES lists the states in the order the metric reports them. */
export const ALERT_STATES: readonly AlertState[] = ['active', 'suppressed', 'unprocessed'];

const PRIORITY: Record<AlertState, number> = { unprocessed: 0, active: 1, suppressed: 2 };

/** compareAlertStates orders states by priority (suppressed > active > unprocessed), as Alertmanager's Compare. */
export function compareAlertStates(a: AlertState, b: AlertState): number {
  return PRIORITY[a] - PRIORITY[b];
}

/** emptyStateCounts returns zero counts for every state. */
export function emptyStateCounts(): AlertStateCounts {
  return { active: 0, suppressed: 0, unprocessed: 0 };
}
