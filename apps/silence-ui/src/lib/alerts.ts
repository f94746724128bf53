// How the alerts view reads alerts: what mutes each one, grouping by a label, and which links are safe to follow.

import type { AlertGroup, GettableAlert } from '../api/types';

/** AlertState is what the UI shows as an alert's state. */
export type AlertState = 'active' | 'silenced' | 'inhibited' | 'muted' | 'unprocessed';

/** alertStates lists an alert's states: `active`, or each reason it is suppressed (it can be several). */
export function alertStates(a: GettableAlert): AlertState[] {
  if (a.status.state === 'unprocessed') return ['unprocessed'];
  const out: AlertState[] = [];
  if (a.status.silencedBy.length > 0) out.push('silenced');
  if (a.status.inhibitedBy.length > 0) out.push('inhibited');
  if ((a.status.mutedBy ?? []).length > 0) out.push('muted');
  return out.length > 0 ? out : ['active'];
}

/** ShownGroup is a group as the alerts view lists it. */
export interface ShownGroup {
  /** Stable key for the list. */
  key: string;
  /** The labels the alerts share (the route's group_by values, or the picked label). */
  labels: Record<string, string>;
  /** The receiver, when grouped as the route tree groups. */
  receiver?: string;
  alerts: GettableAlert[];
}

/** routeGroups shows the API's groups (one per route and group key), biggest first. */
export function routeGroups(groups: readonly AlertGroup[]): ShownGroup[] {
  return groups
    .map((g) => ({
      key: `${g.receiver.name}|${JSON.stringify(g.labels)}`,
      labels: g.labels,
      receiver: g.receiver.name,
      alerts: g.alerts,
    }))
    .filter((g) => g.alerts.length > 0);
}

/** groupByLabel groups alerts by one label's value, in value order; alerts without it come last. */
export function groupByLabel(alerts: readonly GettableAlert[], label: string): ShownGroup[] {
  const byValue = new Map<string | undefined, GettableAlert[]>();
  for (const a of alerts) {
    const v = Object.hasOwn(a.labels, label) ? a.labels[label] : undefined;
    const list = byValue.get(v) ?? [];
    list.push(a);
    byValue.set(v, list);
  }
  return [...byValue.entries()]
    .sort(([a], [b]) => (a === b ? 0 : a === undefined ? 1 : b === undefined ? -1 : a < b ? -1 : 1))
    .map(([v, list]) => ({
      key: v === undefined ? '\u0000none' : `=${v}`,
      labels: v === undefined ? {} : { [label]: v },
      alerts: list,
    }));
}

/** labelNames lists every label name the alerts carry, sorted, for the group-by picker. */
export function labelNames(alerts: readonly GettableAlert[]): string[] {
  const names = new Set<string>();
  for (const a of alerts) for (const n of Object.keys(a.labels)) names.add(n);
  return [...names].sort();
}

/**
 * safeHref returns a link target only for absolute http(s) URLs: a generatorURL is data from whoever posts alerts,
 * and `javascript:` or `data:` URLs would run in the UI's origin.
 */
export function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}
