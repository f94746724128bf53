// Debian's Prometheus for the PromQL benchmark: blocks backfilled with promtool from an OpenMetrics file, then
// served on a free loopback port and queried over HTTP with a keep-alive connection.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@vigil/testing';
import { startChild, waitUntil, type Child } from './child';

/** PROMETHEUS_BIN is Debian's Prometheus 2.42. */
export const PROMETHEUS_BIN = '/usr/bin/prometheus';

/** havePrometheus tells whether both prometheus and promtool are installed. */
export function havePrometheus(): boolean {
  return existsSync(PROMETHEUS_BIN) && existsSync('/usr/bin/promtool');
}

/** PromInstance is a running Prometheus over backfilled blocks. */
export interface PromInstance {
  child: Child;
  /**
   * query runs an instant query and returns the parsed `data`, the wall time in ms (HTTP and JSON included) and
   * Prometheus's own execution time in ms (`stats=all`: `timings.execTotalTime`, no HTTP, no JSON).
   */
  query(expr: string, timeMs: number): Promise<{ data: PromData; ms: number; engineMs: number }>;
  stop(): Promise<void>;
}

/** PromData is the `data` field of a /api/v1/query answer. */
export type PromData =
  | { resultType: 'vector'; result: { metric: Record<string, string>; value: [number, string] }[] }
  | { resultType: 'scalar' | 'string'; result: [number, string] };

/** makeTempDir creates the benchmark's scratch directory. */
export function makeTempDir(): string {
  return mkdtempSync(join(tmpdir(), 'vigil-bench-promql-'));
}

/** backfill turns the OpenMetrics file into TSDB blocks under `dataDir` (promtool's 2-hour blocks). */
export async function backfill(omPath: string, dataDir: string): Promise<void> {
  await promisify(execFile)(
    '/usr/bin/promtool',
    ['tsdb', 'create-blocks-from', 'openmetrics', '-q', omPath, dataDir],
    {
      maxBuffer: 16 * 1024 * 1024,
    },
  );
}

/** startPrometheus serves `dir/data` (flags as in e2e's startPrometheus) with no scrape targets. */
export async function startPrometheus(dir: string): Promise<PromInstance> {
  writeFileSync(join(dir, 'prometheus.yml'), 'global:\n  scrape_interval: 15s\n');
  const port = await freePort();
  const child = await startChild(
    PROMETHEUS_BIN,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-remote-write-receiver',
      // Backfilled history is older than the default 15-day retention only if the clock is wrong; be safe.
      '--storage.tsdb.retention.time=100y',
      '--log.level=warn',
    ],
    { cwd: dir },
  );
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const get = (path: string): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  try {
    await waitUntil('prometheus to be ready', child, async () =>
      (await get('/-/ready')).status === 200 ? true : undefined,
    );
  } catch (err) {
    await child.stop();
    throw err;
  }
  return {
    child,
    async query(expr, timeMs) {
      const path = `/api/v1/query?query=${encodeURIComponent(expr)}&time=${timeMs / 1000}&stats=all`;
      const start = performance.now();
      const res = await get(path);
      const ms = performance.now() - start;
      if (res.status !== 200) throw new Error(`prometheus ${res.status} for ${expr}: ${res.body}`);
      const parsed = JSON.parse(res.body) as {
        data: PromData & { stats?: { timings?: { execTotalTime?: number } } };
      };
      const exec = parsed.data.stats?.timings?.execTotalTime;
      return { data: parsed.data, ms, engineMs: exec === undefined ? Number.NaN : exec * 1000 };
    },
    async stop() {
      agent.destroy();
      await child.stop();
    },
  };
}

/** removeDir deletes the scratch directory. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
