import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../alert/alert';
import { apiHarness, T0, type ApiHarness } from './api-harness';

const MIN = 60_000;

interface Fixture {
  disk: Alert;
  diskWarn: Alert;
  cpu: Alert;
  mem: Alert;
  silenceId: string;
}

async function seed(h: ApiHarness): Promise<Fixture> {
  const disk = await h.put(
    { alertname: 'DiskFull', severity: 'critical', instance: 'a' },
    { annotations: { summary: 'disk', description: 'full' }, generatorURL: 'http://prom/graph?g0.expr=up' },
  );
  const diskWarn = await h.put({ alertname: 'DiskFull', severity: 'warning', instance: 'a', team: 'a' });
  const cpu = await h.put({ alertname: 'CPU', severity: 'critical', team: 'b' });
  const mem = await h.put({ alertname: 'Mem', severity: 'info' });
  await h.put({ alertname: 'Old' }, { startsAt: T0 - 60 * MIN, endsAt: T0 - MIN });
  const silenceId = await h.silences.set({
    matchers: [{ name: 'alertname', type: '=', value: 'Mem' }],
    startsAt: T0,
    endsAt: T0 + 60 * MIN,
    createdBy: 'ops',
    comment: 'mem',
  });
  return { disk, diskWarn, cpu, mem, silenceId };
}

let h: ApiHarness;
let f: Fixture;
beforeEach(async () => {
  h = await apiHarness();
  f = await seed(h);
});
afterEach(async () => h.close());

async function getAlerts(query: string): Promise<{ status: number; body: unknown }> {
  const res = await h.app.inject({ method: 'GET', url: `/api/v2/alerts${query}` });
  return { status: res.statusCode, body: res.json() };
}

describe('GET /api/v2/alerts', () => {
  it('shows one alert as Alertmanager does: sorted maps, RFC 3339 millisecond times, receivers, status', async () => {
    const { body } = await getAlerts('?filter=severity="critical"&filter=alertname="DiskFull"');
    expect(body).toEqual([
      {
        annotations: { description: 'full', summary: 'disk' },
        endsAt: '2024-05-01T13:00:00.000Z',
        fingerprint: f.disk.fingerprint,
        receivers: [{ name: 'pager' }],
        startsAt: '2024-05-01T12:00:00.000Z',
        status: { inhibitedBy: [], mutedBy: [], silencedBy: [], state: 'active' },
        updatedAt: '2024-05-01T12:00:00.000Z',
        generatorURL: 'http://prom/graph?g0.expr=up',
        labels: { alertname: 'DiskFull', instance: 'a', severity: 'critical' },
      },
    ]);
    const res = await h.app.inject({ method: 'GET', url: '/api/v2/alerts?filter=alertname=Mem' });
    expect(res.body).not.toContain('generatorURL');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('lists unresolved alerts sorted by fingerprint, with statuses predicted now', async () => {
    const { body } = await getAlerts('');
    const alerts = body as { fingerprint: string; receivers: { name: string }[]; status: unknown }[];
    const expected = [
      [f.disk, ['pager'], { inhibitedBy: [], mutedBy: [], silencedBy: [], state: 'active' }],
      [
        f.diskWarn,
        ['team-a'],
        { inhibitedBy: [f.disk.fingerprint], mutedBy: [], silencedBy: [], state: 'suppressed' },
      ],
      [f.cpu, ['pager', 'team-b'], { inhibitedBy: [], mutedBy: [], silencedBy: [], state: 'active' }],
      [f.mem, ['default'], { inhibitedBy: [], mutedBy: [], silencedBy: [f.silenceId], state: 'suppressed' }],
    ] as const;
    expect(alerts.map((a) => [a.fingerprint, a.receivers.map((r) => r.name), a.status])).toEqual(
      expected
        .map(([a, r, s]) => [a.fingerprint, r, s])
        .sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
  });

  it.each([
    ['active=false keeps only suppressed alerts', '?active=false', ['diskWarn', 'mem']],
    ['silenced=false drops silenced alerts', '?silenced=false', ['disk', 'diskWarn', 'cpu']],
    ['inhibited=false drops inhibited alerts', '?inhibited=false', ['disk', 'cpu', 'mem']],
    ['booleans read as go-swagger does ("no" is false)', '?inhibited=no&silenced=0', ['disk', 'cpu']],
    ['the last of repeated booleans wins', '?active=false&active=true', ['disk', 'diskWarn', 'cpu', 'mem']],
    ['an empty boolean is the default', '?active=', ['disk', 'diskWarn', 'cpu', 'mem']],
    ['unprocessed is accepted and changes nothing', '?unprocessed=false', ['disk', 'diskWarn', 'cpu', 'mem']],
    ['filter: equality', '?filter=alertname%3D%22DiskFull%22', ['disk', 'diskWarn']],
    [
      'filter: repeated matchers all hold',
      '?filter=alertname=DiskFull&filter=severity=~warn.*',
      ['diskWarn'],
    ],
    ['filter: name="" selects alerts without the label', '?filter=team%3D%22%22', ['disk', 'mem']],
    ['filter: name!="" selects alerts with the label', '?filter=team!%3D%22%22', ['diskWarn', 'cpu']],
    ['filter: negative regex', '?filter=severity!~"crit.*|info"', ['diskWarn']],
    ['receiver: anchored regex over the routed receivers', '?receiver=team-.*', ['diskWarn', 'cpu']],
    ['receiver: not a substring match', '?receiver=page', []],
    ['receiver: any of the receivers matches', '?receiver=pager', ['disk', 'cpu']],
    ['receiver_matchers: by receiver labels', '?receiver_matchers=owner%3D%22ops%22', ['disk', 'cpu']],
    ['filter and switches combine', '?filter=alertname=DiskFull&inhibited=false', ['disk']],
  ])('%s', async (_name, query, names) => {
    const { status, body } = await getAlerts(query);
    expect(status).toBe(200);
    const byFp = new Map(
      Object.entries(f).flatMap(([k, v]) => (typeof v === 'string' ? [] : [[v.fingerprint, k]])),
    );
    expect((body as { fingerprint: string }[]).map((a) => byFp.get(a.fingerprint)).sort()).toEqual(
      [...names].sort(),
    );
  });

  it.each([
    // Alertmanager 0.34's fallback parser; 0.25 (classic) said "bad matcher format: {".
    ['?filter=%7B', 'unexpected open or close brace: {'],
    ['?filter=foo%3D%22', 'matcher value contains unescaped double quote: "'],
    ['?receiver=(', 'failed to parse receiver param: error parsing regexp: missing closing ): `^(?:()$`'],
    ['?receiver_matchers=%7B', 'failed to parse receiver_matchers param: unexpected open or close brace: {'],
  ])('%s → 400 with a bare JSON string', async (query, message) => {
    const res = await h.app.inject({ method: 'GET', url: `/api/v2/alerts${query}` });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toBe(`${JSON.stringify(message)}\n`);
  });

  it('an alert that ends exactly now is still shown; one that ended before is not', async () => {
    const edge = await h.put({ alertname: 'Edge' }, { startsAt: T0 - MIN, endsAt: T0 });
    const { body } = await getAlerts('?filter=alertname=~"Edge|Old"');
    expect((body as { fingerprint: string }[]).map((a) => a.fingerprint)).toEqual([edge.fingerprint]);
  });
});

describe('POST /api/v2/alerts', () => {
  async function post(payload: string, contentType = 'application/json') {
    return h.app.inject({
      method: 'POST',
      url: '/api/v2/alerts',
      payload,
      headers: { 'content-type': contentType },
    });
  }

  it('stores what Prometheus sends: nanosecond times, generatorURL; answers 200 without a body', async () => {
    const res = await post(
      JSON.stringify([
        {
          labels: { alertname: 'Up', job: 'node' },
          annotations: { summary: 's' },
          startsAt: '2024-05-01T11:59:30.123456789Z',
          endsAt: '2024-05-01T12:04:00.5Z',
          generatorURL: 'http://prom:9090/graph?g0.expr=up+%3D%3D+0&g0.tab=1',
        },
      ]),
    );
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    expect(res.headers['content-type']).toBeUndefined();
    const stored = h.store.list().find((a) => a.labels['alertname'] === 'Up');
    expect(stored).toMatchObject({
      startsAt: Date.parse('2024-05-01T11:59:30.123Z'),
      endsAt: Date.parse('2024-05-01T12:04:00.500Z'),
      updatedAt: T0,
      timeout: false,
      generatorURL: 'http://prom:9090/graph?g0.expr=up+%3D%3D+0&g0.tab=1',
    });
    expect(h.persistence.entries.has(stored?.fingerprint ?? '')).toBe(true);
  });

  it('fills missing times: startsAt now, endsAt now + resolve_timeout (flagged), empty labels dropped', async () => {
    expect((await post('[{"labels":{"alertname":"Fresh","empty":""}}]')).statusCode).toBe(200);
    const stored = h.store.list().find((a) => a.labels['alertname'] === 'Fresh');
    expect(stored).toMatchObject({
      labels: { alertname: 'Fresh' },
      startsAt: T0,
      endsAt: T0 + 5 * MIN,
      timeout: true,
    });
  });

  it('stores the valid alerts of a request and answers 400 with every invalid one, one per line', async () => {
    const res = await post(
      JSON.stringify([
        { labels: { alertname: 'Good' } },
        { labels: {} },
        { labels: { '': 'x' } },
        { labels: { a: 'b' }, startsAt: '2024-05-01T13:00:00Z', endsAt: '2024-05-01T12:30:00Z' },
      ]),
    );
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body)).toBe(
      'at least one label pair required\ninvalid label set: invalid name ""\nstart time must be before end time',
    );
    expect(h.store.list().some((a) => a.labels['alertname'] === 'Good')).toBe(true);
    const metrics = await h.registry.metrics();
    expect(metrics).toContain('alertmanager_alerts_received_total{status="firing",version="v2"} 4');
    expect(metrics).toContain('alertmanager_alerts_invalid_total{version="v2"} 3');
  });

  it('counts resolved alerts by their end time', async () => {
    await post('[{"labels":{"a":"1"},"endsAt":"2024-05-01T11:00:00Z"},{"labels":{"a":"2"}}]');
    const metrics = await h.registry.metrics();
    expect(metrics).toContain('alertmanager_alerts_received_total{status="resolved",version="v2"} 1');
    expect(metrics).toContain('alertmanager_alerts_received_total{status="firing",version="v2"} 1');
  });

  it.each([
    ['', 422, '{"code":602,"message":"alerts in body is required"}'],
    ['[{}]', 422, '{"code":602,"message":"0.labels in body is required"}'],
    [
      '[{"labels":{"a":"b"},"generatorURL":"::x"}]',
      422,
      '{"code":601,"message":"0.generatorURL in body must be of type uri: \\"::x\\""}',
    ],
    [
      '{"labels":{}}',
      400,
      '{"code":400,"message":"parsing alerts body from \\"\\" failed, because json: cannot unmarshal object into Go value of type models.PostableAlerts"}',
    ],
    [
      '[{"labels":{"a":"b"},"startsAt":"yesterday"}]',
      400,
      '{"code":400,"message":"parsing alerts body from \\"\\" failed, because parsing time \\"yesterday\\" as \\"2006-01-02\\": cannot parse \\"yesterday\\" as \\"2006\\""}',
    ],
  ])('%j → %d %s and nothing stored', async (payload, status, body) => {
    const before = h.store.size;
    const res = await post(payload);
    expect(res.statusCode).toBe(status);
    expect(res.body).toBe(`${body}\n`);
    expect(h.store.size).toBe(before);
  });

  it('refuses other media types with 415 as go-openapi does', async () => {
    const res = await post('[{"labels":{"a":"b"}}]', 'text/plain');
    expect(res.statusCode).toBe(415);
    expect(res.json()).toEqual({
      code: 415,
      message: 'unsupported media type "text/plain", only [application/json] are allowed',
    });
  });

  it('answers 500 with the error text when the store cannot persist the alerts', async () => {
    h.persistence.save = async () => {
      throw new Error('redis: connection refused');
    };
    const res = await post('[{"labels":{"a":"b"}}]');
    expect(res.statusCode).toBe(500);
    expect(res.json()).toBe('redis: connection refused');
  });
});
