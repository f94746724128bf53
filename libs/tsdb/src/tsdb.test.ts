import { STALE_NAN } from '@vigil/model';
import { newMatcher } from '@vigil/promql';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppendError } from './appender';
import { RecordingLogger, plain, tempDir } from './test-support';
import { Tsdb, type TsdbOptions } from './tsdb';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function openDb(
  opts: Partial<TsdbOptions> = {},
): Promise<{ db: Tsdb; dir: string; logger: RecordingLogger }> {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const logger = new RecordingLogger();
  const db = await Tsdb.open({ dir, logger, maintenanceIntervalMs: 0, ...opts });
  cleanups.push(() => db.close());
  return { db, dir, logger };
}

const ALL = [newMatcher('=~', '__name__', '.+')];
const UP = { __name__: 'up', job: 'api' };

describe('Tsdb appender', () => {
  it('makes samples visible on commit only, and drops them on rollback', async () => {
    const { db } = await openDb();
    const app = db.appender();
    expect(app.append(UP, 1000, 1)).toBeUndefined();
    expect(db.select(ALL, 0, 5000)).toEqual([]);
    await app.commit();
    expect(plain(db.select(ALL, 0, 5000))).toEqual([{ labels: UP, samples: [[1000, 1]] }]);

    const app2 = db.appender();
    app2.append(UP, 2000, 2);
    app2.rollback();
    await app2.commit();
    expect(plain(db.select(ALL, 0, 5000))).toEqual([{ labels: UP, samples: [[1000, 1]] }]);
    expect(db.stats().samplesAppended).toBe(1);
  });

  it('keeps the staleness marker apart from other NaNs', async () => {
    const { db } = await openDb();
    const app = db.appender();
    app.append(UP, 1000, STALE_NAN);
    app.append(UP, 2000, Number.NaN);
    app.append(UP, 3000, Number.POSITIVE_INFINITY);
    await app.commit();
    const [s] = db.select(ALL, 0, 5000);
    expect(Array.from(s?.stale ?? [])).toEqual([1, 0, 0]);
    expect(Number.isNaN(s?.v[1])).toBe(true);
    expect(s?.v[2]).toBe(Number.POSITIVE_INFINITY);
  });

  it.each<[string, number, number, number, AppendError | undefined]>([
    // name, out-of-order window, t, v, expected (the series has 10_000 → 1 and head max is 10_000)
    ['older sample', 0, 9000, 5, 'out_of_order'],
    ['same timestamp, other value', 0, 10_000, 2, 'duplicate_timestamp'],
    ['same timestamp, same value', 0, 10_000, 1, undefined],
    ['newer sample', 0, 11_000, 1, undefined],
    ['older than half a block range before the head max', 0, 10_000 - 3_600_001, 1, 'out_of_bounds'],
    ['older sample within the out-of-order window', 5000, 9000, 5, undefined],
    ['older sample beyond the out-of-order window', 5000, 4000, 5, 'out_of_order'],
    ['beyond the window and half a block range', 5000, 10_000 - 3_600_001, 5, 'out_of_bounds'],
  ])('%s (window %i) → %s', async (_name, window, t, v, want) => {
    const { db } = await openDb({ outOfOrderTimeWindowMs: window });
    const app = db.appender();
    app.append(UP, 10_000, 1);
    await app.commit();
    const app2 = db.appender();
    expect(app2.append(UP, t, v)).toBe(want);
    await app2.commit();
    const stats = db.stats();
    if (want !== undefined) expect(stats.refused[want]).toBe(1);
    const samples = plain(db.select(ALL, 0, 20_000))[0]?.samples ?? [];
    if (want === undefined) expect(samples).toContainEqual([t, t === 10_000 ? 1 : v]);
    else expect(samples.some(([st, sv]) => st === t && sv === v && t !== 10_000)).toBe(false);
  });

  it('checks order within one batch', async () => {
    const { db } = await openDb();
    const app = db.appender();
    expect(app.append(UP, 2000, 1)).toBeUndefined();
    expect(app.append(UP, 1000, 1)).toBe('out_of_order');
    expect(app.append(UP, 2000, 3)).toBe('duplicate_timestamp');
    await app.commit();
    expect(plain(db.select(ALL, 0, 5000))[0]?.samples).toEqual([[2000, 1]]);
  });

  it('merges out-of-order samples into query results in time order', async () => {
    const { db } = await openDb({ outOfOrderTimeWindowMs: 60_000 });
    for (const t of [10_000, 30_000, 20_000, 5_000, 40_000]) {
      const app = db.appender();
      app.append(UP, t, t / 1000);
      await app.commit();
    }
    expect(plain(db.select(ALL, 0, 50_000))[0]?.samples).toEqual([
      [5000, 5],
      [10_000, 10],
      [20_000, 20],
      [30_000, 30],
      [40_000, 40],
    ]);
    expect(db.stats().outOfOrderAppended).toBe(2);
  });
});

describe('Tsdb querier', () => {
  it('answers series, label names and label values over a time range', async () => {
    const { db } = await openDb();
    const app = db.appender();
    app.append({ __name__: 'up', job: 'api', instance: 'a' }, 1000, 1);
    app.append({ __name__: 'up', job: 'db', instance: 'b' }, 5000, 1);
    app.append({ __name__: 'load', instance: 'a', env: '' }, 1000, 1);
    await app.commit();
    expect(db.series([newMatcher('=', '__name__', 'up')], 0, 2000)).toEqual([
      { __name__: 'up', instance: 'a', job: 'api' },
    ]);
    expect(db.labelNames([], 0, 10_000)).toEqual(['__name__', 'instance', 'job']);
    expect(db.labelValues('job', [], 0, 10_000)).toEqual(['api', 'db']);
    expect(db.labelValues('instance', [newMatcher('=', 'job', '')], 0, 10_000)).toEqual(['a']);
  });
});

describe('Tsdb directory lock', () => {
  it('refuses a second store on the same directory, naming it', async () => {
    const { dir } = await openDb();
    await expect(Tsdb.open({ dir, maintenanceIntervalMs: 0 })).rejects.toThrow(dir);
  });

  it('reopens after close', async () => {
    const { db, dir } = await openDb();
    await db.close();
    const again = await Tsdb.open({ dir, maintenanceIntervalMs: 0 });
    await again.close();
  });
});
