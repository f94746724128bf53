import type { Redis } from 'ioredis';
import type { Alert } from './alert';
import type { AlertLogger, AlertPersistence } from './alert-persistence';
import { decodeStoredAlert, encodeStoredAlert } from './codec';

/** DEFAULT_ALERT_KEY_PREFIX is where the alertmanager keeps its Redis keys unless told otherwise. */
export const DEFAULT_ALERT_KEY_PREFIX = 'vigil:am:';

/** RedisAlertPersistenceOptions configures a RedisAlertPersistence. */
export interface RedisAlertPersistenceOptions {
  redis: Redis;
  /** Prepended to the key name (`<prefix>alerts`); default `vigil:am:`, so the hash is `vigil:am:alerts`. */
  keyPrefix?: string;
  logger?: AlertLogger;
  /** Fields fetched per HSCAN step while loading (default 1000), so a large hash never blocks Redis for long. */
  scanCount?: number;
}

/**
 * REMOVE_ENDED_SCRIPT deletes garbage-collected alerts, sparing any that another writer has meanwhile made active.
 * KEYS[1]: hash of alerts, fingerprint -> stored JSON.
 * ARGV[1]: now (ms); ARGV[2..]: fingerprints.
 * Output: how many were deleted. Entries that do not decode are left for an operator to inspect.
 */
const REMOVE_ENDED_SCRIPT = `
local now = tonumber(ARGV[1])
local removed = 0
for i = 2, #ARGV do
  local current = redis.call('HGET', KEYS[1], ARGV[i])
  if current then
    local ok, decoded = pcall(cjson.decode, current)
    if ok and type(decoded) == 'table' and type(decoded.endsAt) == 'number' and decoded.endsAt ~= 0
      and decoded.endsAt <= now then
      redis.call('HDEL', KEYS[1], ARGV[i])
      removed = removed + 1
    end
  end
end
return removed
`;

/**
 * RedisAlertPersistence keeps alerts in one Redis hash (`<prefix>alerts`, fingerprint -> JSON), written through by
 * the alert store with one multi-field HSET per put. Keys carry no instance name, so replicas can share them; every
 * value carries its updatedAt, so a merging writer can be added without changing the format.
 */
export class RedisAlertPersistence implements AlertPersistence {
  /** The hash holding the alerts. */
  readonly hashKey: string;
  private readonly redis: Redis;
  private readonly logger: AlertLogger | undefined;
  private readonly scanCount: number;

  constructor(opts: RedisAlertPersistenceOptions) {
    this.hashKey = `${opts.keyPrefix ?? DEFAULT_ALERT_KEY_PREFIX}alerts`;
    this.redis = opts.redis;
    this.logger = opts.logger;
    this.scanCount = opts.scanCount ?? 1000;
  }

  async load(): Promise<Alert[]> {
    // HSCAN may return a field twice while the hash is rehashed; the map keeps one.
    const raw = new Map<string, string>();
    let cursor = '0';
    do {
      const [next, flat] = await this.redis.hscan(this.hashKey, cursor, 'COUNT', this.scanCount);
      for (let i = 0; i + 1 < flat.length; i += 2) raw.set(flat[i] as string, flat[i + 1] as string);
      cursor = next;
    } while (cursor !== '0');

    const out: Alert[] = [];
    for (const [fp, text] of raw) {
      const decoded = decodeStoredAlert(fp, text);
      if (decoded.ok) {
        out.push(decoded.alert);
      } else {
        this.logger?.warn(
          { fingerprint: fp, key: this.hashKey, reason: decoded.reason },
          'Skipping unreadable stored alert',
        );
      }
    }
    return out;
  }

  async save(alerts: readonly Alert[]): Promise<void> {
    if (alerts.length === 0) return;
    const args: string[] = new Array<string>(alerts.length * 2);
    let i = 0;
    for (const a of alerts) {
      args[i++] = a.fingerprint;
      args[i++] = encodeStoredAlert(a);
    }
    await this.redis.hset(this.hashKey, ...args);
  }

  async remove(fingerprints: readonly string[], now: number): Promise<void> {
    // Batches bound the script's run time: Redis runs nothing else meanwhile.
    const batch = 500;
    for (let i = 0; i < fingerprints.length; i += batch) {
      await this.redis.eval(
        REMOVE_ENDED_SCRIPT,
        1,
        this.hashKey,
        String(now),
        ...fingerprints.slice(i, i + batch),
      );
    }
  }

  /** clear deletes the hash (for tests and `vigil` maintenance). */
  async clear(): Promise<void> {
    await this.redis.del(this.hashKey);
  }
}
