import { describe, expect, it } from 'vitest';
import type { AlertStatus, GettableAlert } from '../api/types';
import { alertStates, groupByLabel, labelNames, routeGroups, safeHref } from './alerts';

function alert(labels: Record<string, string>, status: Partial<AlertStatus> = {}): GettableAlert {
  return {
    labels,
    annotations: {},
    startsAt: '2024-05-01T12:00:00.000Z',
    endsAt: '2024-05-01T13:00:00.000Z',
    updatedAt: '2024-05-01T12:00:00.000Z',
    fingerprint: JSON.stringify(labels),
    receivers: [],
    status: { state: 'active', silencedBy: [], inhibitedBy: [], mutedBy: [], ...status },
  };
}

describe('alertStates', () => {
  it.each<[Partial<AlertStatus>, string[]]>([
    [{}, ['active']],
    [{ state: 'suppressed', silencedBy: ['s1'] }, ['silenced']],
    [{ state: 'suppressed', inhibitedBy: ['f1'] }, ['inhibited']],
    [{ state: 'suppressed', silencedBy: ['s1'], inhibitedBy: ['f1'] }, ['silenced', 'inhibited']],
    [{ state: 'suppressed', mutedBy: ['weekends'] }, ['muted']],
    [{ state: 'unprocessed' }, ['unprocessed']],
  ])('%j → %j', (status, states) => {
    expect(alertStates(alert({ a: '1' }, status))).toEqual(states);
  });
});

describe('grouping', () => {
  const alerts = [
    alert({ alertname: 'A', team: 'web' }),
    alert({ alertname: 'B' }),
    alert({ alertname: 'C', team: 'db' }),
    alert({ alertname: 'D', team: 'web' }),
  ];

  it('groups by a label in value order, alerts without it last', () => {
    expect(
      groupByLabel(alerts, 'team').map((g) => [g.labels, g.alerts.map((a) => a.labels.alertname)]),
    ).toEqual([
      [{ team: 'db' }, ['C']],
      [{ team: 'web' }, ['A', 'D']],
      [{}, ['B']],
    ]);
  });

  it('keeps the route groups as the API gives them, dropping empty ones', () => {
    const shown = routeGroups([
      { labels: { alertname: 'A' }, receiver: { name: 'web' }, alerts: alerts.slice(0, 1) },
      { labels: { alertname: 'Z' }, receiver: { name: 'web' }, alerts: [] },
    ]);
    expect(shown.map((g) => [g.receiver, g.labels])).toEqual([['web', { alertname: 'A' }]]);
  });

  it('lists label names for the picker', () => {
    expect(labelNames(alerts)).toEqual(['alertname', 'team']);
  });
});

describe('safeHref', () => {
  it.each([
    ['http://prom:9090/graph?g0.expr=up', 'http://prom:9090/graph?g0.expr=up'],
    ['https://example.com/x', 'https://example.com/x'],
    ['javascript:alert(1)', undefined],
    ['JaVaScRiPt:alert(1)', undefined],
    ['data:text/html,<script>alert(1)</script>', undefined],
    ['/graph?g0.expr=up', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j → %j', (url, href) => {
    expect(safeHref(url)).toBe(href);
  });
});
