import { Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';
import { DEFAULT_REDIS_URL } from './names';

/**
 * RedisRole picks how a connection behaves while Redis is unreachable.
 * - `producer`: commands fail at once (no offline queue, one retry, a command timeout). Callers that must not block,
 *   such as the rule-manager's sender and state store, keep their own buffer and retry, so a queued command would
 *   only pile up memory and go out late and out of order.
 * - `worker`: BullMQ workers block on Redis (BZPOPMIN) and must wait out outages: no per-command retry limit
 *   (`maxRetriesPerRequest: null`, which BullMQ requires), commands wait in the offline queue until reconnect.
 */
export type RedisRole = 'producer' | 'worker';

/** RedisConnectionOptions configures createRedisConnection. */
export interface RedisConnectionOptions {
  role: RedisRole;
  /** Redis URL (`redis://[user:pass@]host:port[/db]`); default DEFAULT_REDIS_URL. */
  url?: string;
  /** Name shown by `CLIENT LIST`, e.g. `vigil-rule-manager:producer`. */
  connectionName?: string;
  /** Producer command timeout in ms (default 5000): a slow Redis fails the command instead of stalling it. */
  commandTimeoutMs?: number;
  /** Reconnect backoff bounds in ms (defaults 100 and 3000). */
  minRetryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Receives connection errors (refused, reset…); ioredis reconnects by itself, so these are for logging. */
  onError?: (err: Error) => void;
  /** Extra ioredis options, applied last (e.g. `tls`). */
  redisOptions?: RedisOptions;
}

/** DEFAULT_MIN_RETRY_DELAY_MS is the first reconnect delay. */
export const DEFAULT_MIN_RETRY_DELAY_MS = 100;
/** DEFAULT_MAX_RETRY_DELAY_MS caps the reconnect delay, bounding how long alerts wait after Redis is back. */
export const DEFAULT_MAX_RETRY_DELAY_MS = 3000;
/** DEFAULT_PRODUCER_COMMAND_TIMEOUT_MS bounds one producer command against a slow Redis. */
export const DEFAULT_PRODUCER_COMMAND_TIMEOUT_MS = 5000;

/** redisRetryDelay is the reconnect delay after `attempt` failures: doubling from min, capped at max, never giving up. */
export function redisRetryDelay(
  attempt: number,
  minDelayMs = DEFAULT_MIN_RETRY_DELAY_MS,
  maxDelayMs = DEFAULT_MAX_RETRY_DELAY_MS,
): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  return Math.min(minDelayMs * 2 ** exponent, maxDelayMs);
}

/** redisOptionsFor is the ioredis option set createRedisConnection uses for a role (exposed for tests and review). */
export function redisOptionsFor(opts: RedisConnectionOptions): RedisOptions {
  const minDelay = opts.minRetryDelayMs ?? DEFAULT_MIN_RETRY_DELAY_MS;
  const maxDelay = opts.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS;
  const common: RedisOptions = {
    retryStrategy: (times) => redisRetryDelay(times, minDelay, maxDelay),
    ...(opts.connectionName === undefined ? {} : { connectionName: opts.connectionName }),
  };
  const byRole: RedisOptions =
    opts.role === 'worker'
      ? { maxRetriesPerRequest: null, enableOfflineQueue: true }
      : {
          maxRetriesPerRequest: 1,
          enableOfflineQueue: false,
          commandTimeout: opts.commandTimeoutMs ?? DEFAULT_PRODUCER_COMMAND_TIMEOUT_MS,
        };
  return { ...common, ...byRole, ...opts.redisOptions };
}

/** createRedisConnection opens an ioredis client configured for its role; the caller closes it with `quit()`. */
export function createRedisConnection(opts: RedisConnectionOptions): Redis {
  const redis = new Redis(opts.url ?? DEFAULT_REDIS_URL, redisOptionsFor(opts));
  // Without a listener ioredis prints every reconnect failure as an "Unhandled error event".
  const onError = opts.onError ?? (() => undefined);
  redis.on('error', onError);
  return redis;
}

/** isRedisReady tells whether a client can take commands now. */
export function isRedisReady(redis: Redis): boolean {
  return redis.status === 'ready';
}

/** waitForRedisReady resolves once the client is ready, or rejects after timeoutMs (or when the client ends). */
export function waitForRedisReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  if (redis.status === 'end') return Promise.reject(new Error('redis connection is closed'));
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      redis.off('end', onEnd);
    };
    const onReady = (): void => {
      cleanup();
      resolve();
    };
    const onEnd = (): void => {
      cleanup();
      reject(new Error('redis connection is closed'));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`redis not ready after ${timeoutMs}ms (status ${redis.status})`));
    }, timeoutMs);
    redis.on('ready', onReady);
    redis.on('end', onEnd);
  });
}

/** closeRedis quits gracefully when connected and disconnects otherwise, so shutdown never waits on a dead server. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status === 'ready') {
    try {
      await redis.quit();
    } catch {
      // The server went away mid-quit; disconnecting below still frees the socket.
    }
  }
  if (statusOf(redis) === 'end') return;
  // Between reconnect attempts there is no socket: disconnect only cancels the timer and no 'end' ever comes.
  const waitForEnd = redis.status !== 'reconnecting';
  const ended = waitForEnd ? onceEnded(redis, 1000) : Promise.resolve();
  redis.disconnect();
  await ended;
}

// Read through a function so TypeScript does not narrow the status across the awaits above.
function statusOf(redis: Redis): string {
  return redis.status;
}

function onceEnded(redis: Redis, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    redis.once('end', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
