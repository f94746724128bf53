import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeRedis, createRedisConnection, DEFAULT_REDIS_URL, waitForRedisReady } from '@vigil/queue';
import type { PersistedGroupState } from './alert-state-store';
import { RedisTestServer } from '@vigil/testing';
import { waitForAssertion as waitFor } from '@vigil/testing';
import { RedisAlertStateStore, stateKeyPrefix } from './redis-alert-state-store';
import type { RedisAlertStateStoreOptions } from './redis-alert-state-store';

const redis = createRedisConnection({ role: 'producer', url: DEFAULT_REDIS_URL });
let prefix = '';
const warnings: { key: string; errors: string[] }[] = [];

beforeAll(() => waitForRedisReady(redis, 5000));
afterEach(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  warnings.length = 0;
});
afterAll(() => closeRedis(redis));

function store(opts: Partial<RedisAlertStateStoreOptions> = {}): RedisAlertStateStore {
  prefix = `vigil-test:${randomUUID()}:state:`;
  return new RedisAlertStateStore({
    redis,
    instance: 'rm-0:9096',
    keyPrefix: prefix,
    logger: { warn: (obj) => warnings.push(obj as { key: string; errors: string[] }) },
    ...opts,
  });
}

function groupState(evaluatedAtMs: number, groupKey = 'rules/node.yml;node'): PersistedGroupState {
  return {
    groupKey,
    evaluatedAtMs,
    rules: [
      {
        ruleKey: 'HighLoad{severity="page"} load1 > 4',
        alerts: [
          {
            labels: { alertname: 'HighLoad', instance: 'a:9100' },
            annotations: { summary: 'load is 5' },
            state: 'firing',
            value: 5,
            activeAtMs: 1_000,
            firedAtMs: 61_000,
            lastSentAtMs: 61_000,
            validUntilMs: 301_000,
          },
          {
            labels: { alertname: 'HighLoad', instance: 'b:9100' },
            annotations: {},
            state: 'pending',
            value: 4.5,
            activeAtMs: 50_000,
          },
        ],
      },
      { ruleKey: 'Empty', alerts: [] },
    ],
  };
}

describe('RedisAlertStateStore (real Redis)', () => {
  it('loads what it saved', async () => {
    const s = store();
    await s.save(groupState(120_000));
    expect(await s.load('rules/node.yml;node')).toEqual(groupState(120_000));
    expect(await s.load('rules/node.yml;other')).toBeUndefined();
  });

  it.each([
    ['NaN', NaN],
    ['+Inf', Infinity],
    ['-Inf', -Infinity],
    ['-0.5', -0.5],
  ])('keeps a sample value of %s', async (_name, value) => {
    const s = store();
    const state = groupState(1);
    const first = state.rules[0]?.alerts[0];
    if (first) first.value = value;
    await s.save(state);
    expect((await s.load(state.groupKey))?.rules[0]?.alerts[0]?.value).toBe(value);
  });

  it('never replaces a later evaluation with an earlier one', async () => {
    const s = store();
    expect(await s.saveIfNewer(groupState(200))).toBe(true);
    expect(await s.saveIfNewer(groupState(100))).toBe(false);
    expect((await s.load('rules/node.yml;node'))?.evaluatedAtMs).toBe(200);
    expect(await s.saveIfNewer(groupState(200))).toBe(true);
    expect(await s.saveIfNewer(groupState(300))).toBe(true);
    expect((await s.load('rules/node.yml;node'))?.evaluatedAtMs).toBe(300);
  });

  it('removes a group', async () => {
    const s = store();
    await s.save(groupState(1));
    await s.remove('rules/node.yml;node');
    expect(await s.load('rules/node.yml;node')).toBeUndefined();
    await expect(s.remove('never-saved')).resolves.toBeUndefined();
  });

  it.each([
    ['not JSON', (key: string) => redis.hset(key, 'at', '1', 'state', '{nope'), /not JSON/],
    [
      'the wrong shape',
      (key: string) => redis.hset(key, 'state', '{"groupKey":"g;x","rules":3}'),
      /evaluatedAtMs: is required/,
    ],
    [
      'an unknown alert state',
      (key: string) =>
        redis.hset(
          key,
          'state',
          JSON.stringify({
            groupKey: 'g;x',
            evaluatedAtMs: 1,
            rules: [{ ruleKey: 'r', alerts: [{ ...groupState(1).rules[0]?.alerts[0], state: 'exploded' }] }],
          }),
        ),
      /rules\[0\]\.alerts\[0\]\.state/,
    ],
    [
      "another group's state",
      (key: string) => redis.hset(key, 'state', JSON.stringify(groupState(1, 'g;other'))),
      /groupKey: holds "g;other"/,
    ],
    [
      'a plain string key',
      (key: string) => redis.set(key, JSON.stringify(groupState(1, 'g;x'))),
      /not a hash/,
    ],
  ])('reads %s as absent and logs it', async (_name, write, message) => {
    const s = store();
    await write(s.key('g;x'));
    await expect(s.load('g;x')).resolves.toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.key).toBe(s.key('g;x'));
    expect(warnings[0]?.errors.join('\n')).toMatch(message);
  });

  it('overwrites a corrupt key on the next save', async () => {
    const s = store();
    await redis.set(s.key('g;x'), 'garbage');
    await s.save(groupState(5, 'g;x'));
    expect(await s.load('g;x')).toEqual(groupState(5, 'g;x'));
  });

  it('keeps instances apart', async () => {
    const a = new RedisAlertStateStore({ redis, instance: 'vigil-test-a:1' });
    const b = new RedisAlertStateStore({ redis, instance: 'vigil-test-b:1' });
    prefix = 'vigil:rule-manager:vigil-test-';
    expect(a.key('f;g')).toBe('vigil:rule-manager:vigil-test-a:1:state:f;g');
    expect(stateKeyPrefix('x')).toBe('vigil:rule-manager:x:state:');
    await a.save(groupState(1, 'f;g'));
    expect(await b.load('f;g')).toBeUndefined();
    await b.save(groupState(2, 'f;g'));
    expect((await a.load('f;g'))?.evaluatedAtMs).toBe(1);
  });

  it.each([
    [undefined, -1],
    [60_000, 60_000],
  ])('with ttlMs %s the key expires in %i ms (-1: never)', async (ttlMs, expected) => {
    const s = store(ttlMs === undefined ? {} : { ttlMs });
    await s.save(groupState(1));
    const pttl = await redis.pttl(s.key('rules/node.yml;node'));
    if (expected < 0) expect(pttl).toBe(-1);
    else expect(pttl).toBeGreaterThan(expected - 5000);
  });

  it('still saves after a Redis restart made it forget the script', async () => {
    const server = await RedisTestServer.start();
    const own = createRedisConnection({
      role: 'producer',
      url: server.url,
      minRetryDelayMs: 20,
      maxRetryDelayMs: 100,
    });
    try {
      await waitForRedisReady(own, 5000);
      const s = new RedisAlertStateStore({ redis: own, instance: 'restart' });
      await s.save(groupState(1));
      await server.kill();
      await waitFor(() => expect(own.status).not.toBe('ready'));
      await server.restart();
      await waitForRedisReady(own, 5000);
      await s.save(groupState(2));
      expect((await s.load('rules/node.yml;node'))?.evaluatedAtMs).toBe(2);
    } finally {
      await closeRedis(own);
      await server.kill();
    }
  }, 20_000);

  it('lists the groups it holds, even with glob characters in the prefix', async () => {
    const s = store({ keyPrefix: `vigil-test:${randomUUID()}:[x]*:` });
    prefix = s.keyPrefix.replace(/[*?[\]]/g, '\\$&');
    await s.save(groupState(1, 'a.yml;one'));
    await s.save(groupState(1, 'b.yml;two'));
    await redis.set(`${s.keyPrefix.slice(0, -3)}zz`, 'not ours');
    expect(await s.listGroupKeys()).toEqual(['a.yml;one', 'b.yml;two']);
    await redis.del(`${s.keyPrefix.slice(0, -3)}zz`);
  });

  it('fails fast instead of hanging when Redis is unreachable', async () => {
    const down = createRedisConnection({ role: 'producer', url: 'redis://127.0.0.1:1' });
    try {
      const s = new RedisAlertStateStore({ redis: down, instance: 'x' });
      const started = Date.now();
      await expect(s.save(groupState(1))).rejects.toThrow();
      await expect(s.load('rules/node.yml;node')).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      await closeRedis(down);
    }
  });

  it('needs an instance id', () => {
    expect(() => new RedisAlertStateStore({ redis, instance: '' })).toThrow(/instance/);
  });
});
