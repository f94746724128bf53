import { compareStrings, sortedLabelNames, type Labels } from '@vigil/model';
import type { Alert } from './alert';

/**
 * labelSetBefore orders label sets as Prometheus's `LabelSet.Before`: fewer labels first; otherwise the first
 * differing pair in the sorted union of names decides, a set lacking that name coming first.
 */
export function labelSetBefore(a: Labels, b: Labels): boolean {
  return compareLabelSets(a, b) < 0;
}

/** compareLabelSets is labelSetBefore as a comparator (0 for equal sets). */
export function compareLabelSets(a: Labels, b: Labels): number {
  return compareSortedLabelSets(a, sortedLabelNames(a), b, sortedLabelNames(b));
}

/**
 * compareSortedLabelSets is compareLabelSets for callers that sort many sets and keep each set's sorted names
 * (`sortedLabelNames`), sparing a sort per comparison.
 */
export function compareSortedLabelSets(
  a: Labels,
  an: readonly string[],
  b: Labels,
  bn: readonly string[],
): number {
  if (an.length !== bn.length) return an.length < bn.length ? -1 : 1;
  // Walk the sorted union of names: the first name only one side has decides (that side sorts after).
  let i = 0;
  let j = 0;
  while (i < an.length && j < bn.length) {
    const x = an[i] as string;
    const y = bn[j] as string;
    const c = x === y ? 0 : compareStrings(x, y);
    if (c < 0) return 1;
    if (c > 0) return -1;
    const v = compareStrings(a[x] as string, b[y] as string);
    if (v !== 0) return v;
    i++;
    j++;
  }
  return 0;
}

/** labelSetsEqual tells whether two label sets hold the same pairs. */
export function labelSetsEqual(a: Labels, b: Labels): boolean {
  const an = Object.keys(a);
  if (an.length !== Object.keys(b).length) return false;
  return an.every((n) => b[n] === a[n]);
}

const OVERRIDE_KEYS = ['job', 'instance'] as const;

/**
 * compareAlerts orders alerts as Alertmanager's `AlertSlice` sorts notifications: by `job`, then `instance` (alerts
 * carrying the label before those that lack it), then by label set.
 */
export function compareAlerts(a: Pick<Alert, 'labels'>, b: Pick<Alert, 'labels'>): number {
  return compareOverrideKeys(a.labels, b.labels) || compareLabelSets(a.labels, b.labels);
}

function compareOverrideKeys(a: Labels, b: Labels): number {
  for (const key of OVERRIDE_KEYS) {
    const av = a[key];
    const bv = b[key];
    if (av === undefined && bv === undefined) continue;
    if (av === undefined) return 1;
    if (bv === undefined) return -1;
    if (av !== bv) return compareStrings(av, bv);
  }
  return 0;
}

/** sortAlerts sorts alerts in place, stably, in notification order (see compareAlerts). */
export function sortAlerts<T extends Pick<Alert, 'labels'>>(alerts: T[]): T[] {
  if (alerts.length < 2) return alerts;
  // Each set's names are sorted once, not once per comparison.
  const names = new Map<Labels, string[]>();
  const namesOf = (ls: Labels): string[] => {
    let n = names.get(ls);
    if (n === undefined) {
      n = sortedLabelNames(ls);
      names.set(ls, n);
    }
    return n;
  };
  return alerts.sort(
    (a, b) =>
      compareOverrideKeys(a.labels, b.labels) ||
      compareSortedLabelSets(a.labels, namesOf(a.labels), b.labels, namesOf(b.labels)),
  );
}
