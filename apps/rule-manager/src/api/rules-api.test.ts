import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { rulesApi } from './rules-api';
import type { GroupView } from './views';

const groups: GroupView[] = [
  {
    name: 'node',
    file: 'rules/node.yml',
    intervalMs: 15_000,
    limit: 0,
    evaluationTimeMs: 12,
    lastEvaluationMs: Date.parse('2026-01-02T03:04:05.5Z'),
    rules: [
      {
        type: 'recording',
        name: 'job:up:sum',
        query: 'sum by (job) (up)',
        labels: {},
        health: 'ok',
        evaluationTimeMs: 3,
        lastEvaluationMs: Date.parse('2026-01-02T03:04:05.5Z'),
      },
      {
        type: 'alerting',
        name: 'InstanceDown',
        query: 'up == 0',
        durationMs: 60_000,
        keepFiringForMs: 0,
        labels: { severity: 'page' },
        annotations: { summary: 'down' },
        alerts: [
          {
            labels: { alertname: 'InstanceDown', instance: 'a' },
            annotations: { summary: 'down' },
            state: 'pending',
            activeAtMs: Date.parse('2026-01-02T03:04:00Z'),
            value: 0,
          },
          {
            labels: { alertname: 'InstanceDown', instance: 'b' },
            annotations: { summary: 'down' },
            state: 'firing',
            activeAtMs: Date.parse('2026-01-02T03:00:00Z'),
            keepFiringSinceMs: Date.parse('2026-01-02T03:04:05Z'),
            value: 1,
          },
        ],
        health: 'err',
        lastError: 'query timed out',
        evaluationTimeMs: 9,
      },
    ],
  },
  {
    name: 'other',
    file: 'rules/other.yml',
    intervalMs: 60_000,
    limit: 10,
    evaluationTimeMs: 0,
    rules: [
      {
        type: 'recording',
        name: 'x:y',
        query: 'vector(1)',
        labels: { a: 'b' },
        health: 'unknown',
        evaluationTimeMs: 0,
      },
    ],
  },
];

async function get(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const app = Fastify();
  await app.register(rulesApi, { retriever: { ruleGroups: () => groups } });
  const res = await app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.json() };
}

describe('GET /api/v1/rules', () => {
  it('shows groups and rules in Prometheus shape', async () => {
    const { status, body } = await get('/api/v1/rules');
    expect(status).toBe(200);
    expect(body['status']).toBe('success');
    const data = body['data'] as { groups: Record<string, unknown>[] };
    expect(data.groups).toHaveLength(2);
    expect(data.groups[0]).toMatchObject({
      name: 'node',
      file: 'rules/node.yml',
      interval: 15,
      limit: 0,
      evaluationTime: 0.012,
      lastEvaluation: '2026-01-02T03:04:05.5Z',
    });
    const [rec, alert] = (data.groups[0] as { rules: Record<string, unknown>[] }).rules;
    expect(rec).toEqual({
      name: 'job:up:sum',
      query: 'sum by (job) (up)',
      labels: {},
      health: 'ok',
      evaluationTime: 0.003,
      lastEvaluation: '2026-01-02T03:04:05.5Z',
      type: 'recording',
    });
    expect(alert).toMatchObject({
      state: 'firing',
      name: 'InstanceDown',
      duration: 60,
      keepFiringFor: 0,
      health: 'err',
      lastError: 'query timed out',
      lastEvaluation: '0001-01-01T00:00:00Z',
      type: 'alerting',
    });
    expect((alert as { alerts: unknown[] }).alerts[1]).toEqual({
      labels: { alertname: 'InstanceDown', instance: 'b' },
      annotations: { summary: 'down' },
      state: 'firing',
      activeAt: '2026-01-02T03:00:00Z',
      keepFiringSince: '2026-01-02T03:04:05Z',
      value: '1e+00',
    });
  });

  it.each([
    ['?type=alert', ['InstanceDown']],
    ['?type=record', ['job:up:sum', 'x:y']],
    ['?rule_name[]=x:y', ['x:y']],
    ['?rule_group[]=node&type=record', ['job:up:sum']],
    ['?file[]=rules/other.yml', ['x:y']],
    ['?rule_name[]=InstanceDown&rule_name[]=x:y', ['InstanceDown', 'x:y']],
  ])('filters %s', async (query, names) => {
    const { body } = await get(`/api/v1/rules${query}`);
    const data = body['data'] as { groups: { rules: { name: string }[] }[] };
    expect(data.groups.flatMap((g) => g.rules.map((r) => r.name))).toEqual(names);
  });

  it('omits alerts with exclude_alerts=true', async () => {
    const { body } = await get('/api/v1/rules?type=alert&exclude_alerts=true');
    const data = body['data'] as { groups: { rules: { alerts: unknown }[] }[] };
    expect(data.groups[0]?.rules[0]?.alerts).toBeNull();
  });

  it('paginates with group_limit and group_next_token', async () => {
    const first = await get('/api/v1/rules?group_limit=1');
    const data = first.body['data'] as { groups: { name: string }[]; groupNextToken: string };
    expect(data.groups.map((g) => g.name)).toEqual(['node']);
    const second = await get(`/api/v1/rules?group_limit=1&group_next_token=${data.groupNextToken}`);
    const data2 = second.body['data'] as { groups: { name: string }[]; groupNextToken?: string };
    expect(data2.groups.map((g) => g.name)).toEqual(['other']);
    expect(data2.groupNextToken).toBeUndefined();
  });

  it.each([
    ['?type=bogus', 'invalid parameter "type": not supported value "bogus"'],
    ['?exclude_alerts=maybe', 'invalid parameter "exclude_alerts"'],
    ['?group_next_token=abc', 'group_limit needs to be present'],
    ['?group_limit=1&group_next_token=abc', "invalid group_next_token 'abc'"],
  ])('rejects %s with bad_data', async (query, message) => {
    const { status, body } = await get(`/api/v1/rules${query}`);
    expect(status).toBe(400);
    expect(body).toMatchObject({ status: 'error', errorType: 'bad_data' });
    expect(String(body['error'])).toContain(message);
  });
});

describe('GET /api/v1/alerts', () => {
  it('lists every active alert of every alerting rule', async () => {
    const { body } = await get('/api/v1/alerts');
    const data = body['data'] as {
      alerts: { labels: Record<string, string>; state: string; value: string }[];
    };
    expect(data.alerts.map((a) => [a.labels['instance'], a.state, a.value])).toEqual([
      ['a', 'pending', '0e+00'],
      ['b', 'firing', '1e+00'],
    ]);
  });
});
