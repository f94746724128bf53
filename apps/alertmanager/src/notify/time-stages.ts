// The route's mute_time_intervals and active_time_intervals: whole groups are held back by the calendar.

import type { NotifyLogger } from './logger';
import type { NotifyMetrics } from './notify-metrics';
import { stage, type Stage } from './stage';

/** TimeMuter names which of some time intervals contain an instant (the timeinterval Intervener is one). */
export interface TimeMuter {
  /** activeIntervals returns those of `names` that contain `now`; an unknown name throws. */
  activeIntervals(names: readonly string[], now: number): string[];
}

/**
 * GroupMarker records which time intervals currently mute a route's group, for the API's `mutedBy` (Alertmanager's
 * marker.GroupMarker). An empty list clears the mark.
 */
export interface GroupMarker {
  setMuted(routeId: string, groupKey: string, timeIntervalNames: string[]): void;
}

/** timeMuteStage drops all alerts while `now` is inside one of the route's mute_time_intervals. */
export function timeMuteStage(
  muter: TimeMuter,
  metrics: NotifyMetrics,
  marker?: GroupMarker,
  logger?: NotifyLogger,
): Stage {
  return stage(async (ctx, alerts) => {
    const routeId = ctx.routeId ?? '';
    if (ctx.muteTimeIntervals.length === 0) {
      marker?.setMuted(routeId, ctx.groupKey, []);
      return { ctx, alerts };
    }
    const mutedBy = muter.activeIntervals(ctx.muteTimeIntervals, ctx.now);
    marker?.setMuted(routeId, ctx.groupKey, mutedBy);
    if (mutedBy.length === 0) return { ctx, alerts };
    metrics.suppressed.inc({ reason: 'mute_time_interval' }, alerts.length);
    logger?.debug(
      { aggrGroup: ctx.groupKey, alerts: alerts.length, mutedBy },
      'Notifications not sent, route is within mute time',
    );
    return { ctx, alerts: [] };
  });
}

/** timeActiveStage drops all alerts while `now` is outside every one of the route's active_time_intervals. */
export function timeActiveStage(
  muter: TimeMuter,
  metrics: NotifyMetrics,
  marker?: GroupMarker,
  logger?: NotifyLogger,
): Stage {
  return stage(async (ctx, alerts) => {
    const routeId = ctx.routeId ?? '';
    if (ctx.activeTimeIntervals.length === 0) {
      marker?.setMuted(routeId, ctx.groupKey, []);
      return { ctx, alerts };
    }
    const active = muter.activeIntervals(ctx.activeTimeIntervals, ctx.now).length > 0;
    // Outside every active interval, the group is muted by all of them.
    marker?.setMuted(routeId, ctx.groupKey, active ? [] : [...ctx.activeTimeIntervals]);
    if (active) return { ctx, alerts };
    metrics.suppressed.inc({ reason: 'active_time_interval' }, alerts.length);
    logger?.debug(
      { aggrGroup: ctx.groupKey, alerts: alerts.length },
      'Notifications not sent, route is not within active time',
    );
    return { ctx, alerts: [] };
  });
}
