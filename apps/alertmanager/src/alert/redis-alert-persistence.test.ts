import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeRedis, createRedisConnection, DEFAULT_REDIS_URL, waitForRedisReady } from '@vigil/queue';
import { fingerprint, type Labels } from '@vigil/model';
import type { Redis } from 'ioredis';
import { FakeTimerClock } from '../dispatch/fake-timer-clock';
import type { Alert } from './alert';
import type { AlertLogger } from './alert-persistence';
import { AlertStore } from './alert-store';
import { encodeStoredAlert } from './codec';
import { normalizeAlerts } from './intake';
import { RedisAlertPersistence } from './redis-alert-persistence';

const T0 = Date.parse('2024-05-01T12:00:00Z');
const MIN = 60_000;

function mk(labels: Labels, startsAt: number, endsAt: number, updatedAt = T0): Alert {
  return {
    labels,
    annotations: { summary: `about ${JSON.stringify(labels)}` },
    startsAt,
    endsAt,
    generatorURL: 'http://prom:9090/graph?g0.expr=up',
    updatedAt,
    timeout: false,
    fingerprint: fingerprint(labels),
  };
}

function recordingLogger(): AlertLogger & { warnings: { obj: object; msg: string }[] } {
  const warnings: { obj: object; msg: string }[] = [];
  return {
    warnings,
    warn: (obj, msg) => warnings.push({ obj, msg }),
    error: (obj, msg) => warnings.push({ obj, msg }),
  };
}

describe('RedisAlertPersistence on the shared Redis', () => {
  let redis: Redis;
  const prefixes: string[] = [];

  beforeAll(async () => {
    redis = createRedisConnection({ role: 'producer', url: DEFAULT_REDIS_URL });
    await waitForRedisReady(redis, 5000);
  });
  afterAll(() => closeRedis(redis));
  afterEach(async () => {
    for (const p of prefixes.splice(0)) await redis.del(`${p}alerts`);
  });

  function persistence(logger?: AlertLogger, scanCount?: number): RedisAlertPersistence {
    const keyPrefix = `vigil-test:${randomUUID()}:`;
    prefixes.push(keyPrefix);
    return new RedisAlertPersistence({
      redis,
      keyPrefix,
      ...(logger ? { logger } : {}),
      ...(scanCount ? { scanCount } : {}),
    });
  }

  it('keeps alerts in one hash under the prefix, keyed by fingerprint', async () => {
    const p = persistence();
    const a = mk({ alertname: 'DiskFull', instance: 'db1' }, T0, T0 + MIN);
    await p.save([a]);
    expect(p.hashKey).toMatch(/^vigil-test:.*:alerts$/);
    expect(await redis.hkeys(p.hashKey)).toEqual([a.fingerprint]);
  });

  it('round-trips a store through a restart, merging as before', async () => {
    const p = persistence();
    const clock = new FakeTimerClock(T0);
    const before = new AlertStore({ clock, persistence: p });
    const { alerts } = normalizeAlerts(
      Array.from({ length: 250 }, (_, i) => ({
        labels: { alertname: 'X', i: String(i) },
        annotations: { n: String(i) },
      })),
      { now: T0, resolveTimeoutMs: 5 * MIN },
    );
    await before.put(alerts);
    await before.put([mk({ alertname: 'X', i: '0' }, T0 - MIN, T0 + 2 * MIN, T0 + 1)]);
    await before.stop();

    // A new process reading the same hash, in small HSCAN steps.
    const reread = new AlertStore({
      clock,
      persistence: new RedisAlertPersistence({
        redis,
        keyPrefix: p.hashKey.slice(0, -'alerts'.length),
        scanCount: 17,
      }),
    });
    expect(await reread.load()).toBe(250);
    const byFp = (a: Alert, b: Alert) => a.fingerprint.localeCompare(b.fingerprint);
    expect(reread.list().sort(byFp)).toEqual(before.list().sort(byFp));
    // The explicit end sent later replaced the resolve_timeout guess; the earlier start was kept.
    expect(reread.get(fingerprint({ alertname: 'X', i: '0' }))).toMatchObject({
      startsAt: T0 - MIN,
      endsAt: T0 + 2 * MIN,
      timeout: false,
    });
  });

  it('skips entries that fail validation, logging why, and loads the rest', async () => {
    const logger = recordingLogger();
    const p = persistence(logger);
    const good = mk({ alertname: 'Good' }, T0, T0 + MIN);
    const bad = mk({ alertname: 'Bad' }, T0, T0 + MIN);
    await p.save([good]);
    await redis.hset(
      p.hashKey,
      bad.fingerprint,
      encodeStoredAlert({ ...bad, endsAt: T0 - MIN }),
      'ffffffffffffffff',
      encodeStoredAlert(good),
      'garbage',
      'not json',
    );
    expect(await p.load()).toEqual([good]);
    const reasons = logger.warnings
      .map((w) => (w.obj as { fingerprint: string; reason: string }).reason)
      .sort();
    expect(reasons).toEqual([
      expect.stringMatching(/^not JSON/),
      'start time must be before end time',
      `stored under ffffffffffffffff but its labels hash to ${good.fingerprint}`,
    ]);
    expect(logger.warnings.every((w) => w.msg === 'Skipping unreadable stored alert')).toBe(true);
  });

  it('removes collected alerts unless the stored copy is active again', async () => {
    const p = persistence();
    const ended = mk({ alertname: 'Ended' }, T0 - 10 * MIN, T0 - MIN);
    const refired = mk({ alertname: 'Refired' }, T0 - 10 * MIN, T0 - MIN);
    await p.save([ended, refired]);
    // Another replica stored a new firing period meanwhile.
    await p.save([mk({ alertname: 'Refired' }, T0, T0 + 10 * MIN, T0 + 1)]);
    await p.remove([ended.fingerprint, refired.fingerprint, 'unknown'], T0);
    expect(await redis.hkeys(p.hashKey)).toEqual([refired.fingerprint]);
  });

  it('ingests 100,000 alerts from 4 concurrent posters in batches of 100 (sanity figure, logged)', async () => {
    const p = persistence();
    const store = new AlertStore({ persistence: p });
    const started = performance.now();
    await Promise.all(
      [0, 1, 2, 3].map(async (poster) => {
        for (let b = 0; b < 250; b++) {
          const { alerts } = normalizeAlerts(
            Array.from({ length: 100 }, (_, i) => ({
              labels: { alertname: 'Load', poster: String(poster), batch: String(b), i: String(i) },
              annotations: { summary: 'load test' },
            })),
            { now: Date.now(), resolveTimeoutMs: 5 * MIN },
          );
          await store.put(alerts);
        }
      }),
    );
    const ms = performance.now() - started;
    console.log(`AlertStore+Redis: 100,000 alerts (4 posters x 250 batches of 100) in ${ms.toFixed(0)} ms`);
    expect(await redis.hlen(p.hashKey)).toBe(100_000);
    expect(store.size).toBe(100_000);
  }, 120_000);
});
