// Builders shared by the notification pipeline's tests.

import { fingerprint, type Labels } from '@vigil/model';
import { Registry } from 'prom-client';
import type { Alert } from '../alert/alert';
import type { Integration, Notifier } from './integration';
import { NotifyMetrics } from './notify-metrics';
import type { StageContext } from './stage';

/** T0 is a fixed instant tests start from. */
export const T0 = Date.parse('2024-01-01T00:00:00Z');

/** makeAlert builds an alert; `endsAt` 0 (the default) means firing. */
export function makeAlert(labels: Labels, over: Partial<Alert> = {}): Alert {
  return {
    labels,
    annotations: {},
    startsAt: T0 - 60_000,
    endsAt: 0,
    generatorURL: '',
    updatedAt: T0 - 60_000,
    timeout: false,
    fingerprint: fingerprint(labels),
    ...over,
  };
}

/** makeCtx builds a stage context for group `g` of receiver `ops` at T0. */
export function makeCtx(over: Partial<StageContext> = {}): StageContext {
  return {
    groupKey: '{}:{alertname="A"}',
    receiver: 'ops',
    groupLabels: { alertname: 'A' },
    repeatIntervalMs: 4 * 3_600_000,
    muteTimeIntervals: [],
    activeTimeIntervals: [],
    now: T0,
    deadline: T0 + 300_000,
    signal: new AbortController().signal,
    ...over,
  };
}

/** newMetrics makes notification metrics on a fresh registry. */
export function newMetrics(): { registry: Registry; metrics: NotifyMetrics } {
  const registry = new Registry();
  return { registry, metrics: new NotifyMetrics(registry) };
}

/** metricValue sums the samples of a metric whose labels include `labels` (0 when none). */
export async function metricValue(registry: Registry, name: string, labels: Labels = {}): Promise<number> {
  const m = await registry.getSingleMetric(name)?.get();
  return (m?.values ?? [])
    .filter((v) => Object.entries(labels).every(([k, x]) => (v.labels as Record<string, unknown>)[k] === x))
    .reduce((sum, v) => sum + v.value, 0);
}

/** RecordingNotifier records what it was asked to send and answers from a script (then succeeds). */
export class RecordingNotifier implements Notifier {
  readonly calls: { ctx: StageContext; alerts: Alert[] }[] = [];
  constructor(private readonly script: (Error | undefined)[] = []) {}

  async notify(ctx: StageContext, alerts: Alert[]): Promise<void> {
    const outcome = this.script[this.calls.length];
    this.calls.push({ ctx, alerts });
    if (outcome) throw outcome;
  }
}

/** integrationOf wraps a notifier as webhook[0] of receiver `ops`. */
export function integrationOf(notifier: Notifier, over: Partial<Integration> = {}): Integration {
  return { name: 'webhook', index: 0, receiverName: 'ops', sendResolved: true, notifier, ...over };
}
