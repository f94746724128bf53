// Starts the two evaluators under test, Vigil's rule-manager and vmalert, doing the same work: the same rule
// file against the same stub query API, results remote-written to a discarding sink, alerts delivered once
// per resend delay (Vigil onto its Redis queue, vmalert to an Alertmanager stub).
import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '@vigil/testing';
import { startChild, waitUntil, type Child } from './child';

/** REPO_ROOT is the workspace root, where `bin/vigil.mjs` lives. */
export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** VMALERT_BIN is Debian's vmalert (package victoria-metrics). */
export const VMALERT_BIN = '/usr/bin/vmalert';

/** haveVmalert tells whether vmalert is installed. */
export function haveVmalert(): boolean {
  return existsSync(VMALERT_BIN);
}

/** EvaluatorCounters are an evaluator's own totals since it started, read from its /metrics. */
export interface EvaluatorCounters {
  evaluations: number;
  failures: number;
  /** Alerts handed on: written to the queue (Vigil) or sent to the notifier (vmalert). */
  alertsDelivered: number;
  /** Samples the remote-write client reported sent. */
  samplesWritten: number;
  /** Bytes of live objects on the runtime's heap (V8 heap used; Go heap_alloc), read after the window. */
  heapBytes: number;
}

/** RunningEvaluator is a started evaluator the benchmark measures and stops. */
export interface RunningEvaluator {
  name: string;
  child: Child;
  metricsUrl: string;
  /** Where a delivered alert went, for the report. */
  alertsTo: string;
  counters(): Promise<EvaluatorCounters>;
  /** Redis key patterns this evaluator wrote, deleted after the run. */
  redisKeyPatterns: string[];
}

/** EvaluatorSetup is what both evaluators are started with. */
export interface EvaluatorSetup {
  dir: string;
  ruleFile: string;
  stubUrl: string;
  intervalSeconds: number;
  redisUrl: string;
  /** Extra `node` flags for Vigil (e.g. `--cpu-prof`). */
  nodeFlags: string[];
}

/** RESEND_DELAY is both evaluators' alert resend delay (Prometheus's default, which Vigil follows). */
const RESEND_DELAY = '1m';

/** sumMetric adds up every sample of metric `name` in a Prometheus text exposition. */
export function sumMetric(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (!rest.startsWith('{') && !rest.startsWith(' ')) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (Number.isFinite(value)) sum += value;
  }
  return sum;
}

async function scrape(url: string): Promise<string> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return res.text();
}

/** waitForMetrics waits until `url` answers; a process that never gets there is stopped before the error. */
async function waitForMetrics(child: Child, url: string): Promise<void> {
  try {
    await waitUntil(
      `${url} to answer`,
      child,
      async () => ((await fetch(url)).ok ? true : undefined),
      120_000,
    );
  } catch (err) {
    await child.stop('SIGKILL');
    throw err;
  }
}

/** startVigil runs `vigil rule-manager` on the rule file with a remote write to the stub's sink. */
export async function startVigil(setup: EvaluatorSetup, queueName: string): Promise<RunningEvaluator> {
  const port = await freePort();
  const config = join(setup.dir, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global:',
      `  evaluation_interval: ${setup.intervalSeconds}s`,
      'rule_files:',
      `  - ${JSON.stringify(setup.ruleFile)}`,
      'remote_write:',
      `  - url: ${JSON.stringify(`${setup.stubUrl}/api/v1/write`)}`,
      '',
    ].join('\n'),
  );
  const child = await startChild(
    process.execPath,
    [
      ...setup.nodeFlags,
      join(REPO_ROOT, 'bin/vigil.mjs'),
      'rule-manager',
      `--config.file=${config}`,
      `--web.listen-address=127.0.0.1:${port}`,
      `--datasource.url=${setup.stubUrl}`,
      `--redis.url=${setup.redisUrl}`,
      `--queue.name=${queueName}`,
      `--rules.alert.resend-delay=${RESEND_DELAY}`,
      '--log.level=warn',
    ],
    { cwd: REPO_ROOT },
  );
  const metricsUrl = `http://127.0.0.1:${port}/metrics`;
  await waitForMetrics(child, metricsUrl);
  return {
    name: 'Vigil',
    child,
    metricsUrl,
    alertsTo: 'Redis queue',
    // The rule-manager keeps its alert state under its instance id, `<hostname>:<port>`.
    redisKeyPatterns: [`vigil:${queueName}:*`, `vigil:rule-manager:${hostname()}:${port}:*`],
    async counters() {
      const text = await scrape(metricsUrl);
      return {
        evaluations: sumMetric(text, 'prometheus_rule_evaluations_total'),
        failures: sumMetric(text, 'prometheus_rule_evaluation_failures_total'),
        alertsDelivered: sumMetric(text, 'vigil_rule_manager_queue_sent_alerts_total'),
        samplesWritten: sumMetric(text, 'prometheus_remote_storage_samples_total'),
        heapBytes: sumMetric(text, 'nodejs_heap_size_used_bytes'),
      };
    },
  };
}

/** startVmalert runs vmalert on the rule file with the stub as datasource, notifier and remote-write sink. */
export async function startVmalert(setup: EvaluatorSetup): Promise<RunningEvaluator> {
  const port = await freePort();
  const child = await startChild(
    VMALERT_BIN,
    [
      `-rule=${setup.ruleFile}`,
      `-datasource.url=${setup.stubUrl}`,
      `-notifier.url=${setup.stubUrl}`,
      `-remoteWrite.url=${setup.stubUrl}`,
      `-httpListenAddr=127.0.0.1:${port}`,
      `-evaluationInterval=${setup.intervalSeconds}s`,
      `-rule.resendDelay=${RESEND_DELAY}`,
      '-loggerLevel=WARN',
    ],
    { cwd: setup.dir },
  );
  const metricsUrl = `http://127.0.0.1:${port}/metrics`;
  await waitForMetrics(child, metricsUrl);
  return {
    name: 'vmalert',
    child,
    metricsUrl,
    alertsTo: 'notifier stub',
    redisKeyPatterns: [],
    async counters() {
      const text = await scrape(metricsUrl);
      return {
        evaluations: sumMetric(text, 'vmalert_execution_total'),
        failures: sumMetric(text, 'vmalert_execution_errors_total'),
        alertsDelivered: sumMetric(text, 'vmalert_alerts_sent_total'),
        samplesWritten: sumMetric(text, 'vmalert_remotewrite_sent_rows_total'),
        heapBytes: sumMetric(text, 'go_memstats_heap_alloc_bytes'),
      };
    },
  };
}
