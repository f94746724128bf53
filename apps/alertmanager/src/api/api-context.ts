import type { Labels, Matcher, MatcherMode } from '@vigil/model';
import type { AlertmanagerConfig } from '../config/config';
import { newApiAlertMetrics, type ApiAlertMetrics } from './api-metrics';
import type { AlertmanagerApiDeps } from './deps';
import { matchFilterLabels } from './query-params';

/** ApiContext is AlertmanagerApiDeps with defaults applied and metrics registered, as the route plugins take it. */
export interface ApiContext extends AlertmanagerApiDeps {
  now: () => number;
  matcherMode: MatcherMode;
  metrics: ApiAlertMetrics;
}

/**
 * newApiContext applies the defaults of AlertmanagerApiDeps and registers the API's counters. Only the known fields
 * are copied: plugin options also carry fastify's own (`prefix`), which must not reach the route plugins.
 */
export function newApiContext(deps: AlertmanagerApiDeps): ApiContext {
  const ctx: ApiContext = {
    alerts: deps.alerts,
    silences: deps.silences,
    silencer: deps.silencer,
    current: deps.current,
    startedAt: deps.startedAt,
    versionInfo: deps.versionInfo,
    now: deps.now ?? Date.now,
    matcherMode: deps.matcherMode ?? 'fallback',
    metrics: newApiAlertMetrics(deps.registry),
  };
  if (deps.groupMutedBy) ctx.groupMutedBy = deps.groupMutedBy;
  if (deps.cluster) ctx.cluster = deps.cluster;
  if (deps.registry) ctx.registry = deps.registry;
  return ctx;
}

/** receiverLabelsOf maps each configured receiver to its labels (for `receiver_matchers`). */
export function receiverLabelsOf(config: AlertmanagerConfig): Map<string, Labels> {
  return new Map(config.receivers.map((r) => [r.name, r.labels]));
}

/** receiverMatches tells whether a configured receiver's labels pass the `receiver_matchers` (unknown: no). */
export function receiverMatches(
  name: string,
  matchers: readonly Matcher[],
  labels: ReadonlyMap<string, Labels>,
): boolean {
  const ls = labels.get(name);
  return ls !== undefined && matchFilterLabels(matchers, ls);
}
