import type { Redis } from 'ioredis';
import { decodeStoredSilence, encodeStoredSilence } from './codec';
import type { SilenceLogger, SilenceStore, StoredSilence } from './silence-store';

/** DEFAULT_SILENCE_KEY_PREFIX is where the alertmanager keeps its Redis keys unless told otherwise. */
export const DEFAULT_SILENCE_KEY_PREFIX = 'vigil:am:';

/** RedisSilenceStoreOptions configures a RedisSilenceStore. */
export interface RedisSilenceStoreOptions {
  redis: Redis;
  /** Prepended to the key names (`<prefix>silences`, `<prefix>silences:version`); default `vigil:am:`. */
  keyPrefix?: string;
  logger?: SilenceLogger;
}

/**
 * SAVE_SCRIPT upserts silences by Alertmanager's merge rule, atomically for the whole batch.
 * KEYS[1]: hash of silences, ID -> stored JSON. KEYS[2]: version counter.
 * ARGV: triples (id, updatedAt ms, JSON).
 * Output: the IDs not written because the stored copy's updatedAt is at least as new. The counter is incremented
 * once if anything was written, so replicas can poll one key to learn that silences changed.
 */
const SAVE_SCRIPT = `
local skipped = {}
local written = 0
for i = 1, #ARGV, 3 do
  local id = ARGV[i]
  local updated = tonumber(ARGV[i + 1])
  local current = redis.call('HGET', KEYS[1], id)
  local keep = false
  if current then
    local ok, decoded = pcall(cjson.decode, current)
    if ok and type(decoded) == 'table' and type(decoded.updatedAt) == 'number' and decoded.updatedAt >= updated then
      keep = true
    end
  end
  if keep then
    skipped[#skipped + 1] = id
  else
    redis.call('HSET', KEYS[1], id, ARGV[i + 2])
    written = written + 1
  end
end
if written > 0 then
  redis.call('INCR', KEYS[2])
end
return skipped
`;

/**
 * REMOVE_SCRIPT deletes garbage-collected silences, sparing any another writer has meanwhile extended.
 * KEYS[1]: hash of silences. KEYS[2]: version counter.
 * ARGV[1]: now (ms); ARGV[2..]: IDs.
 * Output: how many were deleted. Entries that do not decode are left for an operator to inspect.
 */
const REMOVE_SCRIPT = `
local now = tonumber(ARGV[1])
local removed = 0
for i = 2, #ARGV do
  local current = redis.call('HGET', KEYS[1], ARGV[i])
  if current then
    local ok, decoded = pcall(cjson.decode, current)
    if ok and type(decoded) == 'table' and type(decoded.expiresAt) == 'number' and decoded.expiresAt <= now then
      redis.call('HDEL', KEYS[1], ARGV[i])
      removed = removed + 1
    end
  end
end
if removed > 0 then
  redis.call('INCR', KEYS[2])
end
return removed
`;

/**
 * RedisSilenceStore keeps silences in one Redis hash (`<prefix>silences`, ID -> JSON) written through on every
 * change, plus a counter (`<prefix>silences:version`) bumped on each change. Writes never replace a stored copy with
 * an older one (by updatedAt), so several alertmanagers can share the keys.
 */
export class RedisSilenceStore implements SilenceStore {
  /** The hash holding the silences. */
  readonly hashKey: string;
  /** The counter bumped on every change. */
  readonly versionKey: string;
  private readonly redis: Redis;
  private readonly logger: SilenceLogger | undefined;

  constructor(opts: RedisSilenceStoreOptions) {
    const prefix = opts.keyPrefix ?? DEFAULT_SILENCE_KEY_PREFIX;
    this.hashKey = `${prefix}silences`;
    this.versionKey = `${prefix}silences:version`;
    this.redis = opts.redis;
    this.logger = opts.logger;
  }

  async load(): Promise<StoredSilence[]> {
    const all = await this.redis.hgetall(this.hashKey);
    const out: StoredSilence[] = [];
    for (const [id, text] of Object.entries(all)) {
      const decoded = decodeStoredSilence(text);
      if (!decoded.ok) {
        this.logger?.warn(
          { silence_id: id, key: this.hashKey, reason: decoded.reason },
          'Skipping unreadable stored silence',
        );
        continue;
      }
      if (decoded.value.silence.id !== id) {
        this.logger?.warn(
          {
            silence_id: id,
            key: this.hashKey,
            reason: `stored under ${id} but its id is ${decoded.value.silence.id}`,
          },
          'Skipping unreadable stored silence',
        );
        continue;
      }
      out.push(decoded.value);
    }
    return out;
  }

  async save(silences: readonly StoredSilence[]): Promise<void> {
    if (silences.length === 0) return;
    const args: string[] = [];
    for (const s of silences) args.push(s.silence.id, String(s.silence.updatedAt), encodeStoredSilence(s));
    const skipped = (await this.redis.eval(
      SAVE_SCRIPT,
      2,
      this.hashKey,
      this.versionKey,
      ...args,
    )) as string[];
    if (skipped.length > 0) {
      this.logger?.warn(
        { silence_ids: skipped, key: this.hashKey },
        'Stored silences are newer than this write; kept them',
      );
    }
  }

  async remove(ids: readonly string[], now: number): Promise<void> {
    if (ids.length === 0) return;
    await this.redis.eval(REMOVE_SCRIPT, 2, this.hashKey, this.versionKey, String(now), ...ids);
  }

  /** version reads the change counter (0 before the first write). */
  async version(): Promise<number> {
    return Number((await this.redis.get(this.versionKey)) ?? 0);
  }
}
