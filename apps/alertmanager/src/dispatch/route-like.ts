import type { Labels } from '@vigil/model';

/**
 * RouteLike is what the dispatcher needs of a route, options already inherited from the parents (times in ms);
 * dispatch/route.ts's Route implements it, and plain objects serve in tests.
 */
export interface RouteLike {
  readonly receiver: string;
  /** group_by label names (without `...`). */
  readonly groupBy: readonly string[];
  /** group_by: ['...']: every label of an alert is a group label. */
  readonly groupByAll: boolean;
  readonly groupWaitMs: number;
  readonly groupIntervalMs: number;
  readonly repeatIntervalMs: number;
  readonly muteTimeIntervals: readonly string[];
  readonly activeTimeIntervals: readonly string[];
  /** The route's `labels` (templates not yet rendered); absent or empty for most routes. */
  readonly labels?: Readonly<Labels>;
  /** key is the route's path of matcher sets, e.g. `{}/{severity="page"}` (Alertmanager's Route.Key). */
  key(): string;
  /** id is unique in the tree: the key plus each level's child index, e.g. `{}/{severity="page"}/0`. */
  id(): string;
}

/** RouteTree is the root of a route tree: it returns the routes an alert's labels are routed to, in tree order. */
export interface RouteTree {
  match(labels: Labels): readonly RouteLike[];
}
