import { describe, expect, it } from 'vitest';
import { fingerprint, type Labels } from '@vigil/model';
import type { FixtureRouteSpec } from './fixture-routes';
import { dispatchHarness, T0 } from './dispatch-harness';

const S = 1000;
const MIN = 60 * S;

// Alertmanager's TestGroups tree.
const GROUPS_TREE: FixtureRouteSpec = {
  receiver: 'prod',
  groupBy: ['alertname'],
  groupWaitMs: 10,
  groupIntervalMs: 10,
  routes: [
    { match: { env: 'testing' }, receiver: 'testing', groupBy: ['alertname', 'service'] },
    {
      match: { env: 'prod' },
      receiver: 'prod',
      groupBy: ['alertname', 'service', 'cluster'],
      continue: true,
    },
    { match: { kafka: 'yes' }, receiver: 'kafka', groupBy: ['alertname', 'service', 'cluster'] },
  ],
};

const GROUPS_ALERTS: Labels[] = [
  { alertname: 'OtherAlert', cluster: 'cc', service: 'dd' },
  { env: 'testing', alertname: 'TestingAlert', service: 'api', instance: 'inst1' },
  { env: 'prod', alertname: 'HighErrorRate', cluster: 'aa', service: 'api', instance: 'inst1' },
  { env: 'prod', alertname: 'HighErrorRate', cluster: 'aa', service: 'api', instance: 'inst2' },
  { env: 'prod', alertname: 'HighErrorRate', cluster: 'bb', service: 'api', instance: 'inst1' },
  { env: 'prod', alertname: 'HighLatency', cluster: 'bb', service: 'db', kafka: 'yes', instance: 'inst3' },
];

describe('Dispatcher.groups (Alertmanager TestGroups)', () => {
  it('groups by route and group labels, with keys, route IDs and receivers', async () => {
    const h = dispatchHarness(GROUPS_TREE);
    for (const labels of GROUPS_ALERTS) await h.put(labels);
    await h.clock.advance(10);
    expect(h.flushes.flatMap((f) => f.alerts)).toHaveLength(7);

    const { groups, receivers } = h.dispatcher.groups();
    expect(
      groups.map((g) => [
        g.groupKey,
        g.routeId,
        g.receiver,
        g.labels,
        g.alerts.map((a) => a.labels['instance']),
      ]),
    ).toEqual([
      ['{}:{alertname="OtherAlert"}', '{}', 'prod', { alertname: 'OtherAlert' }, [undefined]],
      [
        '{}/{env="testing"}:{alertname="TestingAlert", service="api"}',
        '{}/{env="testing"}/0',
        'testing',
        { alertname: 'TestingAlert', service: 'api' },
        ['inst1'],
      ],
      [
        '{}/{env="prod"}:{alertname="HighErrorRate", cluster="aa", service="api"}',
        '{}/{env="prod"}/1',
        'prod',
        { alertname: 'HighErrorRate', service: 'api', cluster: 'aa' },
        ['inst1', 'inst2'],
      ],
      [
        '{}/{env="prod"}:{alertname="HighErrorRate", cluster="bb", service="api"}',
        '{}/{env="prod"}/1',
        'prod',
        { alertname: 'HighErrorRate', service: 'api', cluster: 'bb' },
        ['inst1'],
      ],
      [
        '{}/{kafka="yes"}:{alertname="HighLatency", cluster="bb", service="db"}',
        '{}/{kafka="yes"}/2',
        'kafka',
        { alertname: 'HighLatency', service: 'db', cluster: 'bb' },
        ['inst3'],
      ],
      [
        '{}/{env="prod"}:{alertname="HighLatency", cluster="bb", service="db"}',
        '{}/{env="prod"}/1',
        'prod',
        { alertname: 'HighLatency', service: 'db', cluster: 'bb' },
        ['inst3'],
      ],
    ]);
    expect(Object.fromEntries(receivers)).toEqual(
      Object.fromEntries([
        ...GROUPS_ALERTS.slice(0, 5).map((l, i) => [fingerprint(l), i === 1 ? ['testing'] : ['prod']]),
        [fingerprint(GROUPS_ALERTS[5] as Labels), ['kafka', 'prod']],
      ]),
    );
    expect(h.dispatcher.groupCount()).toBe(6);
    expect(h.dispatcher.receiversFor(GROUPS_ALERTS[5] as Labels)).toEqual(['prod', 'kafka']);
    await h.dispatcher.stop();
  });

  it('applies the route and alert filters, leaving out groups with no alert left', async () => {
    const h = dispatchHarness(GROUPS_TREE);
    for (const labels of GROUPS_ALERTS) await h.put(labels);
    const { groups, receivers } = h.dispatcher.groups({
      routeFilter: (r) => r.receiver === 'prod',
      alertFilter: (a) => a.labels['cluster'] !== 'aa',
    });
    expect(groups.map((g) => g.groupKey)).toEqual([
      '{}:{alertname="OtherAlert"}',
      '{}/{env="prod"}:{alertname="HighErrorRate", cluster="bb", service="api"}',
      '{}/{env="prod"}:{alertname="HighLatency", cluster="bb", service="db"}',
    ]);
    expect([...receivers.values()]).toEqual([['prod'], ['prod'], ['prod']]);
    await h.dispatcher.stop();
  });
});

describe('grouping', () => {
  const alerts: Labels[] = [
    { alertname: 'A', severity: 'page', instance: '1' },
    { alertname: 'A', severity: 'page', instance: '2' },
    { alertname: 'B', severity: 'page', instance: '1' },
    { alertname: 'B', severity: 'ticket', instance: '1' },
  ];
  it.each<[string, FixtureRouteSpec, string[]]>([
    ['empty group_by: one group per route', { groupBy: [] }, ['{}:{}']],
    ['by alertname', { groupBy: ['alertname'] }, ['{}:{alertname="A"}', '{}:{alertname="B"}']],
    [
      'by a label some alerts lack',
      { groupBy: ['alertname', 'team'] },
      ['{}:{alertname="A"}', '{}:{alertname="B"}'],
    ],
    [
      "by '...': one group per label set",
      { groupBy: ['...'] },
      [
        '{}:{alertname="A", instance="1", severity="page"}',
        '{}:{alertname="A", instance="2", severity="page"}',
        '{}:{alertname="B", instance="1", severity="page"}',
        '{}:{alertname="B", instance="1", severity="ticket"}',
      ],
    ],
    [
      'child route with inherited group_by, continue into a sibling',
      {
        groupBy: ['alertname'],
        routes: [
          { match: { severity: 'page' }, continue: true },
          { match: { alertname: 'A' }, groupBy: ['instance'] },
        ],
      },
      [
        '{}/{severity="page"}:{alertname="A"}',
        '{}/{severity="page"}:{alertname="B"}',
        '{}/{alertname="A"}:{instance="1"}',
        '{}/{alertname="A"}:{instance="2"}',
        '{}:{alertname="B"}',
      ],
    ],
    [
      'first matching child without continue stops the search',
      { routes: [{ match: { severity: 'page' } }, { match: { alertname: 'A' } }] },
      ['{}/{severity="page"}:{}', '{}:{}'],
    ],
  ])('%s', async (_name, spec, keys) => {
    const h = dispatchHarness(spec);
    for (const labels of alerts) await h.put(labels);
    expect(
      h.dispatcher
        .groups()
        .groups.map((g) => g.groupKey)
        .sort(),
    ).toEqual([...keys].sort());
    expect(h.dispatcher.groupCount()).toBe(keys.length);
    await h.dispatcher.stop();
  });
});

describe('flush timing', () => {
  const tree: FixtureRouteSpec = { groupBy: ['alertname'], groupWaitMs: 30 * S, groupIntervalMs: 5 * MIN };

  it('flushes after group_wait, then every group_interval, with the new alerts of each interval', async () => {
    const h = dispatchHarness(tree);
    await h.put({ alertname: 'X', i: '1' });
    await h.clock.advance(29 * S);
    expect(h.flushes).toHaveLength(0);
    await h.put({ alertname: 'X', i: '2' });
    await h.clock.advance(1 * S);
    expect(h.flushes.map((f) => [f.at - T0, f.alerts.length])).toEqual([[30 * S, 2]]);

    await h.put({ alertname: 'X', i: '3' });
    await h.clock.advance(5 * MIN - 1);
    expect(h.flushes).toHaveLength(1);
    await h.clock.advance(1);
    await h.clock.advance(5 * MIN);
    expect(h.flushes.map((f) => [f.at - T0, f.alerts.length])).toEqual([
      [30 * S, 2],
      [30 * S + 5 * MIN, 3],
      [30 * S + 10 * MIN, 3],
    ]);
    await h.dispatcher.stop();
  });

  it.each<[string, number, number]>([
    ['an alert that started more than group_wait ago flushes at once', -31 * S, 0],
    ['an alert that started exactly group_wait ago waits', -30 * S, 30 * S],
    ['a recent alert waits group_wait', -5 * S, 30 * S],
  ])('%s', async (_name, startOffset, wantAt) => {
    const h = dispatchHarness(tree);
    await h.put({ alertname: 'X' }, { startsAt: T0 + startOffset });
    await h.clock.advance(0);
    await h.clock.advance(wantAt === 0 ? 0 : wantAt - 1);
    expect(h.flushes.length).toBe(wantAt === 0 ? 1 : 0);
    await h.clock.advance(1);
    expect(h.flushes[0]?.at).toBe(T0 + wantAt);
    await h.dispatcher.stop();
  });

  it('only the first alert of a group decides an immediate flush', async () => {
    const h = dispatchHarness(tree);
    await h.put({ alertname: 'X', i: 'new' });
    await h.put({ alertname: 'X', i: 'old' }, { startsAt: T0 - 10 * MIN });
    await h.clock.advance(29 * S);
    expect(h.flushes).toHaveLength(0);
    await h.clock.advance(1 * S);
    expect(h.flushes).toHaveLength(1);
    await h.dispatcher.stop();
  });

  it('passes the flush context: key, receiver, labels, timings, deadline = now + max(group_interval, 10s)', async () => {
    const h = dispatchHarness({
      receiver: 'team',
      groupBy: ['alertname'],
      groupWaitMs: 1 * S,
      groupIntervalMs: 2 * S,
      repeatIntervalMs: 3 * MIN,
      routes: [{ match: { a: 'b' }, muteTimeIntervals: ['nights'], activeTimeIntervals: ['days'] }],
    });
    await h.put({ alertname: 'X', a: 'b' });
    await h.clock.advance(1 * S);
    const ctx = h.flushes[0]?.ctx;
    expect(ctx).toMatchObject({
      groupKey: '{}/{a="b"}:{alertname="X"}',
      receiver: 'team',
      groupLabels: { alertname: 'X' },
      repeatIntervalMs: 3 * MIN,
      muteTimeIntervals: ['nights'],
      activeTimeIntervals: ['days'],
      now: T0 + 1 * S,
      deadline: T0 + 11 * S,
      routeId: '{}/{a="b"}/0',
    });
    expect(ctx?.routeLabels).toBeUndefined();
    await h.dispatcher.stop();
  });

  it('aborts a notification that overruns its deadline and flushes again right after an overrun', async () => {
    let release: (() => void) | undefined;
    const signals: AbortSignal[] = [];
    const h = dispatchHarness(
      { groupWaitMs: 0, groupIntervalMs: 20 * S },
      {
        outcome: (ctx) => {
          if (ctx.signal) signals.push(ctx.signal);
          if (signals.length > 1) return true;
          return new Promise<boolean>((resolve) => (release = () => resolve(false)));
        },
      },
    );
    await h.put({ alertname: 'X' });
    await h.clock.advance(0);
    expect(h.flushes).toHaveLength(1);
    await h.clock.advance(20 * S);
    expect(signals[0]?.aborted).toBe(true);
    expect(h.flushes).toHaveLength(1);
    await h.clock.advance(5 * S);
    release?.();
    await h.clock.settle();
    expect(h.flushes.map((f) => f.at - T0)).toEqual([0, 25 * S]);
    expect(h.flushes[1]?.ctx.now).toBe(T0 + 20 * S);
    await h.dispatcher.stop();
  });
  it.each<[string, boolean, Labels | undefined]>([
    ['passes route labels as configured without a renderer', false, { team: '{{ .GroupLabels.alertname }}' }],
    ['renders route labels against the flushed alerts', true, { team: 'X/1' }],
  ])('%s', async (_name, render, want) => {
    const h = dispatchHarness(
      { groupBy: ['alertname'], groupWaitMs: 0, labels: { team: '{{ .GroupLabels.alertname }}' } },
      render
        ? {
            renderRouteLabels: (_route, groupLabels, alerts) => ({
              team: `${groupLabels['alertname']}/${alerts.length}`,
            }),
          }
        : {},
    );
    await h.put({ alertname: 'X' });
    await h.clock.advance(0);
    expect(h.flushes[0]?.ctx.routeLabels).toEqual(want);
    expect(h.dispatcher.groups().groups[0]?.routeLabels).toEqual(want);
    await h.dispatcher.stop();
  });
});

describe('resolved alerts', () => {
  const tree: FixtureRouteSpec = { groupBy: ['alertname'], groupWaitMs: 30 * S, groupIntervalMs: 5 * MIN };

  it('sends firing alerts with endsAt zeroed and resolved ones as they are, sorted; then drops the resolved', async () => {
    const h = dispatchHarness(tree);
    await h.put({ alertname: 'X', instance: 'b' });
    await h.put({ alertname: 'X', instance: 'a' }, { endsAt: T0 + 10 * MIN });
    await h.clock.advance(30 * S);
    expect(h.flushes[0]?.alerts.map((a) => [a.labels['instance'], a.endsAt])).toEqual([
      ['a', 0],
      ['b', 0],
    ]);
    await h.clock.advance(10 * MIN);
    expect(h.flushes.map((f) => f.alerts.map((a) => [a.labels['instance'], a.endsAt]))).toEqual([
      [
        ['a', 0],
        ['b', 0],
      ],
      [
        ['a', 0],
        ['b', 0],
      ],
      [
        ['a', T0 + 10 * MIN],
        ['b', 0],
      ],
    ]);
    expect(h.dispatcher.groups().groups[0]?.alerts.map((a) => a.labels['instance'])).toEqual(['b']);
    await h.dispatcher.stop();
  });

  it('removes a group once its last resolved alert was sent; a later alert starts a new group', async () => {
    const h = dispatchHarness(tree);
    await h.put({ alertname: 'X' }, { endsAt: T0 + 1 * MIN });
    await h.clock.advance(30 * S);
    expect(h.dispatcher.groupCount()).toBe(1);
    await h.clock.advance(5 * MIN);
    expect(h.flushes[1]?.alerts[0]?.endsAt).toBe(T0 + 1 * MIN);
    expect(h.dispatcher.groupCount()).toBe(0);
    expect(h.clock.pendingTimers()).toBe(0);

    await h.put({ alertname: 'X' });
    expect(h.dispatcher.groupCount()).toBe(1);
    await h.clock.advance(30 * S);
    expect(h.flushes).toHaveLength(3);
    await h.dispatcher.stop();
  });

  it('keeps resolved alerts when the notification failed, and sends them again', async () => {
    let ok = false;
    const h = dispatchHarness(tree, { outcome: () => ok });
    await h.put({ alertname: 'X' }, { startsAt: T0 - MIN, endsAt: T0 });
    await h.clock.advance(0);
    expect(h.flushes).toHaveLength(1);
    expect(h.dispatcher.groupCount()).toBe(1);
    ok = true;
    await h.clock.advance(5 * MIN);
    expect(h.flushes).toHaveLength(2);
    expect(h.dispatcher.groupCount()).toBe(0);
    await h.dispatcher.stop();
  });

  it('keeps an alert that fired again during the flush that sent its resolution', async () => {
    let release: ((ok: boolean) => void) | undefined;
    const h = dispatchHarness(tree, {
      outcome: () => new Promise<boolean>((resolve) => (release = resolve)),
    });
    await h.put({ alertname: 'X' }, { startsAt: T0 - 10 * MIN, endsAt: T0 - MIN });
    await h.clock.advance(0);
    expect(h.flushes[0]?.alerts[0]?.endsAt).toBe(T0 - MIN);
    // While the notification is in flight, the alert fires again.
    await h.put({ alertname: 'X' }, { startsAt: T0, endsAt: T0 + 10 * MIN });
    release?.(true);
    await h.clock.settle();
    expect(h.dispatcher.groupCount()).toBe(1);
    await h.clock.advance(5 * MIN);
    expect(h.flushes[1]?.alerts.map((a) => [a.startsAt, a.endsAt])).toEqual([[T0, 0]]);
    release?.(true);
    await h.dispatcher.stop();
  });

  it('does not resolve an alert in a notification already built as time moves on', async () => {
    const h = dispatchHarness({ ...tree, groupWaitMs: 0 });
    await h.put({ alertname: 'X' }, { endsAt: T0 + 1 });
    await h.clock.advance(0);
    const sent = h.flushes[0]?.alerts[0];
    await h.clock.advance(10);
    expect(sent?.endsAt).toBe(0);
    expect(h.store.get(fingerprint({ alertname: 'X' }))?.endsAt).toBe(T0 + 1);
    await h.dispatcher.stop();
  });
});

describe('start and stop', () => {
  const tree: FixtureRouteSpec = { groupBy: ['instance'], groupWaitMs: 1 * S, groupIntervalMs: 3 * MIN };

  it('rebuilds groups from the stored alerts on start; old ones flush at once', async () => {
    const h = dispatchHarness(tree, { start: false });
    await h.put({ alertname: 'Old', instance: '1' }, { startsAt: T0 - 60 * MIN });
    await h.put({ alertname: 'New', instance: '2' });
    await h.put({ alertname: 'New', instance: '1' });
    h.dispatcher.start();
    expect(h.dispatcher.groupCount()).toBe(2);
    await h.clock.advance(0);
    expect(h.flushes.map((f) => [f.ctx.groupKey, f.alerts.length])).toEqual([['{}:{instance="1"}', 2]]);
    await h.clock.advance(1 * S);
    expect(h.flushes.map((f) => f.ctx.groupKey)).toEqual(['{}:{instance="1"}', '{}:{instance="2"}']);
    await h.dispatcher.stop();
  });

  it('holds flushes until startAt (--dispatch.start-delay)', async () => {
    const h = dispatchHarness(tree, { startAt: T0 + 2 * S });
    await h.put({ alertname: 'A', instance: '1' }, { startsAt: T0 - 60 * MIN });
    await h.clock.advance(2 * S - 1);
    expect(h.flushes).toHaveLength(0);
    await h.clock.advance(1);
    expect(h.flushes.map((f) => [f.at - T0, f.ctx.now - T0])).toEqual([[2 * S, 0]]);
    await h.put({ alertname: 'A', instance: '2' });
    await h.clock.advance(1 * S);
    expect(h.flushes).toHaveLength(2);
    await h.dispatcher.stop();
  });

  it('stop cancels every timer, aborts notifications in flight and ignores later alerts', async () => {
    let aborted = false;
    const h = dispatchHarness(
      { groupWaitMs: 0, groupIntervalMs: MIN },
      {
        outcome: (ctx) =>
          new Promise<boolean>((resolve) =>
            ctx.signal?.addEventListener('abort', () => {
              aborted = true;
              resolve(false);
            }),
          ),
      },
    );
    await h.put({ alertname: 'X' });
    await h.clock.advance(0);
    await h.dispatcher.stop();
    expect(aborted).toBe(true);
    expect(h.clock.pendingTimers()).toBe(0);
    await h.put({ alertname: 'Y' });
    await h.clock.advance(10 * MIN);
    expect(h.flushes).toHaveLength(1);
  });

  it('drops alerts that would need a group beyond maxAggregationGroups', async () => {
    const h = dispatchHarness({ groupBy: ['alertname'] }, { maxAggregationGroups: 2 });
    for (const name of ['A', 'B', 'C']) await h.put({ alertname: name });
    await h.put({ alertname: 'A', other: 'x' });
    expect(h.dispatcher.groupCount()).toBe(2);
    expect(h.dispatcher.limitReachedTotal).toBe(1);
    expect(h.dispatcher.groups().groups.map((g) => g.alerts.length)).toEqual([2, 1]);
    await h.dispatcher.stop();
  });
});

describe('metrics data', () => {
  it('counts unresolved alerts in groups once each, at their highest state', async () => {
    const h = dispatchHarness({
      groupBy: ['alertname'],
      routes: [
        { match: { team: 'a' }, receiver: 'a', continue: true },
        { match: { team: 'a' }, receiver: 'b' },
      ],
    });
    await h.put({ alertname: 'X', team: 'a' });
    await h.put({ alertname: 'Y', team: 'c' });
    await h.put({ alertname: 'Z', team: 'c' }, { startsAt: T0 - 2 * MIN, endsAt: T0 - MIN });
    const counts = h.dispatcher.alertStateCounts((a, g) =>
      a.labels['team'] === 'a' ? (g.route.receiver === 'b' ? 'suppressed' : 'active') : 'unprocessed',
    );
    expect(counts).toEqual({ active: 0, suppressed: 1, unprocessed: 1 });
    await h.dispatcher.stop();
  });
});

describe('throughput', () => {
  it.each<[string, string[]]>([['group_by alertname', ['alertname']]])(
    'routes 100,000 alerts in batches of 100 with %s (sanity figure, logged)',
    async (name, groupBy) => {
      const h = dispatchHarness({
        groupBy,
        routes: [{ match: { team: 'a' }, continue: true }, { match: { b: 'x' } }],
      });
      const heapBefore = process.memoryUsage().heapUsed;
      const started = performance.now();
      for (let b = 0; b < 1000; b++) {
        const batch = Array.from({ length: 100 }, (_, i) => {
          const labels = {
            alertname: `A${b % 10}`,
            team: i % 2 ? 'a' : 'b',
            instance: `host-${b}`,
            i: String(i),
          };
          return {
            labels,
            annotations: {},
            startsAt: T0,
            endsAt: T0 + 3_600_000,
            generatorURL: '',
            updatedAt: T0,
            timeout: false,
            fingerprint: fingerprint(labels),
          };
        });
        await h.store.put(batch);
      }
      const ms = performance.now() - started;
      const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
      const listed = performance.now();
      const { groups } = h.dispatcher.groups();
      const listMs = performance.now() - listed;
      console.log(
        `Dispatcher (${name}): 100,000 alerts in ${ms.toFixed(0)} ms, ${h.dispatcher.groupCount()} groups, ` +
          `~${heapMb.toFixed(0)} MB heap for store+groups, groups() in ${listMs.toFixed(0)} ms`,
      );
      expect(groups.reduce((n, g) => n + g.alerts.length, 0)).toBe(100_000);
      await h.dispatcher.stop();
    },
    120_000,
  );
});
