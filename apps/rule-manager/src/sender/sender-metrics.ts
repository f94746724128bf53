import { Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { AlertmanagerHttpSenderStats } from './alertmanager-http-sender';
import type { QueueAlertSenderStats } from './queue-alert-sender';

/** registerQueueSenderMetrics exposes a QueueAlertSender's stats as `vigil_rule_manager_queue_*`, read at scrape time. */
export function registerQueueSenderMetrics(
  registry: Registry,
  sender: { stats(): QueueAlertSenderStats },
): void {
  const gauge = (name: string, help: string, read: (s: QueueAlertSenderStats) => number): void => {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read(sender.stats()));
      },
    });
  };
  const counter = (name: string, help: string, read: (s: QueueAlertSenderStats) => number): void => {
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(read(sender.stats()));
      },
    });
  };
  gauge(
    'vigil_rule_manager_queue_buffer_alerts',
    'Alerts buffered in memory waiting for Redis.',
    (s) => s.bufferedAlerts,
  );
  gauge(
    'vigil_rule_manager_queue_buffer_batches',
    'Batches buffered in memory waiting for Redis.',
    (s) => s.bufferedBatches,
  );
  gauge(
    'vigil_rule_manager_queue_buffer_capacity_alerts',
    'Capacity of the in-memory alert buffer.',
    (s) => s.capacity,
  );
  counter(
    'vigil_rule_manager_queue_dropped_alerts_total',
    'Alerts dropped before reaching the queue.',
    (s) => s.droppedAlerts,
  );
  counter(
    'vigil_rule_manager_queue_invalid_alerts_total',
    'Alerts dropped for breaking the payload contract.',
    (s) => s.invalidAlerts,
  );
  counter('vigil_rule_manager_queue_sent_alerts_total', 'Alerts written to the queue.', (s) => s.sentAlerts);
  counter(
    'vigil_rule_manager_queue_sent_batches_total',
    'Batches (jobs) written to the queue.',
    (s) => s.sentBatches,
  );
  counter(
    'vigil_rule_manager_queue_write_errors_total',
    'Failed or timed-out queue writes (retried).',
    (s) => s.failedWrites,
  );
}

/**
 * registerAlertmanagerSenderMetrics exposes an AlertmanagerHttpSender's stats under Prometheus's notifier names with a
 * `vigil_rule_manager_` prefix (`…_notifications_sent_total{alertmanager}` etc.), read at scrape time.
 */
export function registerAlertmanagerSenderMetrics(
  registry: Registry,
  sender: { stats(): AlertmanagerHttpSenderStats },
): void {
  const prefix = 'vigil_rule_manager_notifications';
  new Gauge({
    name: `${prefix}_queue_length`,
    help: 'The number of alert notifications in the queue.',
    registers: [registry],
    collect() {
      this.set(sender.stats().queueLength);
    },
  });
  new Gauge({
    name: `${prefix}_queue_capacity`,
    help: 'The capacity of the alert notifications queue.',
    registers: [registry],
    collect() {
      this.set(sender.stats().capacity);
    },
  });
  new Counter({
    name: `${prefix}_dropped_total`,
    help: 'Total number of alerts dropped due to errors when sending to Alertmanager.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(sender.stats().droppedAlerts);
    },
  });
  new Counter({
    name: `${prefix}_sent_total`,
    help: 'Total number of alerts sent.',
    labelNames: ['alertmanager'],
    registers: [registry],
    collect() {
      this.reset();
      for (const am of sender.stats().alertmanagers) this.inc({ alertmanager: am.url }, am.sentAlerts);
    },
  });
  new Counter({
    name: `${prefix}_errors_total`,
    help: 'Total number of sent alerts affected by errors.',
    labelNames: ['alertmanager'],
    registers: [registry],
    collect() {
      this.reset();
      for (const am of sender.stats().alertmanagers) this.inc({ alertmanager: am.url }, am.errorAlerts);
    },
  });
  new Gauge({
    name: `${prefix}_last_latency_seconds`,
    help: 'Duration of the last request to each Alertmanager.',
    labelNames: ['alertmanager'],
    registers: [registry],
    collect() {
      for (const am of sender.stats().alertmanagers)
        this.set({ alertmanager: am.url }, am.lastLatencySeconds);
    },
  });
}
