import type { Labels } from '@vigil/model';
import { isResolved, type Alert } from '../alert/alert';
import { sortAlerts } from '../alert/alert-sort';
import type { NotifyContext, NotifyFn } from '../notify/notify-context';
import type { RouteLike } from './route-like';
import type { TimerClock, TimerHandle } from './timer-clock';

/** DispatchLogger is the slice of a pino logger the dispatcher writes to. */
export interface DispatchLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  debug?(obj: object, msg: string): void;
}

/** FlushAbortedError is the abort reason of a flush whose deadline passed or whose dispatcher stopped. */
export class FlushAbortedError extends Error {
  override readonly name = 'FlushAbortedError';
}

/** RouteLabelRenderer renders a route's `labels` templates against a group's alerts. */
export type RouteLabelRenderer = (route: RouteLike, groupLabels: Labels, alerts: readonly Alert[]) => Labels;

/** AggregationGroupOptions is everything a group needs from its dispatcher. */
export interface AggregationGroupOptions {
  route: RouteLike;
  routeId: string;
  labels: Labels;
  groupKey: string;
  clock: TimerClock;
  notify: NotifyFn;
  /** Turns group_interval into the flush's time budget (see Dispatcher's timeout option). */
  timeout: (groupIntervalMs: number) => number;
  /** Called once when a successful flush leaves the group empty. */
  onDestroyed: (ag: AggregationGroup) => void;
  renderRouteLabels?: RouteLabelRenderer;
  logger?: DispatchLogger;
}

/**
 * AggregationGroup is Alertmanager's aggrGroup: the alerts of one route with equal group labels, flushed to the
 * notification pipeline first after group_wait, then every group_interval (the pipeline's dedup stage decides whether
 * anything is sent). After a successful flush the resolved alerts it carried are dropped unless they changed
 * meanwhile; a group left empty is destroyed and later alerts start a new one.
 */
export class AggregationGroup {
  /** The labels the group is grouped by. */
  readonly labels: Labels;
  readonly route: RouteLike;
  readonly routeId: string;
  /** `<route key>:<group labels>`. */
  readonly groupKey: string;
  private readonly alerts = new Map<string, Alert>();
  private readonly opts: AggregationGroupOptions;
  private timer: TimerHandle | undefined;
  private running = false;
  private stopped = false;
  private isDestroyed = false;
  private flushing: Promise<void> | undefined;
  /** A tick that fired while the group was not running or was flushing (Go's buffered timer channel). */
  private pendingTick: number | undefined;
  private flushAbort: AbortController | undefined;
  /** How many flushes ran (Alertmanager's flushIdx − 1). */
  flushCount = 0;

  constructor(opts: AggregationGroupOptions) {
    this.opts = opts;
    this.route = opts.route;
    this.routeId = opts.routeId;
    this.labels = opts.labels;
    this.groupKey = opts.groupKey;
    this.resetTimer(opts.route.groupWaitMs);
  }

  /** destroyed tells whether a flush emptied the group; a destroyed group takes no more alerts. */
  get destroyed(): boolean {
    return this.isDestroyed;
  }

  /** size is how many alerts the group holds. */
  get size(): number {
    return this.alerts.size;
  }

  /** list returns the group's alerts as stored (endsAt not rewritten), in no particular order. */
  list(): Alert[] {
    return [...this.alerts.values()];
  }

  /** insert adds or replaces an alert (by fingerprint); false if the group is destroyed and cannot take it. */
  insert(alert: Alert): boolean {
    if (this.isDestroyed || this.stopped) return false;
    this.alerts.set(alert.fingerprint, alert);
    return true;
  }

  /** resetTimer makes the next flush happen `ms` from now (replacing the scheduled one). */
  resetTimer(ms: number): void {
    this.timer?.cancel();
    this.timer = this.opts.clock.setTimer(this.onTimer, ms);
  }

  /** run lets the group flush; a tick that fell due before is handled at once. */
  run(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    this.takePendingTick();
  }

  /** stop cancels the timer and any notification in flight; resolves when the flush in flight has ended. */
  stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
    this.pendingTick = undefined;
    this.flushAbort?.abort(new FlushAbortedError('dispatcher stopped'));
    return this.flushing ?? Promise.resolve();
  }

  private readonly onTimer = (): void => {
    this.timer = undefined;
    if (this.stopped) return;
    const fired = this.opts.clock.now();
    if (!this.running || this.flushing) {
      this.pendingTick = fired;
      return;
    }
    this.tick(fired);
  };

  private takePendingTick(): void {
    if (this.pendingTick === undefined || this.flushing || this.stopped) return;
    const fired = this.pendingTick;
    this.pendingTick = undefined;
    this.tick(fired);
  }

  private tick(fired: number): void {
    this.flushCount++;
    this.resetTimer(this.route.groupIntervalMs);
    const p = this.flush(fired).finally(() => {
      this.flushing = undefined;
      if (this.isDestroyed) {
        this.timer?.cancel();
        this.timer = undefined;
        return;
      }
      this.takePendingTick();
    });
    this.flushing = p;
  }

  private async flush(fired: number): Promise<void> {
    if (this.alerts.size === 0) return;
    const { clock } = this.opts;
    const route = this.route;
    const now = clock.now();
    const originals = [...this.alerts.values()];
    const sent: Alert[] = [];
    const resolved: Alert[] = [];
    for (const a of originals) {
      // Copies, so that what the pipeline sees does not resolve as time moves on.
      if (isResolved(a, now)) {
        resolved.push(a);
        sent.push({ ...a });
      } else {
        sent.push({ ...a, endsAt: 0 });
      }
    }
    sortAlerts(sent);

    const abort = new AbortController();
    this.flushAbort = abort;
    const budget = this.opts.timeout(route.groupIntervalMs);
    const deadlineTimer = clock.setTimer(
      () => abort.abort(new FlushAbortedError(`flush of ${this.groupKey} passed its deadline`)),
      budget,
    );
    const ctx: NotifyContext = {
      groupKey: this.groupKey,
      receiver: route.receiver,
      groupLabels: this.labels,
      repeatIntervalMs: route.repeatIntervalMs,
      muteTimeIntervals: [...route.muteTimeIntervals],
      activeTimeIntervals: [...route.activeTimeIntervals],
      now: fired,
      deadline: now + budget,
      signal: abort.signal,
      routeId: this.routeId,
    };
    const routeLabels = this.routeLabels(sent);
    if (routeLabels !== undefined) ctx.routeLabels = routeLabels;

    let ok = false;
    try {
      ok = await this.opts.notify(ctx, sent);
    } catch (err) {
      const log = abort.signal.aborted && this.stopped ? this.opts.logger?.debug : this.opts.logger?.error;
      log?.call(
        this.opts.logger,
        { err, aggrGroup: this.groupKey, num_alerts: sent.length },
        'Notify for alerts failed',
      );
    } finally {
      deadlineTimer.cancel();
      this.flushAbort = undefined;
    }
    if (!ok) return;

    // An alert that fired again (or changed) during the flush is a new object and stays.
    for (const a of resolved) {
      if (this.alerts.get(a.fingerprint) === a) this.alerts.delete(a.fingerprint);
    }
    if (this.alerts.size === 0 && !this.isDestroyed) {
      this.isDestroyed = true;
      this.opts.onDestroyed(this);
    }
  }

  /** routeLabels renders the route's labels against these alerts; undefined when the route has none. */
  routeLabels(alerts: readonly Alert[] = this.list()): Labels | undefined {
    const labels = this.route.labels;
    if (labels === undefined || Object.keys(labels).length === 0) return undefined;
    if (alerts.length === 0) return {};
    return this.opts.renderRouteLabels
      ? this.opts.renderRouteLabels(this.route, this.labels, alerts)
      : { ...labels };
  }
}
