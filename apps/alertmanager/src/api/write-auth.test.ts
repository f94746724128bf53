import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadWebConfig } from '../config/web-config';
import { CredentialVerifier, isWrite, parseAuthorization, type Credentials } from './write-auth';
import {
  DIGEST_TOKEN,
  FILE_TOKEN,
  USERS,
  hashPassword,
  writeAuthHarness,
  type WriteAuthHarness,
} from './write-auth-harness';

const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const bearer = (token: string): string => `Bearer ${token}`;

function silenceBody(): string {
  const now = Date.now();
  return JSON.stringify({
    matchers: [{ name: 'alertname', value: 'DiskFull', isRegex: false, isEqual: true }],
    startsAt: new Date(now).toISOString(),
    endsAt: new Date(now + 3_600_000).toISOString(),
    createdBy: 'test',
    comment: 'write-auth test',
  });
}

const ALERTS = JSON.stringify([{ labels: { alertname: 'DiskFull', instance: 'a' } }]);
const JSON_TYPE = { 'content-type': 'application/json' };

describe('parseAuthorization', () => {
  it.each<[string | undefined, Credentials]>([
    [undefined, { scheme: 'none' }],
    ['', { scheme: 'none' }],
    [basic('alice', 'pw:with:colons'), { scheme: 'basic', user: 'alice', password: 'pw:with:colons' }],
    [`basic ${Buffer.from('a:').toString('base64')}`, { scheme: 'basic', user: 'a', password: '' }],
    ['Basic !!!', { scheme: 'malformed', name: 'Basic' }],
    [`Basic ${Buffer.from('no-colon').toString('base64')}`, { scheme: 'malformed', name: 'Basic' }],
    ['Bearer abc.def', { scheme: 'bearer', token: 'abc.def' }],
    ['BEARER   abc', { scheme: 'bearer', token: 'abc' }],
    ['Bearer', { scheme: 'malformed', name: 'Bearer' }],
    ['Bearer a b', { scheme: 'malformed', name: 'Bearer' }],
    ['Digest username="x"', { scheme: 'unsupported', name: 'Digest' }],
  ])('%j → %j', (header, expected) => {
    expect(parseAuthorization(header)).toEqual(expected);
  });
});

describe('isWrite', () => {
  it.each([
    ['GET', false],
    ['head', false],
    ['OPTIONS', false],
    ['POST', true],
    ['PUT', true],
    ['DELETE', true],
    ['PATCH', true],
  ])('%s → %s', (method, expected) => {
    expect(isWrite(method)).toBe(expected);
  });
});

describe('writeAuth over the API', () => {
  let h: WriteAuthHarness;
  beforeAll(async () => {
    h = await writeAuthHarness();
  });
  afterAll(async () => h.close());

  it.each<[string, 'GET' | 'HEAD' | 'OPTIONS', string, Record<string, string>, number]>([
    ['API read', 'GET', '/api/v2/silences', {}, 200],
    ['API read', 'GET', '/api/v2/alerts', {}, 200],
    ['API read', 'GET', '/api/v2/status', {}, 200],
    [
      'API read with wrong credentials',
      'GET',
      '/api/v2/alerts/groups',
      { authorization: bearer('nope') },
      200,
    ],
    ['health', 'GET', '/-/healthy', {}, 200],
    ['readiness', 'HEAD', '/-/ready', {}, 200],
    ['metrics', 'GET', '/metrics', {}, 200],
    [
      'CORS preflight',
      'OPTIONS',
      '/api/v2/silences',
      { origin: 'http://ui', 'access-control-request-method': 'POST' },
      204,
    ],
  ])('%s: %s %s stays open', async (_what, method, url, headers, status) => {
    const res = await h.app.inject({ method, url, headers });
    expect(res.statusCode).toBe(status);
  });

  it.each<[string, 'POST' | 'DELETE' | 'PUT', string, string | undefined]>([
    ['create a silence', 'POST', '/api/v2/silences', silenceBody()],
    ['expire a silence', 'DELETE', '/api/v2/silence/00000000-0000-0000-0000-000000000000', undefined],
    ['post alerts', 'POST', '/api/v2/alerts', ALERTS],
    ['reload', 'POST', '/-/reload', undefined],
    ['reload', 'PUT', '/-/reload', undefined],
    ['an unknown API path', 'POST', '/api/v2/nothing-here', '{}'],
    ['the removed API v1', 'POST', '/api/v1/silences', '{}'],
  ])('%s (%s %s) without credentials: 401 with both challenges', async (_what, method, url, body) => {
    const res = await h.app.inject({ method, url, headers: JSON_TYPE, ...(body ? { payload: body } : {}) });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toEqual(['Basic realm="vigil"', 'Bearer realm="vigil"']);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('no-store');
    const path = url.split('?')[0];
    expect(res.json()).toBe(
      `authentication required: ${method} ${path} changes state; send basic auth credentials or a bearer token`,
    );
  });

  it.each<[string, string, string, string | string[]]>([
    [
      'wrong password',
      basic('alice', 'alice-passwort'),
      'authentication failed: wrong credentials',
      'Basic realm="vigil"',
    ],
    [
      'unknown user',
      basic('mallory', USERS.alice),
      'authentication failed: wrong credentials',
      'Basic realm="vigil"',
    ],
    [
      "another user's password",
      basic('bob', USERS.alice),
      'authentication failed: wrong credentials',
      'Basic realm="vigil"',
    ],
    ['empty password', basic('alice', ''), 'authentication failed: wrong credentials', 'Basic realm="vigil"'],
    [
      'password past 72 bytes',
      basic('alice', USERS.alice + 'x'.repeat(80)),
      'authentication failed: wrong credentials',
      'Basic realm="vigil"',
    ],
    [
      'wrong token',
      bearer('file-token-0123456789abcdeF'),
      'authentication failed: wrong credentials',
      'Bearer realm="vigil", error="invalid_token"',
    ],
    [
      'password as a token',
      bearer(USERS.alice),
      'authentication failed: wrong credentials',
      'Bearer realm="vigil", error="invalid_token"',
    ],
    [
      'token as a password',
      basic('alice', FILE_TOKEN),
      'authentication failed: wrong credentials',
      'Basic realm="vigil"',
    ],
    [
      'malformed basic',
      'Basic %%%',
      'authentication failed: malformed Basic credentials',
      'Basic realm="vigil"',
    ],
    [
      'unsupported scheme',
      'Digest username="alice"',
      'authentication failed: unsupported authorization scheme "Digest"; use Basic or Bearer',
      'Basic realm="vigil"',
    ],
  ])('%s: 401', async (_what, authorization, message, challenge) => {
    for (const [method, url, payload] of [
      ['POST', '/api/v2/silences', silenceBody()],
      ['POST', '/api/v2/alerts', ALERTS],
      ['DELETE', '/api/v2/silence/00000000-0000-0000-0000-000000000000', undefined],
    ] as const) {
      const res = await h.app.inject({
        method,
        url,
        headers: { ...JSON_TYPE, authorization },
        ...(payload ? { payload } : {}),
      });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.json()).toBe(message);
      expect(res.headers['www-authenticate']).toContain(challenge);
    }
  });

  it.each([
    ['alice (basic auth, $2b$ hash)', basic('alice', USERS.alice)],
    ['bob (basic auth, $2y$ hash as htpasswd writes)', basic('bob', USERS.bob)],
    ['a token from bearer_tokens_file', bearer(FILE_TOKEN)],
    ['a token listed by its SHA-256', bearer(DIGEST_TOKEN)],
  ])('%s may create, expire silences and post alerts', async (_who, authorization) => {
    const headers = { ...JSON_TYPE, authorization };
    const created = await h.app.inject({
      method: 'POST',
      url: '/api/v2/silences',
      headers,
      payload: silenceBody(),
    });
    expect(created.statusCode).toBe(200);
    const { silenceID } = created.json<{ silenceID: string }>();
    const got = await h.app.inject({ method: 'GET', url: `/api/v2/silence/${silenceID}` });
    expect(got.json<{ status: { state: string } }>().status.state).toBe('active');

    const expired = await h.app.inject({ method: 'DELETE', url: `/api/v2/silence/${silenceID}`, headers });
    expect(expired.statusCode).toBe(200);
    const after = await h.app.inject({ method: 'GET', url: `/api/v2/silence/${silenceID}` });
    expect(after.json<{ status: { state: string } }>().status.state).toBe('expired');

    const alerts = await h.app.inject({ method: 'POST', url: '/api/v2/alerts', headers, payload: ALERTS });
    expect(alerts.statusCode).toBe(200);
  });

  it('refuses an unauthenticated write before reading its body', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v2/silences',
      headers: JSON_TYPE,
      payload: '{not json',
    });
    expect(res.statusCode).toBe(401);
  });

  it('runs /-/reload only with credentials', async () => {
    const before = h.reloads();
    expect((await h.app.inject({ method: 'POST', url: '/-/reload' })).statusCode).toBe(401);
    expect(h.reloads()).toBe(before);
    const ok = await h.app.inject({
      method: 'POST',
      url: '/-/reload',
      headers: { authorization: basic('alice', USERS.alice) },
    });
    expect(ok.statusCode).toBe(200);
    expect(h.reloads()).toBe(before + 1);
  });

  it('leaves the Basic challenge out for scripts, so browsers open no password dialog', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v2/silences',
      headers: {
        ...JSON_TYPE,
        'x-requested-with': 'XMLHttpRequest',
        authorization: bearer('wrong-token-value'),
      },
      payload: silenceBody(),
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="vigil", error="invalid_token"');
  });
});

describe('writeAuth as the web config changes', () => {
  let h: WriteAuthHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const post = (app: WriteAuthHarness['app'], authorization?: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v2/alerts',
      headers: { ...JSON_TYPE, ...(authorization ? { authorization } : {}) },
      payload: ALERTS,
    });

  it('leaves writes open when the file configures no credentials (as exporter-toolkit)', async () => {
    h = await writeAuthHarness('# nothing yet\n');
    expect((await post(h.app)).statusCode).toBe(200);
    h.write('basic_auth_users: {}\nhttp_server_config:\n  http2: false\n');
    expect((await post(h.app)).statusCode).toBe(200);
  });

  it('refuses every write when write_auth is present but lists no token (it does not fail open)', async () => {
    h = await writeAuthHarness('write_auth:\n  bearer_tokens_file: tokens.txt\n', '# all revoked\n');
    const res = await post(h.app, bearer(FILE_TOKEN));
    expect(res.statusCode).toBe(401);
    const anonymous = await post(h.app);
    expect(anonymous.json()).toBe(
      'authentication required: POST /api/v2/alerts changes state, and no write credentials are configured',
    );
    expect(anonymous.headers['www-authenticate']).toBe('Bearer realm="vigil"');
  });

  it('applies edits without a restart: a rotated token, a new user', async () => {
    h = await writeAuthHarness();
    expect((await post(h.app, bearer(FILE_TOKEN))).statusCode).toBe(200);
    h.write('rotated-token-00000000000000000\n', 'tokens.txt');
    expect((await post(h.app, bearer(FILE_TOKEN))).statusCode).toBe(401);
    expect((await post(h.app, bearer('rotated-token-00000000000000000'))).statusCode).toBe(200);

    h.write(`basic_auth_users:\n  carol: ${hashPassword('carol-pw')}\n`);
    expect((await post(h.app, basic('carol', 'carol-pw'))).statusCode).toBe(200);
    expect((await post(h.app, basic('alice', USERS.alice))).statusCode).toBe(401);
    expect((await post(h.app, bearer('rotated-token-00000000000000000'))).statusCode).toBe(401);
  });

  it('refuses writes (500) while the file is broken, keeps reads open, and recovers once it is fixed', async () => {
    h = await writeAuthHarness();
    h.write('basic_auth_users:\n  alice: not-a-hash\n');
    const broken = await post(h.app, basic('alice', USERS.alice));
    expect(broken.statusCode).toBe(500);
    expect(broken.json()).toMatch(/web config file is broken/);
    expect((await h.app.inject({ method: 'GET', url: '/api/v2/alerts' })).statusCode).toBe(200);

    h.write(`basic_auth_users:\n  alice: ${hashPassword(USERS.alice)}\n`);
    expect((await post(h.app, basic('alice', USERS.alice))).statusCode).toBe(200);
  });

  it('refuses writes (500) when the tokens file disappears', async () => {
    h = await writeAuthHarness();
    rmSync(join(h.dir, 'tokens.txt'));
    expect((await post(h.app, bearer(FILE_TOKEN))).statusCode).toBe(500);
  });

  it('adds http_server_config.headers to every response, reads included', async () => {
    h = await writeAuthHarness(
      'http_server_config:\n  headers:\n    X-Frame-Options: deny\n    X-Content-Type-Options: nosniff\n',
    );
    for (const res of [
      await h.app.inject({ method: 'GET', url: '/api/v2/status' }),
      await h.app.inject({ method: 'GET', url: '/-/healthy' }),
      await post(h.app),
    ]) {
      expect(res.headers['x-frame-options']).toBe('deny');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });
});

describe('CredentialVerifier', () => {
  it('caches bcrypt outcomes, so a sender that posts every few seconds pays for bcrypt once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-verifier-'));
    try {
      // Cost 12 takes a few hundred ms in JS; a cached answer takes none of that.
      writeFileSync(join(dir, 'web.yml'), `basic_auth_users:\n  alice: ${bcrypt.hashSync('pw', 12)}\n`);
      const config = await loadWebConfig(join(dir, 'web.yml'));
      const verifier = new CredentialVerifier();
      const creds = { scheme: 'basic', user: 'alice', password: 'pw' } as const;
      let t = performance.now();
      expect(await verifier.verify(config, creds)).toEqual({ ok: true, user: 'alice' });
      const first = performance.now() - t;
      t = performance.now();
      expect(await verifier.verify(config, creds)).toEqual({ ok: true, user: 'alice' });
      const second = performance.now() - t;
      expect(second).toBeLessThan(first / 10);
      expect(await verifier.verify(config, { ...creds, password: 'px' })).toEqual({
        ok: false,
        reason: 'wrong',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
