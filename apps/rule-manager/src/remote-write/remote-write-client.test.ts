import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { uncompressSync } from 'snappy';
import { afterEach, describe, expect, it } from 'vitest';
import {
  RemoteWriteClient,
  retryAfterMs,
  type RemoteWriteClientOptions,
  type WriteSample,
} from './remote-write-client';
import { STALE_NAN_BITS } from '@vigil/model';
import { decodeWriteRequest, type DecodedSeries } from './write-request-decoder.testutil';

interface Received {
  headers: http.IncomingHttpHeaders;
  series: DecodedSeries[];
  raw: Buffer;
}

type Answer = { status: number; body?: string; headers?: Record<string, string> } | 'hang';

const servers: http.Server[] = [];
const clients: RemoteWriteClient[] = [];

/** receiver decodes every request; `answer` picks the reply for the n-th request (0-based). */
async function receiver(answer: (n: number) => Answer = () => ({ status: 204 })) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const proto = uncompressSync(raw, { asBuffer: true }) as Buffer;
      const n = received.length;
      received.push({ headers: req.headers, series: decodeWriteRequest(proto), raw });
      const a = answer(n);
      if (a === 'hang') return;
      res.writeHead(a.status, a.headers).end(a.body ?? '');
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/write`, received };
}

function client(options: RemoteWriteClientOptions): RemoteWriteClient {
  const c = new RemoteWriteClient(options);
  clients.push(c);
  return c;
}

const fast = { minBackoffMs: 10, maxBackoffMs: 40, batchSendDeadlineMs: 5000 };

function samples(n: number, from = 0): WriteSample[] {
  return Array.from({ length: n }, (_, i) => ({
    labels: { __name__: 'm', i: String(from + i) },
    t: 1000 + from + i,
    v: from + i,
  }));
}

/** ids lists the `i` label of every received sample, in arrival order. */
function ids(received: Received[]): string[] {
  return received.flatMap((r) => r.series.map((s) => s.labels.find(([k]) => k === 'i')?.[1] ?? '?'));
}

afterEach(async () => {
  for (const c of clients.splice(0)) await c.close(100);
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

describe('RemoteWriteClient', () => {
  it('sends remote-write 1.0 requests with the protocol headers, credentials and external labels', async () => {
    const rx = await receiver();
    const c = client({
      url: rx.url,
      userAgent: 'vigil/test',
      headers: { 'X-Scope-OrgID': 'team-a' },
      http: { authorization: { type: 'Bearer', credentials: 'tok' } },
      externalLabels: { cluster: 'eu', job: 'external-loses' },
    });
    c.append([{ labels: { __name__: 'job:up:sum', job: 'node' }, t: 1_700_000_000_000, v: 3 }]);
    await c.flush();
    expect(rx.received).toHaveLength(1);
    const { headers, series } = rx.received[0] as Received;
    expect(headers).toMatchObject({
      'content-encoding': 'snappy',
      'content-type': 'application/x-protobuf',
      'x-prometheus-remote-write-version': '0.1.0',
      'user-agent': 'vigil/test',
      authorization: 'Bearer tok',
      'x-scope-orgid': 'team-a',
    });
    expect(headers['retry-attempt']).toBeUndefined();
    expect(series).toEqual([
      {
        labels: [
          ['__name__', 'job:up:sum'],
          ['cluster', 'eu'],
          ['job', 'node'],
        ],
        samples: [{ value: 3, valueBits: 0x4008000000000000n, timestamp: 1_700_000_000_000 }],
      },
    ]);
    expect(c.stats()).toMatchObject({
      samplesSent: 1,
      batchesSent: 1,
      samplesPending: 0,
      highestSentTimestamp: 1_700_000_000_000,
    });
  });

  it('sends a stale marker with its exact bit pattern', async () => {
    const rx = await receiver();
    const c = client({ url: rx.url });
    c.append([{ labels: { __name__: 'gone' }, t: 5000, v: NaN, stale: true }]);
    await c.flush();
    expect(rx.received[0]?.series[0]?.samples[0]?.valueBits).toBe(STALE_NAN_BITS);
  });

  it('splits the buffer into batches of max_samples_per_send, in order', async () => {
    const rx = await receiver();
    const c = client({ url: rx.url, queue: { ...fast, maxSamplesPerSend: 3 } });
    c.append(samples(7));
    await c.flush();
    expect(rx.received.map((r) => r.series.length)).toEqual([3, 3, 1]);
    expect(ids(rx.received)).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    expect(c.stats()).toMatchObject({ samplesSent: 7, batchesSent: 3 });
  });

  it('sends a full batch at once and a partial one after batch_send_deadline', async () => {
    const rx = await receiver();
    const c = client({ url: rx.url, queue: { ...fast, maxSamplesPerSend: 2, batchSendDeadlineMs: 100 } });
    c.append(samples(3));
    await expect.poll(() => rx.received.length, { timeout: 2000, interval: 10 }).toBe(1);
    expect(rx.received[0]?.series).toHaveLength(2);
    await expect.poll(() => rx.received.length, { timeout: 2000, interval: 10 }).toBe(2);
    expect(ids(rx.received)).toEqual(['0', '1', '2']);
  });

  it('retries a 5xx with backoff, then counts the samples sent', async () => {
    const rx = await receiver((n) => (n < 2 ? { status: 500, body: 'storage down' } : { status: 200 }));
    const errors: [string, number, boolean][] = [];
    const c = client({
      url: rx.url,
      queue: fast,
      onError: (err, info) => errors.push([err.message, info.samples, info.willRetry]),
    });
    c.append(samples(4));
    await c.flush();
    expect(rx.received).toHaveLength(3);
    expect(rx.received.map((r) => r.headers['retry-attempt'])).toEqual([undefined, '1', '2']);
    // The same compressed bytes are re-sent.
    expect(rx.received[2]?.raw.equals(rx.received[0]?.raw as Buffer)).toBe(true);
    expect(errors[0]).toEqual([
      expect.stringMatching(/HTTP status 500 Internal Server Error: storage down$/),
      4,
      true,
    ]);
    expect(c.stats()).toMatchObject({
      samplesSent: 4,
      samplesRetried: 8,
      samplesFailed: 0,
      samplesPending: 0,
    });
  });

  it.each<[string, Answer, Partial<RemoteWriteClientOptions['queue']>, number]>([
    ['429 is retried by default', { status: 429, headers: { 'retry-after': '0' } }, {}, 2],
    ['429 is not retried when retry_on_http_429 is false', { status: 429 }, { retryOnRateLimit: false }, 1],
    ['503 is retried', { status: 503 }, {}, 2],
    ['400 is not retried', { status: 400, body: 'out of order sample' }, {}, 1],
    ['404 is not retried', { status: 404 }, {}, 1],
  ])('%s', async (_name, first, queue, expectedRequests) => {
    const rx = await receiver((n) => (n === 0 ? first : { status: 200 }));
    const c = client({ url: rx.url, queue: { ...fast, ...queue } });
    c.append(samples(2));
    await c.flush();
    expect(rx.received).toHaveLength(expectedRequests);
    const retried = expectedRequests === 2;
    expect(c.stats()).toMatchObject({
      samplesSent: retried ? 2 : 0,
      samplesFailed: retried ? 0 : 2,
      samplesRetried: retried ? 2 : 0,
    });
  });

  it('reports a non-retryable error with the server text and moves on to the next batch', async () => {
    const rx = await receiver((n) =>
      n === 0 ? { status: 400, body: 'label name "bad-label" is invalid' } : { status: 204 },
    );
    const errors: [string, boolean][] = [];
    const c = client({
      url: rx.url,
      queue: { ...fast, maxSamplesPerSend: 1 },
      onError: (e, i) => errors.push([e.message, i.willRetry]),
    });
    c.append(samples(2));
    await c.flush();
    expect(errors).toEqual([
      [expect.stringMatching(/HTTP status 400 Bad Request: label name "bad-label" is invalid$/), false],
    ]);
    expect(c.stats()).toMatchObject({ samplesSent: 1, samplesFailed: 1, lastError: errors[0]?.[0] });
  });

  it('fails a batch it cannot encode without stopping the send loop', async () => {
    const rx = await receiver();
    const errors: string[] = [];
    const c = client({
      url: rx.url,
      queue: { ...fast, maxSamplesPerSend: 1 },
      onError: (e) => errors.push(e.message),
    });
    const broken = { labels: { __name__: 'm', i: 5 }, t: 1, v: 1 } as unknown as WriteSample;
    c.append([broken, ...samples(1)]);
    await c.flush();
    expect(errors).toEqual([expect.stringMatching(/cannot encode batch/)]);
    expect(ids(rx.received)).toEqual(['0']);
    expect(c.stats()).toMatchObject({ samplesSent: 1, samplesFailed: 1 });
  });

  it('waits for Retry-After before retrying', async () => {
    const rx = await receiver((n) =>
      n === 0 ? { status: 503, headers: { 'retry-after': '1' } } : { status: 200 },
    );
    const c = client({ url: rx.url, queue: fast });
    c.append(samples(1));
    const started = Date.now();
    await c.flush();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(rx.received).toHaveLength(2);
  });

  it('drops the oldest samples when the buffer is full and counts them', async () => {
    const rx = await receiver();
    const c = client({ url: rx.url, queue: { ...fast, capacity: 5, maxSamplesPerSend: 100 } });
    c.append(samples(8));
    expect(c.stats()).toMatchObject({ samplesDropped: 3, samplesPending: 5 });
    await c.flush();
    expect(ids(rx.received)).toEqual(['3', '4', '5', '6', '7']);
  });

  it('keeps accepting samples while a send is stuck, dropping the oldest', async () => {
    const rx = await receiver((n) => (n === 0 ? 'hang' : { status: 200 }));
    const c = client({
      url: rx.url,
      remoteTimeoutMs: 60_000,
      queue: { ...fast, capacity: 3, maxSamplesPerSend: 2 },
    });
    c.append(samples(2));
    await expect.poll(() => rx.received.length, { timeout: 2000, interval: 10 }).toBe(1);
    c.append(samples(5, 10));
    expect(c.stats()).toMatchObject({ samplesDropped: 2, samplesPending: 5 });
  });

  it('retries network errors until close gives up at its deadline', async () => {
    const rx = await receiver();
    const url = rx.url;
    for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
    const c = client({ url, queue: { ...fast, maxSamplesPerSend: 2 } });
    c.append(samples(3));
    await expect.poll(() => c.stats().samplesRetried, { timeout: 2000, interval: 10 }).toBeGreaterThan(0);
    expect(c.stats().lastError).toMatch(/ECONNREFUSED/);
    const started = Date.now();
    await c.close(200);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(c.stats()).toMatchObject({
      samplesSent: 0,
      samplesFailed: 2,
      samplesDropped: 1,
      samplesPending: 0,
    });
  });

  it('close flushes what is buffered and drops later appends', async () => {
    const rx = await receiver();
    const c = client({ url: rx.url, queue: { ...fast, maxSamplesPerSend: 100 } });
    c.append(samples(3));
    await c.close();
    expect(ids(rx.received)).toEqual(['0', '1', '2']);
    c.append(samples(2));
    expect(c.stats()).toMatchObject({ samplesSent: 3, samplesDropped: 2, samplesPending: 0 });
  });

  it('drops samples older than sample_age_limit instead of sending them', async () => {
    const rx = await receiver();
    const c = client({ url: rx.url, queue: { ...fast, sampleAgeLimitMs: 60_000 } });
    const now = Date.now();
    c.append([
      { labels: { __name__: 'm', i: 'old' }, t: now - 120_000, v: 1 },
      { labels: { __name__: 'm', i: 'new' }, t: now, v: 2 },
    ]);
    await c.flush();
    expect(ids(rx.received)).toEqual(['new']);
    expect(c.stats()).toMatchObject({ samplesSent: 1, samplesDropped: 1 });
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2024-01-01T00:00:00Z');
  it.each<[string | undefined, number]>([
    [undefined, 0],
    ['', 0],
    ['3', 3000],
    ['soon', 0],
    ['Mon, 01 Jan 2024 00:00:05 GMT', 5000],
    ['Sun, 31 Dec 2023 23:59:00 GMT', 0],
  ])('reads %j as %d ms', (header, expected) => {
    expect(retryAfterMs(header, now)).toBe(expected);
  });
});
