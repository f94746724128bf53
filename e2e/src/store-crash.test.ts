// Crash safety of the rule-manager's embedded store, as a user of its remote-write receiver sees it: every
// request answered 204 before a SIGKILL is queryable after the restart, also when the WAL ends in a torn record.
import { randomBytes, randomUUID } from 'node:crypto';
import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@vigil/testing';
import type { WriteSeries } from '@vigil/rule-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVigil, type Started } from './support/processes';
import { postWrite, writeBody } from './support/remote-write-post';

const REDIS_URL = 'redis://127.0.0.1:6379/14';
const SENDERS = 4;
const SERIES_PER_SENDER = 1000;
/** KILL_AFTER is how many acknowledged requests (all senders) a round waits for before the SIGKILL. */
const KILL_AFTER = 60;
/** Sample i of every series is at BASE + i s; BASE is 30 minutes ago, so no sample is too old or in the future. */
const BASE = Math.floor(Date.now() / 1000) * 1000 - 30 * 60_000;
const at = (i: number): number => BASE + i * 1000;
/** valueOf is unique per (series, request index), so an answer shows which sample it came from. */
const valueOf = (i: number, s: number): number => i * 10_000 + s;
const seriesName = (s: number): string => String(s).padStart(4, '0');

/** Round is what one sender got acknowledged in one run of the process. */
interface Round {
  sender: number;
  acked: number[];
}

/** nextIndex[k] is the next request index of sender k; a new round starts past any unacknowledged request. */
const nextIndex: number[] = Array.from({ length: SENDERS }, () => 0);

function request(sender: number, i: number): Buffer {
  const series: WriteSeries[] = [];
  for (let s = 0; s < SERIES_PER_SENDER; s++) {
    series.push({
      labels: { __name__: 'crash_test', sender: String(sender), series: seriesName(s), job: 'crash' },
      samples: [{ t: at(i), v: valueOf(i, s) }],
    });
  }
  return writeBody(series);
}

/**
 * ingestUntilKilled runs SENDERS concurrent senders (one request in flight each, increasing timestamps) and
 * SIGKILLs the process once KILL_AFTER requests were acknowledged, while the others are still in flight.
 */
async function ingestUntilKilled(vigil: Started): Promise<Round[]> {
  let acks = 0;
  let killed = false;
  let inFlight = 0;
  const started = Date.now();
  const rounds: Round[] = [];
  const sender = async (k: number): Promise<Round> => {
    const round: Round = { sender: k, acked: [] };
    for (;;) {
      const i = nextIndex[k] ?? 0;
      nextIndex[k] = i + 1;
      const body = request(k, i);
      let status: number;
      try {
        status = await postWrite(vigil.url, body);
      } catch {
        if (killed) {
          inFlight++; // the connection died with the process
          return round;
        }
        throw new Error(`sender ${k}: request ${i} failed before the kill`);
      }
      if (killed) {
        inFlight++; // answered after the kill was decided: not counted either way
        return round;
      }
      expect(status, `sender ${k} request ${i}`).toBe(204);
      round.acked.push(i);
      if (++acks >= KILL_AFTER) {
        killed = true;
        vigil.proc.kill('SIGKILL');
        return round;
      }
    }
  };
  rounds.push(...(await Promise.all(Array.from({ length: SENDERS }, (_, k) => sender(k)))));
  await new Promise<void>((r) =>
    vigil.proc.exitCode !== null || vigil.proc.signalCode !== null ? r() : vigil.proc.once('exit', () => r()),
  );
  const samples = acks * SERIES_PER_SENDER;
  const secs = (Date.now() - started) / 1000;
  console.log(
    `store-crash: ${acks} requests (${samples} samples, ${SENDERS * SERIES_PER_SENDER} series) acknowledged ` +
      `in ${secs.toFixed(1)} s (${Math.round(samples / secs)} samples/s) before SIGKILL, ${inFlight} in flight`,
  );
  return rounds;
}

async function query(
  base: string,
  path: string,
): Promise<{ metric: Record<string, string>; value?: [number, string]; values?: [number, string][] }[]> {
  const res = await fetch(`${base}${path}`);
  const body = (await res.json()) as {
    status: string;
    data: {
      result: { metric: Record<string, string>; value?: [number, string]; values?: [number, string][] }[];
    };
  };
  if (body.status !== 'success') throw new Error(`${path}: ${JSON.stringify(body)}`);
  return body.data.result;
}

const secs = (ms: number): string => (ms / 1000).toFixed(3);

/** expectAcknowledged checks that every acknowledged sample of the rounds is stored with its exact value. */
async function expectAcknowledged(vigil: Started, rounds: Round[]): Promise<void> {
  for (const { sender, acked } of rounds) {
    if (acked.length === 0) continue;
    const first = acked[0] ?? 0;
    const last = acked[acked.length - 1] ?? 0;
    // Acknowledged indices of one round are consecutive: one request in flight per sender.
    expect(acked).toEqual(Array.from({ length: last - first + 1 }, (_, j) => first + j));
    // The window (T - d, T] holds exactly this round's samples: the next index is later than T, the previous
    // round's last (possibly unacknowledged) index earlier than T - d.
    const d = at(last) - at(first) + 500;
    const sel = `crash_test{sender="${sender}"}[${d}ms]`;
    const t = `&time=${secs(at(last))}`;
    const enc = encodeURIComponent;
    const counts = await query(vigil.url, `/api/v1/query?query=${enc(`count_over_time(${sel})`)}${t}`);
    expect(counts).toHaveLength(SERIES_PER_SENDER);
    const wrongCount = counts.filter((r) => r.value?.[1] !== String(acked.length));
    expect(
      wrongCount.slice(0, 3),
      `sender ${sender}: ${acked.length} acknowledged samples per series`,
    ).toEqual([]);
    const sums = await query(vigil.url, `/api/v1/query?query=${enc(`sum_over_time(${sel})`)}${t}`);
    const indexSum = acked.reduce((a, b) => a + b, 0);
    const wrongSum = sums.filter(
      (r) => r.value?.[1] !== String(indexSum * 10_000 + acked.length * Number(r.metric['series'])),
    );
    expect(wrongSum.slice(0, 3), `sender ${sender}: sum of the acknowledged values`).toEqual([]);
    // Exact (t, v) of one series over the round, one step per sample.
    const s = sender * 7;
    const range = await query(
      vigil.url,
      `/api/v1/query_range?query=${enc(`crash_test{sender="${sender}",series="${seriesName(s)}"}`)}` +
        `&start=${secs(at(first))}&end=${secs(at(last))}&step=1`,
    );
    expect(range[0]?.values).toEqual(acked.map((i) => [at(i) / 1000, String(valueOf(i, s))]));
  }
}

/** restart starts the rule-manager on the store, reporting the replay time it logged and the time to ready. */
async function restart(args: string[], port: number, label: string): Promise<Started> {
  const t0 = Date.now();
  const vigil = await startVigil(args, port);
  const readyMs = Date.now() - t0;
  const line = vigil
    .output()
    .split('\n')
    .find((l) => l.includes('Embedded store opened (WAL replayed)'));
  expect(line, vigil.output()).toBeDefined();
  const replay = /series=(\d+) samples=(\d+) replayMs=(\d+)/.exec(line ?? '');
  const warnings = vigil
    .output()
    .split('\n')
    .filter((l) => l.includes('level=warn'));
  console.log(
    `store-crash ${label}: WAL replay ${replay?.[3]} ms (${replay?.[1]} series, ${replay?.[2]} samples), ` +
      `ready ${readyMs} ms after spawn${warnings.length > 0 ? `; warnings:\n  ${warnings.join('\n  ')}` : ''}`,
  );
  return vigil;
}

describe('embedded store crash safety (rule-manager, remote write, SIGKILL)', () => {
  let dir: string;
  let port: number;
  let args: string[];
  let vigil: Started | undefined;
  const allRounds: Round[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-store-crash-'));
    writeFileSync(join(dir, 'prometheus.yml'), 'global:\n  evaluation_interval: 1s\n');
    port = await freePort();
    args = [
      'rule-manager',
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      `--redis.url=${REDIS_URL}`,
      `--queue.name=vigil-e2e-${randomUUID()}`,
      '--log.level=info',
    ];
  });

  afterAll(async () => {
    await vigil?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged sample after a SIGKILL mid-ingestion', async () => {
    vigil = await startVigil(args, port);
    allRounds.push(...(await ingestUntilKilled(vigil)));
    vigil = await restart(args, port, 'restart after SIGKILL');
    await expectAcknowledged(vigil, allRounds);
  });

  it('starts on a WAL with a torn tail and keeps the acknowledged data', async () => {
    if (vigil === undefined) throw new Error('the first test did not leave a running rule-manager');
    allRounds.push(...(await ingestUntilKilled(vigil)));
    const walDir = join(dir, 'data', 'wal');
    const segments = readdirSync(walDir)
      .filter((f) => /^\d{8}$/.test(f))
      .sort();
    const last = segments[segments.length - 1];
    expect(last, `WAL segments in ${walDir}`).toBeDefined();
    const path = join(walDir, last ?? '');
    const before = statSync(path).size;
    // A record header promising 4 KiB of payload, then 300 random bytes: a write torn by the crash.
    const header = Buffer.from([0x02, 0x00, 0x00, 0x10, 0x00, 0xde, 0xad, 0xbe, 0xef]);
    appendFileSync(path, Buffer.concat([header, randomBytes(300)]));
    console.log(`store-crash: appended 309 garbage bytes to ${last} (${before} bytes)`);
    vigil = await restart(args, port, 'restart on a torn WAL');
    await expectAcknowledged(vigil, allRounds);
    // Still writable after the repair, and the new sample survives a clean restart.
    const i = Math.max(...nextIndex) + 1;
    expect(await postWrite(vigil.url, request(0, i))).toBe(204);
    await vigil.stop();
    vigil = await restart(args, port, 'clean restart');
    await expectAcknowledged(vigil, [...allRounds, { sender: 0, acked: [i] }]);
  });
});
