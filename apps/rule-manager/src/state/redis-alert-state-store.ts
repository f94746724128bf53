import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import Type from 'typebox';
import type { Static } from 'typebox';
import { compileParser } from '@vigil/contracts';
import type { AlertStateStore, PersistedAlert, PersistedGroupState } from './alert-state-store';

/** StateStoreLogger is the slice of a pino logger the store uses. */
export interface StateStoreLogger {
  warn(obj: object, msg: string): void;
}

/** RedisAlertStateStoreOptions configures a RedisAlertStateStore. */
export interface RedisAlertStateStoreOptions {
  /** A fail-fast (`producer`-role) client: a save during an outage should fail, not pile up. */
  redis: Redis;
  /**
   * This rule-manager's id, stable across restarts (e.g. `host:port`). Each instance keeps its own state, so two
   * replicas evaluating the same rules (an HA pair) never overwrite each other's alerts.
   */
  instance: string;
  /** Overrides the key prefix; default `vigil:rule-manager:<instance>:state:`. */
  keyPrefix?: string;
  /** Expire a group's state this long after its last save (default: never). */
  ttlMs?: number;
  logger?: StateStoreLogger;
}

// Sample values can be NaN or ±Inf, which JSON cannot carry as numbers; they are stored as Prometheus spells them.
const SampleValueSchema = Type.Union([
  Type.Number(),
  Type.Literal('NaN'),
  Type.Literal('+Inf'),
  Type.Literal('-Inf'),
]);
const LabelsSchema = Type.Record(Type.String(), Type.String());

const StoredAlertSchema = Type.Object({
  labels: LabelsSchema,
  annotations: LabelsSchema,
  state: Type.Union([Type.Literal('pending'), Type.Literal('firing'), Type.Literal('inactive')]),
  value: SampleValueSchema,
  activeAtMs: Type.Number(),
  firedAtMs: Type.Optional(Type.Number()),
  resolvedAtMs: Type.Optional(Type.Number()),
  lastSentAtMs: Type.Optional(Type.Number()),
  keepFiringSinceMs: Type.Optional(Type.Number()),
  validUntilMs: Type.Optional(Type.Number()),
});

const StoredGroupStateSchema = Type.Object({
  groupKey: Type.String(),
  evaluatedAtMs: Type.Number(),
  rules: Type.Array(Type.Object({ ruleKey: Type.String(), alerts: Type.Array(StoredAlertSchema) })),
});

type StoredAlert = Static<typeof StoredAlertSchema>;
type StoredGroupState = Static<typeof StoredGroupStateSchema>;

// Compile-time proof that the stored shape is the interface's shape apart from `value`.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const storedShapeMatches: Same<Omit<StoredAlert, 'value'>, Omit<PersistedAlert, 'value'>> = true;
void storedShapeMatches;

const checkStoredGroupState = compileParser(StoredGroupStateSchema);

/**
 * SAVE_SCRIPT stores one group's state unless a later evaluation is already stored, so a delayed save (a slow
 * request, an old process still shutting down) never rolls state back.
 *
 * KEYS[1]  the group's key, a hash: `at` = evaluatedAtMs, `state` = the state as JSON
 * ARGV[1]  evaluatedAtMs of the new state
 * ARGV[2]  the new state as JSON
 * ARGV[3]  expiry in ms, 0 for none
 * Returns  1 when stored, 0 when the stored state is from a later evaluation.
 */
const SAVE_SCRIPT = `
local kind = redis.call('TYPE', KEYS[1]).ok
if kind == 'hash' then
  local at = tonumber(redis.call('HGET', KEYS[1], 'at'))
  if at and at > tonumber(ARGV[1]) then return 0 end
elseif kind ~= 'none' then
  redis.call('DEL', KEYS[1])
end
redis.call('HSET', KEYS[1], 'at', ARGV[1], 'state', ARGV[2])
if tonumber(ARGV[3]) > 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
else
  redis.call('PERSIST', KEYS[1])
end
return 1
`;
const SAVE_SCRIPT_SHA = createHash('sha1').update(SAVE_SCRIPT).digest('hex');

/** stateKeyPrefix is the default key prefix for an instance's alert state. */
export function stateKeyPrefix(instance: string): string {
  return `vigil:rule-manager:${instance}:state:`;
}

/**
 * RedisAlertStateStore keeps each rule group's alert state in one Redis hash under
 * `vigil:rule-manager:<instance>:state:<groupKey>`. Saves are atomic per group and never replace a later evaluation;
 * a value that does not parse is logged and read as absent, so a corrupt key costs that group its history, not the
 * process.
 */
export class RedisAlertStateStore implements AlertStateStore {
  /** The prefix every key of this store starts with. */
  readonly keyPrefix: string;
  private readonly redis: Redis;
  private readonly ttlMs: number;
  private readonly logger: StateStoreLogger | undefined;

  constructor(opts: RedisAlertStateStoreOptions) {
    if (opts.instance === '') throw new Error('RedisAlertStateStore needs a non-empty instance id');
    this.redis = opts.redis;
    this.keyPrefix = opts.keyPrefix ?? stateKeyPrefix(opts.instance);
    this.ttlMs = Math.max(0, Math.floor(opts.ttlMs ?? 0));
    this.logger = opts.logger;
  }

  /** key is the Redis key holding a group's state. */
  key(groupKey: string): string {
    return this.keyPrefix + groupKey;
  }

  /** load returns the group's saved state, or undefined when there is none or it is corrupt; Redis errors reject. */
  async load(groupKey: string): Promise<PersistedGroupState | undefined> {
    const key = this.key(groupKey);
    let raw: string | null;
    try {
      raw = await this.redis.hget(key, 'state');
    } catch (err) {
      if (!isWrongType(err)) throw err;
      this.corrupt(key, ['key is not a hash']);
      return undefined;
    }
    if (raw === null) return undefined;
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch (err) {
      this.corrupt(key, [`not JSON: ${err instanceof Error ? err.message : String(err)}`]);
      return undefined;
    }
    const parsed = checkStoredGroupState(data);
    if (!parsed.ok) {
      this.corrupt(key, parsed.errors);
      return undefined;
    }
    if (parsed.value.groupKey !== groupKey) {
      this.corrupt(key, [`groupKey: holds ${JSON.stringify(parsed.value.groupKey)}`]);
      return undefined;
    }
    return fromStored(parsed.value);
  }

  /** save stores the state atomically, unless a later evaluation of the group is already stored. */
  async save(state: PersistedGroupState): Promise<void> {
    await this.saveIfNewer(state);
  }

  /** saveIfNewer is save that tells whether it stored (false: a later evaluation was already there). */
  async saveIfNewer(state: PersistedGroupState): Promise<boolean> {
    const args = [
      this.key(state.groupKey),
      String(state.evaluatedAtMs),
      JSON.stringify(toStored(state)),
      this.ttlMs,
    ];
    let result: unknown;
    try {
      result = await this.redis.evalsha(SAVE_SCRIPT_SHA, 1, ...args);
    } catch (err) {
      // A restarted or flushed Redis has forgotten the script.
      if (!(err instanceof Error && err.message.startsWith('NOSCRIPT'))) throw err;
      result = await this.redis.eval(SAVE_SCRIPT, 1, ...args);
    }
    return result === 1;
  }

  /** remove deletes the group's state (the group left the configuration). */
  async remove(groupKey: string): Promise<void> {
    await this.redis.del(this.key(groupKey));
  }

  /** listGroupKeys returns the group keys this store holds state for, e.g. to remove groups no longer configured. */
  async listGroupKeys(): Promise<string[]> {
    const out: string[] = [];
    const pattern = `${escapeGlob(this.keyPrefix)}*`;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 200);
      cursor = next;
      for (const key of keys) out.push(key.slice(this.keyPrefix.length));
    } while (cursor !== '0');
    return [...new Set(out)].sort();
  }

  private corrupt(key: string, errors: string[]): void {
    this.logger?.warn({ key, errors }, 'ignoring unreadable alert state');
  }
}

function toStored(state: PersistedGroupState): StoredGroupState {
  return {
    ...state,
    rules: state.rules.map((r) => ({
      ...r,
      alerts: r.alerts.map((a) => ({ ...a, value: encodeValue(a.value) })),
    })),
  };
}

function fromStored(state: StoredGroupState): PersistedGroupState {
  return {
    ...state,
    rules: state.rules.map((r) => ({
      ...r,
      alerts: r.alerts.map((a) => ({ ...a, value: decodeValue(a.value) })),
    })),
  };
}

function encodeValue(v: number): StoredAlert['value'] {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return v;
}

function decodeValue(v: StoredAlert['value']): number {
  if (v === 'NaN') return NaN;
  if (v === '+Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  return v;
}

function isWrongType(err: unknown): boolean {
  return err instanceof Error && err.message.startsWith('WRONGTYPE');
}

function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, '\\$&');
}
