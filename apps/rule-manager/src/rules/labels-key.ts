import { sortedLabelNames, type Labels } from '@vigil/model';

/** labelsKey is a canonical, collision-free string for a label set, used as a map key for series and alerts. */
export function labelsKey(labels: Labels): string {
  return JSON.stringify(sortedLabelNames(labels).map((n) => [n, labels[n]]));
}

/** sortLabels returns a copy of a label set with its names in Prometheus's (byte) order. */
export function sortLabels(labels: Labels): Labels {
  const out: Labels = {};
  for (const n of sortedLabelNames(labels)) out[n] = labels[n] ?? '';
  return out;
}

/** setLabel sets a label the way Prometheus's labels.Builder does: an empty value removes the label. */
export function setLabel(labels: Labels, name: string, value: string): void {
  if (value === '') delete labels[name];
  else labels[name] = value;
}
