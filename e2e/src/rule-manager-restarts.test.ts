// The rule-manager survives a SIGKILL without resetting `for` timers or re-sending, and survives a Redis
// outage without losing alerts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { RedisTestServer, freePort, waitFor } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openQueueReader } from './support/alert-queue';
import { HAVE_PROMETHEUS, startPrometheus, startVigil, type Started } from './support/processes';
import { getAlerts } from './support/prometheus-api';
import { openSeriesWriter, type SeriesWriter } from './support/series-writer';

const REDIS_URL = process.env['VIGIL_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

const RULES = `
groups:
  - name: restarts
    interval: 1s
    rules:
      - alert: DiskFilling
        expr: vigil_e2e_disk_used_ratio > 0.9
        for: 8s
        labels:
          severity: ticket
`;

describe.skipIf(!HAVE_PROMETHEUS)(
  'rule-manager restarts and Redis outages (needs /usr/bin/prometheus)',
  () => {
    let prom: Started;
    let writer: SeriesWriter;
    let dir: string;

    beforeAll(async () => {
      prom = await startPrometheus('global:\n  scrape_interval: 1m\n');
      writer = openSeriesWriter(prom.url);
      dir = mkdtempSync(join(tmpdir(), 'vigil-rm-restart-'));
      writeFileSync(join(dir, 'rules.yml'), RULES);
      writeFileSync(
        join(dir, 'prometheus.yml'),
        `global:\n  evaluation_interval: 1s\nrule_files: ['rules.yml']\n`,
      );
    });

    afterAll(async () => {
      await writer?.close();
      await prom?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const vigilArgs = (port: number, redisUrl: string, queueName: string) => [
      'rule-manager',
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      `--datasource.url=${prom.url}`,
      `--redis.url=${redisUrl}`,
      `--queue.name=${queueName}`,
      '--log.level=error',
    ];

    it('keeps the for timer and sends no duplicate after SIGKILL', async () => {
      const series = { __name__: 'vigil_e2e_disk_used_ratio', instance: `host-${randomUUID().slice(0, 8)}` };
      await writer.write(series, 0.95, Date.now() - 500);
      const queueName = `vigil-e2e-${randomUUID()}`;
      const queue = openQueueReader(REDIS_URL, queueName);
      const port = await freePort();
      let vigil = await startVigil(vigilArgs(port, REDIS_URL, queueName), port);
      try {
        const pending = await waitFor('a pending alert', async () =>
          (await getAlerts(vigil.url)).find(
            (a) => a.labels['instance'] === series.instance && a.state === 'pending',
          ),
        );
        // Let the state be saved after an evaluation, then crash hard while the alert is still pending.
        await new Promise((r) => setTimeout(r, 1500));
        await vigil.stop('SIGKILL');
        vigil = await startVigil(vigilArgs(port, REDIS_URL, queueName), port);

        // State is restored at the group's first evaluation after the restart.
        const restored = await waitFor('the alert after the restart', async () =>
          (await getAlerts(vigil.url)).find((a) => a.labels['instance'] === series.instance),
        );
        expect(restored.activeAt).toBe(pending.activeAt);
        const firing = await waitFor('the alert to fire after the restart', async () =>
          (await getAlerts(vigil.url)).find(
            (a) => a.labels['instance'] === series.instance && a.state === 'firing',
          ),
        );
        expect(firing.activeAt).toBe(pending.activeAt);
        const job = await waitFor('the firing alert on the queue', async () =>
          (await queue.jobs()).flatMap((j) => j.alerts).find((a) => a.labels['instance'] === series.instance),
        );
        // Fired at the original activeAt + for, not 8 s after the restart.
        const firedAfter = Date.parse(job.startsAt ?? '') - Date.parse(pending.activeAt);
        expect(firedAfter).toBeGreaterThanOrEqual(8000);
        expect(firedAfter).toBeLessThan(8000 + 1500);

        // A second crash while firing: no re-send before the resend delay (1m) has passed.
        await new Promise((r) => setTimeout(r, 1500));
        await vigil.stop('SIGKILL');
        vigil = await startVigil(vigilArgs(port, REDIS_URL, queueName), port);
        await new Promise((r) => setTimeout(r, 3000));
        const sent = (await queue.jobs())
          .flatMap((j) => j.alerts)
          .filter((a) => a.labels['instance'] === series.instance);
        expect(sent).toHaveLength(1);
      } finally {
        await vigil.stop();
        await queue.close();
      }
    });

    it('delivers every alert that fell due while Redis was down', async () => {
      const redis = await RedisTestServer.start();
      const series = {
        __name__: 'vigil_e2e_disk_used_ratio',
        instance: `outage-${randomUUID().slice(0, 8)}`,
      };
      const queueName = `vigil-e2e-${randomUUID()}`;
      const port = await freePort();
      await writer.write(series, 0.99, Date.now() - 500);
      const vigil = await startVigil(vigilArgs(port, redis.url, queueName), port);
      try {
        await waitFor('a pending alert', async () =>
          (await getAlerts(vigil.url)).find((a) => a.labels['instance'] === series.instance),
        );
        await redis.kill();
        // The alert fires while Redis is down; evaluation goes on regardless.
        const firing = await waitFor('the alert to fire with Redis down', async () =>
          (await getAlerts(vigil.url)).find(
            (a) => a.labels['instance'] === series.instance && a.state === 'firing',
          ),
        );
        await new Promise((r) => setTimeout(r, 2500)); // at least two more evaluations
        const metrics = await (await fetch(`${vigil.url}/metrics`)).text();
        expect(metrics).toMatch(/vigil_rule_manager_queue_buffer_alerts [1-9]/);
        await redis.restart();
        const queue = openQueueReader(redis.url, queueName);
        try {
          const job = await waitFor('the buffered alert on the queue once Redis is back', async () =>
            (await queue.jobs())
              .flatMap((j) => j.alerts)
              .find((a) => a.labels['instance'] === series.instance),
          );
          expect(job.labels['alertname']).toBe('DiskFilling');
          expect(Date.parse(job.startsAt ?? '')).toBeGreaterThanOrEqual(Date.parse(firing.activeAt) + 8000);
        } finally {
          await queue.close();
        }
      } finally {
        await vigil.stop();
        await redis.kill();
      }
    });
  },
);
