import { Counter, Gauge, Summary, type Registry } from 'prom-client';
import type { RuleEvalObserver, RuleGroup } from './rule-group';

/** RuleGroupSource is where metrics read the current groups from at scrape time (the RuleManager). */
export interface RuleGroupSource {
  groups(): RuleGroup[];
}

const GROUP_LABEL = 'rule_group';

/**
 * registerRuleMetrics registers Prometheus's rule-manager metrics on `registry`, read from the groups at
 * every scrape (so removed groups disappear), and returns the observer to pass to the RuleManager for the
 * duration summaries.
 */
export function registerRuleMetrics(registry: Registry, source: RuleGroupSource): RuleEvalObserver {
  const perGroup = (read: (g: RuleGroup) => number | undefined) =>
    function (this: Gauge<typeof GROUP_LABEL> | Counter<typeof GROUP_LABEL>): void {
      this.reset();
      for (const g of source.groups()) {
        const v = read(g);
        if (v === undefined) continue;
        if (this instanceof Gauge) this.set({ [GROUP_LABEL]: g.key }, v);
        else this.inc({ [GROUP_LABEL]: g.key }, v);
      }
    };
  const registers = [registry];
  const evalDuration = new Summary({
    name: 'prometheus_rule_evaluation_duration_seconds',
    help: 'The duration for a rule to execute.',
    percentiles: [0.5, 0.9, 0.99],
    registers,
  });
  const groupDuration = new Summary({
    name: 'prometheus_rule_group_duration_seconds',
    help: 'The duration of rule group evaluations.',
    percentiles: [0.01, 0.05, 0.5, 0.9, 0.99],
    registers,
  });
  new Gauge({
    name: 'prometheus_rule_group_last_duration_seconds',
    help: 'The duration of the last rule group evaluation.',
    labelNames: [GROUP_LABEL],
    registers,
    collect: perGroup((g) => g.evaluationTimeMs / 1000),
  });
  new Gauge({
    name: 'prometheus_rule_group_last_rule_duration_sum_seconds',
    help: 'The sum of time in seconds it took to evaluate each rule in the group.',
    labelNames: [GROUP_LABEL],
    registers,
    collect: perGroup((g) => g.ruleEvaluationTimeSumMs() / 1000),
  });
  new Counter({
    name: 'prometheus_rule_evaluations_total',
    help: 'The total number of rule evaluations.',
    labelNames: [GROUP_LABEL],
    registers,
    collect: perGroup((g) => g.evaluationsTotal),
  });
  new Counter({
    name: 'prometheus_rule_evaluation_failures_total',
    help: 'The total number of rule evaluation failures.',
    labelNames: [GROUP_LABEL],
    registers,
    collect: perGroup((g) => g.evaluationFailures),
  });
  new Counter({
    name: 'prometheus_rule_group_iterations_missed_total',
    help: 'The total number of rule group evaluations missed due to slow rule group evaluation.',
    labelNames: [GROUP_LABEL],
    registers,
    collect: perGroup((g) => g.iterationsMissed),
  });
  new Counter({
    name: 'prometheus_rule_group_iterations_total',
    help: 'The total number of scheduled rule group evaluations, whether executed or missed.',
    labelNames: [GROUP_LABEL],
    registers,
    collect: perGroup((g) => g.iterationsTotal),
  });
  new Gauge({
    name: 'prometheus_rule_group_interval_seconds',
    help: 'The interval of a rule group.',
    labelNames: [GROUP_LABEL],
    registers,
    collect: perGroup((g) => g.intervalMs / 1000),
  });
  new Gauge({
    name: 'prometheus_rule_group_last_evaluation_timestamp_seconds',
    help: 'The timestamp of the last rule group evaluation in seconds.',
    labelNames: [GROUP_LABEL],
    registers,
    // Prometheus shows 0 before the first evaluation (its gauge starts at zero).
    collect: perGroup((g) => (g.lastEvaluationMs ?? 0) / 1000),
  });
  new Gauge({
    name: 'prometheus_rule_group_last_evaluation_samples',
    help: 'The number of samples returned during the last rule group evaluation.',
    labelNames: [GROUP_LABEL],
    registers,
    collect: perGroup((g) => g.lastSamples),
  });
  new Gauge({
    name: 'prometheus_rule_group_rules',
    help: 'The number of rules.',
    labelNames: [GROUP_LABEL],
    registers,
    collect: perGroup((g) => g.rules.length),
  });
  return {
    ruleEvaluated: (_group, seconds) => evalDuration.observe(seconds),
    groupEvaluated: (_group, seconds) => groupDuration.observe(seconds),
  };
}
