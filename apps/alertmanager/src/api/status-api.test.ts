import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertmanagerApi } from './alertmanager-api';
import { apiHarness, TEST_VERSION, type ApiHarness } from './api-harness';
import { V1_REMOVED_MESSAGE } from './v1-deprecation-api';

let h: ApiHarness;
beforeEach(async () => {
  h = await apiHarness();
});
afterEach(async () => h.close());

describe('GET /api/v2/status', () => {
  it('reports cluster, build, start time and the running config with secrets redacted', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v2/status' });
    expect(res.statusCode).toBe(200);
    const status = res.json<{ config: { original: string } }>();
    expect(status).toMatchObject({
      cluster: { peers: [], status: 'disabled' },
      uptime: '2024-05-01T12:00:00.000Z',
      versionInfo: TEST_VERSION,
    });
    expect(status.config.original).toContain('slack_api_url: <secret>');
    expect(status.config.original).not.toContain('XXXXSECRET');
    expect(status.config.original).toContain('resolve_timeout: 5m');
  });
});

describe('GET /api/v2/receivers', () => {
  it.each([
    ['', ['default', 'team-a', 'pager', 'team-b']],
    ['?receiver_matchers=owner%3D%22ops%22', ['pager']],
    ['?receiver_matchers=owner%3D~%22.%2B%22&receiver_matchers=tier!%3D%221%22', ['team-a']],
  ])('%s lists receivers in config order', async (query, names) => {
    const res = await h.app.inject({ method: 'GET', url: `/api/v2/receivers${query}` });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ name: string }[]>().map((r) => r.name)).toEqual(names);
  });

  it('shows receiver labels (name always among them)', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v2/receivers?receiver_matchers=name=pager' });
    expect(res.json()).toEqual([{ labels: { name: 'pager', owner: 'ops', tier: '1' }, name: 'pager' }]);
  });
});

describe('the removed API v1', () => {
  it.each([
    ['GET', '/api/v1/status'],
    ['GET', '/api/v1/receivers'],
    ['GET', '/api/v1/alerts'],
    ['POST', '/api/v1/alerts'],
    ['GET', '/api/v1/silences'],
    ['POST', '/api/v1/silences'],
    ['GET', '/api/v1/silence/abc'],
    ['DELETE', '/api/v1/silence/abc'],
  ])('%s %s → 410 deprecated', async (method, url) => {
    const res = await h.app.inject({
      method: method as 'GET',
      url,
      payload: method === 'POST' ? '[]' : undefined,
      headers: method === 'POST' ? { 'content-type': 'application/json' } : {},
    });
    expect(res.statusCode).toBe(410);
    expect(res.json()).toEqual({ status: 'deprecated', error: V1_REMOVED_MESSAGE });
  });
});

describe('routing answers as go-swagger does', () => {
  it.each([
    ['GET', '/api/v2/nothing', 404, '{"code":404,"message":"path /api/v2/nothing was not found"}', undefined],
    [
      'PUT',
      '/api/v2/alerts',
      405,
      '{"code":405,"message":"method PUT is not allowed, but [GET,POST] are"}',
      'GET,POST',
    ],
    ['HEAD', '/api/v2/status', 405, '', 'GET'],
    [
      'PUT',
      '/api/v2/silence/00000000-0000-0000-0000-000000000000',
      405,
      '{"code":405,"message":"method PUT is not allowed, but [GET,DELETE] are"}',
      'GET,DELETE',
    ],
  ])('%s %s → %d', async (method, url, status, body, allow) => {
    const res = await h.app.inject({ method: method as 'GET', url });
    expect(res.statusCode).toBe(status);
    if (method !== 'HEAD') expect(res.body).toBe(`${body}\n`);
    expect(res.headers['allow']).toBe(allow);
  });

  it('answers CORS as rs/cors does: any origin for GET/POST, preflight without passing through', async () => {
    const get = await h.app.inject({
      method: 'GET',
      url: '/api/v2/status',
      headers: { origin: 'http://ui' },
    });
    expect(get.headers['access-control-allow-origin']).toBe('*');
    expect(get.headers['vary']).toBe('Origin');
    const pre = await h.app.inject({
      method: 'OPTIONS',
      url: '/api/v2/silences',
      headers: {
        origin: 'http://ui',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers).toMatchObject({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'content-type',
    });
    const del = await h.app.inject({
      method: 'OPTIONS',
      url: '/api/v2/silence/x',
      headers: { origin: 'http://ui', 'access-control-request-method': 'DELETE' },
    });
    expect(del.statusCode).toBe(204);
    expect(del.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('works under a route prefix; paths in answers leave the prefix out', async () => {
    const app = Fastify({ logger: false });
    await app.register(alertmanagerApi, {
      prefix: '/am',
      alerts: h.store,
      silences: h.silences,
      silencer: { silencedBy: () => [] },
      current: () => ({ config: h.config, dispatcher: h.dispatcher, inhibitor: h.inhibitor }),
      startedAt: 0,
      versionInfo: TEST_VERSION,
    });
    try {
      expect((await app.inject({ method: 'GET', url: '/am/api/v2/receivers' })).statusCode).toBe(200);
      const missing = await app.inject({ method: 'GET', url: '/am/api/v2/nope' });
      expect(missing.json()).toEqual({ code: 404, message: 'path /api/v2/nope was not found' });
      const v1 = await app.inject({ method: 'GET', url: '/am/api/v1/alerts' });
      expect(v1.statusCode).toBe(410);
    } finally {
      await app.close();
    }
  });
});
