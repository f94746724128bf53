import { describe, expect, it } from 'vitest';
import type { Labels, QueryResult } from '@vigil/model';
import { AlertingRule, type AlertingRuleOptions } from './alerting-rule';
import { toOutgoingAlert } from './outgoing-alert';
import { fakeExpand, vector } from './test-support';

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);
const at = (minutes: number): number => T0 + minutes * MIN;

function newRule(opts: Partial<AlertingRuleOptions> = {}): AlertingRule {
  return new AlertingRule({
    name: 'HighLatency',
    expr: 'latency_seconds > 1',
    forMs: 0,
    keepFiringForMs: 0,
    labels: { severity: 'page' },
    annotations: { summary: 'latency is {{ $value }}' },
    externalLabels: {},
    externalURL: 'http://prom.example',
    expand: fakeExpand,
    ...opts,
  });
}

async function evalAt(rule: AlertingRule, ts: number, result: QueryResult, limit = 0, queryOffsetMs = 0) {
  return rule.evaluate({ ts, queryOffsetMs, limit, query: async () => result });
}

const SERIES = { __name__: 'latency_seconds', instance: 'a', job: 'api' };

/**
 * Each row evaluates once a minute (interval = resend delay = 1m). Presence: `x` the series is in the
 * result, `.` it is not. Expectation per evaluation: P pending, F firing, I resolved (retained), - no alert;
 * a trailing `*` means the alert was sent at that evaluation.
 */
describe('AlertingRule state machine', () => {
  it.each([
    {
      name: 'new → pending, held while < for, firing at exactly activeAt + for, then re-sent every 2 evals',
      forMin: 5,
      keepMin: 0,
      presence: 'xxxxxxxx',
      expect: 'P P P P P F* F F*',
    },
    {
      name: 'for: 0 fires on the first evaluation',
      forMin: 0,
      keepMin: 0,
      presence: 'xxx',
      expect: 'F* F F*',
    },
    {
      name: 'pending that disappears is dropped, never sent',
      forMin: 5,
      keepMin: 0,
      presence: 'xx.x',
      expect: 'P P - P',
    },
    {
      name: 'firing that disappears resolves and is sent resolved at once',
      forMin: 0,
      keepMin: 0,
      presence: 'xx...',
      expect: 'F* F I* I I*',
    },
    {
      name: 'resolved is retained 15m, re-sent, then deleted',
      forMin: 0,
      keepMin: 0,
      presence: 'x.................',
      expect: 'F* I* I I* I I* I I* I I* I I* I I* I I* I -',
    },
    {
      name: 'back after resolution → new pending alert',
      forMin: 2,
      keepMin: 0,
      presence: 'xxx.xxx',
      expect: 'P P F* I* P P F*',
    },
    {
      name: 'keep_firing_for keeps a vanished alert firing, then resolves it',
      forMin: 0,
      keepMin: 3,
      presence: 'x.....',
      expect: 'F* F F* F I* I',
    },
    {
      name: 'keep_firing_for restarts when the series comes back',
      forMin: 0,
      keepMin: 3,
      presence: 'x..x....',
      expect: 'F* F F* F F* F F* I*',
    },
    {
      name: 'keep_firing_for does not hold pending alerts',
      forMin: 5,
      keepMin: 10,
      presence: 'xx.',
      expect: 'P P -',
    },
    {
      name: 'for shorter than the interval fires at the next evaluation',
      forMin: 0.5,
      keepMin: 0,
      presence: 'xxx',
      expect: 'P F* F',
    },
  ])('$name', async ({ forMin, keepMin, presence, expect: expected }) => {
    const rule = newRule({ forMs: forMin * MIN, keepFiringForMs: keepMin * MIN });
    const got: string[] = [];
    for (let i = 0; i < presence.length; i++) {
      const ts = at(i);
      await evalAt(rule, ts, presence[i] === 'x' ? vector({ labels: SERIES, v: 2 }) : vector());
      const sent = rule.alertsToSend(ts, MIN, MIN);
      const alerts = rule.currentAlerts();
      expect(alerts.length).toBeLessThanOrEqual(1);
      const a = alerts[0];
      const code = a === undefined ? '-' : a.state === 'pending' ? 'P' : a.state === 'firing' ? 'F' : 'I';
      got.push(code + (sent.length > 0 ? '*' : ''));
    }
    expect(got.join(' ')).toBe(expected);
  });
});

describe('AlertingRule alert fields', () => {
  it('sets activeAt, firedAt and resolvedAt at the evaluations where they happen', async () => {
    const rule = newRule({ forMs: 2 * MIN });
    await evalAt(rule, at(0), vector({ labels: SERIES }));
    await evalAt(rule, at(1), vector({ labels: SERIES }));
    await evalAt(rule, at(2), vector({ labels: SERIES }));
    expect(rule.currentAlerts()[0]).toMatchObject({ state: 'firing', activeAtMs: at(0), firedAtMs: at(2) });
    await evalAt(rule, at(3), vector());
    expect(rule.currentAlerts()[0]).toMatchObject({
      state: 'inactive',
      activeAtMs: at(0),
      resolvedAtMs: at(3),
    });
    expect(rule.activeAlerts()).toEqual([]);
    await evalAt(rule, at(4), vector({ labels: SERIES }));
    const back = rule.currentAlerts()[0];
    expect(back).toMatchObject({ state: 'pending', activeAtMs: at(4) });
    expect(back?.firedAtMs).toBeUndefined();
    expect(back?.resolvedAtMs).toBeUndefined();
  });

  it('tracks keepFiringSince and clears it when the series returns', async () => {
    const rule = newRule({ keepFiringForMs: 5 * MIN });
    await evalAt(rule, at(0), vector({ labels: SERIES }));
    await evalAt(rule, at(1), vector());
    await evalAt(rule, at(2), vector());
    expect(rule.activeAlerts()[0]).toMatchObject({
      state: 'firing',
      keepFiringSinceMs: at(1),
      activeAtMs: at(0),
    });
    await evalAt(rule, at(3), vector({ labels: SERIES }));
    expect(rule.activeAlerts()[0]?.keepFiringSinceMs).toBeUndefined();
  });

  it('updates value and annotations of a known alert but keeps its activeAt', async () => {
    const rule = newRule({ forMs: 5 * MIN });
    await evalAt(rule, at(0), vector({ labels: SERIES, v: 2 }));
    await evalAt(rule, at(1), vector({ labels: SERIES, v: 7 }));
    expect(rule.activeAlerts()[0]).toMatchObject({
      value: 7,
      annotations: { summary: 'latency is 7' },
      activeAtMs: at(0),
    });
  });

  it.each<{ name: string; ruleLabels: Labels; series: Labels; want: Labels }>([
    {
      name: 'result labels minus __name__, rendered rule labels, alertname',
      ruleLabels: { severity: 'page', source: '{{ $labels.instance }}' },
      series: SERIES,
      want: { alertname: 'HighLatency', instance: 'a', job: 'api', severity: 'page', source: 'a' },
    },
    {
      name: 'rule labels override result labels',
      ruleLabels: { job: 'overridden' },
      series: SERIES,
      want: { alertname: 'HighLatency', instance: 'a', job: 'overridden' },
    },
    {
      name: 'alertname overrides a result label of that name',
      ruleLabels: {},
      series: { ...SERIES, alertname: 'Other' },
      want: { alertname: 'HighLatency', instance: 'a', job: 'api' },
    },
    {
      name: 'a label template rendering empty removes the label',
      ruleLabels: { job: '{{ $labels.missing }}' },
      series: SERIES,
      want: { alertname: 'HighLatency', instance: 'a' },
    },
    {
      name: 'a failing template renders the error text',
      ruleLabels: { broken: '{{ fail }}' },
      series: SERIES,
      want: {
        alertname: 'HighLatency',
        instance: 'a',
        job: 'api',
        broken: '<error expanding template: fail>',
      },
    },
  ])('alert labels: $name', async ({ ruleLabels, series, want }) => {
    const rule = newRule({ labels: ruleLabels });
    await evalAt(rule, at(0), vector({ labels: series }));
    expect(rule.activeAlerts()[0]?.labels).toEqual(want);
  });

  it('gives templates the result labels (with __name__), $value and the external labels', async () => {
    const seen: { name: string; labels: Labels; value: number | string; ts: number }[] = [];
    const rule = newRule({
      annotations: {
        desc: '{{ $labels.__name__ }} on {{ $labels.instance }} = {{ $value }} in {{ $externalLabels.dc }}',
      },
      externalLabels: { dc: 'eu1' },
      expand: async (name, text, data, opts) => {
        seen.push({ name, labels: data.labels, value: data.value, ts: opts.timestampMs });
        return fakeExpand(name, text, data, opts);
      },
    });
    await evalAt(rule, at(0), vector({ labels: SERIES, v: 1.5 }));
    expect(rule.activeAlerts()[0]?.annotations).toEqual({ desc: 'latency_seconds on a = 1.5 in eu1' });
    expect(seen).toEqual([{ name: 'HighLatency', labels: SERIES, value: 1.5, ts: at(0) }]);
  });

  it('queries at ts - query offset and stamps ALERTS samples with that time', async () => {
    const rule = newRule();
    const calls: number[] = [];
    const samples = await rule.evaluate({
      ts: at(1),
      queryOffsetMs: 30_000,
      limit: 0,
      query: async (_e, t) => {
        calls.push(t);
        return vector({ labels: SERIES });
      },
    });
    expect(calls).toEqual([at(1) - 30_000]);
    expect(samples.map((s) => s.t)).toEqual([at(1) - 30_000, at(1) - 30_000]);
  });
});

describe('AlertingRule output series', () => {
  it('writes ALERTS and ALERTS_FOR_STATE for pending and firing alerts only', async () => {
    const rule = newRule({ forMs: MIN, labels: { severity: 'page' } });
    const series = { ...SERIES, alertstate: 'very_critical' };
    const pending = await evalAt(rule, at(0), vector({ labels: series }));
    expect(pending).toEqual([
      {
        labels: {
          __name__: 'ALERTS',
          alertname: 'HighLatency',
          alertstate: 'pending',
          instance: 'a',
          job: 'api',
          severity: 'page',
        },
        t: at(0),
        v: 1,
      },
      {
        labels: {
          __name__: 'ALERTS_FOR_STATE',
          alertname: 'HighLatency',
          alertstate: 'very_critical',
          instance: 'a',
          job: 'api',
          severity: 'page',
        },
        t: at(0),
        v: at(0) / 1000,
      },
    ]);
    const firing = await evalAt(rule, at(1), vector({ labels: series }));
    expect(firing[0]?.labels['alertstate']).toBe('firing');
    expect(firing[1]?.v).toBe(at(0) / 1000);
    expect(await evalAt(rule, at(2), vector())).toEqual([]);
  });

  it('writes ALERTS_FOR_STATE as whole seconds', async () => {
    const rule = newRule();
    const out = await evalAt(rule, at(0) + 1_999, vector({ labels: SERIES }));
    expect(out[1]?.v).toBe(at(0) / 1000 + 1);
  });
});

describe('AlertingRule errors', () => {
  it('rejects duplicate label sets after applying alert labels and keeps the previous state', async () => {
    const rule = newRule();
    await evalAt(rule, at(0), vector({ labels: SERIES }));
    const dup = vector({ labels: SERIES }, { labels: { ...SERIES, __name__: 'other_metric' } });
    await expect(evalAt(rule, at(1), dup)).rejects.toThrow(
      'vector contains metrics with the same labelset after applying alert labels',
    );
    expect(rule.activeAlerts()).toHaveLength(1);
  });

  it('rejects label sets that only a rule label makes equal', async () => {
    const rule = newRule({ labels: { instance: 'all' } });
    const res = vector({ labels: SERIES }, { labels: { ...SERIES, instance: 'b' } });
    await expect(evalAt(rule, at(0), res)).rejects.toThrow('same labelset after applying alert labels');
  });

  it.each([
    { limit: 0, series: 3, error: undefined },
    { limit: 3, series: 3, error: undefined },
    { limit: 2, series: 3, error: 'exceeded limit of 2 with 3 alerts' },
  ])('limit $limit with $series alerts → $error', async ({ limit, series, error }) => {
    const rule = newRule();
    const res = vector(
      ...Array.from({ length: series }, (_, i) => ({ labels: { ...SERIES, instance: `i${i}` } })),
    );
    const run = evalAt(rule, at(0), res, limit);
    if (error === undefined) {
      await run;
      expect(rule.activeAlerts()).toHaveLength(series);
    } else {
      await expect(run).rejects.toThrow(error);
      expect(rule.currentAlerts()).toEqual([]);
    }
  });

  it('counts only pending and firing alerts against the limit, not resolved ones', async () => {
    const rule = newRule();
    await evalAt(rule, at(0), vector({ labels: { instance: 'a' } }, { labels: { instance: 'b' } }));
    await evalAt(rule, at(1), vector({ labels: { instance: 'c' } }, { labels: { instance: 'd' } }), 2);
    expect(rule.currentAlerts().map((a) => a.state)).toEqual(['inactive', 'inactive', 'firing', 'firing']);
  });

  it.each([
    {
      result: { type: 'scalar', t: 0, v: 3 } as QueryResult,
      want: { alertname: 'HighLatency', severity: 'page' },
    },
    {
      result: { type: 'string', t: 0, v: 'x' } as QueryResult,
      want: 'rule result is not a vector or scalar',
    },
    { result: { type: 'matrix', series: [] } as QueryResult, want: 'rule result is not a vector or scalar' },
  ])('a $result.type result → $want', async ({ result, want }) => {
    const rule = newRule();
    if (typeof want === 'string') {
      await expect(evalAt(rule, at(0), result)).rejects.toThrow(want);
    } else {
      await evalAt(rule, at(0), result);
      expect(rule.activeAlerts()[0]?.labels).toEqual(want);
    }
  });

  it('passes query errors through', async () => {
    const rule = newRule();
    await expect(
      rule.evaluate({
        ts: at(0),
        queryOffsetMs: 0,
        limit: 0,
        query: () => Promise.reject(new Error('boom')),
      }),
    ).rejects.toThrow('boom');
  });
});

describe('AlertingRule sending', () => {
  it.each([
    { resendMin: 1, intervalMin: 1, validForMin: 4 },
    { resendMin: 1, intervalMin: 2, validForMin: 8 },
    { resendMin: 5, intervalMin: 1, validForMin: 20 },
  ])(
    'endsAt of a firing alert is ts + 4 × max(resend $resendMin m, interval $intervalMin m)',
    async ({ resendMin, intervalMin, validForMin }) => {
      const rule = newRule();
      await evalAt(rule, at(3), vector({ labels: SERIES }));
      const [sent] = rule.alertsToSend(at(3), resendMin * MIN, intervalMin * MIN);
      expect(sent).toBeDefined();
      if (!sent) return;
      const out = toOutgoingAlert(sent, {
        expr: rule.expr,
        externalLabels: {},
        externalURL: 'http://prom.example',
      });
      expect(out.startsAt).toBe(new Date(at(3)).toISOString());
      expect(out.endsAt).toBe(new Date(at(3 + validForMin)).toISOString());
    },
  );

  it('sends resolved alerts with endsAt = resolvedAt and startsAt = firedAt', async () => {
    const rule = newRule({ forMs: MIN });
    await evalAt(rule, at(0), vector({ labels: SERIES }));
    await evalAt(rule, at(1), vector({ labels: SERIES }));
    rule.alertsToSend(at(1), MIN, MIN);
    await evalAt(rule, at(2), vector());
    const [sent] = rule.alertsToSend(at(2), MIN, MIN);
    expect(sent).toBeDefined();
    if (!sent) return;
    const out = toOutgoingAlert(sent, { expr: rule.expr, externalLabels: {}, externalURL: '' });
    expect(out.startsAt).toBe(new Date(at(1)).toISOString());
    expect(out.endsAt).toBe(new Date(at(2)).toISOString());
  });

  it('builds the payload: sorted labels, external labels where missing, generatorURL', async () => {
    const rule = newRule();
    await evalAt(rule, at(0), vector({ labels: SERIES }));
    const [sent] = rule.alertsToSend(at(0), MIN, MIN);
    if (!sent) throw new Error('nothing sent');
    const out = toOutgoingAlert(sent, {
      expr: 'sum(rate(x{job="a b"}[5m])) > 0.5',
      externalLabels: { dc: 'eu1', job: 'ignored' },
      externalURL: 'http://prom.example/prom/',
    });
    expect(out).toEqual({
      labels: { alertname: 'HighLatency', dc: 'eu1', instance: 'a', job: 'api', severity: 'page' },
      annotations: { summary: 'latency is 1' },
      startsAt: '2024-01-01T12:00:00.000Z',
      endsAt: '2024-01-01T12:04:00.000Z',
      generatorURL:
        'http://prom.example/prom/graph?g0.expr=sum%28rate%28x%7Bjob%3D%22a+b%22%7D%5B5m%5D%29%29+%3E+0.5&g0.tab=1',
    });
    expect(Object.keys(out.labels)).toEqual(['alertname', 'dc', 'instance', 'job', 'severity']);
  });
});

describe('AlertingRule state transfer', () => {
  it('round-trips through snapshot/restore', async () => {
    const rule = newRule({ forMs: 5 * MIN, keepFiringForMs: MIN });
    await evalAt(rule, at(0), vector({ labels: SERIES }, { labels: { ...SERIES, instance: 'b' } }));
    const copy = newRule({ forMs: 5 * MIN, keepFiringForMs: MIN });
    copy.restore(structuredClone(rule.snapshot()));
    expect(copy.currentAlerts()).toEqual(rule.currentAlerts());
    expect(copy.snapshot().ruleKey).toBe(rule.snapshot().ruleKey);
  });

  it('keys saved state by name, labels and expression', () => {
    const a = newRule().ruleKey;
    expect(newRule({ expr: 'other > 1' }).ruleKey).not.toBe(a);
    expect(newRule({ labels: { severity: 'info' } }).ruleKey).not.toBe(a);
    expect(newRule({ forMs: MIN }).ruleKey).toBe(a);
  });

  it('sends a firing alert back to pending when carried into a rule with a longer for', async () => {
    const old = newRule({ forMs: MIN });
    await evalAt(old, at(0), vector({ labels: SERIES }));
    await evalAt(old, at(1), vector({ labels: SERIES }));
    old.alertsToSend(at(1), MIN, MIN);
    const longer = newRule({ forMs: 10 * MIN });
    longer.copyStateFrom(old);
    await evalAt(longer, at(2), vector({ labels: SERIES }));
    const a = longer.activeAlerts()[0];
    expect(a).toMatchObject({ state: 'pending', activeAtMs: at(0) });
    expect(a?.firedAtMs).toBeUndefined();
    expect(a?.lastSentAtMs).toBeUndefined();
    await evalAt(longer, at(10), vector({ labels: SERIES }));
    expect(longer.activeAlerts()[0]).toMatchObject({ state: 'firing', firedAtMs: at(10) });
  });
});
