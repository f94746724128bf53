import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { newMatcher } from '@vigil/promql';
import { afterEach, describe, expect, it } from 'vitest';
import { RecordingLogger, tempDir } from './test-support';
import { Tsdb } from './tsdb';

const WRITER = fileURLToPath(new URL('./testdata/crash-writer.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** ingestUntilKilled runs the writer, SIGKILLs it after `acks` acknowledged batches, returns the last acked t. */
function ingestUntilKilled(dir: string, acks: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let last = -1;
    let seen = 0;
    let buf = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const m = /^ack (\d+)$/.exec(line);
        if (m === null || child.killed) continue;
        last = Number(m[1]);
        if (++seen >= acks) child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' && last >= 0) resolve(last);
      else reject(new Error(`writer exited early (code ${code}, signal ${signal}): ${stderr}`));
    });
  });
}

describe('crash safety', () => {
  it('keeps every acknowledged sample after SIGKILL mid-ingestion', async () => {
    const { dir, cleanup } = tempDir('vigil-tsdb-crash-');
    cleanups.push(cleanup);
    const lastAck = await ingestUntilKilled(dir, 300);
    const logger = new RecordingLogger();
    const db = await Tsdb.open({ dir, logger, maintenanceIntervalMs: 0 });
    cleanups.push(() => db.close());
    const { replay } = db.stats();
    console.log(
      `crash test: last acknowledged t=${lastAck}; replayed ${replay.samples} samples, ${replay.records} records ` +
        `in ${replay.durationMs.toFixed(1)} ms${replay.corruption === undefined ? '' : ` (repaired: ${replay.corruption})`}`,
    );
    const data = db.select([newMatcher('=', '__name__', 'crash_test')], 0, lastAck);
    expect(data).toHaveLength(500);
    const steps = lastAck / 15_000 + 1;
    for (const s of data) {
      expect(s.t.length).toBe(steps);
      const i = Number(s.labels.series);
      // Spot-check values and stale markers of the last acknowledged batch.
      const k = steps - 1;
      if (k % 50 === 49) expect(s.stale?.[k]).toBe(1);
      else expect(s.v[k]).toBe(i + k);
    }
    // The store accepts new writes after the crash. The writer may have committed more batches between the
    // last acknowledgement the test read and the kill landing, so write after the newest sample replayed.
    const app = db.appender();
    const next = Math.max(lastAck, db.stats().headMaxT) + 15_000;
    expect(app.append({ __name__: 'crash_test', series: '0', job: 'j0' }, next, 1)).toBeUndefined();
    await app.commit();
  });
});
