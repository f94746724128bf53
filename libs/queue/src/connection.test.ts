import { afterAll, describe, expect, it } from 'vitest';
import {
  closeRedis,
  createRedisConnection,
  isRedisReady,
  redisOptionsFor,
  redisRetryDelay,
  waitForRedisReady,
} from './connection';
import { DEFAULT_REDIS_URL } from './names';

describe('redisRetryDelay', () => {
  it.each([
    [1, 100, 3000, 100],
    [2, 100, 3000, 200],
    [5, 100, 3000, 1600],
    [6, 100, 3000, 3000],
    [10_000, 100, 3000, 3000],
    [0, 50, 1000, 50],
  ])('attempt %i with bounds %i..%i waits %i ms', (attempt, min, max, expected) => {
    expect(redisRetryDelay(attempt, min, max)).toBe(expected);
  });
});

describe('redisOptionsFor', () => {
  it.each([
    ['producer', { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 5000 }],
    ['worker', { maxRetriesPerRequest: null, enableOfflineQueue: true }],
  ] as const)('%s connections behave as documented', (role, expected) => {
    const options = redisOptionsFor({ role });
    expect(options).toMatchObject(expected);
    expect(options.retryStrategy?.(3)).toBe(400);
  });

  it('lets extra ioredis options win', () => {
    expect(redisOptionsFor({ role: 'producer', redisOptions: { commandTimeout: 50 } }).commandTimeout).toBe(
      50,
    );
  });
});

describe('createRedisConnection (real Redis)', () => {
  const clients = [
    createRedisConnection({ role: 'producer', url: DEFAULT_REDIS_URL }),
    createRedisConnection({ role: 'worker' }),
  ];
  afterAll(async () => {
    await Promise.all(clients.map(closeRedis));
  });

  it.each(clients.map((c, i) => [i, c] as const))('client %i answers PING once ready', async (_i, client) => {
    await waitForRedisReady(client, 5000);
    expect(isRedisReady(client)).toBe(true);
    expect(await client.ping()).toBe('PONG');
  });

  it('waitForRedisReady gives up on a server that is not there', async () => {
    const errors: Error[] = [];
    // Port 1 is reserved and closed: connecting fails at once and keeps retrying.
    const client = createRedisConnection({
      role: 'producer',
      url: 'redis://127.0.0.1:1',
      onError: (e) => errors.push(e),
    });
    try {
      await expect(waitForRedisReady(client, 300)).rejects.toThrow(/not ready after 300ms/);
      expect(errors.length).toBeGreaterThan(0);
      await expect(client.ping()).rejects.toThrow();
    } finally {
      await closeRedis(client);
    }
    const errorsAtClose = errors.length;
    await new Promise((r) => setTimeout(r, 500));
    expect(errors.length, 'no reconnect attempts after close').toBe(errorsAtClose);
  });
});
