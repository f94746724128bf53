import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeRedis, createRedisConnection, DEFAULT_REDIS_URL, waitForRedisReady } from '@vigil/queue';
import type { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import type { NflogLogger } from './notification-log';
import { RedisNotificationLog, type RedisNotificationLogOptions } from './redis-notification-log';

const HOUR = 3_600_000;
const T0 = Date.parse('2024-01-01T00:00:00Z');
const recv = { groupName: 'ops', integration: 'webhook', idx: 0 };
const GK = '{}/{team="db"}:{alertname="DiskFull"}';

describe('RedisNotificationLog on the shared Redis', () => {
  let redis: Redis;
  let prefix: string;

  beforeAll(async () => {
    redis = createRedisConnection({ role: 'producer', url: DEFAULT_REDIS_URL });
    await waitForRedisReady(redis, 5000);
  });
  afterAll(() => closeRedis(redis));
  afterEach(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  });

  function newLog(opts: Partial<RedisNotificationLogOptions> = {}): RedisNotificationLog {
    prefix = `vigil-test:${randomUUID()}:`;
    return new RedisNotificationLog({ redis, keyPrefix: prefix, ...opts });
  }

  it('round-trips an entry under <prefix>nflog:<groupKey>:<receiver>/<integration>/<idx>', async () => {
    const log = newLog({ now: () => T0 });
    await log.log({
      groupKey: GK,
      receiver: recv,
      firingAlerts: ['aaaaaaaaaaaaaaaa'],
      resolvedAlerts: ['bbbbbbbbbbbbbbbb'],
      receiverData: { ts: '1.2', n: 4 },
      expiryMs: 8 * HOUR,
    });
    expect(await redis.exists(`${prefix}nflog:${GK}:ops/webhook/0`)).toBe(1);
    expect(await log.query(GK, recv)).toEqual({
      groupKey: GK,
      receiver: recv,
      timestamp: T0,
      firingAlerts: ['aaaaaaaaaaaaaaaa'],
      resolvedAlerts: ['bbbbbbbbbbbbbbbb'],
      receiverData: { ts: '1.2', n: 4 },
      expiresAt: T0 + 8 * HOUR,
    });
    expect(await log.query(GK, { ...recv, idx: 1 })).toBeUndefined();
  });

  it.each([
    ['2 × repeat interval', 120 * HOUR, 8 * HOUR, 8 * HOUR],
    ['the retention', 4 * HOUR, 8 * HOUR, 4 * HOUR],
  ])('expires entries after %s (Redis TTL)', async (_name, retentionMs, expiryMs, life) => {
    const log = newLog({ retentionMs });
    await log.log({
      groupKey: GK,
      receiver: recv,
      firingAlerts: ['a'],
      resolvedAlerts: [],
      receiverData: {},
      expiryMs,
    });
    const ttl = await redis.pttl(log.keyOf(GK, recv));
    expect(ttl).toBeGreaterThan(life - 5000);
    expect(ttl).toBeLessThanOrEqual(life);
  });

  it('forgets an entry once its time is up', async () => {
    const log = newLog({ retentionMs: 150 });
    await log.log({
      groupKey: GK,
      receiver: recv,
      firingAlerts: ['a'],
      resolvedAlerts: [],
      receiverData: {},
      expiryMs: 0,
    });
    expect(await log.query(GK, recv)).toBeDefined();
    await new Promise((r) => setTimeout(r, 300));
    expect(await log.query(GK, recv)).toBeUndefined();
  });

  it('lets a second replica see the first one’s notifications and never overwrites a newer entry', async () => {
    let now = T0;
    const a = newLog({ now: () => now });
    const b = new RedisNotificationLog({ redis, keyPrefix: prefix, now: () => now - 60_000 });
    const req = { groupKey: GK, receiver: recv, resolvedAlerts: [], receiverData: {}, expiryMs: 8 * HOUR };
    await a.log({ ...req, firingAlerts: ['from-a'] });
    expect((await b.query(GK, recv))?.firingAlerts).toEqual(['from-a']);
    await b.log({ ...req, firingAlerts: ['from-b-with-a-late-clock'] });
    expect((await a.query(GK, recv))?.firingAlerts).toEqual(['from-a']);
    now += HOUR;
    await b.log({ ...req, firingAlerts: ['from-b-later'] });
    expect((await a.query(GK, recv))?.firingAlerts).toEqual(['from-b-later']);
  });

  it('skips and reports an unreadable entry, then overwrites it', async () => {
    const warnings: { obj: object; msg: string }[] = [];
    const logger: NflogLogger = { warn: (obj, msg) => warnings.push({ obj, msg }) };
    const log = newLog({ logger });
    await redis.set(log.keyOf(GK, recv), '{"v":1,"groupKey":');
    expect(await log.query(GK, recv)).toBeUndefined();
    expect(warnings).toEqual([
      {
        obj: expect.objectContaining({ key: log.keyOf(GK, recv) }),
        msg: 'Skipping unreadable notification log entry',
      },
    ]);
    await log.log({
      groupKey: GK,
      receiver: recv,
      firingAlerts: ['a'],
      resolvedAlerts: [],
      receiverData: {},
      expiryMs: 0,
    });
    expect((await log.query(GK, recv))?.firingAlerts).toEqual(['a']);
  });

  it('skips an entry that belongs to another receiver with a colliding key', async () => {
    // Receiver names may hold ':' and '/', so two (group, receiver) pairs can share a key; the stored names decide.
    const log = newLog();
    const other = { groupName: 'b/webhook/0', integration: 'webhook', idx: 0 };
    await log.log({
      groupKey: 'g:a',
      receiver: other,
      firingAlerts: ['a'],
      resolvedAlerts: [],
      receiverData: {},
      expiryMs: 0,
    });
    const colliding = { groupName: 'a:b/webhook/0', integration: 'webhook', idx: 0 };
    expect(log.keyOf('g', colliding)).toBe(log.keyOf('g:a', other));
    expect(await log.query('g', colliding)).toBeUndefined();
  });

  it('counts queries in alertmanager_nflog_queries_total', async () => {
    const registry = new Registry();
    const log = newLog({ registry });
    await log.query(GK, recv);
    await log.query(GK, recv);
    const metric = await registry.getSingleMetric('alertmanager_nflog_queries_total')?.get();
    expect(metric?.values[0]?.value).toBe(2);
  });
});
