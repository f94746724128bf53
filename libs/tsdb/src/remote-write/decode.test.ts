import { STALE_NAN_BITS, isStaleNaN } from '@vigil/model';
import { compressSync } from 'snappy';
import { describe, expect, it } from 'vitest';
import type { AppendError, Appendable, Appender } from '../appender';
import { WriteRequestDecodeError, decodeWriteRequest } from './decode';
import { DecompressTooLargeError, decodeSnappyWriteRequest, ingestWriteRequest } from './ingest';

// A hand-rolled protobuf writer, so the tests state the wire bytes they feed in.
function varint(n: bigint): number[] {
  const out: number[] = [];
  let u = BigInt.asUintN(64, n);
  while (u >= 128n) {
    out.push(Number(u & 0x7fn) | 0x80);
    u >>= 7n;
  }
  out.push(Number(u));
  return out;
}
const bytesField = (field: number, body: number[]): number[] => [
  ...varint(BigInt((field << 3) | 2)),
  ...varint(BigInt(body.length)),
  ...body,
];
const str = (field: number, s: string): number[] => bytesField(field, [...Buffer.from(s, 'utf8')]);
const label = (name: string, value: string): number[] => bytesField(1, [...str(1, name), ...str(2, value)]);
function sample(t: number, v: number | bigint): number[] {
  const b = Buffer.alloc(8);
  if (typeof v === 'bigint') b.writeBigUInt64LE(v);
  else b.writeDoubleLE(v);
  return bytesField(2, [0x09, ...b, 0x10, ...varint(BigInt(t))]);
}
const series = (...parts: number[][]): number[] => bytesField(1, parts.flat());

describe('decodeWriteRequest', () => {
  it('reads labels in wire order, samples, negative timestamps and stale markers', () => {
    const body = [
      ...series(label('__name__', 'up'), label('job', 'a'), sample(1000, 1), sample(-5, 2.5)),
      ...series(label('__name__', 'x'), sample(1_700_000_000_123, STALE_NAN_BITS)),
    ];
    const req = decodeWriteRequest(Uint8Array.from(body));
    expect(req.timeseries).toHaveLength(2);
    expect(req.timeseries[0]?.labels).toEqual([
      ['__name__', 'up'],
      ['job', 'a'],
    ]);
    expect(req.timeseries[0]?.samples).toEqual([
      { t: 1000, v: 1 },
      { t: -5, v: 2.5 },
    ]);
    const stale = req.timeseries[1]?.samples[0];
    expect(stale?.t).toBe(1_700_000_000_123);
    expect(isStaleNaN(stale?.v ?? 0)).toBe(true);
  });

  it('counts and skips exemplars, histograms, metadata and unknown fields', () => {
    const body = [
      ...series(label('__name__', 'h'), bytesField(3, [1, 2]), bytesField(4, [0x08, 0x01]), [0x28, 0x07]),
      ...bytesField(3, str(2, 'metric_family')),
      ...[0x78, 0x01], // field 15, varint
    ];
    const req = decodeWriteRequest(Uint8Array.from(body));
    expect(req.metadata).toBe(1);
    expect(req.timeseries[0]).toMatchObject({ exemplars: 1, histograms: 1, samples: [] });
  });

  it.each([
    ['truncated length', [0x0a, 0x05, 0x0a]],
    ['truncated varint', [0x0a, 0x80]],
    ['wrong wire type for timeseries', [0x08, 0x01]],
    ['group wire type', [0x0b]],
    ['field number zero', [0x02, 0x00]],
    ['truncated double', series([0x12, 0x03, 0x09, 0x00, 0x00])],
  ])('refuses a malformed body: %s', (_name, body) => {
    expect(() => decodeWriteRequest(Uint8Array.from(body))).toThrow(WriteRequestDecodeError);
  });

  it('flags invalid UTF-8 instead of failing the request', () => {
    const bad = bytesField(1, [...str(1, '__name__'), ...bytesField(2, [0xff, 0xfe])]);
    const req = decodeWriteRequest(Uint8Array.from(series(bad, sample(1, 1))));
    expect(req.timeseries[0]?.validUtf8).toBe(false);
  });
});

describe('decodeSnappyWriteRequest', () => {
  it('inflates and decodes; refuses corrupt blocks and bodies past the limit', () => {
    const body = Uint8Array.from(series(label('__name__', 'up'), sample(1, 1)));
    expect(decodeSnappyWriteRequest(compressSync(body), 1024).timeseries).toHaveLength(1);
    expect(() => decodeSnappyWriteRequest(Uint8Array.from([0x05, 0x01, 0x02]), 1024)).toThrow(
      WriteRequestDecodeError,
    );
    expect(() => decodeSnappyWriteRequest(compressSync(body), 4)).toThrow(DecompressTooLargeError);
  });
});

/** MemoryAppendable keeps committed samples per series key; it refuses samples not after the series' last. */
class MemoryAppendable implements Appendable {
  readonly committed = new Map<string, [number, number][]>();
  failCommit = false;
  appender(): Appender {
    const pending: [string, number, number][] = [];
    return {
      append: (labels, t, v): AppendError | undefined => {
        const key = JSON.stringify(Object.entries(labels).sort());
        const times = [
          ...(this.committed.get(key) ?? []),
          ...pending.filter((p) => p[0] === key).map((p) => [p[1]]),
        ];
        const last = times[times.length - 1]?.[0];
        if (last !== undefined && t < last) return 'out_of_order';
        if (last !== undefined && t === last) return 'duplicate_timestamp';
        pending.push([key, t, v]);
        return undefined;
      },
      commit: async () => {
        if (this.failCommit) throw new Error('disk full');
        for (const [k, t, v] of pending) {
          const list = this.committed.get(k) ?? [];
          list.push([t, v]);
          this.committed.set(k, list);
        }
      },
      rollback: () => {
        pending.length = 0;
      },
    };
  }
}

describe('ingestWriteRequest', () => {
  const now = 1_000_000_000;
  const decode = (body: number[]) => decodeWriteRequest(Uint8Array.from(body)).timeseries;

  it('appends valid series, drops empty label values, skips invalid ones and counts them', async () => {
    const store = new MemoryAppendable();
    const outcome = await ingestWriteRequest(
      store,
      decode([
        ...series(label('__name__', 'up'), label('empty', ''), sample(1, 1), sample(2, 2)),
        ...series(label('job', 'no-name'), sample(1, 1)),
        ...series(label('__name__', 'dup'), label('a', '1'), label('a', '2'), sample(1, 1)),
      ]),
      0,
      { now: () => now },
    );
    expect(outcome.kind).toBe('ok');
    expect(outcome.stats).toMatchObject({ samplesAppended: 2, samplesInvalidLabels: 2 });
    expect([...store.committed.keys()]).toEqual([JSON.stringify([['__name__', 'up']])]);
  });

  it.each([
    ['out of order', [sample(5, 1), sample(4, 1)], 'out_of_order', 'out of order sample'],
    ['duplicate', [sample(5, 1), sample(5, 2)], 'duplicate_timestamp', 'duplicate sample for timestamp'],
    [
      'too far ahead',
      [sample(now + 11 * 60_000, 1)],
      'out_of_bounds',
      'out of bounds: timestamp is too far in the future',
    ],
  ])('rejects the whole request on a refused sample: %s', async (_n, samples, reason, message) => {
    const store = new MemoryAppendable();
    const body = [
      ...series(label('__name__', 'ok'), sample(1, 1)),
      ...series(label('__name__', 'x'), ...samples),
    ];
    const outcome = await ingestWriteRequest(store, decode(body), 0, { now: () => now });
    expect(outcome).toMatchObject({ kind: 'rejected', reason, message });
    expect(store.committed.size).toBe(0);
  });

  it('reports a commit failure as failed (retryable)', async () => {
    const store = new MemoryAppendable();
    store.failCommit = true;
    const outcome = await ingestWriteRequest(store, decode(series(label('__name__', 'up'), sample(1, 1))));
    expect(outcome).toMatchObject({ kind: 'failed', error: { message: 'disk full' } });
  });
});
