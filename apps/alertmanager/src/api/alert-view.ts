// Alerts as the API shows them: the status predicted at query time (silences and inhibitions asked afresh, as
// Alertmanager's API does with a throw-away marker), the `filter`/state query test, and the JSON shape.

import type { Labels, Matcher } from '@vigil/model';
import type { Alert } from '../alert/alert';
import type { ApiAlertStatus, GettableAlert } from './alert-schemas';
import { formatApiTime } from './go-time';
import { matchFilterLabels } from './query-params';

// Go writes map keys sorted by their UTF-8 bytes.
const byUtf8 = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** sortedLabels copies a label set with its names in the order Go's JSON encoder writes map keys. */
export function sortedLabels(ls: Labels): Labels {
  const out: Labels = {};
  for (const name of Object.keys(ls).sort(byUtf8)) out[name] = ls[name] as string;
  return out;
}

/** MuteSources answer, for a label set, which silences and which source alerts mute it right now. */
export interface MuteSources {
  silencedBy(labels: Labels, fingerprint: string): string[];
  inhibitedBy(labels: Labels): string[];
}

/** AlertStatusOf returns an alert's predicted status (memoized per request by fingerprint). */
export type AlertStatusOf = (alert: Alert) => ApiAlertStatus;

/**
 * alertStatusOf predicts statuses as Alertmanager's API does at query time: inhibitions, then silences; the state is
 * `suppressed` if either mutes the alert, else `active`. Answers are remembered for the request.
 */
export function alertStatusOf(sources: MuteSources): AlertStatusOf {
  const memo = new Map<string, ApiAlertStatus>();
  return (alert) => {
    const known = memo.get(alert.fingerprint);
    if (known) return known;
    const inhibitedBy = sources.inhibitedBy(alert.labels);
    const silencedBy = sources.silencedBy(alert.labels, alert.fingerprint);
    const status: ApiAlertStatus = {
      inhibitedBy,
      mutedBy: [],
      silencedBy,
      state: inhibitedBy.length > 0 || silencedBy.length > 0 ? 'suppressed' : 'active',
    };
    memo.set(alert.fingerprint, status);
    return status;
  };
}

/** AlertQuery is the alert selection shared by `/alerts` and `/alerts/groups`. */
export interface AlertQuery {
  matchers: readonly Matcher[];
  active: boolean;
  silenced: boolean;
  inhibited: boolean;
}

/**
 * alertFilter is Alertmanager's API alertFilter: an alert is shown unless it ended before `now`, fails the `filter`
 * matchers, or is excluded by the `active`/`silenced`/`inhibited` switches.
 */
export function alertFilter(q: AlertQuery, statusOf: AlertStatusOf): (a: Alert, now: number) => boolean {
  return (a, now) => {
    if (a.endsAt !== 0 && a.endsAt < now) return false;
    if (!matchFilterLabels(q.matchers, a.labels)) return false;
    const status = statusOf(a);
    if (!q.active && status.state === 'active') return false;
    if (!q.silenced && status.silencedBy.length > 0) return false;
    if (!q.inhibited && status.inhibitedBy.length > 0) return false;
    return true;
  };
}

/**
 * toGettableAlert shapes an alert as the API returns it (Alertmanager's AlertToOpenAPIAlert): a group muted by time
 * intervals makes its alerts `suppressed` with `mutedBy` naming the intervals.
 */
export function toGettableAlert(
  a: Alert,
  status: ApiAlertStatus,
  receivers: readonly string[],
  mutedBy: readonly string[] = [],
): GettableAlert {
  const out: GettableAlert = {
    annotations: sortedLabels(a.annotations),
    endsAt: formatApiTime(a.endsAt),
    fingerprint: a.fingerprint,
    receivers: receivers.map((name) => ({ name })),
    startsAt: formatApiTime(a.startsAt),
    status: {
      inhibitedBy: status.inhibitedBy,
      mutedBy: [...mutedBy],
      silencedBy: status.silencedBy,
      state: mutedBy.length > 0 ? 'suppressed' : status.state,
    },
    updatedAt: formatApiTime(a.updatedAt),
    labels: sortedLabels(a.labels),
  };
  if (a.generatorURL !== '') out.generatorURL = a.generatorURL;
  return out;
}
