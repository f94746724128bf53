import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpAbortError, HttpClient, HttpResponseTooLargeError, HttpTimeoutError } from './http-client';
import type { HttpClientConfig } from './http-client-config';

const tlsDir = join(dirname(fileURLToPath(import.meta.url)), 'testdata', 'tls');

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

const servers: (http.Server | https.Server)[] = [];

function listen(server: http.Server | https.Server, handler: Handler, seen: Seen[]): Promise<number> {
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  servers.push(server);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

async function startHttp(handler: Handler): Promise<{ url: string; port: number; seen: Seen[] }> {
  const seen: Seen[] = [];
  const port = await listen(http.createServer(), handler, seen);
  return { url: `http://127.0.0.1:${port}`, port, seen };
}

const ok: Handler = (_req, res) => res.end('ok');

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

describe('HttpClient', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-http-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each<[string, HttpClientConfig, string | undefined]>([
    [
      'basic auth',
      { basicAuth: { username: 'vigil', password: 'pw' } },
      `Basic ${Buffer.from('vigil:pw').toString('base64')}`,
    ],
    ['bearer credentials', { authorization: { type: 'Bearer', credentials: 'tok' } }, 'Bearer tok'],
    ['a custom authorization type', { authorization: { type: 'Token', credentials: 'abc' } }, 'Token abc'],
    ['no credentials', {}, undefined],
  ])('sends the Authorization header for %s', async (_name, config, expected) => {
    const srv = await startHttp(ok);
    const client = new HttpClient(config, 'vigil/test');
    const res = await client.request({ method: 'GET', url: srv.url, timeoutMs: 2000 });
    client.close();
    expect(res.status).toBe(200);
    expect(srv.seen[0]?.headers.authorization).toBe(expected);
    expect(srv.seen[0]?.headers['user-agent']).toBe('vigil/test');
  });

  it('re-reads credential files on every request so rotated secrets apply', async () => {
    const tokenFile = join(dir, 'token');
    const passwordFile = join(dir, 'password');
    await writeFile(tokenFile, 'first\n');
    await writeFile(passwordFile, 'pw1\n');
    const srv = await startHttp(ok);
    const bearer = new HttpClient({ authorization: { type: 'Bearer', credentialsFile: tokenFile } });
    const basic = new HttpClient({ basicAuth: { username: 'u', passwordFile } });
    await bearer.request({ method: 'GET', url: srv.url, timeoutMs: 2000 });
    await basic.request({ method: 'GET', url: srv.url, timeoutMs: 2000 });
    await writeFile(tokenFile, 'second');
    await writeFile(passwordFile, 'pw2');
    await bearer.request({ method: 'GET', url: srv.url, timeoutMs: 2000 });
    await basic.request({ method: 'GET', url: srv.url, timeoutMs: 2000 });
    bearer.close();
    basic.close();
    expect(srv.seen.map((s) => s.headers.authorization)).toEqual([
      'Bearer first',
      `Basic ${Buffer.from('u:pw1').toString('base64')}`,
      'Bearer second',
      `Basic ${Buffer.from('u:pw2').toString('base64')}`,
    ]);
  });

  it('fails clearly when a credentials file is missing', async () => {
    const srv = await startHttp(ok);
    const client = new HttpClient({ authorization: { type: 'Bearer', credentialsFile: join(dir, 'nope') } });
    await expect(client.request({ method: 'GET', url: srv.url, timeoutMs: 2000 })).rejects.toThrow(
      /unable to read authorization credentials file ".*nope": ENOENT/,
    );
    expect(srv.seen).toHaveLength(0);
  });

  it('sends configured headers and the body', async () => {
    const srv = await startHttp(ok);
    const client = new HttpClient({ headers: { 'X-Scope-OrgID': 'team-a' } });
    await client.request({ method: 'POST', url: `${srv.url}/p`, body: 'hello', timeoutMs: 2000 });
    client.close();
    expect(srv.seen[0]).toMatchObject({ method: 'POST', url: '/p', body: 'hello' });
    expect(srv.seen[0]?.headers['x-scope-orgid']).toBe('team-a');
  });

  it('times out a slow server with HttpTimeoutError', async () => {
    const srv = await startHttp(() => undefined);
    const client = new HttpClient();
    const started = Date.now();
    const err = await client
      .request({ method: 'GET', url: srv.url, timeoutMs: 150 })
      .catch((e: unknown) => e);
    client.close();
    expect(err).toBeInstanceOf(HttpTimeoutError);
    expect((err as Error).message).toBe('timed out after 0.15s');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('times out a body that never ends', async () => {
    const srv = await startHttp((_req, res) => res.write('partial'));
    const client = new HttpClient();
    await expect(client.request({ method: 'GET', url: srv.url, timeoutMs: 150 })).rejects.toBeInstanceOf(
      HttpTimeoutError,
    );
    client.close();
  });

  it("stops when the caller's signal aborts", async () => {
    const srv = await startHttp(() => undefined);
    const client = new HttpClient();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(
      client.request({ method: 'GET', url: srv.url, timeoutMs: 5000, signal: controller.signal }),
    ).rejects.toBeInstanceOf(HttpAbortError);
    client.close();
  });

  it('rejects a body over maxResponseBytes', async () => {
    const srv = await startHttp((_req, res) => res.end('x'.repeat(10_000)));
    const client = new HttpClient();
    await expect(
      client.request({ method: 'GET', url: srv.url, timeoutMs: 2000, maxResponseBytes: 1000 }),
    ).rejects.toBeInstanceOf(HttpResponseTooLargeError);
    client.close();
  });

  it('follows redirects, re-sending the body and keeping credentials on the same host', async () => {
    const target = await startHttp(ok);
    const srv = await startHttp((req, res) => {
      if (req.url === '/old') res.writeHead(307, { location: '/new' }).end();
      else if (req.url === '/away')
        res.writeHead(308, { location: `http://localhost:${target.port}/x` }).end();
      else res.end('moved here');
    });
    const client = new HttpClient({ authorization: { type: 'Bearer', credentials: 't' } });
    const res = await client.request({ method: 'POST', url: `${srv.url}/old`, body: 'q=1', timeoutMs: 2000 });
    expect(res.body.toString()).toBe('moved here');
    expect(res.url).toBe(`${srv.url}/new`);
    expect(srv.seen[1]).toMatchObject({ method: 'POST', url: '/new', body: 'q=1' });
    expect(srv.seen[1]?.headers.authorization).toBe('Bearer t');
    await client.request({ method: 'POST', url: `${srv.url}/away`, body: 'q=2', timeoutMs: 2000 });
    expect(target.seen[0]).toMatchObject({ method: 'POST', url: '/x', body: 'q=2' });
    expect(target.seen[0]?.headers.authorization).toBeUndefined();
    client.close();
  });

  it('returns the redirect itself when follow_redirects is false', async () => {
    const srv = await startHttp((_req, res) => res.writeHead(302, { location: '/elsewhere' }).end());
    const client = new HttpClient({ followRedirects: false });
    const res = await client.request({ method: 'GET', url: srv.url, timeoutMs: 2000 });
    client.close();
    expect(res.status).toBe(302);
    expect(srv.seen).toHaveLength(1);
  });
});

describe('HttpClient TLS', () => {
  let port: number;
  let server: https.Server | undefined;
  afterAll(() => {
    server?.closeAllConnections();
    server?.close();
  });
  beforeAll(async () => {
    const seen: Seen[] = [];
    const read = (f: string) => readFile(join(tlsDir, f), 'utf8');
    server = https.createServer({
      cert: await read('server.pem'),
      key: await read('server.key'),
      ca: await read('ca.pem'),
      requestCert: true,
      rejectUnauthorized: false,
    });
    port = await listen(
      server,
      (req, res) => {
        const socket = req.socket as import('node:tls').TLSSocket;
        res.end(socket.authorized ? `client ${socket.getPeerCertificate().subject.CN}` : 'anonymous');
      },
      seen,
    );
    // Kept for the whole block, not closed after each test.
    servers.splice(servers.indexOf(server), 1);
  });

  const caFile = join(tlsDir, 'ca.pem');
  it.each<[string, HttpClientConfig['tls'], RegExp]>([
    ['trusts the CA and checks server_name', { caFile, serverName: 'vigil.test' }, /^anonymous$/],
    [
      'presents a client certificate',
      {
        caFile,
        serverName: 'vigil.test',
        certFile: join(tlsDir, 'client.pem'),
        keyFile: join(tlsDir, 'client.key'),
      },
      /^client vigil-client$/,
    ],
    ['skips verification when told to', { insecureSkipVerify: true }, /^anonymous$/],
  ])('%s', async (_name, tls, expected) => {
    const client = new HttpClient({ tls });
    const res = await client.request({ method: 'GET', url: `https://127.0.0.1:${port}/`, timeoutMs: 5000 });
    client.close();
    expect(res.body.toString()).toMatch(expected);
  });

  it.each<[string, HttpClientConfig['tls'], RegExp]>([
    ['rejects an unknown CA', {}, /self[- ]signed|unable to (get|verify)/i],
    [
      'rejects a name the certificate does not cover',
      { caFile, serverName: 'other.test' },
      /does not match|altnames/i,
    ],
    [
      'says which CA file is missing',
      { caFile: join(tlsDir, 'missing.pem') },
      /unable to read CA file ".*missing\.pem": ENOENT/,
    ],
  ])('%s', async (_name, tls, expected) => {
    const client = new HttpClient({ tls });
    await expect(
      client.request({ method: 'GET', url: `https://127.0.0.1:${port}/`, timeoutMs: 5000 }),
    ).rejects.toThrow(expected);
    client.close();
  });
});
