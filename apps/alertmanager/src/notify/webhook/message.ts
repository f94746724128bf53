// The webhook's JSON body, version 4, in Alertmanager's field order.

import { GoStruct, formatGoTime } from '../go-json';
import type { TemplateAlert, TemplateData } from '../template-data';

/** WEBHOOK_MESSAGE_VERSION is the payload's `version`. */
export const WEBHOOK_MESSAGE_VERSION = '4';

const alertStruct = (a: TemplateAlert): GoStruct =>
  new GoStruct([
    ['status', a.Status],
    ['labels', a.Labels],
    ['annotations', a.Annotations],
    ['startsAt', formatGoTime(a.StartsAt)],
    ['endsAt', formatGoTime(a.EndsAt)],
    ['generatorURL', a.GeneratorURL],
    ['fingerprint', a.Fingerprint],
  ]);

/**
 * webhookMessage is Alertmanager's webhook.Message: the template data's JSON (`receiver, status, alerts,
 * notification_reason, groupLabels, commonLabels, commonAnnotations, routeLabels, externalURL`) followed by
 * `version, groupKey, truncatedAlerts`.
 */
export function webhookMessage(data: TemplateData, groupKey: string, truncatedAlerts: number): GoStruct {
  return new GoStruct([
    ['receiver', data.Receiver],
    ['status', data.Status],
    ['alerts', data.Alerts.map(alertStruct)],
    ['notification_reason', data.NotificationReason],
    ['groupLabels', data.GroupLabels],
    ['commonLabels', data.CommonLabels],
    ['commonAnnotations', data.CommonAnnotations],
    ['routeLabels', data.RouteLabels],
    ['externalURL', data.ExternalURL],
    ['version', WEBHOOK_MESSAGE_VERSION],
    ['groupKey', groupKey],
    ['truncatedAlerts', truncatedAlerts],
  ]);
}

/** truncateAlerts keeps the first `maxAlerts` (0: all) and says how many were dropped. */
export function truncateAlerts<T>(maxAlerts: number, alerts: readonly T[]): { kept: T[]; truncated: number } {
  if (maxAlerts > 0 && alerts.length > maxAlerts) {
    return { kept: alerts.slice(0, maxAlerts), truncated: alerts.length - maxAlerts };
  }
  return { kept: [...alerts], truncated: 0 };
}
