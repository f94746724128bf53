import { compareStrings, sortedLabelNames, type Labels } from '@vigil/model';
import { isResolved, type Alert } from '../alert/alert';
import { compareSortedLabelSets, sortAlerts } from '../alert/alert-sort';
import {
  compareAlertStates,
  emptyStateCounts,
  type AlertState,
  type AlertStateCounts,
} from '../alert/alert-state';
import type { NotifyFn } from '../notify/notify-context';
import { AggregationGroup, type DispatchLogger, type RouteLabelRenderer } from './aggregation-group';
import { groupIdOf, groupKeyOf, groupLabelsOf } from './group-labels';
import type { RouteLike, RouteTree } from './route-like';
import { systemTimerClock, type TimerClock, type TimerHandle } from './timer-clock';

/** AlertSource is the slice of the alert store the dispatcher reads: a snapshot, then every put. */
export interface AlertSource {
  list(): Alert[];
  subscribe(listener: (alerts: readonly Alert[]) => void): () => void;
}

/** MIN_NOTIFY_TIMEOUT_MS is Alertmanager's notify.MinTimeout: no flush gets less time than this. */
export const MIN_NOTIFY_TIMEOUT_MS = 10_000;

/** defaultFlushTimeout is Alertmanager's timeout function without clustering: max(group_interval, 10s). */
export function defaultFlushTimeout(groupIntervalMs: number): number {
  return Math.max(groupIntervalMs, MIN_NOTIFY_TIMEOUT_MS);
}

/** DispatcherOptions configures a Dispatcher. */
export interface DispatcherOptions {
  route: RouteTree;
  alerts: AlertSource;
  /** The notification pipeline, called once per flush of a group. */
  notify: NotifyFn;
  clock?: TimerClock;
  /** A flush's time budget from its group_interval; default defaultFlushTimeout. */
  timeout?: (groupIntervalMs: number) => number;
  /** Groups flush no earlier than this (ms; `--dispatch.start-delay` after process start); default: at once. */
  startAt?: number;
  /** Most aggregation groups at once; 0 = unlimited. Alerts that would need one more are dropped and logged. */
  maxAggregationGroups?: number;
  renderRouteLabels?: RouteLabelRenderer;
  logger?: DispatchLogger;
}

/** AlertGroup is one aggregation group as `GET /api/v2/alerts/groups` shows it. */
export interface AlertGroup {
  labels: Labels;
  receiver: string;
  groupKey: string;
  routeId: string;
  /** The route's labels rendered against the group's alerts (empty when the route has none). */
  routeLabels: Labels;
  /** The group's alerts that passed the filter, as stored (endsAt not rewritten), in notification order. */
  alerts: Alert[];
}

/** GroupsQuery filters Dispatcher.groups. */
export interface GroupsQuery {
  routeFilter?: (route: RouteLike) => boolean;
  alertFilter?: (alert: Alert, now: number) => boolean;
}

/** GroupsResult is the groups plus, per alert fingerprint, the sorted receivers of the groups it is in. */
export interface GroupsResult {
  groups: AlertGroup[];
  receivers: Map<string, string[]>;
}

interface RouteGroups {
  route: RouteLike;
  key: string;
  id: string;
  groups: Map<string, AggregationGroup>;
}

type DispatcherState = 'new' | 'waiting' | 'running' | 'stopped';

/**
 * Dispatcher is Alertmanager's dispatch.Dispatcher: it routes every stored and incoming alert and puts it into the
 * aggregation group of each matching route (keyed by the route and the alert's group labels), creating groups as
 * needed. A new group flushes after group_wait, or at once if its first alert started more than group_wait ago.
 * On start it rebuilds the groups from the store's alerts, oldest first, so rebuilt groups flush promptly.
 */
export class Dispatcher {
  private readonly opts: DispatcherOptions;
  private readonly clock: TimerClock;
  private readonly timeout: (groupIntervalMs: number) => number;
  private readonly routes = new Map<RouteLike, RouteGroups>();
  private state: DispatcherState = 'new';
  private unsubscribe: (() => void) | undefined;
  private startTimer: TimerHandle | undefined;
  private groupTotal = 0;
  /** How many alerts were dropped because maxAggregationGroups was reached. */
  limitReachedTotal = 0;

  constructor(opts: DispatcherOptions) {
    this.opts = opts;
    this.clock = opts.clock ?? systemTimerClock;
    this.timeout = opts.timeout ?? defaultFlushTimeout;
  }

  /** start loads the store's alerts into groups, subscribes to new ones, and lets groups flush from startAt on. */
  start(): void {
    if (this.state !== 'new') return;
    this.state = 'waiting';
    const initial = this.opts.alerts.list().sort((a, b) => a.startsAt - b.startsAt);
    for (const a of initial) this.routeAlert(a);
    this.unsubscribe = this.opts.alerts.subscribe((alerts) => {
      for (const a of alerts) this.routeAlert(a);
    });
    const delay = (this.opts.startAt ?? 0) - this.clock.now();
    if (delay > 0) this.startTimer = this.clock.setTimer(() => this.becomeRunning(), delay);
    else this.becomeRunning();
  }

  /** stop unsubscribes, cancels every timer and aborts notifications in flight; resolves once those have ended. */
  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    this.unsubscribe?.();
    this.startTimer?.cancel();
    const inFlight: Promise<void>[] = [];
    for (const rg of this.routes.values()) for (const ag of rg.groups.values()) inFlight.push(ag.stop());
    await Promise.allSettled(inFlight);
  }

  /** routeAlert puts an alert into the group of every route it matches (the store subscription calls this). */
  routeAlert(alert: Alert): void {
    if (this.state === 'stopped') return;
    for (const route of this.opts.route.match(alert.labels)) this.groupAlert(alert, route);
  }

  /** groupCount is the number of aggregation groups (`alertmanager_dispatcher_aggregation_groups`). */
  groupCount(): number {
    return this.groupTotal;
  }

  /** receiversFor returns the receivers an alert with these labels is routed to, in route order (API v2 alerts). */
  receiversFor(labels: Labels): string[] {
    return this.opts.route.match(labels).map((r) => r.receiver);
  }

  /**
   * groups lists the aggregation groups as Alertmanager's Dispatcher.Groups: groups with no alert passing the filter
   * are left out; groups sort by labels then receiver, alerts in notification order; receivers per fingerprint are
   * sorted.
   */
  groups(query: GroupsQuery = {}): GroupsResult {
    const now = this.clock.now();
    const out: AlertGroup[] = [];
    const receivers = new Map<string, string[]>();
    for (const rg of this.routes.values()) {
      if (query.routeFilter && !query.routeFilter(rg.route)) continue;
      const receiver = rg.route.receiver;
      for (const ag of rg.groups.values()) {
        const alerts: Alert[] = [];
        for (const a of ag.list()) {
          if (query.alertFilter && !query.alertFilter(a, now)) continue;
          const list = receivers.get(a.fingerprint);
          if (list) list.push(receiver);
          else receivers.set(a.fingerprint, [receiver]);
          alerts.push(a);
        }
        if (alerts.length === 0) continue;
        out.push({
          labels: ag.labels,
          receiver,
          groupKey: ag.groupKey,
          routeId: ag.routeId,
          routeLabels: ag.routeLabels() ?? {},
          alerts: sortAlerts(alerts),
        });
      }
    }
    const names = new Map<AlertGroup, string[]>(out.map((g) => [g, sortedLabelNames(g.labels)]));
    out.sort(
      (a, b) =>
        compareSortedLabelSets(a.labels, names.get(a) ?? [], b.labels, names.get(b) ?? []) ||
        compareStrings(a.receiver, b.receiver),
    );
    for (const list of receivers.values()) list.sort(compareStrings);
    return { groups: out, receivers };
  }

  /**
   * alertStateCounts counts the unresolved alerts held by groups, each fingerprint once at its highest-priority state
   * (suppressed > active > unprocessed) as `statusOf` reports it per group, for `alertmanager_alerts{state}`.
   */
  alertStateCounts(statusOf: (alert: Alert, group: AggregationGroup) => AlertState): AlertStateCounts {
    const now = this.clock.now();
    const seen = new Map<string, AlertState>();
    for (const rg of this.routes.values()) {
      for (const ag of rg.groups.values()) {
        for (const a of ag.list()) {
          if (isResolved(a, now)) continue;
          const state = statusOf(a, ag);
          const prev = seen.get(a.fingerprint);
          if (prev === undefined || compareAlertStates(state, prev) > 0) seen.set(a.fingerprint, state);
        }
      }
    }
    const counts = emptyStateCounts();
    for (const state of seen.values()) counts[state]++;
    return counts;
  }

  private becomeRunning(): void {
    if (this.state !== 'waiting') return;
    this.state = 'running';
    for (const rg of this.routes.values()) for (const ag of rg.groups.values()) ag.run();
  }

  private routeGroups(route: RouteLike): RouteGroups {
    let rg = this.routes.get(route);
    if (!rg) {
      rg = { route, key: route.key(), id: route.id(), groups: new Map() };
      this.routes.set(route, rg);
    }
    return rg;
  }

  private groupAlert(alert: Alert, route: RouteLike): void {
    const rg = this.routeGroups(route);
    const id = groupIdOf(alert, route);
    const existing = rg.groups.get(id);
    if (existing?.insert(alert)) return;

    const limit = this.opts.maxAggregationGroups ?? 0;
    if (limit > 0 && this.groupTotal >= limit) {
      this.limitReachedTotal++;
      this.opts.logger?.error(
        { groups: this.groupTotal, limit, alert: alert.labels['alertname'] ?? '' },
        'Failed to create aggregation group: too many aggregation groups, cannot create new group for alert',
      );
      return;
    }

    const labels = groupLabelsOf(alert, route);
    const ag: AggregationGroup = new AggregationGroup({
      route,
      routeId: rg.id,
      labels,
      groupKey: groupKeyOf(rg.key, labels),
      clock: this.clock,
      notify: this.opts.notify,
      timeout: this.timeout,
      onDestroyed: () => this.removeGroup(rg, id, ag),
      ...(this.opts.renderRouteLabels ? { renderRouteLabels: this.opts.renderRouteLabels } : {}),
      ...(this.opts.logger ? { logger: this.opts.logger } : {}),
    });
    ag.insert(alert);
    // A destroyed group still in the map is replaced, not counted twice.
    if (existing) rg.groups.delete(id);
    else this.groupTotal++;
    rg.groups.set(id, ag);

    if (alert.startsAt + route.groupWaitMs < this.clock.now()) ag.resetTimer(0);
    if (this.state === 'running') ag.run();
  }

  private removeGroup(rg: RouteGroups, id: string, ag: AggregationGroup): void {
    if (rg.groups.get(id) !== ag) return;
    rg.groups.delete(id);
    this.groupTotal--;
  }
}
