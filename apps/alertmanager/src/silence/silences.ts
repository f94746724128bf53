import { randomUUID } from 'node:crypto';
import { matchersMatch, type Labels, type Matcher } from '@vigil/model';
import { CandidateIndex } from './candidate-index';
import { encodeStoredSilence } from './codec';
import { compileMatcher } from './compile';
import { SilenceLimitError, SilenceNotFoundError, SilenceValidationError } from './errors';
import {
  cloneSilence,
  getState,
  sameMatchers,
  type Silence,
  type SilenceInput,
  type SilenceState,
} from './silence';
import type { SilenceLogger, SilenceStore, StoredSilence } from './silence-store';
import { validateSilence } from './validate';

/** DEFAULT_SILENCE_RETENTION_MS is how long an ended silence is kept: `--data.retention`, 120h. */
export const DEFAULT_SILENCE_RETENTION_MS = 120 * 3_600_000;

/** SilencesOptions configures a Silences state. Every field has a default suited to production. */
export interface SilencesOptions {
  /** Clock in ms since the epoch. */
  now?: () => number;
  /** How long after its end a silence is kept before gc removes it. */
  retentionMs?: number;
  /** Write-through persistence; without it silences live in memory only. */
  store?: SilenceStore;
  logger?: SilenceLogger;
  /** `--silences.max-silences`: most silences held, expired ones included (0: no limit). */
  maxSilences?: number;
  /** `--silences.max-silence-size-bytes`: largest stored form of one silence (0: no limit). */
  maxSilenceSizeBytes?: number;
  /** ID generator (UUID v4 by default). */
  newId?: () => string;
}

/** SilenceQuery selects silences; all given criteria must hold. */
export interface SilenceQuery {
  /** Only these IDs (unknown ones are skipped). Cannot be combined with `since`. */
  ids?: readonly string[];
  /** Only silences in one of these states (getState at the current time). */
  states?: readonly SilenceState[];
  /** Only silences all of whose matchers accept these labels. */
  matches?: Labels;
  /** Only silences added after this state version (see Silences.version). */
  since?: number;
}

/** SilenceQueryResult is a query's silences with the state version they reflect. */
export interface SilenceQueryResult {
  silences: Silence[];
  version: number;
}

interface Entry {
  silence: Silence;
  expiresAt: number;
  /** State version at which this ID was first added. */
  version: number;
  matchers: Matcher[];
}

// Below this many new silences, scanning them beats asking the candidate index.
const SCAN_THRESHOLD = 64;

/**
 * Silences is Alertmanager's silence state (`silence.Silences`): create, update, expire, query, garbage-collect and
 * merge silences, with Alertmanager's rules for each. Writes go through to the store before they take effect in
 * memory, one at a time, so a failed write changes nothing. The version counter goes up whenever a silence ID is
 * added, which lets the Silencer re-check a label set against only the silences added since it last looked.
 */
export class Silences {
  private readonly entries = new Map<string, Entry>();
  /** IDs in the order they were added, with the version at which each was; sorted by version. */
  private versionIndex: { id: string; version: number }[] = [];
  private stateVersion = 0;
  private readonly index = new CandidateIndex();
  private readonly clock: () => number;
  private readonly retentionMs: number;
  private readonly store: SilenceStore | undefined;
  private readonly logger: SilenceLogger | undefined;
  private readonly maxSilences: number;
  private readonly maxSilenceSizeBytes: number;
  private readonly newId: () => string;
  private writes: Promise<unknown> = Promise.resolve();

  constructor(opts: SilencesOptions = {}) {
    this.clock = opts.now ?? Date.now;
    this.retentionMs = opts.retentionMs ?? DEFAULT_SILENCE_RETENTION_MS;
    this.store = opts.store;
    this.logger = opts.logger;
    this.maxSilences = opts.maxSilences ?? 0;
    this.maxSilenceSizeBytes = opts.maxSilenceSizeBytes ?? 0;
    this.newId = opts.newId ?? randomUUID;
  }

  /** version is the state version: it grows by one whenever a silence ID is added. */
  get version(): number {
    return this.stateVersion;
  }

  /** size is how many silences are held, expired ones included. */
  get size(): number {
    return this.entries.size;
  }

  /** now reads the clock these silences judge states by. */
  now(): number {
    return this.clock();
  }

  /** load restores every silence from the store (entries the store cannot decode are skipped there). */
  async load(): Promise<number> {
    if (!this.store) return 0;
    const stored = await this.store.load();
    let added = 0;
    for (const s of stored) if (this.merge(s)) added++;
    return added;
  }

  /**
   * set creates or updates a silence and returns its ID. An update keeps the ID only when the matchers are unchanged
   * and the silence is active with the same start and an end not in the past, or pending with a start not in the
   * past; otherwise a new silence is created and the old one, unless already expired, is expired. A new silence's
   * start in the past becomes now. Throws SilenceValidationError, SilenceNotFoundError or SilenceLimitError.
   */
  set(input: SilenceInput): Promise<string> {
    return this.exclusive(async () => {
      const now = this.clock();
      const sil: Silence = {
        id: input.id ?? '',
        matchers: input.matchers.map((m) => ({ name: m.name, type: m.type, value: m.value })),
        startsAt: input.startsAt || now,
        endsAt: input.endsAt,
        updatedAt: now,
        createdBy: input.createdBy,
        comment: input.comment,
      };
      if (input.annotations) sil.annotations = { ...input.annotations };
      const invalid = validateSilence(sil);
      if (invalid !== undefined) throw new SilenceValidationError(`invalid silence: ${invalid}`);

      const prev = sil.id === '' ? undefined : this.entries.get(sil.id);
      if (sil.id !== '' && !prev) throw new SilenceNotFoundError();

      if (prev && canUpdate(prev.silence, sil, now)) {
        sil.updatedAt = nextUpdate(prev.silence, now);
        const stored = this.toStored(sil);
        this.checkSize(stored);
        await this.persist([stored]);
        this.apply(stored);
        return sil.id;
      }

      if (this.maxSilences > 0 && this.entries.size + 1 > this.maxSilences) {
        throw new SilenceLimitError(
          `exceeded maximum number of silences: ${this.entries.size} (limit: ${this.maxSilences})`,
        );
      }
      sil.id = this.newId();
      if (sil.startsAt < now) sil.startsAt = now;
      const stored = this.toStored(sil);
      this.checkSize(stored);
      const batch = [stored];
      if (prev && getState(prev.silence, now) !== 'expired') {
        // The old silence cannot change without rewriting history, so it ends here and the new one replaces it.
        batch.unshift(this.toStored(expiredCopy(prev.silence, now)));
      }
      await this.persist(batch);
      for (const s of batch) this.apply(s);
      return sil.id;
    });
  }

  /**
   * expire ends a silence now: an active one gets endsAt = now, a pending one startsAt = endsAt = now. Expiring an
   * already expired silence does nothing, as in Alertmanager; an unknown ID throws SilenceNotFoundError.
   */
  expire(id: string): Promise<void> {
    return this.exclusive(async () => {
      const entry = this.entries.get(id);
      if (!entry) throw new SilenceNotFoundError();
      const now = this.clock();
      if (getState(entry.silence, now) === 'expired') return;
      const stored = this.toStored(expiredCopy(entry.silence, now));
      await this.persist([stored]);
      this.apply(stored);
    });
  }

  /** get returns a copy of one silence, or undefined. */
  get(id: string): Silence | undefined {
    const entry = this.entries.get(id);
    return entry ? cloneSilence(entry.silence) : undefined;
  }

  /** query returns copies of the silences that meet every criterion, oldest-added first. */
  query(q: SilenceQuery = {}): Silence[] {
    return this.queryWithVersion(q).silences;
  }

  /** queryWithVersion is query plus the state version the answer reflects (Alertmanager's `Query`). */
  queryWithVersion(q: SilenceQuery): SilenceQueryResult {
    if (q.ids && q.since !== undefined) throw new Error('QSince cannot be used with QIDs');
    const now = this.clock();
    const out: Silence[] = [];
    for (const entry of this.select(q)) {
      if (q.states && !q.states.includes(getState(entry.silence, now))) continue;
      if (q.matches && !matchersMatch(entry.matchers, q.matches)) continue;
      out.push(cloneSilence(entry.silence));
    }
    return { silences: out, version: this.stateVersion };
  }

  /** countState counts the silences currently in one of the given states. */
  countState(...states: SilenceState[]): number {
    const now = this.clock();
    let n = 0;
    for (const entry of this.entries.values()) if (states.includes(getState(entry.silence, now))) n++;
    return n;
  }

  /** gc removes silences that ended more than the retention ago, here and in the store; returns how many. */
  gc(): Promise<number> {
    return this.exclusive(async () => {
      const now = this.clock();
      const gone: string[] = [];
      for (const [id, entry] of this.entries) if (entry.expiresAt <= now) gone.push(id);
      if (gone.length === 0) return 0;
      if (this.store) await this.store.remove(gone, now);
      const goneSet = new Set(gone);
      for (const id of gone) {
        const entry = this.entries.get(id);
        if (!entry) continue;
        this.index.remove(id, entry.silence.matchers);
        this.entries.delete(id);
      }
      this.versionIndex = this.versionIndex.filter((v) => !goneSet.has(v.id));
      return gone.length;
    });
  }

  /**
   * merge takes in a copy of a silence written elsewhere (the store at start, or another replica): it is kept when
   * the ID is new or its updatedAt is newer than ours, and dropped when already past retention (Alertmanager's gossip
   * merge rule). Returns whether the state changed.
   */
  merge(stored: StoredSilence): boolean {
    if (stored.expiresAt < this.clock()) return false;
    const prev = this.entries.get(stored.silence.id);
    if (prev && prev.silence.updatedAt >= stored.silence.updatedAt) return false;
    try {
      this.apply(stored);
    } catch (err) {
      this.logger?.error(
        { silence_id: stored.silence.id, err: err instanceof Error ? err.message : String(err) },
        'Failed to compile silence matchers',
      );
      return false;
    }
    return true;
  }

  private *select(q: SilenceQuery): Iterable<Entry> {
    if (q.ids) {
      for (const id of q.ids) {
        const entry = this.entries.get(id);
        if (entry) yield entry;
      }
      return;
    }
    const start = q.since === undefined ? 0 : firstAfter(this.versionIndex, q.since);
    const fresh = this.versionIndex.length - start;
    if (q.matches && fresh > SCAN_THRESHOLD) {
      const since = q.since ?? 0;
      const hits: Entry[] = [];
      for (const id of this.index.candidates(q.matches)) {
        const entry = this.entries.get(id);
        if (entry && entry.version > since) hits.push(entry);
      }
      hits.sort((a, b) => a.version - b.version);
      yield* hits;
      return;
    }
    for (let i = start; i < this.versionIndex.length; i++) {
      const v = this.versionIndex[i];
      const entry = v && this.entries.get(v.id);
      if (entry) yield entry;
    }
  }

  private toStored(silence: Silence): StoredSilence {
    return { silence, expiresAt: silence.endsAt + this.retentionMs };
  }

  private checkSize(stored: StoredSilence): void {
    if (this.maxSilenceSizeBytes <= 0) return;
    const n = Buffer.byteLength(encodeStoredSilence(stored));
    if (n > this.maxSilenceSizeBytes) {
      throw new SilenceLimitError(
        `silence exceeded maximum size: ${n} bytes (limit: ${this.maxSilenceSizeBytes} bytes)`,
      );
    }
  }

  private async persist(batch: StoredSilence[]): Promise<void> {
    if (this.store) await this.store.save(batch);
  }

  /** apply installs a silence in memory (compiling its matchers first, so a bad one changes nothing). */
  private apply(stored: StoredSilence): void {
    const sil = stored.silence;
    const prev = this.entries.get(sil.id);
    if (prev) {
      // Local updates never change matchers (that takes a new ID). A merged copy that does is treated as newly
      // added, so the Silencer re-checks label sets against it.
      if (!sameMatchers(prev.silence.matchers, sil.matchers)) {
        const matchers = sil.matchers.map(compileMatcher);
        this.index.remove(sil.id, prev.silence.matchers);
        this.index.add(sil.id, sil.matchers);
        prev.matchers = matchers;
        this.stateVersion++;
        prev.version = this.stateVersion;
        this.versionIndex = this.versionIndex.filter((v) => v.id !== sil.id);
        this.versionIndex.push({ id: sil.id, version: this.stateVersion });
      }
      prev.silence = sil;
      prev.expiresAt = stored.expiresAt;
      return;
    }
    const matchers = sil.matchers.map(compileMatcher);
    this.stateVersion++;
    this.entries.set(sil.id, {
      silence: sil,
      expiresAt: stored.expiresAt,
      version: this.stateVersion,
      matchers,
    });
    this.versionIndex.push({ id: sil.id, version: this.stateVersion });
    this.index.add(sil.id, sil.matchers);
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.writes.then(fn, fn);
    this.writes = run.catch(() => undefined);
    return run;
  }
}

/** canUpdate is Alertmanager's rule for changing a silence in place without rewriting what it muted in the past. */
export function canUpdate(prev: Silence, next: Silence, now: number): boolean {
  if (!sameMatchers(prev.matchers, next.matchers)) return false;
  switch (getState(prev, now)) {
    case 'active':
      // Alertmanager compares the starts at second precision.
      if (Math.floor(prev.startsAt / 1000) !== Math.floor(next.startsAt / 1000)) return false;
      return next.endsAt >= now;
    case 'pending':
      return next.startsAt >= now;
    case 'expired':
      return false;
  }
}

function expiredCopy(sil: Silence, now: number): Silence {
  const out = cloneSilence(sil);
  if (getState(sil, now) === 'pending') out.startsAt = now;
  out.endsAt = now;
  out.updatedAt = nextUpdate(sil, now);
  return out;
}

// Replicas keep the copy with the newer updatedAt, so a local change must be strictly newer than what it replaces.
function nextUpdate(prev: Silence, now: number): number {
  return Math.max(now, prev.updatedAt + 1);
}

function firstAfter(index: readonly { version: number }[], version: number): number {
  let lo = 0;
  let hi = index.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((index[mid]?.version ?? 0) > version) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
