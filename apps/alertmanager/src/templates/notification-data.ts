// The data model Handlebars notification templates render: Alertmanager's template data in camelCase, plus the
// conveniences templates keep asking for (firing/resolved lists, sorted label pairs, the group key, "now").

import type { Labels } from '@vigil/model';
import type { Alert } from '../alert/alert';
import { formatGoTime } from '../notify/go-json';
import type { StageContext } from '../notify/stage';
import {
  templateDataFor,
  type AlertStatus,
  type TemplateAlert,
  type TemplateData,
} from '../notify/template-data';

/** LabelPair is one name/value of a label set, as `sortedPairs` lists them. */
export interface LabelPair {
  name: string;
  value: string;
}

/** AlertView is one alert as templates see it (`alerts[]`). Times are RFC 3339 strings; `endsAt` is '' while firing. */
export interface AlertView {
  status: AlertStatus;
  labels: Labels;
  annotations: Labels;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
  /** The labels sorted as Alertmanager's SortedPairs does: `alertname` first, then by name. */
  labelPairs: LabelPair[];
  annotationPairs: LabelPair[];
}

/** NotificationData is the root context of every notification template. */
export interface NotificationData {
  /** The receiver's name regexp-quoted, as Alertmanager's `.Receiver` (and the UI's receiver filter) has it. */
  receiver: string;
  /** The receiver's name as configured. */
  receiverName: string;
  /** `firing` when any alert fires, else `resolved`. */
  status: AlertStatus;
  alerts: AlertView[];
  firingAlerts: AlertView[];
  resolvedAlerts: AlertView[];
  groupLabels: Labels;
  commonLabels: Labels;
  commonAnnotations: Labels;
  routeLabels: Labels;
  groupLabelPairs: LabelPair[];
  commonLabelPairs: LabelPair[];
  commonAnnotationPairs: LabelPair[];
  externalURL: string;
  /** Why the dedup stage let this notification through, e.g. `new alerts added`. */
  notificationReason: string;
  /** The aggregation group's key, e.g. `{}/{severity="page"}:{alertname="X"}`. */
  groupKey: string;
  /** The flush time (RFC 3339); `since` and `duration` measure against it. */
  now: string;
}

/** sortedPairs lists a label set as Alertmanager's KV.SortedPairs does: `alertname` first, the rest by name. */
export function sortedPairs(kv: Labels): LabelPair[] {
  const names = Object.keys(kv).sort((a, b) => (a === 'alertname' ? -1 : b === 'alertname' ? 1 : cmp(a, b)));
  return names.map((name) => ({ name, value: kv[name] ?? '' }));
}

// Go's sort.Strings compares bytes; UTF-16 order differs only above the surrogates, which label names never use.
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** timeString is an instant (ms) as templates see it: RFC 3339, '' for Go's zero time. */
export function timeString(ms: number): string {
  return ms === 0 ? '' : formatGoTime(ms);
}

function alertView(a: TemplateAlert): AlertView {
  return {
    status: a.Status,
    labels: a.Labels,
    annotations: a.Annotations,
    startsAt: timeString(a.StartsAt),
    endsAt: a.Status === 'firing' ? '' : timeString(a.EndsAt),
    generatorURL: a.GeneratorURL,
    fingerprint: a.Fingerprint,
    labelPairs: sortedPairs(a.Labels),
    annotationPairs: sortedPairs(a.Annotations),
  };
}

/** NotificationExtras is what the data model adds to Alertmanager's template data. */
export interface NotificationExtras {
  receiverName: string;
  groupKey: string;
  /** Flush time, ms. */
  now: number;
}

/** notificationData converts Alertmanager's template data to the templates' camelCase model. */
export function notificationData(data: TemplateData, extras: NotificationExtras): NotificationData {
  const alerts = data.Alerts.map(alertView);
  return {
    receiver: data.Receiver,
    receiverName: extras.receiverName,
    status: data.Status,
    alerts,
    firingAlerts: alerts.filter((a) => a.status === 'firing'),
    resolvedAlerts: alerts.filter((a) => a.status === 'resolved'),
    groupLabels: data.GroupLabels,
    commonLabels: data.CommonLabels,
    commonAnnotations: data.CommonAnnotations,
    routeLabels: data.RouteLabels,
    groupLabelPairs: sortedPairs(data.GroupLabels),
    commonLabelPairs: sortedPairs(data.CommonLabels),
    commonAnnotationPairs: sortedPairs(data.CommonAnnotations),
    externalURL: data.ExternalURL,
    notificationReason: data.NotificationReason,
    groupKey: extras.groupKey,
    now: timeString(extras.now),
  };
}

/** notificationDataFor builds the data model for a notifier inside the pipeline. */
export function notificationDataFor(
  ctx: StageContext,
  alerts: readonly Alert[],
  externalUrl: string,
): NotificationData {
  return notificationData(templateDataFor(ctx, alerts, externalUrl), {
    receiverName: ctx.receiver,
    groupKey: ctx.groupKey,
    now: ctx.now,
  });
}
