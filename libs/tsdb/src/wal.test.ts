import { appendFileSync, readFileSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STALE_NAN } from '@vigil/model';
import { newMatcher } from '@vigil/promql';
import { afterEach, describe, expect, it } from 'vitest';
import { RecordingLogger, plain, tempDir } from './test-support';
import { Tsdb, type TsdbOptions } from './tsdb';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const ALL = [newMatcher('=~', '__name__', '.+')];

async function open(
  dir: string,
  opts: Partial<TsdbOptions> = {},
): Promise<{ db: Tsdb; logger: RecordingLogger }> {
  const logger = new RecordingLogger();
  const db = await Tsdb.open({ dir, logger, maintenanceIntervalMs: 0, ...opts });
  cleanups.push(() => db.close());
  return { db, logger };
}

function newDir(): string {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  return dir;
}

/** fill appends `batches` commits of 20 series each, at 15 s steps; every 10th sample is a staleness marker. */
async function fill(db: Tsdb, batches: number, from = 0): Promise<void> {
  for (let b = from; b < from + batches; b++) {
    const app = db.appender();
    for (let s = 0; s < 20; s++) {
      app.append({ __name__: 'm', s: String(s) }, b * 15_000, b % 10 === 9 ? STALE_NAN : s * 1000 + b);
    }
    await app.commit();
  }
}

function segments(dir: string): string[] {
  return readdirSync(join(dir, 'wal'))
    .filter((f) => /^\d{8}$/.test(f))
    .sort();
}

/** lastNonEmptySegment is the newest WAL segment file holding data. */
function lastNonEmptySegment(dir: string): string {
  const segs = segments(dir).filter((f) => statSync(join(dir, 'wal', f)).size > 0);
  return join(dir, 'wal', segs[segs.length - 1] ?? '');
}

describe('WAL replay', () => {
  it('restores every committed sample, stale markers included, after close', async () => {
    const dir = newDir();
    const first = await open(dir);
    await fill(first.db, 50);
    const want = plain(first.db.select(ALL, 0, 1e9));
    await first.db.close();
    const again = await open(dir);
    expect(plain(again.db.select(ALL, 0, 1e9))).toEqual(want);
    const replay = again.db.stats().replay;
    expect(replay.samples).toBe(1000);
    expect(replay.series).toBe(20);
    expect(replay.records).toBeGreaterThanOrEqual(50);
    expect(again.logger.warnings).toEqual([]);
  });

  it('rotates segments at the size limit and replays them all', async () => {
    const dir = newDir();
    const first = await open(dir, { walSegmentBytes: 4096 });
    await fill(first.db, 60);
    await first.db.close();
    expect(segments(dir).length).toBeGreaterThan(3);
    const again = await open(dir, { walSegmentBytes: 4096 });
    expect(again.db.stats().replay.samples).toBe(1200);
  });

  it('truncates a torn last record with a warning and keeps going', async () => {
    const dir = newDir();
    const first = await open(dir);
    await fill(first.db, 10);
    await first.db.close();
    const seg = lastNonEmptySegment(dir);
    truncateSync(seg, statSync(seg).size - 7);
    const second = await open(dir);
    expect(second.logger.warnings.join('\n')).toMatch(/torn record/);
    expect(plain(second.db.select(ALL, 0, 1e9))[0]?.samples).toHaveLength(9);
    await fill(second.db, 5, 10);
    await second.db.close();
    const third = await open(dir);
    expect(third.logger.warnings).toEqual([]);
    expect(plain(third.db.select(ALL, 0, 1e9))[0]?.samples.map(([t]) => t / 15_000)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14,
    ]);
  });

  it('stops at a corrupt record mid-segment, repairs the log there, and warns', async () => {
    const dir = newDir();
    const first = await open(dir);
    await fill(first.db, 10);
    await first.db.close();
    const seg = lastNonEmptySegment(dir);
    const bytes = readFileSync(seg);
    const mid = Math.floor(bytes.length / 2);
    bytes[mid] = (bytes[mid] ?? 0) ^ 0xff;
    writeFileSync(seg, bytes);
    const second = await open(dir);
    expect(second.logger.warnings.join('\n')).toMatch(/checksum mismatch|unexpected end|unknown record/);
    expect(second.db.stats().replay.corruption).toContain(seg);
    const n = plain(second.db.select(ALL, 0, 1e9))[0]?.samples.length ?? 0;
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(10);
  });

  it('treats trailing garbage as a torn record', async () => {
    const dir = newDir();
    const first = await open(dir);
    await fill(first.db, 3);
    await first.db.close();
    appendFileSync(lastNonEmptySegment(dir), Buffer.from([2, 0, 0, 0, 99, 1, 2]));
    const second = await open(dir);
    expect(second.logger.warnings).toHaveLength(1);
    expect(second.db.stats().replay.samples).toBe(60);
  });

  it('checkpoints after a head cut so replay reads only the live head', async () => {
    const dir = newDir();
    const blockRangeMs = 600_000;
    const first = await open(dir, { blockRangeMs });
    await fill(first.db, 200); // 50 minutes of 15 s samples
    expect(first.db.compact()).toBeGreaterThan(0);
    const want = plain(first.db.select(ALL, 0, 1e9));
    const headSamples = first.db.stats().headSamples;
    await first.db.close();
    expect(readdirSync(join(dir, 'wal')).some((f) => f.startsWith('checkpoint.'))).toBe(true);
    const again = await open(dir, { blockRangeMs });
    expect(again.db.stats().replay.samples).toBe(headSamples);
    expect(plain(again.db.select(ALL, 0, 1e9))).toEqual(want);
  });

  it('keeps only live series in the checkpoint', async () => {
    const dir = newDir();
    const blockRangeMs = 600_000;
    const first = await open(dir, { blockRangeMs });
    const app = first.db.appender();
    app.append({ __name__: 'gone', job: 'x' }, 0, 1);
    await app.commit();
    await fill(first.db, 200);
    first.db.compact();
    expect(first.db.series([newMatcher('=', '__name__', 'gone')], 0, 1e9)).toHaveLength(1); // in a block
    await first.db.close();
    const again = await open(dir, { blockRangeMs });
    expect(again.db.stats().series).toBe(20);
    expect(again.db.stats().replay.series).toBe(20);
  });
});
