// The routing tree (Alertmanager's dispatch/route.go): options inherited down the tree, depth-first matching
// that stops at the first matching child unless it has `continue`, and the route keys and IDs that name
// aggregation groups.

import {
  compareStrings,
  formatMatchers,
  goQuote,
  matchersMatch,
  newMatcher,
  sortMatchers,
  type Labels,
  type Matcher,
} from '@vigil/model';
import type { RouteConfig } from '../config';
import type { RouteLike, RouteTree } from './route-like';

/** RouteOpts are the effective settings of a route after inheritance. */
export interface RouteOpts {
  receiver: string;
  /** Label names to group by (sorted). */
  groupBy: readonly string[];
  /** Group by every label (`group_by: ['...']`). */
  groupByAll: boolean;
  /** Milliseconds. */
  groupWait: number;
  groupInterval: number;
  repeatInterval: number;
  /** Not inherited: each route names its own. */
  muteTimeIntervals: readonly string[];
  activeTimeIntervals: readonly string[];
  /** Route labels merged from the root down (templates, rendered per group). */
  labels: Readonly<Labels>;
}

/** Alertmanager's defaults: group_wait 30s, group_interval 5m, repeat_interval 4h, one group for all. */
export const DEFAULT_ROUTE_OPTS: RouteOpts = {
  receiver: '',
  groupBy: [],
  groupByAll: false,
  groupWait: 30_000,
  groupInterval: 5 * 60_000,
  repeatInterval: 4 * 3_600_000,
  muteTimeIntervals: [],
  activeTimeIntervals: [],
  labels: {},
};

/** Route is a node of the routing tree; it is the RouteLike/RouteTree the dispatcher works with. */
export class Route implements RouteLike, RouteTree {
  /** Child routes, in configuration order. */
  readonly routes: Route[] = [];
  /** Post-order index: children are numbered before their parent; the root is last. */
  idx = 0;
  /** Whether matching goes on to the next sibling after this route matched. */
  readonly continue: boolean;
  private cachedKey: string | undefined;
  private cachedId: string | undefined;

  private constructor(
    readonly parent: Route | undefined,
    readonly opts: RouteOpts,
    /** Sorted as Alertmanager sorts them (name, value, operator). */
    readonly matchers: readonly Matcher[],
    continueMatching: boolean,
  ) {
    this.continue = continueMatching;
  }

  /** receiver is the effective receiver name. */
  get receiver(): string {
    return this.opts.receiver;
  }

  /** groupBy lists the group_by label names (sorted, without `...`). */
  get groupBy(): readonly string[] {
    return this.opts.groupBy;
  }

  /** groupByAll is true for group_by: ['...']. */
  get groupByAll(): boolean {
    return this.opts.groupByAll;
  }

  /** groupWaitMs is the effective group_wait. */
  get groupWaitMs(): number {
    return this.opts.groupWait;
  }

  /** groupIntervalMs is the effective group_interval. */
  get groupIntervalMs(): number {
    return this.opts.groupInterval;
  }

  /** repeatIntervalMs is the effective repeat_interval. */
  get repeatIntervalMs(): number {
    return this.opts.repeatInterval;
  }

  /** muteTimeIntervals names the intervals during which this route is muted. */
  get muteTimeIntervals(): readonly string[] {
    return this.opts.muteTimeIntervals;
  }

  /** activeTimeIntervals names the intervals outside which this route is muted. */
  get activeTimeIntervals(): readonly string[] {
    return this.opts.activeTimeIntervals;
  }

  /** labels are the merged route labels (unrendered templates). */
  get labels(): Readonly<Labels> {
    return this.opts.labels;
  }

  /** fromConfig builds the tree for a configured route (usually the root, with no parent). */
  static fromConfig(config: RouteConfig, parent?: Route): Route {
    const counter = { next: 0 };
    return Route.build(config, parent, counter);
  }

  private static build(cr: RouteConfig, parent: Route | undefined, counter: { next: number }): Route {
    const base = parent ? parent.opts : DEFAULT_ROUTE_OPTS;
    const opts: RouteOpts = { ...base };
    if (cr.labels && Object.keys(cr.labels).length > 0) opts.labels = { ...base.labels, ...cr.labels };
    if (cr.receiver !== '') opts.receiver = cr.receiver;
    if (cr.groupBy !== undefined) {
      opts.groupBy = [...new Set(cr.groupBy)].sort(compareStrings);
      opts.groupByAll = false;
    } else if (cr.groupByAll) {
      opts.groupByAll = true;
    }
    if (cr.groupWait !== undefined) opts.groupWait = cr.groupWait;
    if (cr.groupInterval !== undefined) opts.groupInterval = cr.groupInterval;
    if (cr.repeatInterval !== undefined) opts.repeatInterval = cr.repeatInterval;
    opts.muteTimeIntervals = cr.muteTimeIntervals ?? [];
    opts.activeTimeIntervals = cr.activeTimeIntervals ?? [];

    const matchers: Matcher[] = [];
    for (const [name, value] of Object.entries(cr.match ?? {})) matchers.push(newMatcher('=', name, value));
    // Alertmanager builds legacy regex matchers from the compiled pattern text, so they print as ^(?:…)$.
    for (const [name, re] of Object.entries(cr.matchRe ?? {}))
      matchers.push(newMatcher('=~', name, `^(?:${re.source})$`));
    matchers.push(...(cr.matchers ?? []));

    const route = new Route(parent, opts, sortMatchers(matchers), cr.continue);
    for (const child of cr.routes ?? []) if (child) route.routes.push(Route.build(child, route, counter));
    route.idx = counter.next++;
    return route;
  }

  /**
   * match returns the routes an alert with these labels goes to: depth-first, left to right, stopping at the first
   * matching child unless it has `continue`; a matching node without matching children is itself the result.
   */
  match(labels: Labels): Route[] {
    if (!matchersMatch(this.matchers, labels)) return [];
    const all: Route[] = [];
    for (const child of this.routes) {
      const found = child.match(labels);
      all.push(...found);
      if (found.length > 0 && !child.continue) break;
    }
    return all.length > 0 ? all : [this];
  }

  /** key identifies the route by its matchers from the root: `{}/{severity="page"}`. */
  key(): string {
    if (this.cachedKey === undefined) {
      const own = formatMatchers(this.matchers);
      this.cachedKey = this.parent ? `${this.parent.key()}/${own}` : own;
    }
    return this.cachedKey;
  }

  /** id is unique even for siblings with equal matchers: the key path plus each route's index among its siblings. */
  id(): string {
    if (this.cachedId === undefined) {
      const own = formatMatchers(this.matchers);
      if (!this.parent) {
        this.cachedId = own;
      } else {
        const index = this.parent.routes.indexOf(this);
        this.cachedId = `${this.parent.id()}/${own}/${index}`;
      }
    }
    return this.cachedId;
  }

  /** walk visits this route and then its descendants, depth-first in configuration order. */
  walk(visit: (route: Route) => void): void {
    visit(this);
    for (const child of this.routes) child.walk(visit);
  }

  /** groupLabels picks the labels an alert is grouped by on this route. */
  groupLabels(alertLabels: Labels): Labels {
    const out: Labels = {};
    for (const [name, value] of Object.entries(alertLabels)) {
      if (this.opts.groupByAll || this.opts.groupBy.includes(name)) out[name] = value;
    }
    return out;
  }

  /** groupKey names the aggregation group an alert joins on this route: `<route key>:<group labels>`. */
  groupKey(alertLabels: Labels): string {
    return `${this.key()}:${formatLabelSet(this.groupLabels(alertLabels))}`;
  }
}

// Prometheus's model.LabelSet.String(): `{a="1", b="2"}`, names in byte order, values Go-quoted.
function formatLabelSet(labels: Labels): string {
  const names = Object.keys(labels).sort(compareStrings);
  return `{${names.map((n) => `${n}=${goQuote(labels[n] as string)}`).join(', ')}}`;
}
