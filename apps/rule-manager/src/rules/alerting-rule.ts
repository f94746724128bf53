import { METRIC_NAME_LABEL, type Labels, type Sample } from '@vigil/model';
import type { PersistedRuleState } from '../state/alert-state-store';
import {
  RESOLVED_RETENTION_MS,
  copyAlert,
  fromPersistedAlert,
  needsSending,
  toPersistedAlert,
  type Alert,
} from './alert';
import { labelsKey, setLabel, sortLabels } from './labels-key';
import { resultToVector } from './query-vector';
import { newRuleStatus, type RuleEvalContext, type RuleStatus } from './rule';
import { expandIfTemplated, type ExpandTemplateFn } from './template-expander';

/** ALERTS_METRIC_NAME is the series an alerting rule writes per active alert (value 1). */
export const ALERTS_METRIC_NAME = 'ALERTS';
/** ALERTS_FOR_STATE_METRIC_NAME is the series holding each active alert's activeAt (unix seconds). */
export const ALERTS_FOR_STATE_METRIC_NAME = 'ALERTS_FOR_STATE';
/** ALERT_STATE_LABEL is the label of ALERTS that says pending or firing. */
export const ALERT_STATE_LABEL = 'alertstate';
/** ALERT_NAME_LABEL is the label carrying the alerting rule's name. */
export const ALERT_NAME_LABEL = 'alertname';

/** DUPLICATE_ALERT_LABELSET_ERROR is Prometheus's ErrDuplicateAlertLabelSet message. */
export const DUPLICATE_ALERT_LABELSET_ERROR =
  'vector contains metrics with the same labelset after applying alert labels';

/** AlertingRuleState is an alerting rule's state: that of its most advanced alert; unknown before evaluation. */
export type AlertingRuleState = 'unknown' | 'inactive' | 'pending' | 'firing';

/** AlertingRuleOptions defines an alerting rule; labels are the group's merged with the rule's (rule wins). */
export interface AlertingRuleOptions {
  name: string;
  expr: string;
  forMs: number;
  keepFiringForMs: number;
  /** Label templates: group labels overridden by the rule's own. */
  labels: Labels;
  annotations: Labels;
  externalLabels: Labels;
  externalURL: string;
  expand: ExpandTemplateFn;
}

const STATE_RANK: Record<AlertingRuleState, number> = { unknown: 0, inactive: 1, pending: 2, firing: 3 };

/** alertingRuleKey identifies a rule's saved state: name, labels and expression, so an edited rule starts afresh. */
export function alertingRuleKey(name: string, labels: Labels, expr: string): string {
  return JSON.stringify(['alert', name, labelsKey(labels), expr]);
}

/**
 * AlertingRule turns the result of an expression into alerts and walks them through Prometheus's state
 * machine (rules/alerting.go): pending → firing after `for`, kept firing for `keep_firing_for`, resolved
 * alerts retained 15 minutes so their resolution is re-sent.
 */
export class AlertingRule {
  readonly kind = 'alerting' as const;
  readonly name: string;
  readonly expr: string;
  readonly forMs: number;
  readonly keepFiringForMs: number;
  readonly labels: Labels;
  readonly annotations: Labels;
  /** Outcome of the last evaluation, set by the group that runs the rule. */
  readonly status: RuleStatus = newRuleStatus();
  private readonly externalLabels: Labels;
  private readonly externalURL: string;
  private readonly expand: ExpandTemplateFn;
  /** Alerts by labelsKey(labels), pending/firing plus resolved ones still retained. */
  private active = new Map<string, Alert>();

  constructor(opts: AlertingRuleOptions) {
    this.name = opts.name;
    this.expr = opts.expr;
    this.forMs = opts.forMs;
    this.keepFiringForMs = opts.keepFiringForMs;
    this.labels = { ...opts.labels };
    this.annotations = { ...opts.annotations };
    this.externalLabels = { ...opts.externalLabels };
    this.externalURL = opts.externalURL;
    this.expand = opts.expand;
  }

  /** ruleKey identifies this rule's alerts in the state store. */
  get ruleKey(): string {
    return alertingRuleKey(this.name, this.labels, this.expr);
  }

  /** identity is everything that defines the rule; two rules with equal identities behave the same. */
  get identity(): string {
    return JSON.stringify([
      'alert',
      this.name,
      this.expr,
      this.forMs,
      this.keepFiringForMs,
      labelsKey(this.labels),
      labelsKey(this.annotations),
    ]);
  }

  /** matchKey is how Prometheus's CopyState pairs rules across a reload: name plus labels. */
  get matchKey(): string {
    return JSON.stringify([this.name, labelsKey(this.labels)]);
  }

  /**
   * evaluate runs the expression, updates the alerts and returns the ALERTS and ALERTS_FOR_STATE samples.
   * It throws (leaving the alerts untouched) on query errors and duplicate label sets, and throws after
   * clearing all alerts when the group's limit is exceeded — Prometheus's behaviour in all three cases.
   */
  async evaluate(ctx: RuleEvalContext): Promise<Sample[]> {
    const { ts } = ctx;
    const queryTs = ts - ctx.queryOffsetMs;
    const vector = resultToVector(await ctx.query(this.expr, queryTs, ctx.signal));

    const fresh = new Map<string, Alert>();
    for (const sample of vector) {
      const { labels, annotations } = await this.render(sample, ctx);
      const key = labelsKey(labels);
      if (fresh.has(key)) throw new Error(DUPLICATE_ALERT_LABELSET_ERROR);
      fresh.set(key, { state: 'pending', labels, annotations, value: sample.v, activeAtMs: ts });
    }

    for (const [key, alert] of fresh) {
      const known = this.active.get(key);
      if (known && known.state !== 'inactive') {
        known.value = alert.value;
        known.annotations = alert.annotations;
        continue;
      }
      // New, or back after being resolved: a resolved alert is replaced by a new one with a new activeAt.
      this.active.set(key, alert);
    }

    const out: Sample[] = [];
    let activeCount = 0;
    for (const [key, a] of this.active) {
      if (!fresh.has(key)) {
        let keepFiring = false;
        if (a.state === 'firing' && this.keepFiringForMs > 0) {
          a.keepFiringSinceMs ??= ts;
          keepFiring = ts - a.keepFiringSinceMs < this.keepFiringForMs;
        }
        // Pending alerts vanish without a trace; resolved ones stay for the retention period so their
        // resolution keeps being sent in case an earlier send or the Alertmanager got lost.
        if (
          a.state === 'pending' ||
          (a.resolvedAtMs !== undefined && ts - a.resolvedAtMs > RESOLVED_RETENTION_MS)
        ) {
          this.active.delete(key);
        }
        if (a.state !== 'inactive' && !keepFiring) {
          a.state = 'inactive';
          a.resolvedAtMs = ts;
        }
        if (!keepFiring) continue;
      } else {
        a.keepFiringSinceMs = undefined;
      }
      activeCount++;

      if (a.state === 'pending' && ts - a.activeAtMs >= this.forMs) {
        a.state = 'firing';
        a.firedAtMs = ts;
      }
      // State carried over from a rule with a shorter `for` must wait out the new one.
      if (a.state === 'firing' && ts - a.activeAtMs < this.forMs) {
        a.state = 'pending';
        a.firedAtMs = undefined;
        a.lastSentAtMs = undefined;
        a.keepFiringSinceMs = undefined;
      }

      out.push(this.alertsSample(a, queryTs), this.forStateSample(a, queryTs));
    }

    if (ctx.limit > 0 && activeCount > ctx.limit) {
      this.active = new Map();
      throw new Error(`exceeded limit of ${ctx.limit} with ${activeCount} alerts`);
    }
    return out;
  }

  /**
   * alertsToSend picks the alerts Prometheus would send now (needsSending), marks them sent at `ts` with
   * validUntil = ts + 4 × max(interval, resendDelay), and returns copies.
   */
  alertsToSend(ts: number, resendDelayMs: number, intervalMs: number): Alert[] {
    const out: Alert[] = [];
    for (const a of this.active.values()) {
      if (!needsSending(a, ts, resendDelayMs)) continue;
      a.lastSentAtMs = ts;
      // Allows for two missed evaluations or failed sends before the Alertmanager times the alert out.
      a.validUntilMs = ts + 4 * Math.max(intervalMs, resendDelayMs);
      out.push(copyAlert(a));
    }
    return out;
  }

  /** activeAlerts returns copies of the pending and firing alerts (resolved ones excluded), for the API. */
  activeAlerts(): Alert[] {
    return [...this.active.values()].filter((a) => a.resolvedAtMs === undefined).map(copyAlert);
  }

  /** currentAlerts returns copies of all alerts held, including resolved ones still retained. */
  currentAlerts(): Alert[] {
    return [...this.active.values()].map(copyAlert);
  }

  /** state is the most advanced state among the rule's alerts; `unknown` until the first evaluation. */
  state(): AlertingRuleState {
    if (this.status.lastEvaluationMs === undefined) return 'unknown';
    let state: AlertingRuleState = 'inactive';
    for (const a of this.active.values()) if (STATE_RANK[a.state] > STATE_RANK[state]) state = a.state;
    return state;
  }

  /** snapshot returns the rule's alerts in the shape the state store saves. */
  snapshot(): PersistedRuleState {
    return { ruleKey: this.ruleKey, alerts: [...this.active.values()].map(toPersistedAlert) };
  }

  /** restore replaces the rule's alerts with saved ones (used before the first evaluation after a restart). */
  restore(state: PersistedRuleState): void {
    this.active = new Map();
    for (const p of state.alerts) {
      const a = fromPersistedAlert(p);
      this.active.set(labelsKey(a.labels), a);
    }
  }

  /** copyStateFrom takes over another rule's alerts, as Prometheus's CopyState does on reload. */
  copyStateFrom(other: AlertingRule): void {
    for (const a of other.active.values()) this.active.set(labelsKey(a.labels), copyAlert(a));
  }

  private async render(
    sample: Sample,
    ctx: RuleEvalContext,
  ): Promise<{ labels: Labels; annotations: Labels }> {
    const data = {
      labels: sample.labels,
      value: sample.v,
      externalLabels: this.externalLabels,
      externalURL: this.externalURL,
    };
    const opts = { timestampMs: ctx.ts, query: ctx.query, externalURL: this.externalURL };
    // The expander names the template `__alert_<rule name>`, as Prometheus does.
    const expand = (text: string): Promise<string> =>
      expandIfTemplated(this.expand, this.name, text, data, opts);

    const labelEntries = Object.entries(this.labels);
    const annotationEntries = Object.entries(this.annotations);
    const [labelValues, annotationValues] = await Promise.all([
      Promise.all(labelEntries.map(([, text]) => expand(text))),
      Promise.all(annotationEntries.map(([, text]) => expand(text))),
    ]);

    const labels: Labels = { ...sample.labels };
    delete labels[METRIC_NAME_LABEL];
    labelEntries.forEach(([name], i) => setLabel(labels, name, labelValues[i] ?? ''));
    labels[ALERT_NAME_LABEL] = this.name;

    const annotations: Labels = {};
    annotationEntries.forEach(([name], i) => {
      annotations[name] = annotationValues[i] ?? '';
    });
    return { labels: sortLabels(labels), annotations: sortLabels(annotations) };
  }

  // Prometheus starts these series from the rule's unexpanded labels and lays the alert's labels over them;
  // they differ only when a label template renders empty (the raw template text then leaks into the series).
  // The alert-generator spec says the series carry the alert's labels only, and that is what we write.
  private alertsSample(a: Alert, t: number): Sample {
    const labels: Labels = {
      ...a.labels,
      [METRIC_NAME_LABEL]: ALERTS_METRIC_NAME,
      [ALERT_NAME_LABEL]: this.name,
      [ALERT_STATE_LABEL]: a.state,
    };
    return { labels: sortLabels(labels), t, v: 1 };
  }

  private forStateSample(a: Alert, t: number): Sample {
    const labels: Labels = {
      ...a.labels,
      [METRIC_NAME_LABEL]: ALERTS_FOR_STATE_METRIC_NAME,
      [ALERT_NAME_LABEL]: this.name,
    };
    // Go's time.Unix() truncates to whole seconds.
    return { labels: sortLabels(labels), t, v: Math.floor(a.activeAtMs / 1000) };
  }
}
