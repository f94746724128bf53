import { systemTimerClock, type TimerClock, type TimerHandle } from '../dispatch/timer-clock';
import { isResolved, type Alert } from './alert';
import type { AlertLogger, AlertPersistence } from './alert-persistence';
import { emptyStateCounts, type AlertState, type AlertStateCounts } from './alert-state';
import { mergeAlerts, overlapsStored } from './merge';

/** AlertListener receives the alerts of one put (or load) as stored, i.e. after merging. */
export type AlertListener = (alerts: readonly Alert[]) => void;

/** GcListener receives the alerts one garbage collection removed. */
export type GcListener = (deleted: readonly Alert[]) => void;

/** DEFAULT_ALERT_GC_INTERVAL_MS is Alertmanager's `--alerts.gc-interval` default (30m). */
export const DEFAULT_ALERT_GC_INTERVAL_MS = 30 * 60_000;

/** AlertStoreOptions configures an AlertStore. */
export interface AlertStoreOptions {
  /** Where alerts are written through and loaded from; none keeps them in memory only. */
  persistence?: AlertPersistence;
  /** Clock and timers (GC ticks); default the system clock. */
  clock?: TimerClock;
  /** Interval between garbage collections of resolved alerts (ms); default 30m. */
  gcIntervalMs?: number;
  logger?: AlertLogger;
}

/**
 * AlertStore holds the current alerts by fingerprint, as Alertmanager's `provider/mem`: a put merges an update that
 * overlaps the stored alert (see mergeAlerts), otherwise replaces it; subscribers (the dispatcher, the inhibitor)
 * hear of every stored alert; resolved alerts are garbage-collected every gcIntervalMs. Unlike Alertmanager it writes
 * every put through to a persistence (Redis), so alerts survive a restart. Stored alerts are never mutated: an update
 * stores a new object, which lets holders compare by identity.
 */
export class AlertStore {
  private readonly alerts = new Map<string, Alert>();
  private readonly listeners = new Set<AlertListener>();
  private readonly gcListeners = new Set<GcListener>();
  private readonly pendingWrites = new Set<Promise<void>>();
  private readonly persistence: AlertPersistence | undefined;
  private readonly clock: TimerClock;
  private readonly gcIntervalMs: number;
  private readonly logger: AlertLogger | undefined;
  private gcTimer: TimerHandle | undefined;

  constructor(opts: AlertStoreOptions = {}) {
    this.persistence = opts.persistence;
    this.clock = opts.clock ?? systemTimerClock;
    this.gcIntervalMs = opts.gcIntervalMs ?? DEFAULT_ALERT_GC_INTERVAL_MS;
    this.logger = opts.logger;
    if (!(this.gcIntervalMs > 0))
      throw new Error(`alert GC interval must be positive, got ${this.gcIntervalMs}`);
  }

  /**
   * load reads the persisted alerts into memory (entries that fail validation are logged and skipped by the
   * persistence) and tells subscribers; an alert already in memory is kept if it was updated later. Returns how
   * many alerts were loaded.
   */
  async load(): Promise<number> {
    if (!this.persistence) return 0;
    const loaded = await this.persistence.load();
    const stored: Alert[] = [];
    for (const a of loaded) {
      const cur = this.alerts.get(a.fingerprint);
      if (cur && cur.updatedAt >= a.updatedAt) continue;
      this.alerts.set(a.fingerprint, a);
      stored.push(a);
    }
    this.notify(stored);
    return stored.length;
  }

  /**
   * put stores alerts (normalized and validated, see normalizeAlerts), merging each with the stored alert of the same
   * fingerprint when their activity overlaps. The store keeps the given objects: do not change them afterwards.
   * Memory and subscribers are updated before put returns; the promise settles once the batch is persisted (one
   * write per call) and rejects if that write fails.
   */
  put(alerts: readonly Alert[]): Promise<void> {
    if (alerts.length === 0) return Promise.resolve();
    const now = this.clock.now();
    const stored: Alert[] = new Array<Alert>(alerts.length);
    let i = 0;
    for (const incoming of alerts) {
      const old = this.alerts.get(incoming.fingerprint);
      const a = old && overlapsStored(old, incoming) ? mergeAlerts(old, incoming, now) : incoming;
      this.alerts.set(a.fingerprint, a);
      stored[i++] = a;
    }
    this.notify(stored);
    if (!this.persistence) return Promise.resolve();
    // The write is issued before put returns, so writes reach Redis in put order.
    return this.track(
      this.persistence.save(stored).catch((err: unknown) => {
        this.logger?.error({ err, alerts: stored.length }, 'Failed to persist alerts');
        throw err;
      }),
    );
  }

  /** get returns the stored alert with this fingerprint. */
  get(fingerprint: string): Alert | undefined {
    return this.alerts.get(fingerprint);
  }

  /** size is how many alerts are stored (resolved ones included until collected). */
  get size(): number {
    return this.alerts.size;
  }

  /** list returns a snapshot of every stored alert (Alertmanager's GetPending), in no particular order. */
  list(): Alert[] {
    return [...this.alerts.values()];
  }

  /** Iterates the stored alerts without copying; alerts put meanwhile may or may not be seen. */
  [Symbol.iterator](): IterableIterator<Alert> {
    return this.alerts.values();
  }

  /** subscribe registers a listener for every put and load; the returned function unsubscribes it. */
  subscribe(listener: AlertListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** onGc registers a listener for the alerts each collection removes (to evict caches keyed by fingerprint). */
  onGc(listener: GcListener): () => void {
    this.gcListeners.add(listener);
    return () => void this.gcListeners.delete(listener);
  }

  /**
   * gc removes the alerts resolved by now, from memory at once and from the persistence in the background (an entry
   * another replica has meanwhile made active is kept there), and tells the GC listeners. Returns the removed alerts.
   */
  gc(): Alert[] {
    const now = this.clock.now();
    const deleted: Alert[] = [];
    for (const [fp, a] of this.alerts) {
      if (isResolved(a, now)) {
        this.alerts.delete(fp);
        deleted.push(a);
      }
    }
    if (deleted.length === 0) return deleted;
    if (this.persistence) {
      const fps = deleted.map((a) => a.fingerprint);
      this.track(
        this.persistence.remove(fps, now).catch((err: unknown) => {
          this.logger?.error({ err, alerts: fps.length }, 'Failed to delete collected alerts from the store');
        }),
      );
    }
    for (const listener of this.gcListeners) {
      try {
        listener(deleted);
      } catch (err) {
        this.logger?.error({ err }, 'Alert GC listener failed');
      }
    }
    return deleted;
  }

  /** startGc runs gc every gcIntervalMs until stop. */
  startGc(): void {
    if (this.gcTimer) return;
    const tick = (): void => {
      this.gcTimer = this.clock.setTimer(tick, this.gcIntervalMs);
      this.gc();
    };
    this.gcTimer = this.clock.setTimer(tick, this.gcIntervalMs);
  }

  /** stop ends periodic GC and waits for writes in flight (their failures were already reported to put callers). */
  async stop(): Promise<void> {
    this.gcTimer?.cancel();
    this.gcTimer = undefined;
    await this.flush();
  }

  /** flush waits until every write issued so far has settled. */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.pendingWrites]);
  }

  /**
   * countByState counts the alerts not resolved at `now` by the state `classify` assigns (default: active), for
   * `alertmanager_alerts{state}`.
   */
  countByState(
    now: number = this.clock.now(),
    classify: (a: Alert) => AlertState = () => 'active',
  ): AlertStateCounts {
    const counts = emptyStateCounts();
    for (const a of this.alerts.values()) {
      if (!isResolved(a, now)) counts[classify(a)]++;
    }
    return counts;
  }

  private notify(alerts: readonly Alert[]): void {
    if (alerts.length === 0) return;
    for (const listener of this.listeners) {
      try {
        listener(alerts);
      } catch (err) {
        this.logger?.error({ err }, 'Alert subscriber failed');
      }
    }
  }

  private track(p: Promise<void>): Promise<void> {
    this.pendingWrites.add(p);
    const done = (): void => void this.pendingWrites.delete(p);
    p.then(done, done);
    return p;
  }
}
