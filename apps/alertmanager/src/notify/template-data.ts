// The data notification templates and webhook payloads are made from (Alertmanager's template.Data).

import type { Labels } from '@vigil/model';
import { isResolved, type Alert } from '../alert/alert';
import type { StageContext } from './stage';

/** AlertStatus is an alert's or a notification's status. */
export type AlertStatus = 'firing' | 'resolved';

/** TemplateAlert is one alert as templates see it (`.Alerts` entries); times are ms, 0 for Go's zero time. */
export interface TemplateAlert {
  Status: AlertStatus;
  Labels: Labels;
  Annotations: Labels;
  StartsAt: number;
  EndsAt: number;
  GeneratorURL: string;
  Fingerprint: string;
}

/** TemplateData is the dot of notification templates; field names are Alertmanager's, as templates spell them. */
export interface TemplateData {
  /** The receiver's name, regexp-quoted as Alertmanager does (`team.a` → `team\.a`). */
  Receiver: string;
  /** `firing` when any alert fires, else `resolved`. */
  Status: AlertStatus;
  /** In the order the dispatcher sorted them. */
  Alerts: TemplateAlert[];
  NotificationReason: string;
  GroupLabels: Labels;
  /** Labels all alerts share. */
  CommonLabels: Labels;
  /** Annotations all alerts share. */
  CommonAnnotations: Labels;
  RouteLabels: Labels;
  ExternalURL: string;
}

/** TemplateDataInput is what template data is built from. */
export interface TemplateDataInput {
  receiver: string;
  groupLabels: Labels;
  routeLabels?: Labels;
  notificationReason?: string;
  externalUrl: string;
  alerts: readonly Alert[];
  /** Alerts with endsAt ≤ now are resolved. */
  now: number;
}

/** quoteMeta escapes regexp metacharacters as Go's regexp.QuoteMeta does. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

function common(maps: readonly Labels[]): Labels {
  const [first, ...rest] = maps;
  if (!first) return {};
  const out: Labels = { ...first };
  for (const m of rest) {
    // A missing key reads as "" (Go map semantics); hasOwn keeps `constructor` and friends out.
    for (const [k, v] of Object.entries(out)) if ((Object.hasOwn(m, k) ? m[k] : '') !== v) delete out[k];
  }
  return out;
}

/** buildTemplateData assembles template data (Alertmanager's Template.Data). */
export function buildTemplateData(input: TemplateDataInput): TemplateData {
  const alerts: TemplateAlert[] = input.alerts.map((a) => ({
    Status: isResolved(a, input.now) ? 'resolved' : 'firing',
    Labels: { ...a.labels },
    Annotations: { ...a.annotations },
    StartsAt: a.startsAt,
    EndsAt: a.endsAt,
    GeneratorURL: a.generatorURL,
    Fingerprint: a.fingerprint,
  }));
  return {
    Receiver: quoteMeta(input.receiver),
    Status: alerts.some((a) => a.Status === 'firing') ? 'firing' : 'resolved',
    Alerts: alerts,
    NotificationReason: input.notificationReason ?? 'unknown',
    GroupLabels: { ...input.groupLabels },
    CommonLabels: common(input.alerts.map((a) => a.labels)),
    CommonAnnotations: common(input.alerts.map((a) => a.annotations)),
    RouteLabels: { ...input.routeLabels },
    ExternalURL: input.externalUrl,
  };
}

/** templateDataFor builds template data for a notifier inside the pipeline (Alertmanager's GetTemplateData). */
export function templateDataFor(
  ctx: StageContext,
  alerts: readonly Alert[],
  externalUrl: string,
): TemplateData {
  return buildTemplateData({
    receiver: ctx.receiver,
    groupLabels: ctx.groupLabels,
    ...(ctx.routeLabels ? { routeLabels: ctx.routeLabels } : {}),
    notificationReason: ctx.notification?.reason ?? 'unknown',
    externalUrl,
    alerts,
    now: ctx.now,
  });
}

/** firingAlerts is `.Alerts.Firing`. */
export function firingAlerts(alerts: readonly TemplateAlert[]): TemplateAlert[] {
  return alerts.filter((a) => a.Status === 'firing');
}

/** resolvedAlerts is `.Alerts.Resolved`. */
export function resolvedAlerts(alerts: readonly TemplateAlert[]): TemplateAlert[] {
  return alerts.filter((a) => a.Status === 'resolved');
}

/** TextRenderer renders a Go text template against template data; it throws on template errors. */
export type TextRenderer = (text: string, data: TemplateData) => string;

/**
 * literalText is the TextRenderer used when none is configured: text without template actions is its own
 * rendering; anything with `{{` needs a real renderer.
 */
export const literalText: TextRenderer = (text) => {
  if (text.includes('{{')) throw new Error('templates are not available: no template renderer configured');
  return text;
};
