import { Counter, Histogram, type Registry } from 'prom-client';
import type { Integration } from './integration';
import { FAILURE_REASONS, type FailureReason } from './notify-error';

/** SuppressedReason is the `reason` label of `alertmanager_notifications_suppressed_total`. */
export type SuppressedReason = 'silence' | 'inhibition' | 'mute_time_interval' | 'active_time_interval';

// The integrations Alertmanager pre-creates series for when receiver names are not labels.
const KNOWN_INTEGRATIONS = [
  'email',
  'pagerduty',
  'wechat',
  'pushover',
  'slack',
  'opsgenie',
  'webhook',
  'victorops',
  'sns',
  'telegram',
  'discord',
  'webex',
  'msteams',
  'msteamsv2',
  'incidentio',
  'jira',
  'rocketchat',
  'mattermost',
];

/** NotifyMetricsOptions configures NotifyMetrics. */
export interface NotifyMetricsOptions {
  /**
   * Add a `receiver_name` label next to `integration` (Alertmanager's `receiver-name-in-metrics` feature flag);
   * default false, as in Alertmanager.
   */
  receiverNameInMetrics?: boolean;
}

/** IntegrationLabels identifies the integration a sample is about. */
export type IntegrationLabels = Record<string, string>;

/**
 * NotifyMetrics are Alertmanager's notification metrics. Create them once per registry and keep them across
 * configuration reloads (a prom-client metric can be registered only once).
 */
export class NotifyMetrics {
  /** `alertmanager_notifications_total`: notifications attempted (one per retry stage run). */
  readonly notifications: Counter;
  /** `alertmanager_notifications_failed_total`: notifications that failed for good, by reason. */
  readonly notificationsFailed: Counter;
  /** `alertmanager_notification_requests_total`: attempts (requests) made, retries included. */
  readonly requests: Counter;
  /** `alertmanager_notification_requests_failed_total`: attempts that failed. */
  readonly requestsFailed: Counter;
  /** `alertmanager_notifications_suppressed_total`: alerts kept from notifications, by reason. */
  readonly suppressed: Counter;
  /** `alertmanager_notification_latency_seconds`: duration of one attempt. */
  readonly latency: Histogram;
  private readonly withReceiver: boolean;

  constructor(registry: Registry, opts: NotifyMetricsOptions = {}) {
    this.withReceiver = opts.receiverNameInMetrics ?? false;
    const labelNames = this.withReceiver ? ['integration', 'receiver_name'] : ['integration'];
    const registers = [registry];
    this.notifications = new Counter({
      name: 'alertmanager_notifications_total',
      help: 'The total number of attempted notifications.',
      labelNames,
      registers,
    });
    this.notificationsFailed = new Counter({
      name: 'alertmanager_notifications_failed_total',
      help: 'The total number of failed notifications.',
      labelNames: [...labelNames, 'reason'],
      registers,
    });
    this.requests = new Counter({
      name: 'alertmanager_notification_requests_total',
      help: 'The total number of attempted notification requests.',
      labelNames,
      registers,
    });
    this.requestsFailed = new Counter({
      name: 'alertmanager_notification_requests_failed_total',
      help: 'The total number of failed notification requests.',
      labelNames,
      registers,
    });
    this.suppressed = new Counter({
      name: 'alertmanager_notifications_suppressed_total',
      help: 'The total number of notifications suppressed for being silenced, inhibited, outside of active time intervals or within muted time intervals.',
      labelNames: ['reason'],
      registers,
    });
    this.latency = new Histogram({
      name: 'alertmanager_notification_latency_seconds',
      help: 'The latency of notifications in seconds.',
      labelNames,
      buckets: [1, 5, 10, 15, 20],
      registers,
    });
  }

  /** labelsFor returns the integration labels of an integration's samples. */
  labelsFor(i: Pick<Integration, 'name' | 'receiverName'>): IntegrationLabels {
    return this.withReceiver
      ? { integration: i.name, receiver_name: i.receiverName }
      : { integration: i.name };
  }

  /** failed counts a notification that failed for good. */
  failed(labels: IntegrationLabels, reason: FailureReason): void {
    this.notificationsFailed.inc({ ...labels, reason });
  }

  /**
   * initializeFor creates zero-valued series for the configured integrations, so they show before anything is sent;
   * with receiver names in the labels, series of receivers no longer configured are dropped.
   */
  initializeFor(receivers: ReadonlyMap<string, readonly Integration[]>): void {
    let labelSets: IntegrationLabels[];
    if (this.withReceiver) {
      for (const m of [
        this.notifications,
        this.notificationsFailed,
        this.requests,
        this.requestsFailed,
        this.latency,
      ]) {
        m.reset();
      }
      labelSets = [...receivers.values()].flat().map((i) => this.labelsFor(i));
    } else {
      labelSets = KNOWN_INTEGRATIONS.map((integration) => ({ integration }));
    }
    for (const labels of labelSets) {
      this.notifications.inc(labels, 0);
      this.requests.inc(labels, 0);
      this.requestsFailed.inc(labels, 0);
      this.latency.zero(labels);
      for (const reason of FAILURE_REASONS) this.notificationsFailed.inc({ ...labels, reason }, 0);
    }
  }
}
