// Round trip through a real Prometheus (Debian's /usr/bin/prometheus): samples go in with our
// remote-write client and come back out through our HTTP datasource.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasourceError } from '../datasource/datasource-error';
import { PrometheusHttpDatasource } from '../datasource/prometheus-http-datasource';
import { RemoteWriteClient } from './remote-write-client';

const PROMETHEUS = '/usr/bin/prometheus';
const present = existsSync(PROMETHEUS);
const START_TIMEOUT_MS = 30_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const title = present
  ? `remote write and query against a real Prometheus (${PROMETHEUS})`
  : `remote write and query against a real Prometheus (skipped: ${PROMETHEUS} is not installed)`;

describe.skipIf(!present)(title, () => {
  let proc: ChildProcess | undefined;
  let dir = '';
  let base = '';
  let output = '';
  let ds: PrometheusHttpDatasource;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-prom-'));
    const config = join(dir, 'prometheus.yml');
    await writeFile(config, 'global:\n  scrape_interval: 1m\n');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    proc = spawn(
      PROMETHEUS,
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--web.enable-remote-write-receiver',
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`prometheus exited with ${proc.exitCode}:\n${output}`);
      const ready = await fetch(`${base}/-/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) break;
      if (Date.now() > deadline)
        throw new Error(`prometheus not ready after ${START_TIMEOUT_MS} ms:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    ds = new PrometheusHttpDatasource({ url: base, timeoutMs: 10_000 });
  }, START_TIMEOUT_MS + 5000);

  afterAll(async () => {
    await ds?.close();
    const p = proc;
    if (p && p.exitCode === null && p.signalCode === null) {
      const exited = new Promise((resolve) => p.once('exit', resolve));
      p.kill('SIGTERM');
      const timer = setTimeout(() => p.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 15_000);

  it('stores written samples with external labels and returns them through the datasource', async () => {
    const t = Date.now() - 1000;
    const rw = new RemoteWriteClient({ url: `${base}/api/v1/write`, externalLabels: { cluster: 'test' } });
    rw.append([
      { labels: { __name__: 'vigil_roundtrip', instance: 'a' }, t, v: 42.5 },
      { labels: { __name__: 'vigil_roundtrip', instance: 'b' }, t, v: -Infinity },
    ]);
    await rw.close(5000);
    expect(rw.stats()).toMatchObject({ samplesSent: 2, samplesFailed: 0, samplesDropped: 0 });

    const result = await ds.query('vigil_roundtrip', t + 500);
    expect(result.type).toBe('vector');
    if (result.type !== 'vector') return;
    const byInstance = Object.fromEntries(result.samples.map((s) => [s.labels['instance'], s]));
    expect(byInstance['a']).toEqual({
      labels: { __name__: 'vigil_roundtrip', cluster: 'test', instance: 'a' },
      t: t + 500,
      v: 42.5,
    });
    expect(byInstance['b']?.v).toBe(-Infinity);

    // The raw API agrees: the value Prometheus stored is the one we sent.
    const raw = (await (
      await fetch(`${base}/api/v1/query?query=vigil_roundtrip{instance="a"}&time=${(t + 500) / 1000}`)
    ).json()) as {
      data: { result: { value: [number, string] }[] };
    };
    expect(raw.data.result[0]?.value[1]).toBe('42.5');
  });

  it('ends a series at a stale marker, which only the exact NaN bit pattern does', async () => {
    const t = Date.now() - 10_000;
    const rw = new RemoteWriteClient({ url: `${base}/api/v1/write` });
    rw.append([
      { labels: { __name__: 'vigil_stale' }, t, v: 1 },
      { labels: { __name__: 'vigil_stale' }, t: t + 1000, v: NaN, stale: true },
      { labels: { __name__: 'vigil_plain_nan' }, t, v: 1 },
      { labels: { __name__: 'vigil_plain_nan' }, t: t + 1000, v: NaN },
    ]);
    await rw.close(5000);
    expect(rw.stats().samplesSent).toBe(4);

    const before = await ds.query('vigil_stale', t + 500);
    expect(before.type === 'vector' && before.samples.map((s) => s.v)).toEqual([1]);
    const after = await ds.query('vigil_stale', t + 2000);
    expect(after).toEqual({ type: 'vector', samples: [] });
    // An ordinary NaN is a value, not the end of the series.
    const plain = await ds.query('vigil_plain_nan', t + 2000);
    expect(plain.type === 'vector' && plain.samples.map((s) => s.v)).toEqual([NaN]);
  });

  it('does not retry a sample Prometheus rejects as a duplicate', async () => {
    const t = Date.now() - 5000;
    const errors: string[] = [];
    const rw = new RemoteWriteClient({ url: `${base}/api/v1/write`, onError: (e) => errors.push(e.message) });
    rw.append([{ labels: { __name__: 'vigil_dup' }, t, v: 1 }]);
    await rw.flush();
    rw.append([{ labels: { __name__: 'vigil_dup' }, t, v: 2 }]);
    await rw.close(5000);
    expect(rw.stats()).toMatchObject({ samplesSent: 1, samplesFailed: 1, samplesRetried: 0 });
    expect(errors[0]).toMatch(/HTTP status 400 Bad Request: .*duplicate sample/);
  });

  it("passes on Prometheus's own query errors and scalar results", async () => {
    const err = await ds.query('sum(', Date.now()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasourceError);
    expect((err as DatasourceError).kind).toBe('query');
    expect((err as DatasourceError).errorType).toBe('bad_data');
    expect((err as DatasourceError).message).toMatch(/^bad_data: .*parse error/);
    const t = 1_700_000_000_250;
    expect(await ds.query('1 + 1', t)).toEqual({ type: 'scalar', t, v: 2 });
  });
});
