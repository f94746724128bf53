// Drives one started alertmanager through the benchmark's phases and reads its figures: ingest all alerts,
// let it settle, list them, create the silences, list the unsilenced ones. Memory and CPU come from /proc,
// times from the client, so nothing runs inside the measured process.
import { sleep } from './child';
import { HttpClient, TimeoutError, postAll } from './am-http';
import type { SilenceSet } from './am-load';
import type { BenchRedisDb } from './am-redis';
import type { Target, WebhookSink } from './am-targets';
import { cpuSeconds, memoryUsage } from './proc-stats';

/** ScenarioInput is the load and the knobs of one run. */
export interface ScenarioInput {
  target: Target;
  alertBodies: readonly string[];
  alerts: number;
  silences: SilenceSet;
  concurrency: number;
  /** How many times `GET /api/v2/alerts` is timed (the median is reported). */
  getRepeats: number;
  requestTimeoutMs: number;
  /**
   * Cap on the first `GET /api/v2/alerts?silenced=false`: Alertmanager 0.25 checks every alert against every
   * silence there, which takes minutes at 100,000 × 10,000. Past the cap the figure is a lower bound.
   */
  silenceMatchTimeoutMs: number;
  sink: WebhookSink;
  /** Vigil's Redis database, for its memory and CPU; absent for Alertmanager. */
  redis?: BenchRedisDb;
  log: (line: string) => void;
}

/** Figures is everything one run measured; NaN where a phase did not run (see `failure`). */
export interface Figures {
  name: string;
  startupSeconds: number;
  ingestSeconds: number;
  alertsPerSecond: number;
  ingestFailures: number;
  /** CPU the alertmanager process used from the first POST until it settled. */
  ingestCpuSeconds: number;
  /** CPU the Redis server used over the same span (all its clients). */
  ingestRedisCpuSeconds: number;
  /** Seconds after the last POST until the process went idle (background work such as dispatching). */
  settleSeconds: number;
  /** VmHWM once settled after ingesting: the peak up to holding every alert. */
  peakRssIngestBytes: number;
  /** VmRSS once settled with every alert active. */
  steadyRssBytes: number;
  getAlertsMs: number[];
  /** VmHWM after the first `GET /api/v2/alerts`: how much answering it adds to the peak. */
  peakRssGetBytes: number;
  getAlertsCount: number;
  getAlertsBytes: number;
  silenceCreateSeconds: number;
  silenceCreateFailures: number;
  /** First `GET /api/v2/alerts?silenced=false` after the silences exist: every alert against the new set. */
  silenceMatchFirstMs: number;
  /** The first GET got no answer within the cap: `silenceMatchFirstMs` is the cap, a lower bound. */
  silenceMatchTimedOut: boolean;
  /** The same request repeated (median), when an implementation can reuse what the first one worked out. */
  silenceMatchRepeatMs: number[];
  unsilencedCount: number;
  /** VmHWM at the end: the peak over the whole run, including building the big answers. */
  peakRssBytes: number;
  heapBytes: number;
  /** Growth of the Redis server's used_memory over the run (Vigil keeps alerts and silences there). */
  redisMemoryDeltaBytes: number;
  redisKeys: number;
  webhookPosts: number;
  failure?: string;
}

function emptyFigures(target: Target): Figures {
  return {
    name: target.name,
    startupSeconds: target.startupSeconds,
    ingestSeconds: NaN,
    alertsPerSecond: NaN,
    ingestFailures: NaN,
    ingestCpuSeconds: NaN,
    ingestRedisCpuSeconds: NaN,
    settleSeconds: NaN,
    peakRssIngestBytes: NaN,
    steadyRssBytes: NaN,
    getAlertsMs: [],
    peakRssGetBytes: NaN,
    getAlertsCount: NaN,
    getAlertsBytes: NaN,
    silenceCreateSeconds: NaN,
    silenceCreateFailures: NaN,
    silenceMatchFirstMs: NaN,
    silenceMatchTimedOut: false,
    silenceMatchRepeatMs: [],
    unsilencedCount: NaN,
    peakRssBytes: NaN,
    heapBytes: NaN,
    redisMemoryDeltaBytes: NaN,
    redisKeys: NaN,
    webhookPosts: NaN,
  };
}

/**
 * settle waits until the process has used under 3% of a core for two consecutive half-seconds (a Go
 * dispatcher or a Node write-behind may still be working after the last answer), at most `maxMs`.
 */
async function settle(pid: number, maxMs: number): Promise<number> {
  const started = performance.now();
  let quiet = 0;
  let cpu = cpuSeconds(pid);
  while (performance.now() - started < maxMs) {
    await sleep(500);
    const now = cpuSeconds(pid);
    quiet = now - cpu < 0.015 ? quiet + 1 : 0;
    cpu = now;
    if (quiet >= 2) break;
  }
  // The quiet second itself is not work.
  return Math.max(0, (performance.now() - started) / 1000 - 1);
}

/** countAlerts parses a `GET /api/v2/alerts` answer and returns how many alerts it lists. */
function countAlerts(body: Buffer): number {
  const parsed: unknown = JSON.parse(body.toString('utf8'));
  if (!Array.isArray(parsed)) throw new Error(`GET /api/v2/alerts did not answer a list`);
  return parsed.length;
}

async function getAlerts(
  client: HttpClient,
  path: string,
  timeoutMs?: number,
): Promise<{ ms: number; body: Buffer }> {
  const ans = await client.send('GET', path, undefined, timeoutMs);
  if (ans.status !== 200) {
    throw new Error(`GET ${path}: HTTP ${ans.status}: ${ans.body.toString('utf8').slice(0, 200)}`);
  }
  return { ms: ans.ms, body: ans.body };
}

/**
 * runScenario runs every phase against `input.target` and returns what it measured. A phase that fails (an
 * API missing, wrong counts) ends the run; the figures gathered so far come back with `failure` set.
 */
export async function runScenario(input: ScenarioInput): Promise<Figures> {
  const { target, log } = input;
  const pid = target.child.pid;
  const fig = emptyFigures(target);
  const client = new HttpClient(target.baseUrl, input.concurrency, input.requestTimeoutMs);
  const redisMemoryBefore = input.redis ? await input.redis.usedMemoryBytes() : NaN;
  const sinkBefore = input.sink.posts();
  // The peak so far, for the progress lines: which phase raises it.
  const hwm = (): string => `, peak RSS ${(memoryUsage(pid).peakRssBytes / 2 ** 20).toFixed(0)} MB`;
  const alive = (): void => {
    if (target.child.exited()) throw new Error(`${target.name} exited:\n${target.child.output()}`);
  };
  try {
    // An empty list is valid and stores nothing: it tells a missing API (404) from a slow one.
    const probe = await client.send('POST', '/api/v2/alerts', '[]');
    if (probe.status !== 200) {
      throw new Error(
        `POST /api/v2/alerts answers HTTP ${probe.status} (${probe.body.toString('utf8').slice(0, 120)})`,
      );
    }

    log(
      `  posting ${input.alerts} alerts in ${input.alertBodies.length} requests, ${input.concurrency} at once`,
    );
    const cpu0 = cpuSeconds(pid);
    const redisCpu0 = input.redis ? await input.redis.cpuSeconds() : NaN;
    const ingest = await postAll(client, '/api/v2/alerts', input.alertBodies, input.concurrency);
    fig.ingestSeconds = ingest.wallMs / 1000;
    fig.alertsPerSecond = input.alerts / fig.ingestSeconds;
    fig.ingestFailures = ingest.failed;
    if (ingest.failed > 0) {
      throw new Error(`${ingest.failed} alert posts failed, e.g. ${ingest.firstFailures.join(' | ')}`);
    }
    fig.settleSeconds = await settle(pid, 30_000);
    fig.ingestCpuSeconds = cpuSeconds(pid) - cpu0;
    fig.ingestRedisCpuSeconds = input.redis ? (await input.redis.cpuSeconds()) - redisCpu0 : NaN;
    const mem = memoryUsage(pid);
    fig.peakRssIngestBytes = mem.peakRssBytes;
    fig.steadyRssBytes = mem.rssBytes;
    log(
      `  ingested in ${fig.ingestSeconds.toFixed(2)} s (${fig.alertsPerSecond.toFixed(0)} alerts/s), ` +
        `settled ${fig.settleSeconds.toFixed(1)} s later; RSS ${(mem.rssBytes / 2 ** 20).toFixed(0)} MB`,
    );

    for (let i = 0; i < input.getRepeats; i++) {
      alive();
      const ans = await getAlerts(client, '/api/v2/alerts');
      fig.getAlertsMs.push(ans.ms);
      if (i === 0) {
        fig.peakRssGetBytes = memoryUsage(pid).peakRssBytes;
        fig.getAlertsBytes = ans.body.length;
        fig.getAlertsCount = countAlerts(ans.body);
        if (fig.getAlertsCount !== input.alerts) {
          throw new Error(`GET /api/v2/alerts listed ${fig.getAlertsCount} alerts, not ${input.alerts}`);
        }
      }
      log(
        `  GET /api/v2/alerts: ${(ans.ms / 1000).toFixed(2)} s, ${(ans.body.length / 2 ** 20).toFixed(1)} MB${hwm()}`,
      );
    }

    alive();
    log(`  creating ${input.silences.bodies.length} silences`);
    const created = await postAll(client, '/api/v2/silences', input.silences.bodies, input.concurrency);
    fig.silenceCreateSeconds = created.wallMs / 1000;
    fig.silenceCreateFailures = created.failed;
    if (created.failed > 0) {
      throw new Error(`${created.failed} silence posts failed, e.g. ${created.firstFailures.join(' | ')}`);
    }
    log(`  silences created in ${fig.silenceCreateSeconds.toFixed(2)} s${hwm()}`);

    const expected = input.alerts - input.silences.silencedAlerts;
    const unsilenced = '/api/v2/alerts?silenced=false';
    for (let i = 0; i < 3; i++) {
      alive();
      let ans: { ms: number; body: Buffer };
      try {
        ans = await getAlerts(client, unsilenced, i === 0 ? input.silenceMatchTimeoutMs : undefined);
      } catch (err) {
        if (!(err instanceof TimeoutError)) throw err;
        // A repeat would queue behind the same work on the server: the run ends here.
        fig.silenceMatchFirstMs = input.silenceMatchTimeoutMs;
        fig.silenceMatchTimedOut = true;
        log(`  GET ${unsilenced}: no answer in ${input.silenceMatchTimeoutMs / 1000} s; stopping`);
        break;
      }
      if (i === 0) {
        fig.silenceMatchFirstMs = ans.ms;
        fig.unsilencedCount = countAlerts(ans.body);
        if (fig.unsilencedCount !== expected) {
          throw new Error(
            `GET /api/v2/alerts?silenced=false listed ${fig.unsilencedCount} alerts, not ${expected}`,
          );
        }
      } else {
        fig.silenceMatchRepeatMs.push(ans.ms);
      }
      log(`  GET ${unsilenced}: ${(ans.ms / 1000).toFixed(2)} s${hwm()}`);
    }
  } catch (err) {
    fig.failure = err instanceof Error ? err.message : String(err);
    log(`  ${target.name} failed: ${fig.failure.split('\n')[0] ?? ''}`);
  } finally {
    client.close();
    if (!target.child.exited()) {
      // The process may be ending under us (Ctrl-C): a figure it can no longer give stays NaN.
      try {
        fig.peakRssBytes = memoryUsage(pid).peakRssBytes;
      } catch {
        fig.peakRssBytes = NaN;
      }
      fig.heapBytes = (await target.heapBytes().catch(() => undefined)) ?? NaN;
    }
    if (input.redis) {
      fig.redisMemoryDeltaBytes = (await input.redis.usedMemoryBytes()) - redisMemoryBefore;
      fig.redisKeys = await input.redis.keyCount();
    }
    fig.webhookPosts = input.sink.posts() - sinkBefore;
  }
  return fig;
}
