import {
  formatMatchers,
  matchersMatch,
  newMatcher,
  sortMatchers,
  type Labels,
  type Matcher,
} from '@vigil/model';
import type { RouteLike, RouteTree } from './route-like';

/** FixtureRouteSpec is a route written the short way for tests: equality matchers, `'...'` in groupBy for all. */
export interface FixtureRouteSpec {
  match?: Record<string, string>;
  receiver?: string;
  groupBy?: string[];
  groupWaitMs?: number;
  groupIntervalMs?: number;
  repeatIntervalMs?: number;
  muteTimeIntervals?: string[];
  activeTimeIntervals?: string[];
  labels?: Labels;
  continue?: boolean;
  routes?: FixtureRouteSpec[];
}

/** FixtureRoute is a RouteLike built from a spec with Alertmanager's inheritance, key, ID and matching rules. */
export class FixtureRoute implements RouteLike, RouteTree {
  readonly receiver: string;
  readonly groupBy: string[];
  readonly groupByAll: boolean;
  readonly groupWaitMs: number;
  readonly groupIntervalMs: number;
  readonly repeatIntervalMs: number;
  readonly muteTimeIntervals: string[];
  readonly activeTimeIntervals: string[];
  readonly labels: Labels | undefined;
  readonly continue: boolean;
  readonly matchers: Matcher[];
  readonly children: FixtureRoute[];

  constructor(
    spec: FixtureRouteSpec,
    private readonly parent?: FixtureRoute,
  ) {
    const groupBy =
      spec.groupBy ?? (parent ? [...parent.groupBy, ...(parent.groupByAll ? ['...'] : [])] : []);
    this.receiver = spec.receiver ?? parent?.receiver ?? 'default';
    this.groupByAll = groupBy.includes('...');
    this.groupBy = groupBy.filter((n) => n !== '...');
    this.groupWaitMs = spec.groupWaitMs ?? parent?.groupWaitMs ?? 30_000;
    this.groupIntervalMs = spec.groupIntervalMs ?? parent?.groupIntervalMs ?? 300_000;
    this.repeatIntervalMs = spec.repeatIntervalMs ?? parent?.repeatIntervalMs ?? 4 * 3_600_000;
    this.muteTimeIntervals = spec.muteTimeIntervals ?? [];
    this.activeTimeIntervals = spec.activeTimeIntervals ?? [];
    this.labels = spec.labels;
    this.continue = spec.continue ?? false;
    this.matchers = sortMatchers(Object.entries(spec.match ?? {}).map(([n, v]) => newMatcher('=', n, v)));
    this.children = (spec.routes ?? []).map((c) => new FixtureRoute(c, this));
  }

  key(): string {
    return (this.parent ? `${this.parent.key()}/` : '') + formatMatchers(this.matchers);
  }

  id(): string {
    let id = (this.parent ? `${this.parent.id()}/` : '') + formatMatchers(this.matchers);
    if (this.parent) id += `/${this.parent.children.indexOf(this)}`;
    return id;
  }

  match(labels: Labels): FixtureRoute[] {
    if (!matchersMatch(this.matchers, labels)) return [];
    const all: FixtureRoute[] = [];
    for (const child of this.children) {
      const matches = child.match(labels);
      all.push(...matches);
      if (matches.length > 0 && !child.continue) break;
    }
    if (all.length === 0) all.push(this);
    return all;
  }
}

/** fixtureRouteTree builds a route tree for tests (the root's receiver defaults to `default`). */
export function fixtureRouteTree(spec: FixtureRouteSpec): FixtureRoute {
  return new FixtureRoute(spec);
}
