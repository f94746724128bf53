import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STALE_NAN } from '@vigil/model';
import { MemoryStorage, newMatcher, type Matcher, type MatchType } from '@vigil/promql';
import { afterEach, describe, expect, it } from 'vitest';
import { RecordingLogger, plain, tempDir } from './test-support';
import { Tsdb, type TsdbOptions } from './tsdb';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const HOUR = 3_600_000;
const ALL = [newMatcher('=~', '__name__', '.+')];

async function open(
  dir: string,
  opts: Partial<TsdbOptions> = {},
): Promise<{ db: Tsdb; logger: RecordingLogger }> {
  const logger = new RecordingLogger();
  const db = await Tsdb.open({ dir, logger, maintenanceIntervalMs: 0, blockRangeMs: HOUR, ...opts });
  cleanups.push(() => db.close());
  return { db, logger };
}

function newDir(): string {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  return dir;
}

/**
 * feed appends the same pseudo-random data to the store and to a MemoryStorage: 30 series over `hours`, scraped
 * every 30 s with jitter, some series starting late or ending early, stale markers where a series ends.
 */
async function feed(db: Tsdb, mem: MemoryStorage, hours: number): Promise<void> {
  let seed = 42;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const series = Array.from({ length: 30 }, (_, i) => ({
    labels: {
      __name__: i % 3 === 0 ? 'up' : 'http_requests_total',
      job: `job${i % 4}`,
      instance: `i${i}`,
      ...(i % 5 === 0 ? { env: 'prod' } : {}),
    },
    from: i % 7 === 0 ? hours * HOUR * 0.4 : 0,
    to: i % 6 === 0 ? hours * HOUR * 0.7 : Infinity,
    value: i * 100,
  }));
  const steps = (hours * HOUR) / 30_000;
  for (let k = 0; k < steps; k++) {
    const app = db.appender();
    for (const s of series) {
      const t = k * 30_000 + Math.floor(rnd() * 50);
      if (t < s.from) continue;
      if (t > s.to) {
        if (t - 30_100 <= s.to) {
          expect(app.append(s.labels, t, STALE_NAN)).toBeUndefined();
          mem.append(s.labels, t, STALE_NAN, true);
        }
        continue;
      }
      s.value += Math.floor(rnd() * 10);
      expect(app.append(s.labels, t, s.value)).toBeUndefined();
      mem.append(s.labels, t, s.value);
    }
    await app.commit();
  }
}

function m(type: MatchType, name: string, value: string): Matcher {
  return newMatcher(type, name, value);
}

const QUERIES: [string, Matcher[], number, number][] = [
  ['everything, all time', ALL, 0, 10 * HOUR],
  ['one metric across block and head', [m('=', '__name__', 'up')], 0, 10 * HOUR],
  ['inside the first block', [m('=~', 'job', 'job[12]')], 0.2 * HOUR, 0.8 * HOUR],
  ['spanning a block boundary', [m('!=', 'env', 'prod')], 0.9 * HOUR, 2.1 * HOUR],
  ['spanning blocks and head', [m('=', 'env', ''), m('=~', '__name__', 'http.*')], 1.5 * HOUR, 5 * HOUR],
  ['head only', [m('!~', 'instance', 'i1.*')], 4.5 * HOUR, 10 * HOUR],
  ['exact block edges', ALL, HOUR, 2 * HOUR],
];

describe('compaction', () => {
  it.each(QUERIES)('head + blocks answer like a MemoryStorage: %s', async (_name, matchers, minT, maxT) => {
    const dir = newDir();
    const { db } = await open(dir);
    const mem = new MemoryStorage();
    await feed(db, mem, 5);
    // The head spans ~5 h; it is cut while it spans more than 1.5 block ranges.
    expect(db.compact()).toBe(4);
    const metas = db.blockMetas();
    expect(metas.map((b) => [b.minTime, b.maxTime])).toEqual([
      [0, HOUR],
      [HOUR, 2 * HOUR],
      [2 * HOUR, 3 * HOUR],
      [3 * HOUR, 4 * HOUR],
    ]);
    expect(db.stats().headMinT).toBeGreaterThanOrEqual(4 * HOUR);
    const want = plain(mem.select(matchers, minT, maxT));
    expect(plain(db.select(matchers, minT, maxT))).toEqual(want);
    expect(db.series(matchers, minT, maxT)).toEqual(mem.series(matchers, minT, maxT));
    // The label APIs answer from the indexes of every block (and the head) overlapping the range, as
    // Prometheus's do: series of those blocks count even without samples in [minT, maxT].
    const spans = metas
      .filter((b) => b.minTime <= maxT && b.maxTime > minT)
      .map((b): [number, number] => [b.minTime, b.maxTime - 1]);
    const { headMinT, headMaxT } = db.stats();
    if (headMinT <= maxT && headMaxT >= minT) spans.push([headMinT, headMaxT]);
    const indexed = new Set(spans.flatMap(([from, to]) => mem.labelValues('instance', matchers, from, to)));
    expect(db.labelValues('instance', matchers, minT, maxT)).toEqual([...indexed].sort());
    await db.close();
    const again = await open(dir);
    expect(plain(again.db.select(matchers, minT, maxT))).toEqual(want);
    expect(again.logger.warnings).toEqual([]);
  });

  it('refuses samples older than the last block with out_of_bounds', async () => {
    const { db } = await open(newDir(), { outOfOrderTimeWindowMs: 10 * HOUR });
    await feed(db, new MemoryStorage(), 4);
    db.compact();
    const app = db.appender();
    expect(app.append({ __name__: 'up', job: 'job0', instance: 'i0' }, 1000, 1)).toBe('out_of_bounds');
  });

  it('skips a corrupt block with a warning naming it, and serves the rest', async () => {
    const dir = newDir();
    const first = await open(dir);
    const mem = new MemoryStorage();
    await feed(first.db, mem, 4);
    first.db.compact();
    const [bad, ...good] = first.db.blockMetas();
    await first.db.close();
    writeFileSync(join(dir, bad?.ulid ?? 'x', 'index'), 'garbage');
    const second = await open(dir);
    expect(second.logger.warnings.join('\n')).toContain(bad?.ulid);
    expect(second.db.blockMetas()).toEqual(good);
    const from = good[0]?.minTime ?? 0;
    expect(plain(second.db.select(ALL, from, 10 * HOUR))).toEqual(plain(mem.select(ALL, from, 10 * HOUR)));
  });
});

describe('background maintenance', () => {
  it('cuts blocks on its timer', async () => {
    const { db } = await open(newDir(), { maintenanceIntervalMs: 20 });
    const mem = new MemoryStorage();
    await feed(db, mem, 4);
    for (let i = 0; i < 100 && db.blockMetas().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(db.blockMetas().length).toBeGreaterThan(0);
    expect(plain(db.select(ALL, 0, 10 * HOUR))).toEqual(plain(mem.select(ALL, 0, 10 * HOUR)));
  });
});

describe('out-of-order samples and compaction', () => {
  it('moves accepted out-of-order samples into the block', async () => {
    const dir = newDir();
    const { db } = await open(dir, { outOfOrderTimeWindowMs: HOUR });
    const labels = { __name__: 'ooo', job: 'x' };
    const times = [
      0,
      60_000,
      120_000,
      30_000,
      90_000,
      50 * 60_000,
      20 * 60_000,
      130 * 60_000,
      100 * 60_000,
      150 * 60_000,
    ];
    for (const t of times) {
      const app = db.appender();
      expect(app.append(labels, t, t / 1000)).toBeUndefined();
      await app.commit();
    }
    expect(db.compact()).toBe(1);
    const want = [...times].sort((a, b) => a - b).map((t) => [t, t / 1000]);
    expect(plain(db.select(ALL, 0, 10 * HOUR))[0]?.samples).toEqual(want);
    await db.close();
    const again = await open(dir, { outOfOrderTimeWindowMs: HOUR });
    expect(plain(again.db.select(ALL, 0, 10 * HOUR))[0]?.samples).toEqual(want);
  });
});

describe('retention', () => {
  it('deletes blocks older than the time retention, oldest first', async () => {
    const dir = newDir();
    const { db } = await open(dir, { retentionMs: 2 * HOUR });
    await feed(db, new MemoryStorage(), 6);
    db.compact();
    const metas = db.blockMetas();
    expect(metas.length).toBeGreaterThan(0);
    expect(metas.every((b) => db.stats().headMaxT - b.maxTime < 2 * HOUR)).toBe(true);
    expect(db.stats().blocksDeleted).toBeGreaterThan(0);
    const dirs = readdirSync(dir).filter((f) => /^[0-9A-Z]{26}$/.test(f));
    expect(dirs.sort()).toEqual(metas.map((b) => b.ulid).sort());
  });

  it('deletes the oldest blocks while over the size retention', async () => {
    const dir = newDir();
    const { db } = await open(dir, { retentionMs: 0, retentionBytes: 1 });
    await feed(db, new MemoryStorage(), 5);
    db.compact();
    expect(db.blockMetas()).toEqual([]);
    expect(db.stats().blocksDeleted).toBe(4);
  });
});
