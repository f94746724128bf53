import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { FakeClock } from './fake-clock';
import { RuleManager } from './rule-manager';
import { registerRuleMetrics } from './rule-metrics';
import { fakeExpand, scriptedQuery } from './test-support';

const POS = { line: 1, column: 1 };

describe('registerRuleMetrics', () => {
  it('exports Prometheus’s rule metrics per group, read at scrape time', async () => {
    const registry = new Registry();
    const clock = new FakeClock(Date.UTC(2024, 0, 1));
    const query = scriptedQuery();
    query.results.set('bad', () => Promise.reject(new Error('nope')));
    const observer = registerRuleMetrics(registry, { groups: () => manager.groups() });
    const manager = new RuleManager({
      query: query.fn,
      appendSamples: () => undefined,
      notify: () => undefined,
      expand: fakeExpand,
      clock,
      observer,
    });
    const rule = { forMs: 0, keepFiringForMs: 0, labels: {}, annotations: {}, position: POS };
    await manager.update([
      {
        name: 'g',
        file: 'f.yml',
        intervalMs: 30_000,
        limit: 0,
        labels: {},
        position: POS,
        rules: [
          { ...rule, record: 'a', expr: 'up' },
          { ...rule, record: 'b', expr: 'bad' },
        ],
      },
    ]);
    await clock.advance(60_000);
    const text = await registry.metrics();
    await manager.stop();
    const line = (name: string): string | undefined =>
      text.split('\n').find((l) => l.startsWith(`${name}{rule_group="f.yml;g"}`));
    expect(line('prometheus_rule_group_interval_seconds')).toMatch(/ 30$/);
    expect(line('prometheus_rule_group_rules')).toMatch(/ 2$/);
    expect(line('prometheus_rule_group_iterations_total')).toMatch(/ 2$/);
    expect(line('prometheus_rule_group_iterations_missed_total')).toMatch(/ 0$/);
    expect(line('prometheus_rule_evaluations_total')).toMatch(/ 4$/);
    expect(line('prometheus_rule_evaluation_failures_total')).toMatch(/ 2$/);
    expect(line('prometheus_rule_group_last_evaluation_timestamp_seconds')).toMatch(/ 17040672\d\d(\.\d+)?$/);
    expect(text).toContain('# TYPE prometheus_rule_evaluation_failures_total counter');
    expect(text).toMatch(/prometheus_rule_evaluation_duration_seconds_count 4/);
  });
});
