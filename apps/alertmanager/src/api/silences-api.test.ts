import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiHarness, T0, type ApiHarness } from './api-harness';

const MIN = 60_000;
const iso = (ms: number): string => new Date(ms).toISOString();

let h: ApiHarness;
beforeEach(async () => {
  h = await apiHarness();
});
afterEach(async () => h.close());

function body(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    matchers: [{ name: 'alertname', value: 'DiskFull', isRegex: false }],
    startsAt: iso(T0),
    endsAt: iso(T0 + 60 * MIN),
    createdBy: 'ops',
    comment: 'disk swap',
    ...over,
  };
}

async function post(payload: unknown) {
  return h.app.inject({
    method: 'POST',
    url: '/api/v2/silences',
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    headers: { 'content-type': 'application/json' },
  });
}

async function create(over: Record<string, unknown> = {}): Promise<string> {
  const res = await post(body(over));
  expect(res.statusCode).toBe(200);
  return res.json<{ silenceID: string }>().silenceID;
}

describe('POST /api/v2/silences', () => {
  it('creates a silence and answers its ID; GET /silence/{id} shows it as Alertmanager does', async () => {
    const id = await create({
      matchers: [
        { name: 'alertname', value: 'DiskFull', isRegex: false },
        { name: 'severity', value: 'warn.*', isRegex: true, isEqual: false },
      ],
      annotations: { z: '1', a: '2' },
    });
    const res = await h.app.inject({ method: 'GET', url: `/api/v2/silence/${id}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id,
      status: { state: 'active' },
      updatedAt: '2024-05-01T12:00:00.000Z',
      annotations: { a: '2', z: '1' },
      comment: 'disk swap',
      createdBy: 'ops',
      endsAt: '2024-05-01T13:00:00.000Z',
      matchers: [
        { isEqual: true, isRegex: false, name: 'alertname', value: 'DiskFull' },
        { isEqual: false, isRegex: true, name: 'severity', value: 'warn.*' },
      ],
      startsAt: '2024-05-01T12:00:00.000Z',
    });
  });

  it('updates in place when only the end and comment change; new ID when the matchers change', async () => {
    const id = await create();
    const same = await create({ id, endsAt: iso(T0 + 120 * MIN), comment: 'longer' });
    expect(same).toBe(id);
    expect(h.silences.get(id)).toMatchObject({ endsAt: T0 + 120 * MIN, comment: 'longer' });
    const other = await create({ id, matchers: [{ name: 'alertname', value: 'CPU', isRegex: false }] });
    expect(other).not.toBe(id);
    expect(h.silences.get(id)?.endsAt).toBe(T0);
  });

  it.each([
    ['no body', '', 422, '{"code":602,"message":"silence in body is required"}'],
    ['a missing field', {}, 422, '{"code":602,"message":"comment in body is required"}'],
    [
      'no matchers',
      body({ matchers: [] }),
      422,
      '{"code":612,"message":"matchers in body should have at least 1 items"}',
    ],
    [
      'malformed JSON',
      'garbage',
      400,
      '{"code":400,"message":"parsing silence body from \\"\\" failed, because invalid character \'g\' looking for beginning of value"}',
    ],
    [
      'start after end',
      body({ startsAt: iso(T0 + 120 * MIN) }),
      400,
      '"Failed to create silence: start time must be before end time"',
    ],
    [
      'an end in the past',
      body({ startsAt: iso(T0 - 120 * MIN), endsAt: iso(T0 - MIN) }),
      400,
      '"Failed to create silence: end time can\'t be in the past"',
    ],
    [
      'a matcher matching everything',
      body({ matchers: [{ name: 'a', value: '', isRegex: false }] }),
      400,
      '"invalid silence: matcher set 0: at least one matcher must not match the empty string"',
    ],
    ['an unknown ID', body({ id: '00000000-0000-0000-0000-000000000000' }), 404, '"silence not found"'],
  ])('%s → %d %s', async (_name, payload, status, answer) => {
    const res = await post(payload);
    expect(res.statusCode).toBe(status);
    expect(res.body).toBe(`${answer}\n`);
    expect(h.silences.query()).toEqual([]);
  });
});

describe('GET /api/v2/silences', () => {
  let ids: Record<string, string>;
  beforeEach(async () => {
    ids = {
      activeLate: await create({ endsAt: iso(T0 + 90 * MIN) }),
      activeSoon: await create({
        endsAt: iso(T0 + 30 * MIN),
        matchers: [{ name: 'job', value: 'node', isRegex: false }],
      }),
      pendingLate: await create({ startsAt: iso(T0 + 50 * MIN), endsAt: iso(T0 + 99 * MIN) }),
      pendingSoon: await create({ startsAt: iso(T0 + 10 * MIN) }),
      expiredOld: await create({ endsAt: iso(T0 + 5 * MIN) }),
      expiredNew: await create({ endsAt: iso(T0 + 60 * MIN) }),
    };
    await h.clock?.advance(5 * MIN + 30_000);
    await h.silences.expire(ids['expiredNew'] ?? '');
    await h.clock?.advance(MIN);
  });

  async function list(query = ''): Promise<string[]> {
    const res = await h.app.inject({ method: 'GET', url: `/api/v2/silences${query}` });
    expect(res.statusCode).toBe(200);
    const names = new Map(Object.entries(ids).map(([k, v]) => [v, k]));
    return res.json<{ id: string }[]>().map((s) => names.get(s.id) ?? s.id);
  }

  it.each([
    [
      'sorts active (soonest end), pending (soonest start), expired (latest end)',
      '',
      ['activeSoon', 'activeLate', 'pendingSoon', 'pendingLate', 'expiredNew', 'expiredOld'],
    ],
    ['filter keeps silences having an equal matcher', '?filter=job%3D%22node%22', ['activeSoon']],
    ['filter compares matchers, it does not evaluate them', '?filter=job=~"no.*"', []],
    ['active=false', '?active=false', ['pendingSoon', 'pendingLate', 'expiredNew', 'expiredOld']],
    ['expired=false&pending=false', '?expired=false&pending=false', ['activeSoon', 'activeLate']],
  ])('%s', async (_name, query, expected) => {
    expect(await list(query)).toEqual(expected);
  });

  it('answers 400 for a bad filter', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v2/silences?filter=foo%3D%22' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toBe('matcher value contains unescaped double quote: "');
  });
});

describe('GET and DELETE /api/v2/silence/{silenceID}', () => {
  it.each([
    [
      'GET',
      'not-a-uuid',
      422,
      '{"code":601,"message":"silenceID in path must be of type uuid: \\"not-a-uuid\\""}\n',
    ],
    [
      'DELETE',
      'not-a-uuid',
      422,
      '{"code":601,"message":"silenceID in path must be of type uuid: \\"not-a-uuid\\""}\n',
    ],
    ['GET', '00000000-0000-0000-0000-000000000000', 404, ''],
    ['DELETE', '00000000-0000-0000-0000-000000000000', 404, ''],
    ['GET', '00000000000000000000000000000000', 404, ''],
  ])('%s %s → %d', async (method, id, status, answer) => {
    const res = await h.app.inject({ method: method as 'GET' | 'DELETE', url: `/api/v2/silence/${id}` });
    expect(res.statusCode).toBe(status);
    expect(res.body).toBe(answer);
  });

  it('DELETE expires an active silence now (200, no body); it then shows as expired', async () => {
    const id = await create();
    await h.clock?.advance(MIN);
    const res = await h.app.inject({ method: 'DELETE', url: `/api/v2/silence/${id}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    const got = await h.app.inject({ method: 'GET', url: `/api/v2/silence/${id}` });
    expect(got.json()).toMatchObject({ status: { state: 'expired' }, endsAt: '2024-05-01T12:01:00.000Z' });
  });

  it('a silenced alert shows the silence in silencedBy until it is expired', async () => {
    await h.put({ alertname: 'DiskFull' });
    const id = await create();
    const before = await h.app.inject({ method: 'GET', url: '/api/v2/alerts' });
    expect(before.json<{ status: { silencedBy: string[] } }[]>()[0]?.status.silencedBy).toEqual([id]);
    await h.app.inject({ method: 'DELETE', url: `/api/v2/silence/${id}` });
    await h.clock?.advance(1);
    const after = await h.app.inject({ method: 'GET', url: '/api/v2/alerts' });
    expect(after.json<{ status: { silencedBy: string[]; state: string } }[]>()[0]?.status).toMatchObject({
      silencedBy: [],
      state: 'active',
    });
  });
});
