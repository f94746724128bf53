import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DatasourceError } from './datasource-error';
import { PrometheusHttpDatasource, type PrometheusHttpDatasourceOptions } from './prometheus-http-datasource';

interface Seen {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  form: URLSearchParams;
}

type Reply = { status?: number; type?: string; body: string } | 'hang';

const servers: http.Server[] = [];

async function serve(reply: (seen: Seen) => Reply): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const [path = '', query = ''] = (req.url ?? '').split('?');
      const form = new URLSearchParams(req.method === 'GET' ? query : Buffer.concat(chunks).toString());
      const s = { method: req.method ?? '', path, headers: req.headers, form };
      seen.push(s);
      const r = reply(s);
      if (r === 'hang') return;
      res.writeHead(r.status ?? 200, { 'content-type': r.type ?? 'application/json' }).end(r.body);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const vector = (result: unknown[]) =>
  JSON.stringify({ status: 'success', data: { resultType: 'vector', result } });

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

async function failure(promise: Promise<unknown>): Promise<DatasourceError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DatasourceError);
  return err as DatasourceError;
}

describe('PrometheusHttpDatasource', () => {
  it('POSTs an instant query and returns the samples', async () => {
    const srv = await serve(() => ({
      body: vector([{ metric: { __name__: 'up', job: 'node' }, value: [1700000000.123, '1'] }]),
    }));
    const ds = new PrometheusHttpDatasource({ url: srv.url });
    const result = await ds.query('up{job="node"}', 1700000000123);
    await ds.close?.();
    expect(result).toEqual({
      type: 'vector',
      samples: [{ labels: { __name__: 'up', job: 'node' }, t: 1700000000123, v: 1 }],
    });
    expect(srv.seen[0]?.method).toBe('POST');
    expect(srv.seen[0]?.path).toBe('/api/v1/query');
    expect(srv.seen[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(srv.seen[0]?.form ?? [])).toEqual({
      query: 'up{job="node"}',
      time: '1700000000.123',
    });
  });

  it.each([
    [
      'a scalar',
      { resultType: 'scalar', result: [1700000000, '+Inf'] },
      { type: 'scalar', t: 1700000000000, v: Infinity },
    ],
    [
      'a string',
      { resultType: 'string', result: [1700000000, 'x'] },
      { type: 'string', t: 1700000000000, v: 'x' },
    ],
  ])('returns %s result', async (_name, data, expected) => {
    const srv = await serve(() => ({ body: JSON.stringify({ status: 'success', data }) }));
    const ds = new PrometheusHttpDatasource({ url: srv.url });
    expect(await ds.query('1', 1700000000000)).toEqual(expected);
    await ds.close();
  });

  it('keeps a path prefix and sends params, headers and credentials', async () => {
    const srv = await serve(() => ({ body: vector([]) }));
    const ds = new PrometheusHttpDatasource({
      url: `${srv.url}/prometheus/`,
      params: { dedup: 'true', query: 'overridden' },
      http: { basicAuth: { username: 'u', password: 'p' }, headers: { 'X-Scope-OrgID': 'tenant-1' } },
      userAgent: 'vigil/test',
    });
    await ds.query('up', 0);
    await ds.close();
    const seen = srv.seen[0];
    expect(seen?.path).toBe('/prometheus/api/v1/query');
    expect(seen?.form.get('dedup')).toBe('true');
    expect(seen?.form.get('query')).toBe('up');
    expect(seen?.headers.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
    expect(seen?.headers['x-scope-orgid']).toBe('tenant-1');
    expect(seen?.headers['user-agent']).toBe('vigil/test');
  });

  it('sends a bearer token and can query with GET', async () => {
    const srv = await serve(() => ({ body: vector([]) }));
    const ds = new PrometheusHttpDatasource({
      url: srv.url,
      method: 'GET',
      http: { authorization: { type: 'Bearer', credentials: 'abc' } },
    });
    await ds.query('rate(x[5m])', 1500);
    await ds.close();
    expect(srv.seen[0]?.method).toBe('GET');
    expect(srv.seen[0]?.form.get('query')).toBe('rate(x[5m])');
    expect(srv.seen[0]?.form.get('time')).toBe('1.500');
    expect(srv.seen[0]?.headers.authorization).toBe('Bearer abc');
  });

  it('hands server warnings to onWarnings', async () => {
    const srv = await serve(() => ({
      body: JSON.stringify({
        status: 'success',
        data: { resultType: 'vector', result: [] },
        warnings: ['partial response'],
      }),
    }));
    const heard: [string, string[]][] = [];
    const ds = new PrometheusHttpDatasource({ url: srv.url, onWarnings: (expr, w) => heard.push([expr, w]) });
    await ds.query('up', 0);
    await ds.close();
    expect(heard).toEqual([['up', ['partial response']]]);
  });

  it.each<[string, Reply, string, RegExp]>([
    [
      'an error body',
      {
        status: 400,
        body: JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'invalid parameter "query"' }),
      },
      'query',
      /^bad_data: invalid parameter "query" \(HTTP 400 Bad Request\)$/,
    ],
    [
      'a 500',
      { status: 500, type: 'text/plain', body: 'boom' },
      'http',
      /^server returned HTTP 500 Internal Server Error: boom$/,
    ],
    [
      'garbage',
      { body: 'not json at all' },
      'bad_response',
      /response is not JSON \(HTTP 200 OK, content-type application\/json\): not json at all/,
    ],
    [
      'HTML',
      { type: 'text/html', body: '<!DOCTYPE html><title>Sign in</title>' },
      'bad_response',
      /content-type text\/html\): <!DOCTYPE html><title>Sign in/,
    ],
    [
      'the wrong JSON shape',
      { body: '{"status":"success","data":{"resultType":"vector"}}' },
      'bad_response',
      /a vector result must be an array/,
    ],
  ])('fails with a clear DatasourceError on %s', async (_name, reply, kind, message) => {
    const srv = await serve(() => reply);
    const ds = new PrometheusHttpDatasource({ url: srv.url });
    const err = await failure(ds.query('up', 0));
    await ds.close();
    expect(err.kind).toBe(kind);
    expect(err.message).toMatch(message);
  });

  it('times out a slow server', async () => {
    const srv = await serve(() => 'hang');
    const ds = new PrometheusHttpDatasource({ url: srv.url, timeoutMs: 200 });
    const started = Date.now();
    const err = await failure(ds.query('up', 0));
    await ds.close();
    expect(err.kind).toBe('timeout');
    expect(err.message).toBe('query timed out after 0.2s');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("reports the caller's abort as aborted", async () => {
    const srv = await serve(() => 'hang');
    const ds = new PrometheusHttpDatasource({ url: srv.url });
    const err = await failure(ds.query('up', 0, AbortSignal.timeout(50)));
    await ds.close();
    expect(err.kind).toBe('aborted');
  });

  it('reports an unreachable server as a network error, hiding the password', async () => {
    const srv = await serve(() => ({ body: '' }));
    const port = new URL(srv.url).port;
    for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
    const ds = new PrometheusHttpDatasource({ url: `http://u:secret@127.0.0.1:${port}` });
    const err = await failure(ds.query('up', 0));
    await ds.close();
    expect(err.kind).toBe('network');
    expect(err.message).toMatch(
      new RegExp(`^query request to http://u:xxxxx@127.0.0.1:${port}/api/v1/query failed: .*ECONNREFUSED`),
    );
  });

  it.each<[string, PrometheusHttpDatasourceOptions]>([
    ['a malformed URL', { url: 'not a url' }],
    ['a non-HTTP URL', { url: 'ftp://prometheus:9090' }],
  ])('rejects %s at construction', (_name, options) => {
    expect(() => new PrometheusHttpDatasource(options)).toThrow(/datasource URL/);
  });

  it('parses a 100,000-series answer quickly', async () => {
    const n = 100_000;
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      parts.push(
        `{"metric":{"__name__":"node_cpu_seconds_total","instance":"host-${i}:9100","job":"node","cpu":"${i % 64}","mode":"idle"},"value":[1700000000,"${i}.5"]}`,
      );
    }
    const body = `{"status":"success","data":{"resultType":"vector","result":[${parts.join(',')}]}}`;
    const srv = await serve(() => ({ body }));
    const ds = new PrometheusHttpDatasource({ url: srv.url });
    const started = performance.now();
    const result = await ds.query('node_cpu_seconds_total', 1700000000000);
    const elapsed = performance.now() - started;
    await ds.close();
    expect(result.type).toBe('vector');
    if (result.type !== 'vector') return;
    expect(result.samples).toHaveLength(n);
    expect(result.samples[n - 1]).toEqual({
      labels: {
        __name__: 'node_cpu_seconds_total',
        instance: `host-${n - 1}:9100`,
        job: 'node',
        cpu: '31',
        mode: 'idle',
      },
      t: 1700000000000,
      v: n - 1 + 0.5,
    });
    // About 15 MB: well under a second on a laptop; the bound leaves room for a loaded CI machine.
    expect(elapsed).toBeLessThan(5000);
  });
});
