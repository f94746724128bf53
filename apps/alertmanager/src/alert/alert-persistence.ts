import type { Alert } from './alert';
import { decodeStoredAlert, encodeStoredAlert } from './codec';

/** AlertLogger is the slice of a pino logger the alert store writes to. */
export interface AlertLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * AlertPersistence keeps the alert store's contents across restarts (Redis in production; Alertmanager itself keeps
 * alerts only in memory). Writes are batched: one call per put, never one round trip per alert.
 */
export interface AlertPersistence {
  /** load returns every stored alert that decodes and validates; bad entries are logged and skipped. */
  load(): Promise<Alert[]>;
  /** save writes alerts (new or replacing the stored version with the same fingerprint) in one batch. */
  save(alerts: readonly Alert[]): Promise<void>;
  /** remove deletes garbage-collected alerts whose stored version has ended by `now` (a newer one is kept). */
  remove(fingerprints: readonly string[], now: number): Promise<void>;
}

/** MemoryAlertPersistence is an AlertPersistence in process memory holding encoded copies, for tests. */
export class MemoryAlertPersistence implements AlertPersistence {
  /** Encoded alerts by fingerprint, as Redis would hold them. */
  readonly entries = new Map<string, string>();
  /** How many save calls were made (batching is observable in tests). */
  saveCalls = 0;

  constructor(private readonly logger?: AlertLogger) {}

  async load(): Promise<Alert[]> {
    const out: Alert[] = [];
    for (const [fp, text] of this.entries) {
      const decoded = decodeStoredAlert(fp, text);
      if (decoded.ok) out.push(decoded.alert);
      else this.logger?.warn({ fingerprint: fp, reason: decoded.reason }, 'Skipping unreadable stored alert');
    }
    return out;
  }

  async save(alerts: readonly Alert[]): Promise<void> {
    this.saveCalls++;
    for (const a of alerts) this.entries.set(a.fingerprint, encodeStoredAlert(a));
  }

  async remove(fingerprints: readonly string[], now: number): Promise<void> {
    for (const fp of fingerprints) {
      const text = this.entries.get(fp);
      if (text === undefined) continue;
      // Entries that do not decode are left for an operator to inspect, as in Redis.
      const decoded = decodeStoredAlert(fp, text);
      if (decoded.ok && decoded.alert.endsAt !== 0 && decoded.alert.endsAt <= now) this.entries.delete(fp);
    }
  }
}
