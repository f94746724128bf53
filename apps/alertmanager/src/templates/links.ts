// Links into the web UI that notifications carry, built as Alertmanager's UI builds them.

import type { Labels } from '@vigil/model';
import { queryEscape } from '@vigil/templating';

/**
 * silenceUrl links to the new-silence form prefilled with one equality matcher per label, as the UI's "Silence"
 * button does (`#/silences/new?filter=` + the percent-encoded `{a="1", b="2"}`, labels sorted by name, values
 * JSON-quoted). Without labels it links to an empty form.
 */
export function silenceUrl(externalUrl: string, labels: Labels): string {
  const names = Object.keys(labels).sort();
  const base = `${externalUrl}/#/silences/new`;
  if (names.length === 0) return base;
  const filter = `{${names.map((n) => `${n}=${JSON.stringify(labels[n] ?? '')}`).join(', ')}}`;
  return `${base}?filter=${encodeURIComponent(filter)}`;
}

/** alertsUrl links to the receiver's alerts (Alertmanager's `__alertmanagerURL`); `receiver` is regexp-quoted. */
export function alertsUrl(externalUrl: string, receiver: string): string {
  return `${externalUrl}/#/alerts?receiver=${queryEscape(receiver)}`;
}
