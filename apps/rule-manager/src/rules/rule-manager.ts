import { compareStrings, type Labels, type QueryFn } from '@vigil/model';
import type { RuleGroupSpec } from '@vigil/rulefmt';
import type { AlertStateStore } from '../state/alert-state-store';
import { DEFAULT_RESEND_DELAY_MS } from './alert';
import { AlertingRule } from './alerting-rule';
import { systemClock, type Clock } from './clock';
import { groupKey } from './group-slot';
import type { NotifyFn } from './outgoing-alert';
import { RecordingRule } from './recording-rule';
import type { Rule } from './rule';
import { RuleGroup, type AppendSamplesFn, type RuleEvalObserver, type RuleGroupDeps } from './rule-group';
import { silentLogger, type RuleLogger } from './rule-logger';
import { toRuleGroupView, type RuleGroupView } from './rule-views';
import type { ExpandTemplateFn } from './template-expander';

/** DEFAULT_EVALUATION_INTERVAL_MS is Prometheus's default `global.evaluation_interval`. */
export const DEFAULT_EVALUATION_INTERVAL_MS = 60_000;
/** DEFAULT_OUTAGE_TOLERANCE_MS is Prometheus's `--rules.alert.for-outage-tolerance` default. */
export const DEFAULT_OUTAGE_TOLERANCE_MS = 60 * 60_000;

/** RuleManagerOptions is everything the manager talks to; only the first four are required. */
export interface RuleManagerOptions {
  /** Instant queries for rule expressions and templates' `query`. */
  query: QueryFn;
  /** Where produced samples go (recording-rule output, ALERTS, ALERTS_FOR_STATE, stale markers). */
  appendSamples: AppendSamplesFn;
  /** Alerts to deliver, after every rule evaluation that has some. */
  notify: NotifyFn;
  /** Label/annotation template expansion (`expandAlertTemplate` of `@vigil/templating`). */
  expand: ExpandTemplateFn;
  clock?: Clock;
  stateStore?: AlertStateStore;
  logger?: RuleLogger;
  observer?: RuleEvalObserver;
  /** Default 1m. */
  resendDelayMs?: number;
  /** Default 1h. */
  outageToleranceMs?: number;
  /**
   * Prints an expression the way Prometheus prints a parsed one (used for generatorURL and the API's
   * `query`); defaults to the expression as written.
   */
  formatExpr?: (expr: string) => string;
}

/** RuleManagerGlobals is the `global` part of the configuration that rule groups read. */
export interface RuleManagerGlobals {
  /** `global.evaluation_interval`, default 1m. */
  evaluationIntervalMs?: number;
  /** `global.rule_query_offset`, default 0. */
  queryOffsetMs?: number;
  externalLabels?: Labels;
  /** `--web.external-url`, used for generatorURL and templates' `$externalURL`. */
  externalURL?: string;
}

/** StopManagerOptions: `cancelQueries` aborts running queries instead of waiting for them. */
export interface StopManagerOptions {
  cancelQueries?: boolean;
}

/**
 * RuleManager runs the rule groups and applies new rule sets (Prometheus's rules.Manager): an unchanged
 * group keeps running untouched, a changed one restarts with its alerts carried over, a removed one stops
 * and marks its series stale. Validation happens before: `update` takes valid groups only.
 */
export class RuleManager {
  private groupsByKey = new Map<string, RuleGroup>();
  private readonly deps: RuleGroupDeps;
  private readonly expand: ExpandTemplateFn;
  private readonly formatExpr: (expr: string) => string;
  private readonly queryAbort = new AbortController();
  private readonly shutdown = new AbortController();
  private defaultQueryOffsetMs = 0;
  private stopped = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(opts: RuleManagerOptions) {
    this.deps = {
      query: opts.query,
      appendSamples: opts.appendSamples,
      notify: opts.notify,
      clock: opts.clock ?? systemClock,
      stateStore: opts.stateStore,
      logger: opts.logger ?? silentLogger,
      observer: opts.observer,
      resendDelayMs: opts.resendDelayMs ?? DEFAULT_RESEND_DELAY_MS,
      outageToleranceMs: opts.outageToleranceMs ?? DEFAULT_OUTAGE_TOLERANCE_MS,
      querySignal: this.queryAbort.signal,
      shutdownSignal: this.shutdown.signal,
    };
    this.expand = opts.expand;
    this.formatExpr = opts.formatExpr ?? ((e) => e);
  }

  /**
   * update replaces the running rule set with `specs` (groups keyed `file;name`) and resolves once removed
   * and changed groups have stopped and new ones started. Calls are applied one at a time; after stop() it
   * does nothing.
   */
  update(specs: RuleGroupSpec[], globals: RuleManagerGlobals = {}): Promise<void> {
    return this.serialize(async () => {
      if (this.stopped) return;
      this.defaultQueryOffsetMs = globals.queryOffsetMs ?? 0;
      const next = new Map<string, RuleGroup>();
      const pending: Promise<void>[] = [];
      for (const spec of specs) {
        const group = this.buildGroup(spec, globals);
        const old = this.groupsByKey.get(group.key);
        this.groupsByKey.delete(group.key);
        if (old && old.definition === group.definition) {
          next.set(group.key, old);
          continue;
        }
        next.set(group.key, group);
        pending.push(
          (async () => {
            if (old) {
              await old.stop();
              group.copyStateFrom(old);
              group.start({ restore: false });
            } else {
              group.start({ restore: true });
            }
          })(),
        );
      }
      for (const removed of this.groupsByKey.values()) {
        pending.push(
          (async () => {
            await removed.stop({ markStale: true });
            try {
              await this.deps.stateStore?.remove(removed.key);
            } catch (err) {
              this.deps.logger.warn(
                { group: removed.key, err: String(err) },
                'removing saved alert state failed',
              );
            }
          })(),
        );
      }
      await Promise.all(pending);
      this.groupsByKey = next;
    });
  }

  /** groups returns the running groups sorted by file, then name (as Prometheus's RuleGroups). */
  groups(): RuleGroup[] {
    return [...this.groupsByKey.values()].sort(
      (a, b) => compareStrings(a.file, b.file) || compareStrings(a.name, b.name),
    );
  }

  /** group returns the running group with the given file and name. */
  group(file: string, name: string): RuleGroup | undefined {
    return this.groupsByKey.get(groupKey(file, name));
  }

  /** ruleGroups is a point-in-time view of all groups for `/api/v1/rules` and `/api/v1/alerts`. */
  ruleGroups(): RuleGroupView[] {
    return this.groups().map(toRuleGroupView);
  }

  /** alertingRules returns every alerting rule of every group. */
  alertingRules(): AlertingRule[] {
    return this.groups().flatMap((g) => g.alertingRules());
  }

  /**
   * stop ends all evaluation: each group finishes the rule in progress (or has its query cancelled with
   * `cancelQueries`), and alerts already handed to notify are awaited. Pending stale markers of removed
   * groups are dropped, as in Prometheus.
   */
  stop(opts: StopManagerOptions = {}): Promise<void> {
    if (opts.cancelQueries) this.queryAbort.abort();
    return this.serialize(async () => {
      this.stopped = true;
      this.shutdown.abort();
      await Promise.all([...this.groupsByKey.values()].map((g) => g.stop()));
    });
  }

  private serialize(fn: () => Promise<void>): Promise<void> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private buildGroup(spec: RuleGroupSpec, globals: RuleManagerGlobals): RuleGroup {
    const externalLabels = globals.externalLabels ?? {};
    const externalURL = globals.externalURL ?? '';
    const rules = spec.rules.map((r): Rule => {
      const labels = { ...spec.labels, ...r.labels };
      const expr = this.formatExpr(r.expr);
      if (r.alert !== undefined) {
        return new AlertingRule({
          name: r.alert,
          expr,
          forMs: r.forMs,
          keepFiringForMs: r.keepFiringForMs,
          labels,
          annotations: r.annotations,
          externalLabels,
          externalURL,
          expand: this.expand,
        });
      }
      return new RecordingRule({ name: r.record ?? '', expr, labels });
    });
    return new RuleGroup(
      {
        name: spec.name,
        file: spec.file,
        intervalMs: spec.intervalMs ?? globals.evaluationIntervalMs ?? DEFAULT_EVALUATION_INTERVAL_MS,
        queryOffsetMs: spec.queryOffsetMs,
        defaultQueryOffsetMs: () => this.defaultQueryOffsetMs,
        limit: spec.limit,
        rules,
        externalLabels,
        externalURL,
      },
      this.deps,
    );
  }
}
