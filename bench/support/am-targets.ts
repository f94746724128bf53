// The two alertmanagers under test, started on the same alertmanager.yml: Vigil's (`bin/vigil.mjs
// alertmanager`, state in Redis) and Debian's Prometheus Alertmanager 0.25 (state in memory, snapshots on
// disk). Both notify through webhooks to a local sink that discards.
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { freePort } from '@vigil/testing';
import { startChild, waitUntil, type Child } from './child';

/** REPO_ROOT is the workspace root, where `bin/vigil.mjs` lives. */
export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** ALERTMANAGER_BIN is Debian's Prometheus Alertmanager (package prometheus-alertmanager). */
export const ALERTMANAGER_BIN = '/usr/bin/prometheus-alertmanager';

/** haveAlertmanager tells whether Debian's Alertmanager is installed. */
export function haveAlertmanager(): boolean {
  return existsSync(ALERTMANAGER_BIN);
}

/** GROUP_WAIT is long enough that no group is flushed during a run: the figures are intake, storage and API. */
export const GROUP_WAIT = '10m';

/**
 * alertmanagerYaml is the config both run: a root route grouping by alertname and job, a pager route for
 * critical alerts grouping by alertname and instance (one group per alert), a team route, and webhook
 * receivers pointing at the discarding sink. With `inhibitRule` it adds the usual critical-inhibits-warning
 * rule, off by default: Alertmanager 0.25 checks a target alert against every source alert in turn
 * (inhibit.go, hasEqual), so with 10,000 critical alerts its `GET /api/v2/alerts` takes minutes.
 */
export function alertmanagerYaml(webhookUrl: string, inhibitRule: boolean): string {
  const receiver = (name: string): string[] => [
    `  - name: ${name}`,
    '    webhook_configs:',
    `      - url: ${JSON.stringify(webhookUrl)}`,
    '        send_resolved: true',
  ];
  return [
    'global:',
    '  resolve_timeout: 5m',
    'route:',
    '  receiver: default',
    '  group_by: [alertname, job]',
    `  group_wait: ${GROUP_WAIT}`,
    `  group_interval: ${GROUP_WAIT}`,
    '  repeat_interval: 4h',
    '  routes:',
    '    - receiver: pager',
    `      matchers: ['severity="critical"']`,
    '      group_by: [alertname, instance]',
    '    - receiver: db-team',
    `      matchers: ['team="db"']`,
    '      group_by: [alertname, region]',
    ...(inhibitRule
      ? [
          'inhibit_rules:',
          `  - source_matchers: ['severity="critical"']`,
          `    target_matchers: ['severity="warning"']`,
          '    equal: [alertname, instance]',
        ]
      : []),
    'receivers:',
    ...receiver('default'),
    ...receiver('pager'),
    ...receiver('db-team'),
    '',
  ].join('\n');
}

/** WebhookSink is the discarding webhook receiver; it counts what it was sent. */
export interface WebhookSink {
  url: string;
  posts(): number;
  close(): Promise<void>;
}

/** startWebhookSink listens on a free loopback port and answers every request 200 with an empty body. */
export async function startWebhookSink(): Promise<WebhookSink> {
  let posts = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      posts++;
      res.writeHead(200, { 'content-length': 0 });
      res.end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    posts: () => posts,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** Target is a started alertmanager the benchmark drives over its HTTP API v2. */
export interface Target {
  name: string;
  child: Child;
  baseUrl: string;
  /** Seconds from spawn until `/-/ready` answered. */
  startupSeconds: number;
  /** The runtime's own heap figure from /metrics (V8 heap used; Go heap_alloc), when it exposes one. */
  heapBytes(): Promise<number | undefined>;
}

/** TargetSetup is what either alertmanager is started with. */
export interface TargetSetup {
  dir: string;
  configFile: string;
}

/** VigilSetup adds Vigil's Redis, its own queue name, and node flags (e.g. `--cpu-prof`). */
export interface VigilSetup extends TargetSetup {
  redisUrl: string;
  queueName: string;
  nodeFlags: string[];
}

/** sumMetric adds up every sample of metric `name` in a Prometheus text exposition; undefined if absent. */
function sumMetric(text: string, name: string): number | undefined {
  let sum: number | undefined;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (!rest.startsWith('{') && !rest.startsWith(' ')) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (Number.isFinite(value)) sum = (sum ?? 0) + value;
  }
  return sum;
}

async function metric(baseUrl: string, name: string): Promise<number | undefined> {
  const res = await fetch(`${baseUrl}/metrics`);
  return res.ok ? sumMetric(await res.text(), name) : undefined;
}

/** waitReady waits until `/-/ready` answers 200; a process that never gets there is killed before the error. */
async function waitReady(child: Child, baseUrl: string): Promise<void> {
  try {
    await waitUntil(
      `${baseUrl}/-/ready`,
      child,
      async () => ((await fetch(`${baseUrl}/-/ready`)).ok ? true : undefined),
      120_000,
    );
  } catch (err) {
    await child.stop('SIGKILL');
    throw err;
  }
}

/** startVigilAlertmanager runs `vigil alertmanager` on the config with its state in `setup.redisUrl`. */
export async function startVigilAlertmanager(
  setup: VigilSetup,
  track: (child: Child) => void,
): Promise<Target> {
  const port = await freePort();
  const started = performance.now();
  const child = await startChild(
    process.execPath,
    [
      ...setup.nodeFlags,
      join(REPO_ROOT, 'bin/vigil.mjs'),
      'alertmanager',
      `--config.file=${setup.configFile}`,
      `--web.listen-address=127.0.0.1:${port}`,
      `--redis.url=${setup.redisUrl}`,
      `--queue.name=${setup.queueName}`,
      '--log.level=warn',
    ],
    { cwd: REPO_ROOT },
  );
  track(child);
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitReady(child, baseUrl);
  return {
    name: 'Vigil',
    child,
    baseUrl,
    startupSeconds: (performance.now() - started) / 1000,
    heapBytes: () => metric(baseUrl, 'nodejs_heap_size_used_bytes'),
  };
}

/** startPrometheusAlertmanager runs Debian's Alertmanager on the config, without clustering. */
export async function startPrometheusAlertmanager(
  setup: TargetSetup,
  track: (child: Child) => void,
): Promise<Target> {
  const port = await freePort();
  const started = performance.now();
  const child = await startChild(
    ALERTMANAGER_BIN,
    [
      `--config.file=${setup.configFile}`,
      `--storage.path=${join(setup.dir, 'alertmanager-data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    { cwd: setup.dir },
  );
  track(child);
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitReady(child, baseUrl);
  return {
    name: 'Alertmanager',
    child,
    baseUrl,
    startupSeconds: (performance.now() - started) / 1000,
    heapBytes: () => metric(baseUrl, 'go_memstats_heap_alloc_bytes'),
  };
}
