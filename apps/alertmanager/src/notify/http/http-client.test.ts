import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultHttpClientConfig, type HttpClientConfig } from '../../config/http-config';
import { FlushDeadlineError } from '../notify-error';
import { checkResponse } from './check-response';
import { NotifierHttpClient, UnsupportedHttpConfigError } from './http-client';
import { startTestServer, type TestServer } from './test-server';

const config = (over: Partial<HttpClientConfig>): HttpClientConfig => ({
  ...defaultHttpClientConfig(),
  ...over,
});
const signal = (): AbortSignal => new AbortController().signal;

async function secretFile(content: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'vigil-http-')), 'secret');
  await writeFile(file, content);
  return file;
}

describe('NotifierHttpClient', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function post(
    cfg: HttpClientConfig | undefined,
  ): Promise<Record<string, string | string[] | undefined>> {
    server = await startTestServer();
    const res = await new NotifierHttpClient(cfg).post({
      url: server.url,
      body: '{}',
      contentType: 'application/json',
      signal: signal(),
    });
    expect(res.status).toBe(200);
    return server.requests[0]?.headers ?? {};
  }

  it('sends basic auth, reading the password file per request', async () => {
    const passwordFile = await secretFile('s3cret\n');
    const headers = await post(
      config({
        basicAuth: {
          username: 'am',
          usernameFile: '',
          usernameRef: '',
          password: '',
          passwordFile,
          passwordRef: '',
        },
      }),
    );
    expect(headers.authorization).toBe(`Basic ${Buffer.from('am:s3cret').toString('base64')}`);
  });

  it.each([
    ['a bearer token', { bearerToken: 'tok' }, 'Bearer tok'],
    [
      'authorization credentials of a custom type',
      { authorization: { type: 'Token', credentials: 'abc', credentialsFile: '', credentialsRef: '' } },
      'Token abc',
    ],
  ])('sends %s', async (_name, over, expected) => {
    expect((await post(config(over))).authorization).toBe(expected);
  });

  it('sends configured headers, values, secrets and files alike', async () => {
    const file = await secretFile(' from-file \n');
    const headers = await post(
      config({ httpHeaders: { 'X-Team': { values: ['db'], secrets: ['hidden'], files: [file] } } }),
    );
    expect(headers['x-team']).toBe('db, hidden, from-file');
  });

  it('refuses settings it does not implement when built', () => {
    expect(() => new NotifierHttpClient(config({ proxyUrl: 'http://proxy:3128' }))).toThrow(
      UnsupportedHttpConfigError,
    );
  });

  it('follows a 307 redirect with the same body, unless told not to', async () => {
    const moved = { status: 307, headers: { location: '/moved' } };
    server = await startTestServer([moved, { status: 200 }, moved]);
    const req = {
      url: `${server.url}/hook`,
      body: '{"a":1}',
      contentType: 'application/json',
      signal: signal(),
    };
    expect((await new NotifierHttpClient(undefined).post(req)).status).toBe(200);
    expect(server.requests.map((r) => [r.method, r.path, r.body])).toEqual([
      ['POST', '/hook', '{"a":1}'],
      ['POST', '/moved', '{"a":1}'],
    ]);
    const res = await new NotifierHttpClient(config({ followRedirects: false })).post(req);
    expect(res.status).toBe(307);
  });

  it('rejects with the flush’s abort reason when the flush ends mid-request', async () => {
    server = await startTestServer([{ status: 200, delayMs: 5000 }]);
    const c = new AbortController();
    setTimeout(() => c.abort(new FlushDeadlineError()), 50);
    const err = await new NotifierHttpClient(undefined)
      .post({ url: server.url, body: '', contentType: 'text/plain', signal: c.signal })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FlushDeadlineError);
  });

  describe('over TLS', () => {
    const dir = fileURLToPath(new URL('./testdata/', import.meta.url));
    let tlsServer: https.Server | undefined;
    afterEach(() => {
      tlsServer?.closeAllConnections();
      tlsServer?.close();
    });

    async function tlsUrl(): Promise<string> {
      const [cert, key] = await Promise.all([
        readFile(join(dir, 'server.crt')),
        readFile(join(dir, 'server.key')),
      ]);
      tlsServer = https.createServer({ cert, key }, (_req, res) => res.end('ok'));
      await new Promise<void>((resolve) => tlsServer?.listen(0, '127.0.0.1', resolve));
      return `https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}/`;
    }

    const tls = (over: Record<string, unknown>): HttpClientConfig =>
      config({
        tlsConfig: {
          ca: '',
          cert: '',
          key: '',
          caFile: '',
          certFile: '',
          keyFile: '',
          caRef: '',
          certRef: '',
          keyRef: '',
          serverName: '',
          insecureSkipVerify: false,
          ...over,
        },
      });

    it.each([
      ['trusts a server signed by ca_file', () => tls({ caFile: join(dir, 'server.crt') }), true],
      ['skips verification when told to', () => tls({ insecureSkipVerify: true }), true],
      ['rejects an unknown certificate, retriably', () => tls({}), false],
    ])('%s', async (_name, cfg, ok) => {
      const url = await tlsUrl();
      const result = await new NotifierHttpClient(cfg())
        .post({ url, body: '', contentType: 'text/plain', signal: signal() })
        .then((r) => r.status)
        .catch((e: unknown) => e);
      if (ok) expect(result).toBe(200);
      else
        expect(result).toMatchObject({
          retriable: true,
          message: expect.stringMatching(/^Post "<redacted>": /),
        });
    });
  });
});

describe('checkResponse', () => {
  it.each([
    [200, [], undefined],
    [204, [], undefined],
    [500, [], true],
    [503, [], true],
    [429, [], false],
    [429, [429], true],
    [400, [], false],
    [404, [429], false],
    [302, [], false],
  ])('status %i (extra retry codes %j) → retriable %s', (status, codes, retriable) => {
    let thrown: unknown;
    try {
      checkResponse({ status, body: '' }, codes);
    } catch (err) {
      thrown = err;
    }
    if (retriable === undefined) expect(thrown).toBeUndefined();
    else expect(thrown).toMatchObject({ retriable, message: `unexpected status code ${status}` });
  });
});
