import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiHarness, T0, type ApiHarness } from './api-harness';

const MIN = 60_000;

interface GroupView {
  labels: Record<string, string>;
  receiver: { name: string };
  routeLabels: Record<string, string>;
  alerts: {
    labels: Record<string, string>;
    receivers: { name: string }[];
    status: { state: string; mutedBy: string[] };
  }[];
}

let h: ApiHarness;
beforeEach(async () => {
  h = await apiHarness();
  await h.put({ alertname: 'DiskFull', severity: 'critical', instance: 'a' });
  await h.put({ alertname: 'DiskFull', severity: 'critical', instance: 'b' });
  await h.put({ alertname: 'DiskFull', severity: 'warning', team: 'a' });
  await h.put({ alertname: 'CPU', severity: 'critical', team: 'b' });
  await h.put({ alertname: 'Mem', severity: 'info' });
  await h.silences.set({
    matchers: [{ name: 'alertname', type: '=', value: 'Mem' }],
    startsAt: T0,
    endsAt: T0 + 60 * MIN,
    createdBy: 'ops',
    comment: 'mem',
  });
});
afterEach(async () => h.close());

async function groups(query = ''): Promise<GroupView[]> {
  const res = await h.app.inject({ method: 'GET', url: `/api/v2/alerts/groups${query}` });
  expect(res.statusCode).toBe(200);
  return res.json<GroupView[]>();
}

const summary = (gs: GroupView[]): string[] =>
  gs.map(
    (g) =>
      `${g.receiver.name} ${JSON.stringify(g.labels)}: ${g.alerts
        .map((a) => `${a.labels['alertname']}/${a.labels['instance'] ?? a.labels['team'] ?? '-'}`)
        .join(' ')}`,
  );

describe('GET /api/v2/alerts/groups', () => {
  it('lists the aggregation groups sorted by labels then receiver, alerts in notification order', async () => {
    expect(summary(await groups())).toEqual([
      'pager {"alertname":"CPU"}: CPU/b',
      'team-b {"alertname":"CPU"}: CPU/b',
      'pager {"alertname":"DiskFull"}: DiskFull/a DiskFull/b',
      'team-a {"alertname":"DiskFull"}: DiskFull/a',
      'default {"alertname":"Mem"}: Mem/-',
    ]);
  });

  it('shows each alert with all the receivers of the groups it is listed in', async () => {
    const cpu = (await groups('?filter=alertname=CPU'))[0]?.alerts[0];
    expect(cpu?.receivers).toEqual([{ name: 'pager' }, { name: 'team-b' }]);
    const cpuPagerOnly = (await groups('?filter=alertname=CPU&receiver=pager'))[0]?.alerts[0];
    expect(cpuPagerOnly?.receivers).toEqual([{ name: 'pager' }]);
  });

  it.each([
    [
      'receiver selects routes by anchored regex',
      '?receiver=team-.*',
      ['team-b {"alertname":"CPU"}: CPU/b', 'team-a {"alertname":"DiskFull"}: DiskFull/a'],
    ],
    [
      'filter keeps groups with a matching alert',
      '?filter=instance=b',
      ['pager {"alertname":"DiskFull"}: DiskFull/b'],
    ],
    [
      'silenced=false leaves out groups left empty',
      '?silenced=false&filter=alertname=~"Mem|CPU"',
      ['pager {"alertname":"CPU"}: CPU/b', 'team-b {"alertname":"CPU"}: CPU/b'],
    ],
    ['inhibited=false drops the inhibited alert', '?inhibited=false&receiver=team-a', []],
    [
      'active=false keeps suppressed alerts only',
      '?active=false',
      ['team-a {"alertname":"DiskFull"}: DiskFull/a', 'default {"alertname":"Mem"}: Mem/-'],
    ],
    [
      'receiver_matchers select routes by receiver labels',
      '?receiver_matchers=owner="alpha"',
      ['team-a {"alertname":"DiskFull"}: DiskFull/a'],
    ],
  ])('%s', async (_name, query, expected) => {
    expect(summary(await groups(query))).toEqual(expected);
  });

  it('marks the alerts of a group muted by time intervals suppressed, and muted=false drops the group', async () => {
    const all = await groups('?filter=alertname=CPU&receiver=pager');
    const route = h.dispatcher
      .groups()
      .groups.find((g) => g.receiver === 'pager' && g.labels['alertname'] === 'CPU');
    if (!route) throw new Error('pager group missing');
    h.marker.setMuted(route.routeId, route.groupKey, ['weekends']);
    const muted = await groups('?filter=alertname=CPU&receiver=pager');
    expect(all[0]?.alerts[0]?.status).toMatchObject({ state: 'active', mutedBy: [] });
    expect(muted[0]?.alerts[0]?.status).toMatchObject({ state: 'suppressed', mutedBy: ['weekends'] });
    expect(summary(await groups('?filter=alertname=CPU&muted=false'))).toEqual([
      'team-b {"alertname":"CPU"}: CPU/b',
    ]);
  });

  it('answers 400 for a bad receiver regex', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v2/alerts/groups?receiver=[' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toBe('failed to parse receiver param: error parsing regexp: missing closing ]: `[)$`');
  });

  it('includes routeLabels (empty without route labels)', async () => {
    const [first] = await groups();
    expect(first?.routeLabels).toEqual({});
  });
});
