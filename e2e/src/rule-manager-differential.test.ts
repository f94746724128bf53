// Differential test: the same rule file over the same data, evaluated by Debian's Prometheus and by Vigil
// (with that Prometheus as its datasource), must yield the same alerts: labels, annotations, state, value,
// and activeAt in the same evaluation cycle.
//
// Debian's Prometheus is 2.42, whose group slot hash differs from Prometheus 3's (which Vigil follows), so
// the two evaluate at different offsets within each 1 s interval. The data changes at known instants, and
// snapshots are taken mid-interval, so both must agree cycle for cycle.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { freePort } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_PROMETHEUS, startPrometheus, startVigil, type Started } from './support/processes';
import { getAlerts, type ApiAlert } from './support/prometheus-api';
import { openSeriesWriter, type SeriesWriter } from './support/series-writer';

const REDIS_URL = process.env['VIGIL_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const INTERVAL_MS = 1000;

const RULES = `
groups:
  - name: differential
    interval: 1s
    rules:
      - alert: HighLatency
        expr: vigil_diff_latency_seconds > 0.5
        for: 2s
        labels:
          severity: '{{ if gt $value 1.0 }}page{{ else }}ticket{{ end }}'
          team: db
        annotations:
          summary: 'Latency on {{ $labels.instance }} is {{ $value | humanizeDuration }}'
          exact: '{{ printf "%.3f" $value }} ({{ $value | humanize }})'
      - alert: SomeSlow
        expr: count(vigil_diff_latency_seconds > 0.5) > 0
        labels:
          severity: info
        annotations:
          description: '{{ $value }} instances are slow'
      - alert: Spiking
        expr: vigil_diff_latency_seconds > 2
        keep_firing_for: 3s
        annotations:
          title: '{{ $labels.instance | toUpper }} spiking'
`;

const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));

function normalize(alerts: ApiAlert[]) {
  return alerts
    .map((a) => ({ labels: a.labels, annotations: a.annotations, state: a.state, value: a.value }))
    .sort((x, y) => JSON.stringify(x.labels).localeCompare(JSON.stringify(y.labels)));
}

describe.skipIf(!HAVE_PROMETHEUS)('rule-manager vs Prometheus on the same rules and data', () => {
  let prom: Started;
  let vigil: Started;
  let writer: SeriesWriter;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-diff-'));
    writeFileSync(join(dir, 'rules.yml'), RULES);
    writeFileSync(
      join(dir, 'prometheus.yml'),
      `global:\n  evaluation_interval: 1s\nrule_files: ['rules.yml']\n`,
    );
    prom = await startPrometheus(`global:\n  evaluation_interval: 1s\nrule_files: ['rules.yml']\n`, {
      'rules.yml': RULES,
    });
    writer = openSeriesWriter(prom.url);
    const port = await freePort();
    vigil = await startVigil(
      [
        'rule-manager',
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        `--datasource.url=${prom.url}`,
        `--redis.url=${REDIS_URL}`,
        `--queue.name=vigil-e2e-${randomUUID()}`,
        '--log.level=error',
      ],
      port,
    );
  });

  afterAll(async () => {
    await vigil?.stop();
    await writer?.close();
    await prom?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('agrees on every alert through pending, firing, keep_firing_for and resolution', async () => {
    const now = Date.now();
    const series = (instance: string) => ({ __name__: 'vigil_diff_latency_seconds', instance, job: 'api' });
    for (const i of ['a', 'b', 'c', 'd']) await writer.write(series(i), 0.1, now - 500);
    // The step happens at T, written ahead of time (future samples) so that neither evaluator can miss it.
    const T = Math.ceil((now + 3000) / INTERVAL_MS) * INTERVAL_MS;
    await writer.write(series('a'), 0.75, T);
    await writer.write(series('b'), 1.5, T);
    await writer.write(series('d'), 3, T);
    const T2 = T + 4000;
    await writer.write(series('d'), 0.1, T2);

    const snapshot = async () => {
      const [p, v] = await Promise.all([getAlerts(prom.url), getAlerts(vigil.url)]);
      return { p, v };
    };

    // Mid-way between the step's first cycle and `for` running out: pending (and `for: 0` ones firing).
    await sleepUntil(T + 1500);
    const early = await snapshot();
    expect(normalize(early.v)).toEqual(normalize(early.p));
    expect(early.v.filter((a) => a.state === 'pending').length).toBeGreaterThan(0);

    await sleepUntil(T + 3500);
    const fired = await snapshot();
    expect(normalize(fired.v)).toEqual(normalize(fired.p));
    expect(
      fired.v.map((a) => `${a.labels['alertname']}:${a.labels['instance'] ?? ''}:${a.state}`).sort(),
    ).toEqual([
      'HighLatency:a:firing',
      'HighLatency:b:firing',
      'HighLatency:d:firing',
      'SomeSlow::firing',
      'Spiking:d:firing',
    ]);
    // activeAt is the first evaluation at or after T, in each evaluator's own cycle.
    for (const list of [fired.p, fired.v]) {
      for (const a of list) {
        const activeAt = Date.parse(a.activeAt);
        expect(activeAt).toBeGreaterThanOrEqual(T);
        expect(activeAt).toBeLessThan(T + INTERVAL_MS);
      }
    }

    // d dropped at T2: Spiking stays firing for keep_firing_for, HighLatency:d resolves.
    await sleepUntil(T2 + 1500);
    const kept = await snapshot();
    expect(normalize(kept.v)).toEqual(normalize(kept.p));
    expect(kept.v.find((a) => a.labels['alertname'] === 'Spiking')?.state).toBe('firing');

    await sleepUntil(T2 + 5500);
    const after = await snapshot();
    expect(normalize(after.v)).toEqual(normalize(after.p));
    expect(after.v.find((a) => a.labels['alertname'] === 'Spiking')).toBeUndefined();
  });
});
