// Measures one evaluator: starts a fresh stub, the evaluator, warms up, then reads CPU time, memory and the
// stub's request counts over a fixed window. Every figure comes from outside the measured process (/proc,
// the stub), so measuring costs the evaluator nothing.
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { sleep, startChild, waitUntil, type Child } from './child';
import type { EvaluatorCounters, EvaluatorSetup, RunningEvaluator } from './evaluators';
import { REPO_ROOT } from './evaluators';
import { cpuSeconds, memoryUsage } from './proc-stats';

/** StubCounts mirrors the stub's `/stats` answer (bench/support/stub-server.ts). */
export interface StubCounts {
  queries: number;
  writes: number;
  writeBytes: number;
  alertPosts: number;
  alertBytes: number;
  other: number;
  connections: { query: number; write: number; alerts: number; other: number };
}

/** Measurement is one evaluator's figures over the measurement window. */
export interface Measurement {
  name: string;
  startupSeconds: number;
  windowSeconds: number;
  /** Rule evaluations in the window: queries the stub answered (one per evaluation). */
  evaluations: number;
  evaluationsPerSecond: number;
  cpuSeconds: number;
  cpuMicrosPerEvaluation: number;
  /** Median VmRSS over the window, sampled once a second. */
  steadyRssBytes: number;
  /** VmHWM at the end of the window (the peak since the process started). */
  peakRssBytes: number;
  /** CPU the shared Redis used in the window (all its clients), per evaluation. */
  redisCpuMicrosPerEvaluation: number;
  /** CPU the stub used in the window, as a share of one core. */
  stubCpuShare: number;
  /** The stub's totals since the evaluator started. */
  stub: StubCounts;
  /** The evaluator's own totals since it started. */
  counters: EvaluatorCounters;
  alertsTo: string;
}

/** MeasureOptions are the run's timing and the services around it. */
export interface MeasureOptions {
  setup: Omit<EvaluatorSetup, 'stubUrl'>;
  warmupSeconds: number;
  measureSeconds: number;
  redis: Redis;
  /** Receives every child as it starts (and the Redis keys it writes), so an interrupted run can clean up. */
  track: (child: Child, redisKeyPatterns?: string[]) => void;
  log: (line: string) => void;
}

const STUB_ENTRY = join(REPO_ROOT, 'bench/support/stub-server.ts');

async function startStub(track: MeasureOptions['track']): Promise<{ child: Child; url: string }> {
  const child = await startChild(process.execPath, ['--import', 'tsx', STUB_ENTRY], { cwd: REPO_ROOT });
  track(child);
  const port = await waitUntil('the stub to listen', child, async () => {
    const m = /\{"port":(\d+)\}/.exec(child.output());
    return m?.[1] ? Number(m[1]) : undefined;
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

async function stubCounts(url: string): Promise<StubCounts> {
  const res = await fetch(`${url}/stats`);
  return (await res.json()) as StubCounts;
}

async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const read = (field: string): number => Number(new RegExp(`^${field}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return read('used_cpu_user') + read('used_cpu_sys');
}

/** deleteKeys removes every Redis key matching one of `patterns` and returns how many it removed. */
export async function deleteKeys(redis: Redis, patterns: string[]): Promise<number> {
  let deleted = 0;
  for (const match of patterns) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
  }
  return deleted;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * measure runs one evaluator from `start` through warm-up and the measurement window, then stops it and
 * its stub and deletes the Redis keys it wrote.
 */
export async function measure(
  start: (setup: EvaluatorSetup) => Promise<RunningEvaluator>,
  opts: MeasureOptions,
): Promise<Measurement> {
  const stub = await startStub(opts.track);
  let evaluator: RunningEvaluator | undefined;
  try {
    const started = performance.now();
    evaluator = await start({ ...opts.setup, stubUrl: stub.url });
    opts.track(evaluator.child, evaluator.redisKeyPatterns);
    const pid = evaluator.child.pid;
    const startupSeconds = (performance.now() - started) / 1000;
    opts.log(
      `  ${evaluator.name} started in ${startupSeconds.toFixed(1)} s; warming up ${opts.warmupSeconds} s`,
    );
    await sleep(opts.warmupSeconds * 1000);

    opts.log(`  measuring ${opts.measureSeconds} s`);
    const before = {
      at: performance.now(),
      cpu: cpuSeconds(pid),
      stubCpu: cpuSeconds(stub.child.pid),
      redisCpu: await redisCpuSeconds(opts.redis),
      stub: await stubCounts(stub.url),
    };
    const rss: number[] = [];
    const end = before.at + opts.measureSeconds * 1000;
    while (performance.now() < end) {
      if (evaluator.child.exited()) throw new Error(`${evaluator.name} exited:\n${evaluator.child.output()}`);
      rss.push(memoryUsage(pid).rssBytes);
      await sleep(Math.min(1000, Math.max(0, end - performance.now())));
    }
    const after = {
      at: performance.now(),
      cpu: cpuSeconds(pid),
      stubCpu: cpuSeconds(stub.child.pid),
      redisCpu: await redisCpuSeconds(opts.redis),
      stub: await stubCounts(stub.url),
    };
    const memory = memoryUsage(pid);
    const counters = await evaluator.counters();

    const windowSeconds = (after.at - before.at) / 1000;
    const evaluations = after.stub.queries - before.stub.queries;
    const cpu = after.cpu - before.cpu;
    const perEval = (seconds: number): number => (evaluations > 0 ? (seconds * 1e6) / evaluations : NaN);
    return {
      name: evaluator.name,
      startupSeconds,
      windowSeconds,
      evaluations,
      evaluationsPerSecond: evaluations / windowSeconds,
      cpuSeconds: cpu,
      cpuMicrosPerEvaluation: perEval(cpu),
      steadyRssBytes: median(rss),
      peakRssBytes: memory.peakRssBytes,
      redisCpuMicrosPerEvaluation: perEval(after.redisCpu - before.redisCpu),
      stubCpuShare: (after.stubCpu - before.stubCpu) / windowSeconds,
      stub: after.stub,
      counters,
      alertsTo: evaluator.alertsTo,
    };
  } finally {
    await evaluator?.child.stop();
    await stub.child.stop();
    if (evaluator && evaluator.redisKeyPatterns.length > 0) {
      const n = await deleteKeys(opts.redis, evaluator.redisKeyPatterns);
      opts.log(`  deleted ${n} Redis keys (${evaluator.redisKeyPatterns.join(', ')})`);
    }
  }
}
