import { describe, expect, it } from 'vitest';
import { buildTemplateData, firingAlerts, quoteMeta, resolvedAlerts } from './template-data';
import { T0, makeAlert } from './test-support';

describe('buildTemplateData', () => {
  const a = makeAlert(
    { alertname: 'DiskFull', instance: 'a', team: 'db' },
    { annotations: { summary: 'full', runbook: 'r1', empty: '' } },
  );
  const b = makeAlert(
    { alertname: 'DiskFull', instance: 'b', team: 'db' },
    { annotations: { summary: 'full', runbook: 'r2' }, endsAt: T0 - 1 },
  );
  const data = buildTemplateData({
    receiver: 'team.db',
    groupLabels: { alertname: 'DiskFull' },
    routeLabels: { tier: '1' },
    notificationReason: 'first notification',
    externalUrl: 'http://am.example:9093',
    alerts: [a, b],
    now: T0,
  });

  it('fills the fields templates read', () => {
    expect(data).toMatchObject({
      Receiver: 'team\\.db',
      Status: 'firing',
      NotificationReason: 'first notification',
      GroupLabels: { alertname: 'DiskFull' },
      CommonLabels: { alertname: 'DiskFull', team: 'db' },
      RouteLabels: { tier: '1' },
      ExternalURL: 'http://am.example:9093',
    });
  });

  it('treats a missing annotation as empty when computing common annotations, as Go maps do', () => {
    // `empty: ""` on a and absent on b are equal; `runbook` differs.
    expect(data.CommonAnnotations).toEqual({ summary: 'full', empty: '' });
  });

  it('gives each alert its status at the flush time', () => {
    expect(firingAlerts(data.Alerts).map((x) => x.Labels.instance)).toEqual(['a']);
    expect(resolvedAlerts(data.Alerts).map((x) => x.Labels.instance)).toEqual(['b']);
    expect(data.Alerts[1]).toMatchObject({ Status: 'resolved', EndsAt: T0 - 1, Fingerprint: b.fingerprint });
  });

  it('is resolved when nothing fires, and has empty maps for no alerts', () => {
    const empty = buildTemplateData({ receiver: 'r', groupLabels: {}, externalUrl: '', alerts: [], now: T0 });
    expect(empty).toMatchObject({
      Status: 'resolved',
      CommonLabels: {},
      CommonAnnotations: {},
      NotificationReason: 'unknown',
    });
  });
});

describe('quoteMeta', () => {
  it.each([
    ['team-a', 'team-a'],
    ['a.b*c', 'a\\.b\\*c'],
    ['[x](y){z}^$|?+\\', '\\[x\\]\\(y\\)\\{z\\}\\^\\$\\|\\?\\+\\\\'],
  ])('quotes %j', (input, out) => {
    expect(quoteMeta(input)).toBe(out);
  });
});
