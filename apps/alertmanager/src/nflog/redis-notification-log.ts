import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { decodeEntry, encodeEntry } from './codec';
import { entryExpiry, receiverKey, stateKey, type NflogEntry, type NflogReceiver } from './entry';
import { NflogMetrics } from './nflog-metrics';
import {
  DEFAULT_NFLOG_RETENTION_MS,
  type LogRequest,
  type NflogLogger,
  type NotificationLog,
} from './notification-log';

/** DEFAULT_NFLOG_KEY_PREFIX is the alertmanager's Redis key prefix; entries live under `<prefix>nflog:`. */
export const DEFAULT_NFLOG_KEY_PREFIX = 'vigil:am:';

/**
 * LOG_SCRIPT writes one entry unless the stored one is newer.
 * KEYS[1]: the entry's key. ARGV[1]: the entry JSON; ARGV[2]: its timestamp (ms); ARGV[3]: time to live (ms).
 * Output: 1 when written, 0 when the stored entry is stamped later (a replica or a skewed clock got there first).
 * A stored value that does not decode is overwritten.
 */
const LOG_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if current then
  local ok, decoded = pcall(cjson.decode, current)
  if ok and type(decoded) == 'table' and type(decoded.timestamp) == 'number' and decoded.timestamp > tonumber(ARGV[2]) then
    return 0
  end
end
local ttl = tonumber(ARGV[3])
if ttl <= 0 then
  redis.call('DEL', KEYS[1])
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
return 1
`;

/** RedisNotificationLogOptions configures a RedisNotificationLog. */
export interface RedisNotificationLogOptions {
  redis: Redis;
  /** Prepended to key names (`<prefix>nflog:<groupKey>:<receiver>/<integration>/<idx>`); default `vigil:am:`. */
  keyPrefix?: string;
  /** How long entries live at most (ms); default 120h (Alertmanager's `--data.retention`). */
  retentionMs?: number;
  /** The clock stamping entries; default Date.now. */
  now?: () => number;
  logger?: NflogLogger;
  registry?: Registry;
}

/**
 * RedisNotificationLog keeps one Redis string per entry, JSON with a TTL of its remaining life, so a restarted
 * alertmanager or a second replica sharing the Redis does not notify twice. Unreadable entries are skipped (and
 * logged), which at worst repeats one notification.
 */
export class RedisNotificationLog implements NotificationLog {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly retentionMs: number;
  private readonly now: () => number;
  private readonly logger: NflogLogger | undefined;
  private readonly metrics: NflogMetrics | undefined;

  constructor(opts: RedisNotificationLogOptions) {
    this.redis = opts.redis;
    this.prefix = `${opts.keyPrefix ?? DEFAULT_NFLOG_KEY_PREFIX}nflog:`;
    this.retentionMs = opts.retentionMs ?? DEFAULT_NFLOG_RETENTION_MS;
    this.now = opts.now ?? Date.now;
    this.logger = opts.logger;
    this.metrics = opts.registry ? new NflogMetrics(opts.registry) : undefined;
  }

  /** keyOf is the Redis key of an entry. */
  keyOf(groupKey: string, receiver: NflogReceiver): string {
    return this.prefix + stateKey(groupKey, receiver);
  }

  query(groupKey: string, receiver: NflogReceiver): Promise<NflogEntry | undefined> {
    const run = async (): Promise<NflogEntry | undefined> => {
      const key = this.keyOf(groupKey, receiver);
      const text = await this.redis.get(key);
      if (text === null) return undefined;
      const decoded = decodeEntry(text);
      if (!decoded.ok) {
        this.logger?.warn({ key, reason: decoded.reason }, 'Skipping unreadable notification log entry');
        return undefined;
      }
      const e = decoded.value;
      // Keys are not injective (a receiver name may contain `/` or `:`), so the entry must name its owner.
      if (e.groupKey !== groupKey || receiverKey(e.receiver) !== receiverKey(receiver)) {
        this.logger?.warn(
          { key, reason: 'entry belongs to another group or receiver' },
          'Skipping notification log entry',
        );
        return undefined;
      }
      return e;
    };
    return this.metrics ? this.metrics.observe(run) : run();
  }

  async log(req: LogRequest): Promise<void> {
    const now = Math.trunc(this.now());
    const expiresAt = entryExpiry(now, this.retentionMs, req.expiryMs);
    const entry: NflogEntry = {
      groupKey: req.groupKey,
      receiver: req.receiver,
      timestamp: now,
      firingAlerts: [...req.firingAlerts],
      resolvedAlerts: [...req.resolvedAlerts],
      receiverData: { ...req.receiverData },
      expiresAt,
    };
    // A relative TTL, so Redis's clock and ours need not agree.
    const ttl = Math.ceil(expiresAt - now);
    await this.redis.eval(
      LOG_SCRIPT,
      1,
      this.keyOf(req.groupKey, req.receiver),
      encodeEntry(entry),
      String(now),
      String(ttl),
    );
  }
}
