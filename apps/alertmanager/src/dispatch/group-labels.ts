import { goQuote, sortedLabelNames, type Labels } from '@vigil/model';
import type { Alert } from '../alert/alert';
import type { RouteLike } from './route-like';

const PLAIN_RE = /^[\x20-\x7e]*$/;

function quote(value: string): string {
  // Go's strconv.Quote leaves printable ASCII other than `"` and `\` alone.
  return PLAIN_RE.test(value) && !value.includes('"') && !value.includes('\\')
    ? `"${value}"`
    : goQuote(value);
}

/** formatLabelSet prints a label set as Go's `model.LabelSet.String()`: `{a="1", b="2"}`, names in byte order. */
export function formatLabelSet(labels: Labels): string {
  let out = '{';
  let first = true;
  for (const name of sortedLabelNames(labels)) {
    if (!first) out += ', ';
    first = false;
    out += `${name}=${quote(labels[name] as string)}`;
  }
  return `${out}}`;
}

/**
 * groupLabelsOf returns the labels an alert is grouped by on a route (Alertmanager's getGroupLabels): every label
 * with group_by: ['...'], else the group_by labels the alert has (missing ones are left out, not set to "").
 */
export function groupLabelsOf(
  alert: Pick<Alert, 'labels'>,
  route: Pick<RouteLike, 'groupBy' | 'groupByAll'>,
): Labels {
  if (route.groupByAll) return alert.labels;
  const out: Labels = {};
  for (const name of route.groupBy) {
    const value = alert.labels[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/**
 * groupIdOf names an alert's group within one route cheaply (no quoting): the fingerprint with group_by ['...'],
 * else the group_by values in the route's order, a missing label written as null.
 */
export function groupIdOf(
  alert: Pick<Alert, 'labels' | 'fingerprint'>,
  route: Pick<RouteLike, 'groupBy' | 'groupByAll'>,
): string {
  if (route.groupByAll) return alert.fingerprint;
  if (route.groupBy.length === 0) return '';
  return JSON.stringify(route.groupBy.map((name) => alert.labels[name] ?? null));
}

/** groupKeyOf builds an aggregation group's key, `<route key>:<group labels>`, e.g. `{}/{a="b"}:{alertname="X"}`. */
export function groupKeyOf(routeKey: string, groupLabels: Labels): string {
  return `${routeKey}:${formatLabelSet(groupLabels)}`;
}
