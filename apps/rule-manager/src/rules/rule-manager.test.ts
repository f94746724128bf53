import { describe, expect, it } from 'vitest';
import type { Sample } from '@vigil/model';
import type { RuleGroupSpec, RuleSpec } from '@vigil/rulefmt';
import type { RulesRetriever } from '../api/views';
import { MemoryAlertStateStore } from '../state/memory-alert-state-store';
import { FakeClock } from './fake-clock';
import type { AlertSource, OutgoingAlert } from './outgoing-alert';
import { RuleManager, type RuleManagerOptions } from './rule-manager';
import { isStaleNaN } from '@vigil/model';
import { fakeExpand, scriptedQuery, vector } from './test-support';

const SEC = 1000;
const MIN = 60 * SEC;
const START = Date.UTC(2024, 0, 1, 0, 0, 0);
const POS = { line: 1, column: 1 };

function alertRule(o: Partial<RuleSpec> = {}): RuleSpec {
  return {
    alert: 'InstanceDown',
    expr: 'up == 0',
    forMs: 5 * MIN,
    keepFiringForMs: 0,
    labels: { severity: 'page' },
    annotations: { summary: '{{ $labels.instance }} is down' },
    position: POS,
    ...o,
  };
}

function recordRule(o: Partial<RuleSpec> = {}): RuleSpec {
  return {
    record: 'job:up:sum',
    expr: 'sum by (job) (up)',
    forMs: 0,
    keepFiringForMs: 0,
    labels: {},
    annotations: {},
    position: POS,
    ...o,
  };
}

function groupSpec(o: Partial<RuleGroupSpec> = {}): RuleGroupSpec {
  return { name: 'node', file: 'node.yml', limit: 0, labels: {}, rules: [alertRule()], position: POS, ...o };
}

function setup(extra: Partial<RuleManagerOptions> = {}) {
  const clock = new FakeClock(START);
  const query = scriptedQuery();
  query.results.set('up == 0', vector({ labels: { __name__: 'up', instance: 'a', job: 'node' }, v: 0 }));
  query.results.set('sum by (job) (up)', vector({ labels: { job: 'node' }, v: 3 }));
  const appended: Sample[] = [];
  const sent: { alerts: OutgoingAlert[]; source: AlertSource }[] = [];
  const store = new MemoryAlertStateStore();
  const manager = new RuleManager({
    query: query.fn,
    appendSamples: (s) => {
      appended.push(...s);
    },
    notify: (alerts, source) => {
      sent.push({ alerts, source });
    },
    expand: fakeExpand,
    clock,
    stateStore: store,
    ...extra,
  });
  return { clock, query, appended, sent, store, manager };
}

describe('RuleManager', () => {
  it('runs the groups it is given and shows them sorted by file, then name', async () => {
    const { manager, clock } = setup();
    await manager.update(
      [
        groupSpec({ name: 'z', file: 'b.yml' }),
        groupSpec({ name: 'y', file: 'a.yml', intervalMs: 30 * SEC }),
        groupSpec({ name: 'x', file: 'b.yml', rules: [recordRule()] }),
      ],
      { evaluationIntervalMs: 2 * MIN },
    );
    expect(manager.groups().map((g) => [g.key, g.intervalMs])).toEqual([
      ['a.yml;y', 30 * SEC],
      ['b.yml;x', 2 * MIN],
      ['b.yml;z', 2 * MIN],
    ]);
    await clock.advance(2 * MIN);
    const views = manager.ruleGroups();
    expect(views[0]?.rules[0]).toMatchObject({
      type: 'alerting',
      name: 'InstanceDown',
      query: 'up == 0',
      durationMs: 5 * MIN,
      labels: { severity: 'page' },
      health: 'ok',
      alerts: [
        {
          state: 'pending',
          labels: { alertname: 'InstanceDown', instance: 'a', job: 'node', severity: 'page' },
          annotations: { summary: 'a is down' },
          value: 0,
        },
      ],
    });
    expect(views[1]?.rules[0]).toMatchObject({ type: 'recording', name: 'job:up:sum', health: 'ok' });
    await manager.stop();
  });

  it('merges group labels under rule labels', async () => {
    const { manager } = setup();
    await manager.update([groupSpec({ labels: { team: 'infra', severity: 'low' } })]);
    expect(manager.alertingRules()[0]?.labels).toEqual({ team: 'infra', severity: 'page' });
    await manager.stop();
  });

  it('leaves an unchanged group running untouched on reload', async () => {
    const { manager, clock, query } = setup();
    await manager.update([groupSpec()]);
    const before = manager.group('node.yml', 'node');
    await clock.advance(3 * MIN);
    const evals = before?.iterationsTotal ?? 0;
    await manager.update([groupSpec()]);
    expect(manager.group('node.yml', 'node')).toBe(before);
    const calls = query.calls.length;
    await clock.advance(MIN);
    expect(before?.iterationsTotal).toBe(evals + 1);
    expect(query.calls.length).toBe(calls + 1);
    await manager.stop();
  });

  it('restarts a changed group with its alerts carried over (activeAt kept, no early re-send)', async () => {
    const { manager, clock, sent } = setup();
    await manager.update([groupSpec({ rules: [alertRule({ forMs: 2 * MIN })] })]);
    const g1 = manager.group('node.yml', 'node');
    // Evaluations at s0 (pending), s0+1m (pending), s0+2m (firing, sent).
    await clock.advance(3 * MIN);
    const firing = manager.alertingRules()[0]?.activeAlerts()[0];
    expect(firing?.state).toBe('firing');
    const sends = sent.length;

    await manager.update([
      groupSpec({
        rules: [alertRule({ forMs: 2 * MIN, annotations: { summary: 'changed' } }), recordRule()],
      }),
    ]);
    const g2 = manager.group('node.yml', 'node');
    expect(g2).not.toBe(g1);
    await clock.advance(MIN);
    const carried = manager.alertingRules()[0]?.activeAlerts()[0];
    expect(carried).toMatchObject({
      state: 'firing',
      activeAtMs: firing?.activeAtMs,
      firedAtMs: firing?.firedAtMs,
      annotations: { summary: 'changed' },
    });
    // The firing alert was last sent one interval before the reload: no send at the first evaluation after.
    expect(sent.length).toBe(sends);
    expect(g2?.iterationsTotal).toBe((g1?.iterationsTotal ?? 0) + 1);
    await manager.stop();
  });

  it('stops removed groups, marks their series stale two intervals later and forgets their state', async () => {
    const { manager, clock, appended, store } = setup();
    await manager.update([groupSpec(), groupSpec({ name: 'rec', rules: [recordRule()] })]);
    await clock.advance(MIN);
    expect(store.groupKeys()).toContain('node.yml;node');
    const stoppedAt = clock.now();
    await manager.update([groupSpec({ name: 'rec', rules: [recordRule()] })]);
    expect(manager.groups().map((g) => g.key)).toEqual(['node.yml;rec']);
    expect(store.groupKeys()).not.toContain('node.yml;node');

    const staleNow = (): Sample[] => appended.filter((s) => isStaleNaN(s.v) && s.labels['alertname']);
    await clock.advance(2 * MIN - 1);
    expect(staleNow()).toEqual([]);
    await clock.advance(1);
    expect(staleNow().map((s) => [s.labels['__name__'], s.t])).toEqual([
      ['ALERTS', stoppedAt],
      ['ALERTS_FOR_STATE', stoppedAt],
    ]);
    await manager.stop();
  });

  it('drops pending stale markers when the manager stops, and evaluates nothing after', async () => {
    const { manager, clock, appended, query } = setup();
    await manager.update([groupSpec()]);
    await clock.advance(MIN);
    await manager.update([]);
    await manager.stop();
    const calls = query.calls.length;
    const samples = appended.length;
    await clock.advance(10 * MIN);
    expect(query.calls.length).toBe(calls);
    expect(appended.length).toBe(samples);
    await manager.update([groupSpec()]);
    expect(manager.groups()).toEqual([]);
  });

  it('applies a changed global query offset to groups without their own, without restarting them', async () => {
    const { manager, clock, query } = setup();
    await manager.update([groupSpec()], { queryOffsetMs: 0 });
    const g = manager.group('node.yml', 'node');
    await clock.advance(MIN);
    await manager.update([groupSpec()], { queryOffsetMs: 15 * SEC });
    expect(manager.group('node.yml', 'node')).toBe(g);
    await clock.advance(MIN);
    const [a, b] = query.calls.slice(-2);
    expect((b?.t ?? 0) - (a?.t ?? 0)).toBe(MIN - 15 * SEC);
    await manager.stop();
  });

  it('restarts groups when external labels change, so alerts carry the new ones', async () => {
    const { manager, clock, sent } = setup();
    const spec = groupSpec({ rules: [alertRule({ forMs: 0 })] });
    await manager.update([spec], { externalLabels: { dc: 'a' } });
    const g = manager.group('node.yml', 'node');
    await manager.update([spec], { externalLabels: { dc: 'b' } });
    expect(manager.group('node.yml', 'node')).not.toBe(g);
    await clock.advance(MIN);
    expect(sent[0]?.alerts[0]?.labels['dc']).toBe('b');
    await manager.stop();
  });

  it('cancels running queries on stop({ cancelQueries: true })', async () => {
    const { manager, clock, query } = setup();
    query.results.set('up == 0', () => new Promise(() => undefined));
    let aborted = false;
    const inner = query.fn;
    const m2 = new RuleManager({
      query: (expr, t, signal) => {
        signal?.addEventListener('abort', () => (aborted = true));
        return signal
          ? Promise.race([
              inner(expr, t, signal),
              new Promise<never>((_, reject) =>
                signal.addEventListener('abort', () => reject(new Error('aborted'))),
              ),
            ])
          : inner(expr, t);
      },
      appendSamples: () => undefined,
      notify: () => undefined,
      expand: fakeExpand,
      clock,
    });
    await m2.update([groupSpec()]);
    await clock.advance(MIN);
    await m2.stop({ cancelQueries: true });
    expect(aborted).toBe(true);
    await manager.stop();
  });

  it('serves the HTTP API’s RulesRetriever', async () => {
    const { manager } = setup();
    const retriever: RulesRetriever = manager;
    await manager.update([groupSpec()]);
    expect(retriever.ruleGroups()[0]?.rules[0]).toMatchObject({ health: 'unknown', alerts: [] });
    await manager.stop();
  });
});
