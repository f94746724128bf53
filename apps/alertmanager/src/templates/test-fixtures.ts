// Notification data for template tests: alert groups built the way the pipeline builds them.

import { fingerprint, type Labels } from '@vigil/model';
import type { Alert } from '../alert/alert';
import { buildTemplateData } from '../notify/template-data';
import { notificationData, type NotificationData } from './notification-data';

/** NOW is the flush time of every fixture. */
export const NOW = Date.parse('2024-03-01T12:00:00Z');

/** FixtureAlert describes an alert relative to NOW: minutes since it started, and since it ended if resolved. */
export interface FixtureAlert {
  labels: Labels;
  annotations?: Labels;
  startedMinAgo?: number;
  endedMinAgo?: number;
  generatorURL?: string;
}

/** fixtureAlert builds an alert as the dispatcher hands it over. */
export function fixtureAlert(a: FixtureAlert): Alert {
  return {
    labels: a.labels,
    annotations: a.annotations ?? {},
    startsAt: NOW - (a.startedMinAgo ?? 5) * 60_000,
    endsAt: a.endedMinAgo === undefined ? 0 : NOW - a.endedMinAgo * 60_000,
    generatorURL: a.generatorURL ?? '',
    updatedAt: NOW,
    timeout: false,
    fingerprint: fingerprint(a.labels),
  };
}

/** fixtureData is the notification data for a group of alerts. */
export function fixtureData(
  alerts: FixtureAlert[],
  group: { groupLabels: Labels; receiver?: string; externalUrl?: string },
): NotificationData {
  const receiver = group.receiver ?? 'team-api';
  return notificationData(
    buildTemplateData({
      receiver,
      groupLabels: group.groupLabels,
      notificationReason: 'first notification',
      externalUrl: group.externalUrl ?? 'http://am.example:9093',
      alerts: alerts.map(fixtureAlert),
      now: NOW,
    }),
    { receiverName: receiver, groupKey: '{}:{}', now: NOW },
  );
}
