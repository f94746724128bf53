import type { Labels, QueryFn, Sample } from '@vigil/model';
import type { AlertStateStore, PersistedGroupState, PersistedRuleState } from '../state/alert-state-store';
import { AlertingRule } from './alerting-rule';
import type { Clock } from './clock';
import { evalTimestamp, groupKey, groupSlotOffsetNs } from './group-slot';
import { labelsKey } from './labels-key';
import { toOutgoingAlert, type NotifyFn } from './outgoing-alert';
import type { Rule } from './rule';
import { errorMessage, type RuleLogger } from './rule-logger';
import { STALE_NAN } from '@vigil/model';

/** AppendSamplesFn stores samples a group produced (rule results, ALERTS, stale markers); it may reject. */
export type AppendSamplesFn = (samples: Sample[]) => void | Promise<void>;

/** RuleEvalObserver receives the durations that metrics summarise (prometheus_rule_evaluation_duration_seconds…). */
export interface RuleEvalObserver {
  ruleEvaluated(groupKey: string, seconds: number): void;
  groupEvaluated(groupKey: string, seconds: number): void;
}

/** RuleGroupDeps is what a group talks to; the manager shares one set between its groups. */
export interface RuleGroupDeps {
  query: QueryFn;
  appendSamples: AppendSamplesFn;
  notify: NotifyFn;
  clock: Clock;
  /** Where alert state is saved after every evaluation and read back at start; none means no persistence. */
  stateStore?: AlertStateStore;
  logger: RuleLogger;
  observer?: RuleEvalObserver;
  /** Minimum time between two sends of the same alert (Prometheus `--rules.alert.resend-delay`, 1m). */
  resendDelayMs: number;
  /** Saved state older than this at the first evaluation is ignored (Prometheus `--rules.alert.for-outage-tolerance`). */
  outageToleranceMs: number;
  /** Aborting it cancels running queries (shutdown without waiting). */
  querySignal?: AbortSignal;
  /** Aborted when the manager stops: pending stale markers of removed groups are then not written. */
  shutdownSignal?: AbortSignal;
}

/** RuleGroupOptions defines one group: its identity, schedule and rules. */
export interface RuleGroupOptions {
  name: string;
  file: string;
  intervalMs: number;
  /** The group's own query_offset; undefined follows `defaultQueryOffsetMs`. */
  queryOffsetMs?: number;
  /** Read at every evaluation, so a changed global offset applies without restarting the group (as in Prometheus). */
  defaultQueryOffsetMs?: () => number;
  limit: number;
  rules: Rule[];
  externalLabels: Labels;
  externalURL: string;
}

/** StopOptions: `markStale` writes stale markers for the group's series two intervals later (removed groups). */
export interface StopOptions {
  markStale?: boolean;
}

/**
 * RuleGroup evaluates its rules in order on Prometheus's schedule (rules/group.go): slots at a per-group
 * offset on the interval grid, overruns skip missed slots and count them, results of one rule are appended
 * before the next runs, and series that disappear get stale markers.
 */
export class RuleGroup {
  readonly name: string;
  readonly file: string;
  /** `file;name`. */
  readonly key: string;
  readonly intervalMs: number;
  readonly limit: number;
  readonly rules: readonly Rule[];
  /** The group's own query_offset, if it sets one. */
  readonly ownQueryOffsetMs: number | undefined;

  /** Evaluations scheduled, run or missed (prometheus_rule_group_iterations_total). */
  iterationsTotal = 0;
  /** Slots skipped because an evaluation overran (prometheus_rule_group_iterations_missed_total). */
  iterationsMissed = 0;
  /** Rule evaluations (prometheus_rule_evaluations_total). */
  evaluationsTotal = 0;
  /** Rule evaluations that failed (prometheus_rule_evaluation_failures_total). */
  evaluationFailures = 0;
  /** Duration of the last group evaluation in ms (prometheus_rule_group_last_duration_seconds). */
  evaluationTimeMs = 0;
  /** Wall-clock start of the last evaluation (prometheus_rule_group_last_evaluation_timestamp_seconds). */
  lastEvaluationMs: number | undefined;
  /** Slot timestamp the last evaluation ran for. */
  lastEvalTimestampMs: number | undefined;
  /** Samples the rules returned in the last evaluation (prometheus_rule_group_last_evaluation_samples). */
  lastSamples = 0;
  /** Resolves when stale markers scheduled by `stop({ markStale: true })` are written or abandoned. */
  staleMarking: Promise<void> = Promise.resolve();

  private readonly deps: RuleGroupDeps;
  private readonly defaultQueryOffsetMs: () => number;
  private readonly externalLabels: Labels;
  private readonly externalURL: string;
  private readonly slotOffsetNs: bigint;
  /** Per rule: the series it wrote last time, by labelsKey. */
  private seriesInPreviousEval: Map<string, Labels>[];
  /** Series of rules that no longer exist, to be marked stale at the next evaluation. */
  private staleSeries: Labels[] = [];
  private readonly stopController = new AbortController();
  private stopping = false;
  private runLoop: Promise<void> | undefined;
  private readonly inflightSends = new Set<Promise<void>>();

  constructor(opts: RuleGroupOptions, deps: RuleGroupDeps) {
    this.name = opts.name;
    this.file = opts.file;
    this.key = groupKey(opts.file, opts.name);
    this.intervalMs = opts.intervalMs;
    this.limit = opts.limit;
    this.rules = [...opts.rules];
    this.ownQueryOffsetMs = opts.queryOffsetMs;
    this.defaultQueryOffsetMs = opts.defaultQueryOffsetMs ?? (() => 0);
    this.externalLabels = { ...opts.externalLabels };
    this.externalURL = opts.externalURL;
    this.deps = deps;
    this.slotOffsetNs = groupSlotOffsetNs(opts.file, opts.name, opts.intervalMs);
    this.seriesInPreviousEval = this.rules.map(() => new Map());
  }

  /** queryOffsetMs is how far behind the evaluation time the rules query. */
  get queryOffsetMs(): number {
    return this.ownQueryOffsetMs ?? this.defaultQueryOffsetMs();
  }

  /** definition is everything that defines the group; a reload leaves a group with an equal definition alone. */
  get definition(): string {
    return JSON.stringify([
      this.name,
      this.file,
      this.intervalMs,
      this.limit,
      this.ownQueryOffsetMs ?? null,
      this.rules.map((r) => r.identity),
      // Prometheus ignores these (its rules capture them once); a change would otherwise never take effect.
      labelsKey(this.externalLabels),
      this.externalURL,
    ]);
  }

  /** alertingRules returns the group's alerting rules in file order. */
  alertingRules(): AlertingRule[] {
    return this.rules.filter((r): r is AlertingRule => r instanceof AlertingRule);
  }

  /** ruleEvaluationTimeSumMs sums the last evaluation time of every rule (prometheus_rule_group_last_rule_duration_sum_seconds). */
  ruleEvaluationTimeSumMs(): number {
    return this.rules.reduce((sum, r) => sum + r.status.evaluationTimeMs, 0);
  }

  /** evalTimestamp is the latest slot of this group at or before `nowMs` (Prometheus's EvalTimestamp). */
  evalTimestamp(nowMs: number): number {
    return evalTimestamp(nowMs, this.intervalMs, this.slotOffsetNs);
  }

  /**
   * start begins evaluating: first at the group's next slot, then every interval. With `restore`, alert
   * state saved by an earlier run is read first (see restoreSavedState for what is restored).
   */
  start(opts: { restore: boolean }): void {
    if (this.runLoop) return;
    this.runLoop = this.run(opts.restore).catch((err: unknown) => {
      this.deps.logger.error({ group: this.key, err: errorMessage(err) }, 'rule group stopped by an error');
    });
  }

  /**
   * stop ends the schedule and waits for a running evaluation (it stops after the rule in progress, as
   * Prometheus does) and for alerts handed to notify. With `markStale`, the group's series are marked stale
   * two intervals later — time for a renamed copy of a rule to write first — unless the manager shuts down.
   */
  async stop(opts: StopOptions = {}): Promise<void> {
    this.stopping = true;
    this.stopController.abort();
    await this.runLoop;
    await Promise.allSettled([...this.inflightSends]);
    if (opts.markStale) this.staleMarking = this.markAllStale(this.deps.clock.now());
  }

  /**
   * copyStateFrom takes over the state of the group this one replaces on reload (Prometheus's CopyState):
   * rules are paired by name and labels (the n-th duplicate with the n-th), their alerts and last series
   * carried over; series of unpaired old rules get stale markers at the next evaluation.
   */
  copyStateFrom(old: RuleGroup): void {
    this.evaluationTimeMs = old.evaluationTimeMs;
    this.lastEvaluationMs = old.lastEvaluationMs;
    this.iterationsTotal = old.iterationsTotal;
    this.iterationsMissed = old.iterationsMissed;
    this.evaluationsTotal = old.evaluationsTotal;
    this.evaluationFailures = old.evaluationFailures;

    const unmatched = new Map<string, number[]>();
    old.rules.forEach((r, i) => {
      const list = unmatched.get(r.matchKey) ?? [];
      list.push(i);
      unmatched.set(r.matchKey, list);
    });
    this.rules.forEach((rule, i) => {
      const fi = unmatched.get(rule.matchKey)?.shift();
      if (fi === undefined) return;
      this.seriesInPreviousEval[i] = new Map(old.seriesInPreviousEval[fi]);
      const from = old.rules[fi];
      if (rule instanceof AlertingRule && from instanceof AlertingRule) rule.copyStateFrom(from);
    });

    this.staleSeries = [...old.staleSeries];
    for (const indexes of unmatched.values()) {
      for (const fi of indexes) this.staleSeries.push(...(old.seriesInPreviousEval[fi]?.values() ?? []));
    }
  }

  /**
   * evaluate runs every rule once for slot `ts`, in order: query, alert state, sends, then appending the
   * samples (with stale markers for series that disappeared) before the next rule runs. A failing rule is
   * recorded in its status and does not stop the others.
   */
  async evaluate(ts: number): Promise<void> {
    const queryOffsetMs = this.queryOffsetMs;
    let samples = 0;
    for (let i = 0; i < this.rules.length; i++) {
      if (this.stopping) return;
      samples += await this.evaluateRule(i, ts, queryOffsetMs);
    }
    this.lastSamples = samples;
    if (this.staleSeries.length > 0 && (await this.appendStale(ts - queryOffsetMs, this.staleSeries))) {
      this.staleSeries = [];
    }
  }

  /** snapshot is the group's alert state in the shape the state store saves. */
  snapshot(evaluatedAtMs: number): PersistedGroupState {
    return { groupKey: this.key, evaluatedAtMs, rules: this.alertingRules().map((r) => r.snapshot()) };
  }

  /**
   * restoreSavedState puts saved alerts back into their rules (matched by ruleKey, the n-th duplicate with
   * the n-th) before the first evaluation.
   *
   * Vigil restores the exact state — activeAt, firedAt, lastSentAt, resolvedAt, keepFiringSince — so a
   * pending alert fires at its original activeAt + for, and a firing one is not re-sent before the resend
   * delay. Prometheus instead re-reads ALERTS_FOR_STATE and shifts activeAt by the downtime, with a grace
   * period. Like Prometheus's for_outage_tolerance, state older than `outageToleranceMs` at the first
   * evaluation is ignored entirely: after so long an outage the alerts start over, and the Alertmanager
   * resolves the old ones when their endsAt passes.
   */
  restoreSavedState(saved: PersistedGroupState, firstEvalTs: number): boolean {
    if (firstEvalTs - saved.evaluatedAtMs > this.deps.outageToleranceMs) return false;
    const byKey = new Map<string, PersistedRuleState[]>();
    for (const r of saved.rules) {
      const list = byKey.get(r.ruleKey) ?? [];
      list.push(r);
      byKey.set(r.ruleKey, list);
    }
    for (const rule of this.alertingRules()) {
      const state = byKey.get(rule.ruleKey)?.shift();
      if (state) rule.restore(state);
    }
    return true;
  }

  private async run(restore: boolean): Promise<void> {
    const { clock } = this.deps;
    const interval = this.intervalMs;
    let ts = this.evalTimestamp(clock.now()) + interval;
    if (restore) await this.loadSavedState(ts);
    if (!(await this.sleepUntil(ts))) return;
    await this.iterate(ts);
    for (;;) {
      if (!(await this.sleepUntil(ts + interval))) return;
      // Past the next slot already when an evaluation overran: run the latest slot, count the skipped ones.
      const slots = Math.max(1, Math.floor((clock.now() - ts) / interval));
      if (slots > 1) {
        this.iterationsMissed += slots - 1;
        this.iterationsTotal += slots - 1;
      }
      ts += slots * interval;
      await this.iterate(ts);
    }
  }

  private async sleepUntil(t: number): Promise<boolean> {
    if (this.stopping) return false;
    return this.deps.clock.sleep(t - this.deps.clock.now(), this.stopController.signal);
  }

  private async iterate(ts: number): Promise<void> {
    const { clock } = this.deps;
    this.iterationsTotal++;
    const start = clock.now();
    try {
      await this.evaluate(ts);
    } catch (err) {
      this.deps.logger.error({ group: this.key, err: errorMessage(err) }, 'rule group evaluation failed');
    }
    const duration = clock.now() - start;
    this.evaluationTimeMs = duration;
    this.lastEvaluationMs = start;
    this.lastEvalTimestampMs = ts;
    this.deps.observer?.groupEvaluated(this.key, duration / 1000);
    await this.saveState(ts);
  }

  private async evaluateRule(i: number, ts: number, queryOffsetMs: number): Promise<number> {
    const rule = this.rules[i];
    if (!rule) return 0;
    const { clock } = this.deps;
    const start = clock.now();
    this.evaluationsTotal++;
    try {
      let vector: Sample[];
      try {
        vector = await rule.evaluate({
          ts,
          queryOffsetMs,
          limit: this.limit,
          query: this.deps.query,
          signal: this.deps.querySignal,
        });
      } catch (err) {
        this.ruleFailed(rule, err, 'evaluating rule failed');
        return 0;
      }
      rule.status.health = 'ok';
      rule.status.lastError = undefined;

      if (rule instanceof AlertingRule) this.sendAlerts(rule, ts);

      const returned = new Map<string, Labels>();
      for (const s of vector) returned.set(labelsKey(s.labels), s.labels);
      const batch = [...vector];
      for (const [key, labels] of this.seriesInPreviousEval[i] ?? []) {
        if (!returned.has(key)) batch.push({ labels, t: ts - queryOffsetMs, v: STALE_NAN });
      }
      try {
        if (batch.length > 0) await this.deps.appendSamples(batch);
        this.seriesInPreviousEval[i] = returned;
      } catch (err) {
        this.ruleFailed(rule, err, 'appending rule samples failed');
      }
      return vector.length;
    } finally {
      const duration = clock.now() - start;
      rule.status.lastEvaluationMs = start;
      rule.status.evaluationTimeMs = duration;
      this.deps.observer?.ruleEvaluated(this.key, duration / 1000);
    }
  }

  private ruleFailed(rule: Rule, err: unknown, msg: string): void {
    rule.status.health = 'err';
    rule.status.lastError = errorMessage(err);
    this.evaluationFailures++;
    // Queries cancelled at shutdown are intentional, as Prometheus's ErrQueryCanceled.
    if (!this.deps.querySignal?.aborted) {
      this.deps.logger.warn({ group: this.key, rule: rule.name, err: errorMessage(err) }, msg);
    }
  }

  private sendAlerts(rule: AlertingRule, ts: number): void {
    const alerts = rule.alertsToSend(ts, this.deps.resendDelayMs, this.intervalMs);
    if (alerts.length === 0) return;
    const ctx = { expr: rule.expr, externalLabels: this.externalLabels, externalURL: this.externalURL };
    const outgoing = alerts.map((a) => toOutgoingAlert(a, ctx));
    // Not awaited: like Prometheus's notifier queue, a slow sender must not hold up evaluation.
    const send = (async () => {
      try {
        await this.deps.notify(outgoing, { group: this.name, file: this.file, rule: rule.name });
      } catch (err) {
        this.deps.logger.warn(
          { group: this.key, rule: rule.name, err: errorMessage(err) },
          'sending alerts failed',
        );
      }
    })();
    this.inflightSends.add(send);
    void send.finally(() => this.inflightSends.delete(send));
  }

  private async appendStale(t: number, series: Labels[]): Promise<boolean> {
    try {
      await this.deps.appendSamples(series.map((labels) => ({ labels, t, v: STALE_NAN })));
      return true;
    } catch (err) {
      this.deps.logger.warn({ group: this.key, err: errorMessage(err) }, 'appending stale markers failed');
      return false;
    }
  }

  private async markAllStale(stoppedAtMs: number): Promise<void> {
    const series = [...this.staleSeries];
    for (const m of this.seriesInPreviousEval) series.push(...m.values());
    this.seriesInPreviousEval = this.rules.map(() => new Map());
    this.staleSeries = [];
    if (series.length === 0) return;
    if (!(await this.deps.clock.sleep(2 * this.intervalMs, this.deps.shutdownSignal))) return;
    await this.appendStale(stoppedAtMs - this.queryOffsetMs, series);
  }

  private async loadSavedState(firstEvalTs: number): Promise<void> {
    const store = this.deps.stateStore;
    if (!store || this.alertingRules().length === 0) return;
    try {
      const saved = await store.load(this.key);
      if (saved && !this.restoreSavedState(saved, firstEvalTs)) {
        this.deps.logger.info(
          { group: this.key, savedAt: new Date(saved.evaluatedAtMs).toISOString() },
          'saved alert state older than the outage tolerance; alerts start over',
        );
      }
    } catch (err) {
      this.deps.logger.warn({ group: this.key, err: errorMessage(err) }, 'loading saved alert state failed');
    }
  }

  private async saveState(ts: number): Promise<void> {
    const store = this.deps.stateStore;
    if (!store || this.alertingRules().length === 0) return;
    try {
      await store.save(this.snapshot(ts));
    } catch (err) {
      this.deps.logger.warn({ group: this.key, err: errorMessage(err) }, 'saving alert state failed');
    }
  }
}
