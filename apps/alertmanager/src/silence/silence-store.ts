import type { Silence } from './silence';

/** StoredSilence is a silence with the time after which it may be garbage-collected (endsAt + retention). */
export interface StoredSilence {
  silence: Silence;
  expiresAt: number;
}

/** SilenceLogger is the slice of a pino logger the silence code writes to. */
export interface SilenceLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * SilenceStore persists silences (Redis in production). Writes follow Alertmanager's merge rule so replicas can
 * share one store: a stored copy is replaced only by one with a newer updatedAt.
 */
export interface SilenceStore {
  /** load returns every stored silence that decodes and validates; bad entries are logged and skipped. */
  load(): Promise<StoredSilence[]>;
  /** save writes silences (one atomic batch), each unless the stored copy is at least as new. */
  save(silences: readonly StoredSilence[]): Promise<void>;
  /** remove deletes garbage-collected silences whose stored expiresAt is not after `now`. */
  remove(ids: readonly string[], now: number): Promise<void>;
}

/** MemorySilenceStore is a SilenceStore in process memory, holding encoded copies, for tests and single runs. */
export class MemorySilenceStore implements SilenceStore {
  readonly entries = new Map<string, StoredSilence>();

  async load(): Promise<StoredSilence[]> {
    return [...this.entries.values()].map(copyStored);
  }

  async save(silences: readonly StoredSilence[]): Promise<void> {
    for (const s of silences) {
      const cur = this.entries.get(s.silence.id);
      if (cur && cur.silence.updatedAt >= s.silence.updatedAt) continue;
      this.entries.set(s.silence.id, copyStored(s));
    }
  }

  async remove(ids: readonly string[], now: number): Promise<void> {
    for (const id of ids) {
      const cur = this.entries.get(id);
      if (cur && cur.expiresAt <= now) this.entries.delete(id);
    }
  }
}

function copyStored(s: StoredSilence): StoredSilence {
  return structuredClone(s);
}
