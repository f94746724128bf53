// The alertmanager end to end, with real Redis: alerts arrive over the queue and over HTTP, reach a webhook
// after group_wait grouped as configured; silenced and inhibited alerts do not; an expired silence lets them
// through on the next group_interval; a SIGKILL between flushes neither loses nor repeats a notification.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { AlertQueueProducer, closeRedis, createRedisConnection } from '@vigil/queue';
import { freePort, waitFor } from '@vigil/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVigil, type Started } from './support/processes';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver';

// A database of its own, so the test never touches other Vigil state on the shared Redis.
const REDIS_DB = 11;
const REDIS_URL = `redis://127.0.0.1:6379/${REDIS_DB}`;

const config = (webhook: string) => `
route:
  receiver: team
  group_by: [alertname]
  group_wait: 1s
  group_interval: 2s
  repeat_interval: 1h
receivers:
  - name: team
    webhook_configs:
      - url: ${webhook}/team
        send_resolved: true
inhibit_rules:
  - source_matchers: ['severity="critical"']
    target_matchers: ['severity="warning"']
    equal: [instance]
`;

async function postAlerts(url: string, alerts: object[]): Promise<void> {
  const res = await fetch(`${url}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(alerts),
  });
  if (res.status !== 200) throw new Error(`POST /api/v2/alerts: ${res.status} ${await res.text()}`);
}

describe('alertmanager end to end (real Redis, webhook receiver)', () => {
  let webhook: WebhookReceiver;
  let am: Started;
  let dir: string;
  let port: number;
  const queueName = `vigil-e2e-${randomUUID()}`;
  const args = () => [
    'alertmanager',
    `--config.file=${join(dir, 'alertmanager.yml')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    `--redis.url=${REDIS_URL}`,
    `--queue.name=${queueName}`,
    '--log.level=error',
  ];

  beforeAll(async () => {
    const redis = new Redis(REDIS_URL);
    await redis.flushdb();
    redis.disconnect();
    webhook = await startWebhookReceiver();
    dir = mkdtempSync(join(tmpdir(), 'vigil-am-'));
    writeFileSync(join(dir, 'alertmanager.yml'), config(webhook.url));
    port = await freePort();
    am = await startVigil(args(), port);
  });

  afterAll(async () => {
    await am?.stop();
    await webhook?.close();
    const redis = new Redis(REDIS_URL);
    await redis.flushdb();
    redis.disconnect();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const messagesFor = (alertname: string) =>
    webhook.received.filter((m) => m.body.groupLabels['alertname'] === alertname);

  it('groups alerts from the queue and from HTTP into one notification after group_wait', async () => {
    const redis = createRedisConnection({ role: 'producer', url: REDIS_URL });
    const producer = new AlertQueueProducer({ connection: redis, queueName });
    const sentAt = Date.now();
    try {
      await producer.add({
        version: 1,
        source: { instance: 'e2e', group: 'g', file: 'rules.yml' },
        sentAt: new Date().toISOString(),
        alerts: [
          {
            labels: { alertname: 'QueueAndHttp', instance: 'a', severity: 'page' },
            annotations: { summary: 'from the queue' },
            startsAt: new Date().toISOString(),
          },
        ],
      });
    } finally {
      await producer.close();
      await closeRedis(redis);
    }
    await postAlerts(am.url, [{ labels: { alertname: 'QueueAndHttp', instance: 'b', severity: 'page' } }]);
    const msg = await waitFor('the grouped notification', async () => messagesFor('QueueAndHttp')[0]);
    expect(msg.at - sentAt).toBeGreaterThanOrEqual(1000);
    expect(msg.body).toMatchObject({ version: '4', status: 'firing', receiver: 'team' });
    expect(msg.body.alerts.map((a) => a.labels['instance']).sort()).toEqual(['a', 'b']);
    expect(msg.body.groupKey).toBe('{}:{alertname="QueueAndHttp"}');
    const metrics = await (await fetch(`${am.url}/metrics`)).text();
    expect(metrics).toMatch(/^vigil_alertmanager_queue_jobs_total\{result="processed"\} 1$/m);
    expect(metrics).toMatch(/^alertmanager_alerts\{state="active"\} 2$/m);
    expect(metrics).toMatch(/^alertmanager_notifications_total\{integration="webhook"\} [1-9]/m);
  });

  it('holds back silenced and inhibited alerts, and lets them through once the silence expires', async () => {
    const res = await fetch(`${am.url}/api/v2/silences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        matchers: [{ name: 'alertname', value: 'Muted', isRegex: false, isEqual: true }],
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 3600_000).toISOString(),
        createdBy: 'e2e',
        comment: 'maintenance',
      }),
    });
    expect(res.status).toBe(200);
    const { silenceID } = (await res.json()) as { silenceID: string };
    await postAlerts(am.url, [
      { labels: { alertname: 'Muted', instance: 'x' } },
      { labels: { alertname: 'DiskFull', instance: 'db1', severity: 'critical' } },
      { labels: { alertname: 'DiskSlow', instance: 'db1', severity: 'warning' } },
      { labels: { alertname: 'DiskSlow', instance: 'db2', severity: 'warning' } },
    ]);
    await waitFor('the critical alert', async () => messagesFor('DiskFull')[0]);
    const slow = await waitFor('the uninhibited warning', async () => messagesFor('DiskSlow')[0]);
    // db1's warning is inhibited by db1's critical alert; db2's is not.
    expect(slow.body.alerts.map((a) => a.labels['instance'])).toEqual(['db2']);
    await new Promise((r) => setTimeout(r, 2500)); // a group_interval passes
    expect(messagesFor('Muted')).toHaveLength(0);

    const alerts = (await (await fetch(`${am.url}/api/v2/alerts?filter=alertname="Muted"`)).json()) as {
      status: { state: string; silencedBy: string[] };
    }[];
    expect(alerts[0]?.status).toMatchObject({ state: 'suppressed', silencedBy: [silenceID] });

    const del = await fetch(`${am.url}/api/v2/silence/${silenceID}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    const muted = await waitFor(
      'the alert after its silence expired',
      async () => messagesFor('Muted')[0],
      10_000,
    );
    expect(muted.body.alerts[0]?.labels['instance']).toBe('x');
  });

  it('neither loses nor repeats a notification across a SIGKILL between flushes', async () => {
    await postAlerts(am.url, [{ labels: { alertname: 'Crash', instance: 'c1' } }]);
    await waitFor('the first notification', async () => messagesFor('Crash')[0]);
    // A new alert joins the group; the process dies before the next flush would send it.
    await postAlerts(am.url, [{ labels: { alertname: 'Crash', instance: 'c2' } }]);
    await am.stop('SIGKILL');
    am = await startVigil(args(), port);
    const second = await waitFor('the notification with both alerts', async () =>
      messagesFor('Crash').find((m) => m.body.alerts.length === 2),
    );
    expect(second.body.alerts.map((a) => a.labels['instance']).sort()).toEqual(['c1', 'c2']);
    // Nothing changed since: the notification log must stop any repeat.
    await new Promise((r) => setTimeout(r, 5000));
    expect(messagesFor('Crash').filter((m) => m.body.status === 'firing')).toHaveLength(2);
  });
});
