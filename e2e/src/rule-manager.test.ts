// The rule-manager end to end: Debian's Prometheus holds the data, Vigil evaluates a rule file against it,
// alerts go inactive → pending → firing → resolved on /api/v1/alerts and as jobs on the BullMQ queue,
// and a recording rule's output lands in Prometheus through remote write.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openQueueReader, type QueueReader } from './support/alert-queue';
import { freePort, waitFor } from '@vigil/testing';
import { HAVE_PROMETHEUS, startPrometheus, startVigil, type Started } from './support/processes';
import { getAlerts, instantQuery } from './support/prometheus-api';
import { openSeriesWriter, type SeriesWriter } from './support/series-writer';

const REDIS_URL = process.env['VIGIL_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const SERIES = { __name__: 'vigil_e2e_temperature', instance: 'sensor-1', job: 'e2e' };

const RULES = `
groups:
  - name: e2e
    interval: 1s
    rules:
      - record: job:vigil_e2e_temperature:max
        expr: max by (job) (vigil_e2e_temperature)
      - alert: TooHot
        expr: vigil_e2e_temperature > 30
        for: 3s
        labels:
          severity: page
        annotations:
          summary: '{{ $labels.instance }} is at {{ $value }} degrees'
`;

describe.skipIf(!HAVE_PROMETHEUS)(
  'rule-manager against a real Prometheus (needs /usr/bin/prometheus)',
  () => {
    let prom: Started;
    let vigil: Started;
    let writer: SeriesWriter;
    let queue: QueueReader;
    let dir: string;
    const queueName = `vigil-e2e-${randomUUID()}`;

    beforeAll(async () => {
      prom = await startPrometheus('global:\n  scrape_interval: 1m\n');
      writer = openSeriesWriter(prom.url);
      await writer.write(SERIES, 40, Date.now() - 1000);
      dir = mkdtempSync(join(tmpdir(), 'vigil-rm-'));
      writeFileSync(join(dir, 'rules.yml'), RULES);
      writeFileSync(
        join(dir, 'prometheus.yml'),
        `global:\n  evaluation_interval: 1s\n  external_labels:\n    cluster: e2e\nrule_files: ['rules.yml']\n` +
          `remote_write:\n  - url: ${prom.url}/api/v1/write\n    queue_config:\n      batch_send_deadline: 200ms\n`,
      );
      const port = await freePort();
      queue = openQueueReader(REDIS_URL, queueName);
      vigil = await startVigil(
        [
          'rule-manager',
          `--config.file=${join(dir, 'prometheus.yml')}`,
          `--web.listen-address=127.0.0.1:${port}`,
          `--datasource.url=${prom.url}`,
          `--redis.url=${REDIS_URL}`,
          `--queue.name=${queueName}`,
          '--rules.alert.resend-delay=1s',
          '--log.level=warn',
        ],
        port,
      );
    });

    afterAll(async () => {
      await vigil?.stop();
      await queue?.close();
      await writer?.close();
      await prom?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('drives an alert pending → firing → resolved and queues it with the right payload', async () => {
      const pending = await waitFor('a pending alert', async () => {
        const alerts = await getAlerts(vigil.url);
        return alerts.find((a) => a.state === 'pending');
      });
      expect(pending.labels).toEqual({
        alertname: 'TooHot',
        instance: 'sensor-1',
        job: 'e2e',
        severity: 'page',
      });
      expect(pending.annotations).toEqual({ summary: 'sensor-1 is at 40 degrees' });

      const firing = await waitFor('the alert to fire', async () => {
        const alerts = await getAlerts(vigil.url);
        return alerts.find((a) => a.state === 'firing');
      });
      // `for: 3s` counts from activeAt, which does not move when the alert fires.
      expect(firing.activeAt).toBe(pending.activeAt);

      const firingJob = await waitFor('a firing alert on the queue', async () => {
        const jobs = await queue.jobs();
        return jobs.flatMap((j) => j.alerts).find((a) => a.labels['alertname'] === 'TooHot');
      });
      expect(firingJob.labels).toEqual({
        alertname: 'TooHot',
        instance: 'sensor-1',
        job: 'e2e',
        severity: 'page',
        cluster: 'e2e',
      });
      expect(firingJob.annotations).toEqual({ summary: 'sensor-1 is at 40 degrees' });
      const startsAt = Date.parse(firingJob.startsAt ?? '');
      expect(startsAt - Date.parse(firing.activeAt)).toBeGreaterThanOrEqual(3000);
      // endsAt = evaluation time + 4 × max(resend delay, interval) = ts + 4s.
      expect(Date.parse(firingJob.endsAt ?? '') - startsAt).toBeGreaterThanOrEqual(4000);
      expect(firingJob.generatorURL).toContain('/graph?g0.expr=vigil_e2e_temperature+%3E+30&g0.tab=1');

      await writer.write(SERIES, 10, Date.now());
      await waitFor('the alert to leave /api/v1/alerts', async () =>
        (await getAlerts(vigil.url)).length === 0 ? true : undefined,
      );
      const resolved = await waitFor('a resolved alert on the queue', async () => {
        const jobs = await queue.jobs();
        return jobs
          .flatMap((j) => j.alerts)
          .find((a) => a.labels['alertname'] === 'TooHot' && Date.parse(a.endsAt ?? '') <= Date.now());
      });
      expect(resolved.startsAt).toBe(firingJob.startsAt);
    });

    it('writes the recording rule output and ALERTS into Prometheus by remote write', async () => {
      const recorded = await waitFor('the recorded series in Prometheus', async () => {
        const r = await instantQuery(prom.url, 'job:vigil_e2e_temperature:max');
        return r.length > 0 ? r : undefined;
      });
      expect(recorded[0]?.metric).toEqual({
        __name__: 'job:vigil_e2e_temperature:max',
        job: 'e2e',
        cluster: 'e2e',
      });
      const alertsSeries = await waitFor('ALERTS in Prometheus', async () => {
        const r = await instantQuery(prom.url, 'last_over_time(ALERTS{alertname="TooHot"}[5m])');
        return r.length > 0 ? r : undefined;
      });
      expect(alertsSeries.map((s) => s.metric['alertstate']).sort()).toContain('firing');
    });

    it('reports rule health on /api/v1/rules', async () => {
      const res = await fetch(`${vigil.url}/api/v1/rules`);
      const body = (await res.json()) as { data: { groups: { rules: { health: string }[] }[] } };
      expect(body.data.groups[0]?.rules.map((r) => r.health)).toEqual(['ok', 'ok']);
    });
  },
);
