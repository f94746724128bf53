import type { Labels } from '@vigil/model';
import type { Alert } from '../alert/alert';

/**
 * NotifyContext is everything a notification for one aggregation group needs, passed explicitly (where
 * Alertmanager hides these in context values).
 */
export interface NotifyContext {
  /** The aggregation group's key, e.g. `{}/{severity="page"}:{alertname="X"}`. */
  groupKey: string;
  /** The route's receiver name. */
  receiver: string;
  /** The labels the group is grouped by. */
  groupLabels: Labels;
  /** The route's repeat_interval (ms). */
  repeatIntervalMs: number;
  /** Names of the route's mute_time_intervals / active_time_intervals. */
  muteTimeIntervals: string[];
  activeTimeIntervals: string[];
  /** Evaluation time of this flush (ms). */
  now: number;
  /** The flush must finish by then (ms); retries stop at this deadline. */
  deadline: number;
  /** Aborted when the dispatcher stops. */
  signal?: AbortSignal;
  /** The route's ID (Alertmanager's route.ID()); keys the group marker's time-interval mutes. */
  routeId?: string;
  /** The route's rendered `labels`, given to templates as `RouteLabels` and to webhooks as `routeLabels`. */
  routeLabels?: Labels;
}

/** NotifyFn is what the dispatcher calls per flush; it resolves true when the notification succeeded. */
export type NotifyFn = (ctx: NotifyContext, alerts: Alert[]) => Promise<boolean>;
