// The two stores of the store benchmark as child processes: Vigil's rule-manager with its embedded store and
// Debian's Prometheus 2.42, each with its own data directory, plus the HTTP calls the benchmark makes to them.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startChild, sleep, type Child } from './child';
import { PROMETHEUS_BIN } from './promql-prometheus';

const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** StoreKind names the implementation. */
export type StoreKind = 'Vigil' | 'Prometheus';

/** StoreSpec is how to (re)start one store: same directory and port on every start. */
export interface StoreSpec {
  kind: StoreKind;
  /** Holds config.yml and data/. */
  dir: string;
  port: number;
  configYaml: string;
  redisUrl: string;
  /** Vigil's alert queue (a fresh name per run, so its Redis keys can be removed afterwards). */
  queueName: string;
  /** Extra node flags for Vigil (e.g. --cpu-prof). */
  nodeFlags: string[];
}

/** Store is a running store. */
export interface Store {
  spec: StoreSpec;
  child: Child;
  url: string;
  /** Milliseconds from spawn until /-/ready answered 200. */
  readyMs: number;
}

/** startStore spawns the store and waits (polling every 10 ms) until /-/ready answers 200. */
export async function startStore(spec: StoreSpec, timeoutMs = 180_000): Promise<Store> {
  mkdirSync(spec.dir, { recursive: true });
  const config = join(spec.dir, 'config.yml');
  writeFileSync(config, spec.configYaml);
  const data = join(spec.dir, 'data');
  const listen = `--web.listen-address=127.0.0.1:${spec.port}`;
  const start = performance.now();
  const child =
    spec.kind === 'Vigil'
      ? await startChild(
          process.execPath,
          [
            ...spec.nodeFlags,
            join(REPO_ROOT, 'bin/vigil.mjs'),
            'rule-manager',
            `--config.file=${config}`,
            `--storage.tsdb.path=${data}`,
            listen,
            `--redis.url=${spec.redisUrl}`,
            `--queue.name=${spec.queueName}`,
          ],
          { cwd: REPO_ROOT },
        )
      : await startChild(
          PROMETHEUS_BIN,
          [
            `--config.file=${config}`,
            `--storage.tsdb.path=${data}`,
            listen,
            '--web.enable-remote-write-receiver',
            '--log.level=info',
          ],
          { cwd: spec.dir },
        );
  const url = `http://127.0.0.1:${spec.port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exited()) throw new Error(`${spec.kind} exited while starting:\n${child.output()}`);
    const ok = await fetch(`${url}/-/ready`)
      .then(async (r) => {
        await r.arrayBuffer();
        return r.status === 200;
      })
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) {
      await child.stop('SIGKILL');
      throw new Error(`${spec.kind} not ready after ${timeoutMs} ms:\n${child.output()}`);
    }
    await sleep(10);
  }
  return { spec, child, url, readyMs: performance.now() - start };
}

/** metrics reads /metrics and sums each metric name's samples over its label sets. */
export async function metrics(url: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)/.exec(line);
    if (!m?.[1] || m[3] === undefined) continue;
    const v = Number(m[3]);
    if (Number.isFinite(v)) out.set(m[1], (out.get(m[1]) ?? 0) + v);
  }
  return out;
}

/**
 * metric reads one summed metric; throws when the store does not export it, or returns `absent` when given
 * (Prometheus exports a labelled counter only once it has counted something).
 */
export async function metric(url: string, name: string, absent?: number): Promise<number> {
  const v = (await metrics(url)).get(name) ?? absent;
  if (v === undefined) throw new Error(`${url}/metrics has no ${name}`);
  return v;
}

/** QueryResult is the `data` of a query API answer. */
export interface QueryData {
  resultType: string;
  result: unknown;
}

/** query GETs an /api/v1 path and returns its data and wall time in ms; throws unless status is success. */
export async function query(url: string, path: string): Promise<{ data: QueryData; ms: number }> {
  const start = performance.now();
  const res = await fetch(`${url}${path}`);
  const body = await res.text();
  const ms = performance.now() - start;
  const parsed = JSON.parse(body) as { status: string; data: QueryData };
  if (res.status !== 200 || parsed.status !== 'success')
    throw new Error(`${url}${path}: ${res.status} ${body}`);
  return { data: parsed.data, ms };
}

/** postWrite sends one snappy-compressed remote-write 1.0 request; throws unless it is acknowledged. */
export async function postWrite(url: string, body: Uint8Array): Promise<void> {
  const res = await fetch(`${url}/api/v1/write`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-protobuf',
      'content-encoding': 'snappy',
      'x-prometheus-remote-write-version': '0.1.0',
    },
    body,
  });
  const text = await res.text();
  if (res.status !== 204 && res.status !== 200) throw new Error(`${url}/api/v1/write: ${res.status} ${text}`);
}

/** BlockStats is the size and sample count of a store's blocks on disk. */
export interface BlockStats {
  count: number;
  bytes: number;
  samples: number;
}

function dirBytes(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((n, name) => n + dirBytes(join(path, name)), 0);
}

/** blockStats sums block directories (ULID names) under `<dir>/data`: bytes on disk and meta.json samples. */
export function blockStats(dir: string): BlockStats {
  const data = join(dir, 'data');
  const out: BlockStats = { count: 0, bytes: 0, samples: 0 };
  for (const name of readdirSync(data)) {
    if (!/^[0-9A-Z]{26}$/.test(name)) continue;
    const meta = JSON.parse(readFileSync(join(data, name, 'meta.json'), 'utf8')) as {
      stats?: { numSamples?: number };
    };
    out.count++;
    out.bytes += dirBytes(join(data, name));
    out.samples += meta.stats?.numSamples ?? 0;
  }
  return out;
}

/** replayLog returns the replay duration each store logged on its last start (ms), if found. */
export function replayLog(store: Store): number | undefined {
  const out = store.child.output();
  if (store.spec.kind === 'Vigil') {
    const m = /replayMs=(\d+)[^\n]*Embedded store opened/.exec(out);
    return m?.[1] === undefined ? undefined : Number(m[1]);
  }
  const m = /WAL replay completed.*total_replay_duration=([0-9.]+)(ms|s|µs|m)/.exec(out);
  if (m?.[1] === undefined) return undefined;
  const scale: Record<string, number> = { µs: 0.001, ms: 1, s: 1000, m: 60_000 };
  return Number(m[1]) * (scale[m[2] ?? 'ms'] ?? 1);
}
