// The Redis database Vigil's alertmanager uses during the benchmark: a numbered database of its own on the
// shared server, claimed with a marker key only when it is empty, so the bench can FLUSHDB it afterwards
// without touching anyone's alerts (Vigil keeps them under `vigil:am:` in whatever database it is given).
import { Redis } from 'ioredis';

/** MARKER_KEY claims a database for the bench; a leftover marker means an interrupted run, safe to flush. */
const MARKER_KEY = 'vigil-bench:alertmanager:claimed-by';

/** BenchRedisDb is the claimed database and figures about the server it lives on. */
export interface BenchRedisDb {
  /** The URL with the database index, for `--redis.url`. */
  url: string;
  db: number;
  /** Keys under `vigil:am:` in the base URL's own database (left alone; reported so a reader knows). */
  foreignAlertKeys: number;
  /** `used_memory` of the whole server, in bytes. */
  usedMemoryBytes(): Promise<number>;
  /** `used_cpu_user + used_cpu_sys` of the whole server, in seconds. */
  cpuSeconds(): Promise<number>;
  /** keyCount is the number of keys in the bench database. */
  keyCount(): Promise<number>;
  /** release empties the bench database (only while it still carries the bench's marker) and disconnects. */
  release(): Promise<void>;
}

async function countKeys(redis: Redis, match: string): Promise<number> {
  let n = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 1000);
    n += keys.length;
    cursor = next;
  } while (cursor !== '0');
  return n;
}

function connect(url: string): Redis {
  return new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
}

async function info(redis: Redis, section: string, field: string): Promise<number> {
  const text = await redis.info(section);
  return Number(new RegExp(`^${field}:([\\d.]+)`, 'm').exec(text)?.[1] ?? NaN);
}

/**
 * claimBenchDb connects to `baseUrl` (which must not name a database itself), checks database `db` is empty
 * or holds only a previous bench run's leftovers, and claims it. It rejects, touching nothing, otherwise.
 */
export async function claimBenchDb(baseUrl: string, db: number): Promise<BenchRedisDb> {
  const url = new URL(baseUrl);
  if (url.pathname !== '' && url.pathname !== '/') {
    throw new Error(`--redis-url must not name a database (${baseUrl}); pick one with --redis-db`);
  }
  const base = connect(baseUrl);
  url.pathname = `/${db}`;
  const benchUrl = url.toString();
  const bench = connect(benchUrl);
  try {
    await base.connect();
    await bench.connect();
    const foreignAlertKeys = await countKeys(base, 'vigil:am:*');
    const keys = await bench.dbsize();
    if (keys > 0) {
      const marker = await bench.get(MARKER_KEY);
      if (marker === null) {
        throw new Error(
          `Redis database ${db} at ${baseUrl} holds ${keys} keys that are not the bench's; ` +
            'pick an empty one with --redis-db',
        );
      }
      // A previous run was killed before it cleaned up: what is there is its own.
      await bench.flushdb();
    }
    await bench.set(MARKER_KEY, `pid ${process.pid} at ${new Date().toISOString()}`);
    return {
      url: benchUrl,
      db,
      foreignAlertKeys,
      usedMemoryBytes: () => info(bench, 'memory', 'used_memory'),
      cpuSeconds: async () =>
        (await info(bench, 'cpu', 'used_cpu_user')) + (await info(bench, 'cpu', 'used_cpu_sys')),
      keyCount: () => bench.dbsize(),
      async release() {
        try {
          if ((await bench.get(MARKER_KEY)) !== null) await bench.flushdb();
        } finally {
          bench.disconnect();
          base.disconnect();
        }
      },
    };
  } catch (err) {
    bench.disconnect();
    base.disconnect();
    throw err;
  }
}
