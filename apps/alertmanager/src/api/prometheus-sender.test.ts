// Debian's Prometheus 2.42 sends a firing alert to Vigil's API as it would to Alertmanager (api_version v2).

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../alert/alert';
import { apiHarness, type ApiHarness } from './api-harness';

const PROMETHEUS = '/usr/bin/prometheus';
const CONFIG_FILE = new URL('./testdata/amtool-compat.yml', import.meta.url).pathname;

describe.skipIf(!existsSync(PROMETHEUS))(`Prometheus's alert sender (needs ${PROMETHEUS})`, () => {
  let dir: string;
  let vigil: ApiHarness;
  let prometheus: ChildProcess | undefined;
  let log = '';
  let alert: Alert;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-prom-sender-'));
    vigil = await apiHarness({ config: readFileSync(CONFIG_FILE, 'utf8'), realClock: true });
    const url = new URL(await vigil.app.listen({ host: '127.0.0.1', port: 0 }));
    writeFileSync(
      join(dir, 'rules.yml'),
      [
        'groups:',
        '  - name: sender',
        '    interval: 1s',
        '    rules:',
        '      - alert: AlwaysFiring',
        '        expr: vector(1)',
        '        labels: { severity: page }',
        "        annotations: { summary: 'value is {{ $value }}' }",
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'prometheus.yml'),
      [
        'global: { evaluation_interval: 1s }',
        'rule_files: [rules.yml]',
        'alerting:',
        '  alertmanagers:',
        '    - api_version: v2',
        `      static_configs: [{ targets: ['${url.host}'] }]`,
      ].join('\n'),
    );
    const port = await freePort();
    prometheus = spawn(
      PROMETHEUS,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        `--web.external-url=http://prom.example:9090/`,
        // Alerts that fire before the alertmanager is discovered are dropped; resend soon instead of after 1m.
        '--rules.alert.resend-delay=1s',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    prometheus.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    alert = await waitFor(
      'Prometheus to deliver the alert',
      () => {
        if (prometheus?.exitCode !== null) throw new Error(`prometheus exited: ${log}`);
        return vigil.store.list().find((a) => a.labels['alertname'] === 'AlwaysFiring');
      },
      30_000,
    ).catch((err: unknown) => {
      throw new Error(`${String(err)}\nprometheus log:\n${log}`);
    });
  }, 60_000);

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus?.once('exit', resolve));
      prometheus.kill('SIGTERM');
      const timer = setTimeout(() => prometheus?.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    await vigil?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is stored with its labels, rendered annotations, times and generator URL', () => {
    const now = Date.now();
    expect(alert.labels).toEqual({ alertname: 'AlwaysFiring', severity: 'page' });
    expect(alert.annotations).toEqual({ summary: 'value is 1' });
    expect(alert.generatorURL).toMatch(
      /^http:\/\/prom\.example:9090\/graph\?g0\.expr=vector%281%29&g0\.tab=1$/,
    );
    expect(alert.startsAt).toBeLessThanOrEqual(now);
    expect(alert.endsAt).toBeGreaterThan(alert.startsAt);
    expect(alert.timeout).toBe(false);
    expect(log).not.toMatch(/Error sending alert/);
  });

  it('is counted as received and firing, none invalid', async () => {
    const metrics = await vigil.registry.metrics();
    expect(metrics).toMatch(/alertmanager_alerts_received_total\{status="firing",version="v2"\} [1-9]/);
    expect(metrics).toContain('alertmanager_alerts_invalid_total{version="v2"} 0');
  });
});
