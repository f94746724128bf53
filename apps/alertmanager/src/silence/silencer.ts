import { fingerprint, type Labels } from '@vigil/model';
import type { Muter } from '../mute';
import { getState } from './silence';
import type { Silences } from './silences';

interface CacheEntry {
  /** Silences state version this entry has seen every silence up to. */
  version: number;
  /** Active or pending silences that matched when last checked. */
  ids: string[];
}

const EMPTY: CacheEntry = { version: 0, ids: [] };

/**
 * Silencer is Alertmanager's `silence.Silencer`: the Muter for silences. Per label-set fingerprint it caches which
 * active or pending silences matched and the state version it looked at, so a repeat check re-reads only those
 * silences plus the ones added since — usually none, which makes the common case one map lookup.
 */
export class Silencer implements Muter {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(private readonly silences: Silences) {}

  /** mutes tells whether an active silence matches these labels. */
  mutes(labels: Labels): boolean {
    return this.silencedBy(labels).length > 0;
  }

  /**
   * silencedBy returns the IDs of the active silences matching these labels (the API's `status.silencedBy`).
   * Pass the alert's fingerprint when known to skip computing it.
   */
  silencedBy(labels: Labels, fp: string = fingerprint(labels)): string[] {
    const cached = this.cache.get(fp) ?? EMPTY;
    const currentVersion = this.silences.version;
    const upToDate = cached.version === currentVersion;
    if (upToDate && cached.ids.length === 0) return [];

    const seen = new Set<string>();
    const active: string[] = [];
    const all: string[] = [];
    const now = this.silences.now();
    const consider = (id: string, startsAt: number, endsAt: number): void => {
      if (seen.has(id)) return;
      seen.add(id);
      const state = getState({ startsAt, endsAt }, now);
      if (state === 'expired') return;
      all.push(id);
      if (state === 'active') active.push(id);
    };
    if (cached.ids.length > 0) {
      for (const s of this.silences.query({ ids: cached.ids })) consider(s.id, s.startsAt, s.endsAt);
    }
    let version = cached.version;
    if (!upToDate) {
      const fresh = this.silences.queryWithVersion({
        since: cached.version,
        states: ['active', 'pending'],
        matches: labels,
      });
      for (const s of fresh.silences) consider(s.id, s.startsAt, s.endsAt);
      version = fresh.version;
    }
    this.cache.set(fp, { version, ids: all });
    return active;
  }

  /** forget drops the cached answer for an alert that was garbage-collected. */
  forget(fp: string): void {
    this.cache.delete(fp);
  }

  /** cacheSize is how many label sets have a cached answer. */
  cacheSize(): number {
    return this.cache.size;
  }
}
