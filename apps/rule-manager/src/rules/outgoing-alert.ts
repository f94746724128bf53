import type { Labels } from '@vigil/model';
import type { Alert } from './alert';
import { generatorURL } from './generator-url';
import { sortLabels } from './labels-key';

/** OutgoingAlert is an alert as sent to the Alertmanager (alert-generator spec, "Alert Format"). */
export interface OutgoingAlert {
  labels: Labels;
  annotations: Labels;
  /** RFC 3339 with milliseconds. */
  startsAt: string;
  endsAt: string;
  generatorURL: string;
}

/** AlertSource says which rule produced a batch of outgoing alerts. */
export interface AlertSource {
  group: string;
  file: string;
  rule: string;
}

/** NotifyFn hands alerts over for delivery; it should queue, not deliver inline (it is not awaited in order). */
export type NotifyFn = (alerts: OutgoingAlert[], source: AlertSource) => void | Promise<void>;

/** OutgoingAlertContext is what turning an alert into a payload needs besides the alert. */
export interface OutgoingAlertContext {
  expr: string;
  externalLabels: Labels;
  externalURL: string;
}

/**
 * toOutgoingAlert builds the payload as Prometheus's SendAlerts and notifier do: startsAt = firedAt,
 * endsAt = resolvedAt when resolved else validUntil, external labels added where the alert lacks them.
 */
export function toOutgoingAlert(a: Alert, ctx: OutgoingAlertContext): OutgoingAlert {
  const labels: Labels = { ...a.labels };
  for (const [name, value] of Object.entries(ctx.externalLabels)) {
    if ((labels[name] ?? '') === '' && value !== '') labels[name] = value;
  }
  const startsAt = a.firedAtMs ?? a.activeAtMs;
  const endsAt = a.resolvedAtMs ?? a.validUntilMs ?? startsAt;
  return {
    labels: sortLabels(labels),
    annotations: sortLabels(a.annotations),
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(endsAt).toISOString(),
    generatorURL: generatorURL(ctx.externalURL, ctx.expr),
  };
}
