import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { AlertmanagerHttpSenderStats } from './alertmanager-http-sender';
import type { QueueAlertSenderStats } from './queue-alert-sender';
import { registerAlertmanagerSenderMetrics, registerQueueSenderMetrics } from './sender-metrics';

describe('sender metrics', () => {
  it('reads the queue sender stats at scrape time', async () => {
    const stats: QueueAlertSenderStats = {
      bufferedAlerts: 3,
      bufferedBatches: 2,
      capacity: 10000,
      droppedAlerts: 4,
      invalidAlerts: 1,
      sentAlerts: 20,
      sentBatches: 7,
      failedWrites: 5,
    };
    const registry = new Registry();
    registerQueueSenderMetrics(registry, { stats: () => stats });
    let text = await registry.metrics();
    expect(text).toContain('vigil_rule_manager_queue_buffer_alerts 3\n');
    expect(text).toContain('vigil_rule_manager_queue_dropped_alerts_total 4\n');
    expect(text).toContain('vigil_rule_manager_queue_write_errors_total 5\n');
    stats.sentAlerts = 25;
    stats.bufferedAlerts = 0;
    text = await registry.metrics();
    expect(text).toContain('vigil_rule_manager_queue_sent_alerts_total 25\n');
    expect(text).toContain('vigil_rule_manager_queue_buffer_alerts 0\n');
  });

  it('labels Alertmanager counters by URL', async () => {
    const stats: AlertmanagerHttpSenderStats = {
      queueLength: 1,
      capacity: 10000,
      droppedAlerts: 2,
      alertmanagers: [
        { url: 'http://am:9093/api/v2/alerts', sentAlerts: 9, errorAlerts: 3, lastLatencySeconds: 0.5 },
      ],
    };
    const registry = new Registry();
    registerAlertmanagerSenderMetrics(registry, { stats: () => stats });
    const text = await registry.metrics();
    expect(text).toContain(
      'vigil_rule_manager_notifications_sent_total{alertmanager="http://am:9093/api/v2/alerts"} 9',
    );
    expect(text).toContain(
      'vigil_rule_manager_notifications_errors_total{alertmanager="http://am:9093/api/v2/alerts"} 3',
    );
    expect(text).toContain('vigil_rule_manager_notifications_dropped_total 2');
    expect(text).toContain('vigil_rule_manager_notifications_queue_length 1');
  });
});
