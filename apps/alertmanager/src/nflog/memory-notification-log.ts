import type { Registry } from 'prom-client';
import { entryExpiry, stateKey, type NflogEntry, type NflogReceiver } from './entry';
import { NflogMetrics } from './nflog-metrics';
import { DEFAULT_NFLOG_RETENTION_MS, type LogRequest, type NotificationLog } from './notification-log';

/** MemoryNotificationLogOptions configures a MemoryNotificationLog. */
export interface MemoryNotificationLogOptions {
  /** How long entries live at most (ms); default 120h. */
  retentionMs?: number;
  /** The clock stamping entries; default Date.now. */
  now?: () => number;
  registry?: Registry;
}

/**
 * MemoryNotificationLog keeps the log in this process only: for tests, and for a single alertmanager that may
 * re-send after a restart. Expired entries are dropped when touched.
 */
export class MemoryNotificationLog implements NotificationLog {
  private readonly entries = new Map<string, NflogEntry>();
  private readonly retentionMs: number;
  private readonly now: () => number;
  private readonly metrics: NflogMetrics | undefined;

  constructor(opts: MemoryNotificationLogOptions = {}) {
    this.retentionMs = opts.retentionMs ?? DEFAULT_NFLOG_RETENTION_MS;
    this.now = opts.now ?? Date.now;
    this.metrics = opts.registry ? new NflogMetrics(opts.registry) : undefined;
  }

  query(groupKey: string, receiver: NflogReceiver): Promise<NflogEntry | undefined> {
    const run = async (): Promise<NflogEntry | undefined> => {
      const key = stateKey(groupKey, receiver);
      const e = this.entries.get(key);
      if (!e) return undefined;
      if (e.expiresAt <= this.now()) {
        this.entries.delete(key);
        return undefined;
      }
      return structuredClone(e);
    };
    return this.metrics ? this.metrics.observe(run) : run();
  }

  async log(req: LogRequest): Promise<void> {
    const now = this.now();
    const key = stateKey(req.groupKey, req.receiver);
    const prev = this.entries.get(key);
    // Raciness or clock drift can deliver an older write after a newer one; keep the newer.
    if (prev && prev.timestamp > now) return;
    const expiresAt = entryExpiry(now, this.retentionMs, req.expiryMs);
    if (expiresAt <= now) {
      this.entries.delete(key);
      return;
    }
    this.entries.set(key, {
      groupKey: req.groupKey,
      receiver: { ...req.receiver },
      timestamp: now,
      firingAlerts: [...req.firingAlerts],
      resolvedAlerts: [...req.resolvedAlerts],
      receiverData: { ...req.receiverData },
      expiresAt,
    });
  }

  /** size counts the entries held, expired or not. */
  get size(): number {
    return this.entries.size;
  }
}
