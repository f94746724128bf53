import { STALE_NAN, isStaleNaN } from '@vigil/model';
import { MemoryStorage, newMatcher } from '@vigil/promql';
import { storageAppendable } from '@vigil/testing';
import { decodeWriteRequest } from '@vigil/tsdb';
import Fastify, { type FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { compressSync } from 'snappy';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeWriteRequest, type WriteSeries } from '../remote-write/write-request';
import {
  newRemoteWriteCounters,
  protoMessage,
  registerRemoteWriteReceiverMetrics,
  remoteWriteApi,
  type RemoteWriteCounters,
} from './remote-write-api';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function build(
  opts: { failCommit?: boolean; bodyLimitBytes?: number; maxDecompressedBytes?: number } = {},
): Promise<{ app: FastifyInstance; storage: MemoryStorage; counters: RemoteWriteCounters }> {
  const storage = new MemoryStorage();
  const counters = newRemoteWriteCounters();
  app = Fastify();
  await app.register(remoteWriteApi, {
    appendable: storageAppendable(storage, { failCommit: opts.failCommit }),
    counters,
    bodyLimitBytes: opts.bodyLimitBytes,
    maxDecompressedBytes: opts.maxDecompressedBytes,
    now: () => 10_000_000,
  });
  return { app, storage, counters };
}

const HEADERS = {
  'content-type': 'application/x-protobuf',
  'content-encoding': 'snappy',
  'x-prometheus-remote-write-version': '0.1.0',
};

const body = (series: WriteSeries[]): Buffer => compressSync(encodeWriteRequest(series));

describe('decodeWriteRequest round-trips the rule-manager encoder', () => {
  it('keeps labels (sorted, empty ones dropped), times and values bit-exactly', () => {
    const input: WriteSeries[] = [
      {
        labels: { job: 'api', __name__: 'http_requests_total', empty: '', ünï: 'çødé' },
        samples: [
          { t: 1_700_000_000_123, v: 1.5 },
          { t: 1_700_000_015_123, v: Infinity },
          { t: 1_700_000_030_123, v: 0, stale: true },
          { t: -1500, v: -0 },
        ],
      },
      { labels: { __name__: 'up' }, samples: [{ t: Number.MAX_SAFE_INTEGER, v: NaN }] },
      { labels: { __name__: 'no_samples' }, samples: [] },
    ];
    const out = decodeWriteRequest(encodeWriteRequest(input)).timeseries;
    expect(out.map((s) => s.labels)).toEqual([
      [
        ['__name__', 'http_requests_total'],
        ['job', 'api'],
        ['ünï', 'çødé'],
      ],
      [['__name__', 'up']],
      [['__name__', 'no_samples']],
    ]);
    const first = out[0]?.samples ?? [];
    expect(first.map((s) => s.t)).toEqual([1_700_000_000_123, 1_700_000_015_123, 1_700_000_030_123, -1500]);
    expect(first[0]?.v).toBe(1.5);
    expect(first[1]?.v).toBe(Infinity);
    expect(isStaleNaN(first[2]?.v ?? 0)).toBe(true);
    expect(Object.is(first[3]?.v, -0)).toBe(true);
    expect(out[1]?.samples[0]?.t).toBe(Number.MAX_SAFE_INTEGER);
    const nan = out[1]?.samples[0]?.v ?? 0;
    expect(Number.isNaN(nan) && !isStaleNaN(nan)).toBe(true);
  });
});

describe('POST /api/v1/write', () => {
  it('stores samples and stale markers and answers 204', async () => {
    const { app, storage, counters } = await build();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/write',
      headers: HEADERS,
      payload: body([
        {
          labels: { __name__: 'up', job: 'a' },
          samples: [
            { t: 1000, v: 1 },
            { t: 2000, v: STALE_NAN },
          ],
        },
        { labels: { job: 'no-name' }, samples: [{ t: 1000, v: 1 }] },
      ]),
    });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    const [s] = storage.select([newMatcher('=', '__name__', 'up')], 0, 5000);
    expect(s?.labels).toEqual({ __name__: 'up', job: 'a' });
    expect([...(s?.t ?? [])]).toEqual([1000, 2000]);
    expect([...(s?.stale ?? [])]).toEqual([0, 1]);
    expect(counters).toMatchObject({ samplesAppended: 2, samplesInvalidLabels: 1 });
    expect(counters.requests.get(204)).toBe(1);
  });

  it('accepts requests without Content-Type or Content-Encoding, as Prometheus does for old clients', async () => {
    const { app, storage } = await build();
    const payload = body([{ labels: { __name__: 'up' }, samples: [{ t: 1000, v: 1 }] }]);
    const res = await app.inject({ method: 'POST', url: '/api/v1/write', payload });
    expect(res.statusCode).toBe(204);
    expect(storage.series([], 0, 5000)).toHaveLength(1);
  });

  it.each([
    [
      'out of order',
      [
        { t: 2000, v: 1 },
        { t: 1000, v: 2 },
      ],
      'out of order sample\n',
    ],
    [
      'duplicate timestamp',
      [
        { t: 2000, v: 1 },
        { t: 2000, v: 2 },
      ],
      'duplicate sample for timestamp\n',
    ],
    [
      'too far in the future',
      [{ t: 10_000_000 + 11 * 60_000, v: 1 }],
      'out of bounds: timestamp is too far in the future\n',
    ],
  ])('answers 400 and keeps nothing of the request for a sample %s', async (_n, samples, text) => {
    const { app, storage, counters } = await build();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/write',
      headers: HEADERS,
      payload: body([
        { labels: { __name__: 'fine' }, samples: [{ t: 1000, v: 1 }] },
        { labels: { __name__: 'bad' }, samples },
      ]),
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toBe(text);
    expect(storage.series([], 0, Number.MAX_SAFE_INTEGER)).toEqual([]);
    expect(counters.samplesAppended).toBe(0);
  });

  it.each([
    ['a corrupt snappy block', Buffer.from([0x05, 0x01, 0x02])],
    ['a body that is not a WriteRequest', compressSync(Buffer.from([0x0a, 0x05, 0x0a]))],
  ])('answers 400 for %s', async (_n, payload) => {
    const { app } = await build();
    const res = await app.inject({ method: 'POST', url: '/api/v1/write', headers: HEADERS, payload });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
  });

  it.each([
    [{ 'content-type': 'application/json' }, 'expected application/x-protobuf as the first (media) part'],
    [
      { 'content-type': 'application/x-protobuf;proto=io.prometheus.write.v2.Request' },
      'io.prometheus.write.v2.Request protobuf message is not accepted by this server',
    ],
    [{ 'content-type': 'application/x-protobuf;proto=foo' }, 'unknown remote write protobuf message foo'],
    [
      { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' },
      'gzip encoding (compression) is not accepted by this server; only snappy is acceptable',
    ],
  ])('answers 415 for %j', async (headers, text) => {
    const { app } = await build();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/write',
      headers,
      payload: Buffer.from([1]),
    });
    expect(res.statusCode).toBe(415);
    expect(res.body).toContain(text);
  });

  it('answers 413 past the body and decompressed-size limits', async () => {
    const series: WriteSeries[] = [{ labels: { __name__: 'x'.repeat(4000) }, samples: [{ t: 1, v: 1 }] }];
    const { app } = await build({ bodyLimitBytes: 64 });
    const big = compressSync(Buffer.from(Array.from({ length: 4000 }, (_, i) => i % 251)));
    const tooLong = await app.inject({
      method: 'POST',
      url: '/api/v1/write',
      headers: HEADERS,
      payload: big,
    });
    expect(tooLong.statusCode).toBe(413);
    await app.close();
    const small = await build({ maxDecompressedBytes: 1000 });
    const res = await small.app.inject({
      method: 'POST',
      url: '/api/v1/write',
      headers: HEADERS,
      payload: body(series),
    });
    expect(res.statusCode).toBe(413);
  });

  it('answers 500 when the store fails, so the sender retries', async () => {
    const { app, counters } = await build({ failCommit: true });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/write',
      headers: HEADERS,
      payload: body([{ labels: { __name__: 'up' }, samples: [{ t: 1000, v: 1 }] }]),
    });
    expect(res.statusCode).toBe(500);
    expect(res.body).toContain('no space left on device');
    expect(counters.requests.get(500)).toBe(1);
    expect(counters.samplesRejected).toBe(1);
  });
});

describe('registerRemoteWriteReceiverMetrics', () => {
  it('exports the counters', async () => {
    const { app, counters } = await build();
    const registry = new Registry();
    registerRemoteWriteReceiverMetrics(registry, counters);
    await app.inject({
      method: 'POST',
      url: '/api/v1/write',
      headers: HEADERS,
      payload: body([
        { labels: { __name__: 'up' }, samples: [{ t: 1000, v: 1 }] },
        { labels: { job: 'x' }, samples: [{ t: 1000, v: 1 }] },
      ]),
    });
    const text = await registry.metrics();
    expect(text).toContain('prometheus_api_remote_write_invalid_labels_samples_total 1');
    expect(text).toContain('vigil_remote_write_samples_appended_total 1');
    expect(text).toContain('vigil_remote_write_requests_total{code="204"} 1');
  });
});

describe('protoMessage', () => {
  it.each([
    [undefined, 'prometheus.WriteRequest'],
    ['application/x-protobuf', 'prometheus.WriteRequest'],
    ['application/x-protobuf;proto=prometheus.WriteRequest', 'prometheus.WriteRequest'],
    ['application/x-protobuf; proto=io.prometheus.write.v2.Request', 'io.prometheus.write.v2.Request'],
  ])('%s → %s', (ct, msg) => {
    expect(protoMessage(ct)).toEqual({ msg });
  });
});
