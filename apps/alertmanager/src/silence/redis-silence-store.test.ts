import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeRedis, createRedisConnection, DEFAULT_REDIS_URL, waitForRedisReady } from '@vigil/queue';
import type { Redis } from 'ioredis';
import { encodeStoredSilence } from './codec';
import { RedisSilenceStore } from './redis-silence-store';
import type { SilenceLogger, StoredSilence } from './silence-store';
import { Silences } from './silences';

const T0 = Date.parse('2024-01-01T00:00:00Z');
const HOUR = 3_600_000;

function stored(
  id: string,
  over: Partial<StoredSilence['silence']> = {},
  expiresAt = T0 + 200 * HOUR,
): StoredSilence {
  return {
    silence: {
      id,
      matchers: [{ name: 'alertname', type: '=', value: 'DiskFull' }],
      startsAt: T0,
      endsAt: T0 + HOUR,
      updatedAt: T0,
      createdBy: 'ops',
      comment: '',
      ...over,
    },
    expiresAt,
  };
}

function recordingLogger(): SilenceLogger & { warnings: { obj: object; msg: string }[] } {
  const warnings: { obj: object; msg: string }[] = [];
  return {
    warnings,
    warn: (obj, msg) => warnings.push({ obj, msg }),
    error: (obj, msg) => warnings.push({ obj, msg }),
  };
}

describe('RedisSilenceStore on the shared Redis', () => {
  let redis: Redis;
  let prefix: string;

  beforeAll(async () => {
    redis = createRedisConnection({ role: 'producer', url: DEFAULT_REDIS_URL });
    await waitForRedisReady(redis, 5000);
  });
  afterAll(() => closeRedis(redis));

  afterEach(async () => {
    await redis.del(`${prefix}silences`, `${prefix}silences:version`);
  });

  function store(logger?: SilenceLogger): RedisSilenceStore {
    prefix = `vigil-test:${randomUUID()}:`;
    return new RedisSilenceStore({ redis, keyPrefix: prefix, ...(logger ? { logger } : {}) });
  }

  it('keeps silences in one hash keyed by ID, as JSON, and counts changes', async () => {
    const s = store();
    await s.save([stored('a'), stored('b')]);
    expect(s.hashKey).toBe(`${prefix}silences`);
    expect(await redis.hkeys(s.hashKey)).toEqual(expect.arrayContaining(['a', 'b']));
    expect(JSON.parse((await redis.hget(s.hashKey, 'a')) ?? '')).toMatchObject({
      id: 'a',
      updatedAt: T0,
      v: 1,
    });
    expect(await s.version()).toBe(1);
    expect(await s.load()).toEqual(expect.arrayContaining([stored('a'), stored('b')]));
  });

  it.each([
    ['a newer copy replaces the stored one', T0 + 1, 'new'],
    ['an older copy is ignored', T0 - 1, 'old'],
    ['an equally new copy is ignored', T0, 'old'],
  ])('%s', async (_name, updatedAt, expected) => {
    const logger = recordingLogger();
    const s = store(logger);
    await s.save([stored('a', { comment: 'old' })]);
    await s.save([stored('a', { comment: 'new', updatedAt })]);
    const [loaded] = await s.load();
    expect(loaded?.silence.comment).toBe(expected);
    expect(logger.warnings.length).toBe(expected === 'new' ? 0 : 1);
  });

  it('skips corrupt entries with a logged reason and loads the rest', async () => {
    const logger = recordingLogger();
    const s = store(logger);
    await s.save([stored('good')]);
    await redis.hset(s.hashKey, 'not-json', '{oops');
    await redis.hset(
      s.hashKey,
      'bad-regex',
      encodeStoredSilence(stored('bad-regex', { matchers: [{ name: 'a', type: '=~', value: '(' }] })),
    );
    await redis.hset(s.hashKey, 'wrong-id', encodeStoredSilence(stored('other')));
    const loaded = await s.load();
    expect(loaded.map((x) => x.silence.id)).toEqual(['good']);
    expect(logger.warnings.map((w) => (w.obj as { silence_id: string }).silence_id).sort()).toEqual([
      'bad-regex',
      'not-json',
      'wrong-id',
    ]);
    expect(logger.warnings.every((w) => typeof (w.obj as { reason?: unknown }).reason === 'string')).toBe(
      true,
    );
  });

  it('remove deletes only entries whose stored expiresAt has passed', async () => {
    const s = store();
    await s.save([stored('old', {}, T0), stored('extended', {}, T0 + 10 * HOUR)]);
    await redis.hset(s.hashKey, 'corrupt', 'x');
    await s.remove(['old', 'extended', 'corrupt', 'missing'], T0);
    expect((await redis.hkeys(s.hashKey)).sort()).toEqual(['corrupt', 'extended']);
  });

  it('an empty hash loads nothing', async () => {
    expect(await store().load()).toEqual([]);
  });

  it('backs Silences: a restarted instance sees every silence as it was', async () => {
    const s = store();
    const clock = { t: Date.now() };
    const first = new Silences({ now: () => clock.t, store: s });
    const active = await first.set({
      matchers: [{ name: 'alertname', type: '=', value: 'DiskFull' }],
      endsAt: clock.t + HOUR,
      createdBy: 'ops',
      comment: 'c',
    });
    const replaced = await first.set({
      matchers: [{ name: 'job', type: '=~', value: 'api|web' }],
      startsAt: clock.t + HOUR,
      endsAt: clock.t + 2 * HOUR,
      createdBy: 'ops',
      comment: 'c',
    });
    clock.t += 1000;
    const replacement = await first.set({
      id: replaced,
      matchers: [{ name: 'job', type: '=~', value: 'api' }],
      startsAt: clock.t + HOUR,
      endsAt: clock.t + 2 * HOUR,
      createdBy: 'ops',
      comment: 'c',
    });
    const second = new Silences({ now: () => clock.t, store: s });
    expect(await second.load()).toBe(3);
    expect(second.query()).toEqual(expect.arrayContaining(first.query()));
    expect(second.get(replaced)?.endsAt).toBe(clock.t);
    expect(second.query({ states: ['active'], matches: { alertname: 'DiskFull' } }).map((x) => x.id)).toEqual(
      [active],
    );
    expect(second.query({ states: ['pending'] }).map((x) => x.id)).toEqual([replacement]);
  });
});
