import { describe, expect, it } from 'vitest';
import type { Labels, Sample } from '@vigil/model';
import { MemoryAlertStateStore } from '../state/memory-alert-state-store';
import { AlertingRule, type AlertingRuleOptions } from './alerting-rule';
import { FakeClock } from './fake-clock';
import { groupSlotOffsetNs } from './group-slot';
import type { AlertSource, OutgoingAlert } from './outgoing-alert';
import { RecordingRule } from './recording-rule';
import type { Rule } from './rule';
import { RuleGroup, type RuleGroupDeps, type RuleGroupOptions } from './rule-group';
import { silentLogger } from './rule-logger';
import { isStaleNaN } from '@vigil/model';
import { fakeExpand, scriptedQuery, vector, type ScriptedQuery } from './test-support';

const SEC = 1000;
const MIN = 60 * SEC;
const START = Date.UTC(2024, 0, 1, 0, 0, 0);

function alerting(opts: Partial<AlertingRuleOptions> = {}): AlertingRule {
  return new AlertingRule({
    name: 'InstanceDown',
    expr: 'up == 0',
    forMs: 0,
    keepFiringForMs: 0,
    labels: { severity: 'page' },
    annotations: {},
    externalLabels: {},
    externalURL: 'http://prom',
    expand: fakeExpand,
    ...opts,
  });
}

interface Harness {
  clock: FakeClock;
  query: ScriptedQuery;
  appended: Sample[][];
  sent: { alerts: OutgoingAlert[]; source: AlertSource }[];
  store: MemoryAlertStateStore;
  deps: RuleGroupDeps;
  group(rules: Rule[], opts?: Partial<RuleGroupOptions>): RuleGroup;
}

function harness(
  opts: { start?: number; store?: MemoryAlertStateStore; query?: ScriptedQuery } = {},
): Harness {
  const clock = new FakeClock(opts.start ?? START);
  const query = opts.query ?? scriptedQuery();
  const appended: Sample[][] = [];
  const sent: Harness['sent'] = [];
  const store = opts.store ?? new MemoryAlertStateStore();
  const deps: RuleGroupDeps = {
    query: query.fn,
    appendSamples: (s) => {
      appended.push(s);
    },
    notify: (alerts, source) => {
      sent.push({ alerts, source });
    },
    clock,
    stateStore: store,
    logger: silentLogger,
    resendDelayMs: MIN,
    outageToleranceMs: 60 * MIN,
  };
  return {
    clock,
    query,
    appended,
    sent,
    store,
    deps,
    group: (rules, o = {}) =>
      new RuleGroup(
        {
          name: 'g',
          file: 'rules.yml',
          intervalMs: MIN,
          limit: 0,
          rules,
          externalLabels: {},
          externalURL: 'http://prom',
          ...o,
        },
        deps,
      ),
  };
}

/** firstSlot is the first evaluation time of a group started at `now`. */
function firstSlot(g: RuleGroup, now: number): number {
  return g.evalTimestamp(now) + g.intervalMs;
}

const DOWN = vector({ labels: { __name__: 'up', instance: 'a', job: 'node' }, v: 0 });

describe('RuleGroup scheduling', () => {
  it('evaluates at hash-offset slots of the interval grid, first at the next slot', async () => {
    const h = harness({ start: START + 7 * SEC });
    const g = h.group([new RecordingRule({ name: 'r', expr: 'up', labels: {} })]);
    const offsetMs = Number(groupSlotOffsetNs('rules.yml', 'g', MIN) / 1_000_000n);
    const first = firstSlot(g, h.clock.now());
    expect(first).toBeGreaterThan(h.clock.now());
    expect(first - h.clock.now()).toBeLessThanOrEqual(MIN);
    expect((first - offsetMs) % MIN).toBe(0);

    g.start({ restore: false });
    await h.clock.advanceTo(first - 1);
    expect(h.query.calls).toEqual([]);
    await h.clock.advanceTo(first + 3 * MIN);
    expect(h.query.calls.map((c) => c.t)).toEqual([first, first + MIN, first + 2 * MIN, first + 3 * MIN]);
    expect(g.iterationsTotal).toBe(4);
    expect(g.iterationsMissed).toBe(0);
    expect(g.lastEvalTimestampMs).toBe(first + 3 * MIN);
    await g.stop();
  });

  it('gives different groups different slots', () => {
    const h = harness();
    const slots = ['a', 'b', 'c', 'd'].map((name) => h.group([], { name }).evalTimestamp(START) % MIN);
    expect(new Set(slots).size).toBe(4);
  });

  it('skips and counts the slots an overrunning evaluation missed', async () => {
    const h = harness();
    const g = h.group([new RecordingRule({ name: 'r', expr: 'slow', labels: {} })]);
    const first = firstSlot(g, START);
    let n = 0;
    h.query.results.set('slow', () => {
      // The second evaluation takes 2.5 intervals.
      if (n++ === 1) h.clock.spend(2.5 * MIN);
      return vector();
    });
    g.start({ restore: false });
    await h.clock.advanceTo(first + 5 * MIN);
    expect(h.query.calls.map((c) => (c.t - first) / MIN)).toEqual([0, 1, 3, 4, 5]);
    expect(g.iterationsMissed).toBe(1);
    expect(g.iterationsTotal).toBe(6);
    await g.stop();
  });

  it('queries at ts - query_offset, the group’s own or the live default', async () => {
    const h = harness();
    let globalOffset = 10 * SEC;
    const own = h.group([new RecordingRule({ name: 'r', expr: 'own', labels: {} })], {
      queryOffsetMs: 30 * SEC,
    });
    const dflt = h.group([new RecordingRule({ name: 'r', expr: 'dflt', labels: {} })], {
      name: 'h',
      defaultQueryOffsetMs: () => globalOffset,
    });
    await own.evaluate(START);
    await dflt.evaluate(START);
    globalOffset = 20 * SEC;
    await dflt.evaluate(START + MIN);
    expect(h.query.calls).toEqual([
      { expr: 'own', t: START - 30 * SEC },
      { expr: 'dflt', t: START - 10 * SEC },
      { expr: 'dflt', t: START + MIN - 20 * SEC },
    ]);
  });

  it('stops gracefully: waits for the rule in progress, runs no further rules or evaluations', async () => {
    const h = harness();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    h.query.results.set('blocking', async () => {
      await gate;
      return vector({ labels: { x: '1' } });
    });
    const g = h.group([
      new RecordingRule({ name: 'first', expr: 'blocking', labels: {} }),
      new RecordingRule({ name: 'second', expr: 'after', labels: {} }),
    ]);
    g.start({ restore: false });
    await h.clock.advanceTo(firstSlot(g, START));
    expect(h.query.calls.map((c) => c.expr)).toEqual(['blocking']);
    let stopped = false;
    const stopping = g.stop().then(() => (stopped = true));
    await h.clock.advance(0);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(h.appended.flat().map((s) => s.labels['__name__'])).toEqual(['first']);
    await h.clock.advance(10 * MIN);
    expect(h.query.calls.map((c) => c.expr)).toEqual(['blocking']);
    expect(h.clock.pendingSleeps()).toBe(0);
  });
});

describe('RuleGroup evaluation', () => {
  it('runs rules in order and appends each rule’s samples before the next rule queries', async () => {
    const h = harness();
    const log: string[] = [];
    const tsdb = new Map<string, number>();
    h.deps.appendSamples = (samples) => {
      for (const s of samples) {
        log.push(`append ${s.labels['__name__']}`);
        tsdb.set(s.labels['__name__'] ?? '', s.v);
      }
    };
    h.query.results.set('up', () => {
      log.push('query up');
      return vector({ labels: { __name__: 'up', job: 'node' }, v: 0 });
    });
    h.query.results.set('job:up:sum < 1', () => {
      log.push('query job:up:sum');
      const v = tsdb.get('job:up:sum');
      return v !== undefined && v < 1 ? vector({ labels: { job: 'node' }, v }) : vector();
    });
    const g = h.group([
      new RecordingRule({ name: 'job:up:sum', expr: 'up', labels: {} }),
      alerting({ name: 'NoNodes', expr: 'job:up:sum < 1' }),
    ]);
    await g.evaluate(START);
    expect(log).toEqual([
      'query up',
      'append job:up:sum',
      'query job:up:sum',
      'append ALERTS',
      'append ALERTS_FOR_STATE',
    ]);
    expect(h.sent.map((s) => s.alerts[0]?.labels['alertname'])).toEqual(['NoNodes']);
  });

  it('marks series that disappeared as stale, at ts - query_offset', async () => {
    const h = harness();
    const g = h.group([new RecordingRule({ name: 'r', expr: 'x', labels: {} })], { queryOffsetMs: 5 * SEC });
    h.query.results.set('x', vector({ labels: { i: 'a' } }, { labels: { i: 'b' } }));
    await g.evaluate(START);
    h.query.results.set('x', vector({ labels: { i: 'a' } }));
    await g.evaluate(START + MIN);
    const last = h.appended.at(-1) ?? [];
    expect(last.map((s) => [s.labels, s.t, isStaleNaN(s.v)])).toEqual([
      [{ __name__: 'r', i: 'a' }, START + MIN - 5 * SEC, false],
      [{ __name__: 'r', i: 'b' }, START + MIN - 5 * SEC, true],
    ]);
    await g.evaluate(START + 2 * MIN);
    expect((h.appended.at(-1) ?? []).some((s) => isStaleNaN(s.v))).toBe(false);
  });

  it('marks ALERTS series stale when the alert resolves', async () => {
    const h = harness();
    const g = h.group([alerting()]);
    h.query.results.set('up == 0', DOWN);
    await g.evaluate(START);
    h.query.results.set('up == 0', vector());
    await g.evaluate(START + MIN);
    const last = h.appended.at(-1) ?? [];
    expect(last.map((s) => [s.labels['__name__'], s.labels['alertstate'], isStaleNaN(s.v)])).toEqual([
      ['ALERTS', 'firing', true],
      ['ALERTS_FOR_STATE', undefined, true],
    ]);
  });

  it('records rule failures, keeps evaluating later rules, and clears the error on success', async () => {
    const h = harness();
    const g = h.group([
      new RecordingRule({ name: 'bad', expr: 'bad', labels: {} }),
      new RecordingRule({ name: 'good', expr: 'good', labels: {} }),
    ]);
    const [bad, good] = g.rules;
    expect(bad?.status.health).toBe('unknown');
    h.query.results.set('bad', () => Promise.reject(new Error('query timed out')));
    await g.evaluate(START);
    expect(bad?.status).toMatchObject({
      health: 'err',
      lastError: 'query timed out',
      lastEvaluationMs: START,
    });
    expect(good?.status.health).toBe('ok');
    expect(g.evaluationFailures).toBe(1);
    expect(g.evaluationsTotal).toBe(2);
    h.query.results.set('bad', vector());
    await g.evaluate(START + MIN);
    expect(bad?.status.health).toBe('ok');
    expect(bad?.status.lastError).toBeUndefined();
  });

  it('treats a failed append as a rule failure and retries the stale markers next time', async () => {
    const h = harness();
    let fail = false;
    const appended: Sample[][] = [];
    h.deps.appendSamples = (s) => {
      if (fail) throw new Error('remote write queue full');
      appended.push(s);
    };
    const g = h.group([new RecordingRule({ name: 'r', expr: 'x', labels: {} })]);
    h.query.results.set('x', vector({ labels: { i: 'a' } }));
    await g.evaluate(START);
    h.query.results.set('x', vector());
    fail = true;
    await g.evaluate(START + MIN);
    expect(g.rules[0]?.status).toMatchObject({ health: 'err', lastError: 'remote write queue full' });
    fail = false;
    await g.evaluate(START + 2 * MIN);
    expect(appended.at(-1)?.map((s) => isStaleNaN(s.v))).toEqual([true]);
  });

  it('does not send or append anything for a rule whose evaluation failed', async () => {
    const h = harness();
    const g = h.group([alerting()], { limit: 1 });
    h.query.results.set('up == 0', vector({ labels: { instance: 'a' } }, { labels: { instance: 'b' } }));
    await g.evaluate(START);
    expect(g.rules[0]?.status.lastError).toBe('exceeded limit of 1 with 2 alerts');
    expect(h.sent).toEqual([]);
    expect(h.appended).toEqual([]);
  });
});

describe('RuleGroup sending', () => {
  it('sends firing and resolved alerts with source, startsAt/endsAt, generatorURL and external labels', async () => {
    const h = harness();
    const g = h.group([alerting({ forMs: MIN })], { intervalMs: MIN, externalLabels: { dc: 'eu' } });
    h.query.results.set('up == 0', DOWN);
    await g.evaluate(START);
    expect(h.sent).toEqual([]);
    await g.evaluate(START + MIN);
    await g.evaluate(START + 2 * MIN);
    await g.evaluate(START + 3 * MIN);
    h.query.results.set('up == 0', vector());
    await g.evaluate(START + 4 * MIN);
    const labels = { alertname: 'InstanceDown', dc: 'eu', instance: 'a', job: 'node', severity: 'page' };
    const iso = (ms: number): string => new Date(ms).toISOString();
    expect(h.sent).toEqual([
      {
        source: { group: 'g', file: 'rules.yml', rule: 'InstanceDown' },
        alerts: [
          {
            labels,
            annotations: {},
            startsAt: iso(START + MIN),
            endsAt: iso(START + 5 * MIN),
            generatorURL: 'http://prom/graph?g0.expr=up+%3D%3D+0&g0.tab=1',
          },
        ],
      },
      {
        source: { group: 'g', file: 'rules.yml', rule: 'InstanceDown' },
        alerts: [
          {
            labels,
            annotations: {},
            startsAt: iso(START + MIN),
            endsAt: iso(START + 7 * MIN),
            generatorURL: 'http://prom/graph?g0.expr=up+%3D%3D+0&g0.tab=1',
          },
        ],
      },
      {
        source: { group: 'g', file: 'rules.yml', rule: 'InstanceDown' },
        alerts: [
          {
            labels,
            annotations: {},
            startsAt: iso(START + MIN),
            endsAt: iso(START + 4 * MIN),
            generatorURL: 'http://prom/graph?g0.expr=up+%3D%3D+0&g0.tab=1',
          },
        ],
      },
    ]);
  });

  it('re-sends no more often than the resend delay, at the first interval multiple past it', async () => {
    const h = harness();
    h.deps.resendDelayMs = 3 * MIN;
    const g = h.group([alerting()], { intervalMs: MIN });
    h.query.results.set('up == 0', DOWN);
    const sentAt: number[] = [];
    for (let i = 0; i <= 9; i++) {
      const before = h.sent.length;
      await g.evaluate(START + i * MIN);
      if (h.sent.length > before) sentAt.push(i);
    }
    expect(sentAt).toEqual([0, 4, 8]);
  });

  it('keeps evaluating while notify is slow and waits for pending sends on stop', async () => {
    const h = harness();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let delivered = 0;
    h.deps.notify = async () => {
      await gate;
      delivered++;
    };
    const g = h.group([alerting()]);
    h.query.results.set('up == 0', DOWN);
    g.start({ restore: false });
    await h.clock.advanceTo(firstSlot(g, START) + MIN);
    expect(g.iterationsTotal).toBe(2);
    let stopped = false;
    const stopping = g.stop().then(() => (stopped = true));
    await h.clock.advance(0);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(delivered).toBe(1);
  });

  it('logs a failing notify and carries on', async () => {
    const h = harness();
    const warnings: string[] = [];
    h.deps.logger = { ...silentLogger, warn: (_o, msg) => warnings.push(msg) };
    h.deps.notify = () => Promise.reject(new Error('redis down'));
    const g = h.group([alerting()]);
    h.query.results.set('up == 0', DOWN);
    g.start({ restore: false });
    await h.clock.advanceTo(firstSlot(g, START));
    await g.stop();
    expect(warnings).toEqual(['sending alerts failed']);
    expect(g.rules[0]?.status.health).toBe('ok');
  });
});

describe('RuleGroup alert state persistence', () => {
  async function runUntil(h: Harness, g: RuleGroup, t: number): Promise<void> {
    g.start({ restore: true });
    await h.clock.advanceTo(t);
    await g.stop();
  }

  it('saves the alert state after every evaluation', async () => {
    const h = harness();
    const g = h.group([alerting({ forMs: 5 * MIN })]);
    h.query.results.set('up == 0', DOWN);
    const first = firstSlot(g, START);
    await runUntil(h, g, first + MIN);
    const saved = await h.store.load('rules.yml;g');
    expect(saved).toMatchObject({ groupKey: 'rules.yml;g', evaluatedAtMs: first + MIN });
    expect(saved?.rules).toEqual([
      {
        ruleKey: g.alertingRules()[0]?.ruleKey,
        alerts: [
          {
            labels: { alertname: 'InstanceDown', instance: 'a', job: 'node', severity: 'page' },
            annotations: {},
            state: 'pending',
            value: 0,
            activeAtMs: first,
          },
        ],
      },
    ]);
  });

  it('a restart mid-pending resumes the for timer and fires at the original activeAt + for', async () => {
    const query = scriptedQuery();
    query.results.set('up == 0', DOWN);
    const store = new MemoryAlertStateStore();
    const before = harness({ query, store });
    const g1 = before.group([alerting({ forMs: 5 * MIN })]);
    const first = firstSlot(g1, START);
    await runUntil(before, g1, first + 2 * MIN);

    // Restarted 90 s later: the next slot is first + 4m.
    const after = harness({ query, store, start: first + 2 * MIN + 90 * SEC });
    const g2 = after.group([alerting({ forMs: 5 * MIN })]);
    await runUntil(after, g2, first + 5 * MIN);
    expect(g2.alertingRules()[0]?.activeAlerts()[0]).toMatchObject({
      state: 'firing',
      activeAtMs: first,
      firedAtMs: first + 5 * MIN,
    });
    expect(after.sent).toHaveLength(1);
  });

  it('a restart while firing does not re-send before the resend delay', async () => {
    const query = scriptedQuery();
    query.results.set('up == 0', DOWN);
    const store = new MemoryAlertStateStore();
    const before = harness({ query, store });
    const g1 = before.group([alerting()]);
    const first = firstSlot(g1, START);
    await runUntil(before, g1, first);
    expect(before.sent).toHaveLength(1);

    const after = harness({ query, store, start: first + 10 * SEC });
    const g2 = after.group([alerting()]);
    g2.start({ restore: true });
    await after.clock.advanceTo(first + MIN);
    expect(g2.lastEvalTimestampMs).toBe(first + MIN);
    expect(after.sent).toHaveLength(0);
    await after.clock.advanceTo(first + 2 * MIN);
    await g2.stop();
    expect(after.sent).toHaveLength(1);
    expect(after.sent[0]?.alerts[0]?.startsAt).toBe(new Date(first).toISOString());
  });

  it('sends the resolution of an alert that resolved during the restart', async () => {
    const query = scriptedQuery();
    query.results.set('up == 0', DOWN);
    const store = new MemoryAlertStateStore();
    const before = harness({ query, store });
    const g1 = before.group([alerting()]);
    const first = firstSlot(g1, START);
    await runUntil(before, g1, first);

    query.results.set('up == 0', vector());
    const after = harness({ query, store, start: first + 30 * SEC });
    await runUntil(after, after.group([alerting()]), first + MIN);
    expect(after.sent.map((s) => s.alerts[0]?.endsAt)).toEqual([new Date(first + MIN).toISOString()]);
  });

  it.each([
    { downMin: 30, keeps: true },
    { downMin: 61, keeps: false },
  ])(
    'state saved $downMin min before the first evaluation is restored: $keeps',
    async ({ downMin, keeps }) => {
      const query = scriptedQuery();
      query.results.set('up == 0', DOWN);
      const store = new MemoryAlertStateStore();
      const before = harness({ query, store });
      const g1 = before.group([alerting({ forMs: 90 * MIN })]);
      const first = firstSlot(g1, START);
      await runUntil(before, g1, first);

      const after = harness({ query, store, start: first + downMin * MIN - 30 * SEC });
      const g2 = after.group([alerting({ forMs: 90 * MIN })]);
      const restartSlot = firstSlot(g2, after.clock.now());
      await runUntil(after, g2, restartSlot);
      const activeAt = g2.alertingRules()[0]?.activeAlerts()[0]?.activeAtMs;
      expect(activeAt).toBe(keeps ? first : restartSlot);
    },
  );

  it('does not restore state saved for an edited rule', async () => {
    const query = scriptedQuery();
    query.results.set('up == 0', DOWN);
    query.results.set('up == 0 or absent(up)', DOWN);
    const store = new MemoryAlertStateStore();
    const before = harness({ query, store });
    const g1 = before.group([alerting({ forMs: 5 * MIN })]);
    const first = firstSlot(g1, START);
    await runUntil(before, g1, first);

    const after = harness({ query, store, start: first + 10 * SEC });
    const g2 = after.group([alerting({ forMs: 5 * MIN, expr: 'up == 0 or absent(up)' })]);
    await runUntil(after, g2, first + MIN);
    expect(g2.alertingRules()[0]?.activeAlerts()[0]?.activeAtMs).toBe(first + MIN);
  });
});

describe('RuleGroup.copyStateFrom', () => {
  it('pairs rules by name and labels and marks series of dropped rules stale', async () => {
    const h = harness();
    h.query.results.set('up == 0', DOWN);
    h.query.results.set('x', vector({ labels: { i: 'a' } }));
    const old = h.group([
      new RecordingRule({ name: 'dropped', expr: 'x', labels: {} }),
      alerting({ forMs: 5 * MIN }),
    ]);
    await old.evaluate(START);
    const next = h.group([alerting({ forMs: 5 * MIN, annotations: { summary: 'new text' } })]);
    next.copyStateFrom(old);
    h.appended.length = 0;
    await next.evaluate(START + MIN);
    expect(next.alertingRules()[0]?.activeAlerts()[0]).toMatchObject({
      activeAtMs: START,
      annotations: { summary: 'new text' },
    });
    const stale = h.appended.flat().filter((s) => isStaleNaN(s.v));
    expect(stale.map((s) => s.labels)).toEqual([{ __name__: 'dropped', i: 'a' } as Labels]);
  });
});

describe('RuleGroup with a very large result', () => {
  it('evaluates a rule whose query returns 100,000 series, and enforces the group limit on it', async () => {
    const h = harness();
    const big = vector(
      ...Array.from({ length: 100_000 }, (_, i) => ({
        labels: { __name__: 'up', instance: `host-${i}` },
        v: 0,
      })),
    );
    h.query.results.set('up == 0', big);
    const g = h.group([alerting({ forMs: 0 })]);
    await g.evaluate(START);
    const rule = g.rules[0] as AlertingRule;
    expect(rule.status.health).toBe('ok');
    expect(rule.activeAlerts()).toHaveLength(100_000);
    expect(h.sent.reduce((n, s) => n + s.alerts.length, 0)).toBe(100_000);

    const limited = harness();
    limited.query.results.set('up == 0', big);
    const lg = limited.group([alerting({ forMs: 0 })], { limit: 1000 });
    await lg.evaluate(START);
    const lrule = lg.rules[0] as AlertingRule;
    expect(lrule.status.health).toBe('err');
    expect(lrule.status.lastError).toContain('exceeded limit of 1000 with 100000 alerts');
    expect(lrule.activeAlerts()).toHaveLength(0);
  });
});
