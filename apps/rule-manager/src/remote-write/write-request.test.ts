import { describe, expect, it } from 'vitest';
import { STALE_NAN_BITS } from '@vigil/model';
import { encodeWriteRequest, type WriteSeries } from './write-request';
import { decodeWriteRequest } from './write-request-decoder.testutil';

const NORMAL_NAN_BITS = 0x7ff8000000000000n;

describe('encodeWriteRequest', () => {
  it('produces the exact protobuf bytes of a one-sample request', () => {
    const bytes = encodeWriteRequest([{ labels: { __name__: 'a' }, samples: [{ t: 1, v: 1 }] }]);
    expect(Buffer.from(bytes).toString('hex')).toBe(
      [
        '0a1c', // WriteRequest.timeseries, 28 bytes
        '0a0d', // TimeSeries.labels, 13 bytes
        '0a085f5f6e616d655f5f', // Label.name "__name__"
        '120161', // Label.value "a"
        '120b', // TimeSeries.samples, 11 bytes
        '09000000000000f03f', // Sample.value 1.0 (fixed64, little-endian)
        '1001', // Sample.timestamp 1
      ].join(''),
    );
  });

  it('sorts labels by name and leaves out empty values', () => {
    const [series] = decodeWriteRequest(
      encodeWriteRequest([
        { labels: { zone: 'z', __name__: 'm', empty: '', Alpha: 'A', job: 'j' }, samples: [{ t: 5, v: 2 }] },
      ]),
    );
    expect(series?.labels).toEqual([
      ['Alpha', 'A'],
      ['__name__', 'm'],
      ['job', 'j'],
      ['zone', 'z'],
    ]);
  });

  it.each<[string, WriteSeries['samples'][number], { value?: number; bits?: bigint; timestamp: number }]>([
    ['a stale marker bit-exactly', { t: 1000, v: 0, stale: true }, { bits: STALE_NAN_BITS, timestamp: 1000 }],
    ['an ordinary NaN as a non-stale NaN', { t: 1000, v: NaN }, { bits: NORMAL_NAN_BITS, timestamp: 1000 }],
    ['+Inf', { t: 1, v: Infinity }, { value: Infinity, timestamp: 1 }],
    ['-0.5', { t: 1, v: -0.5 }, { value: -0.5, timestamp: 1 }],
    [
      'a current timestamp (beyond 32 bits)',
      { t: 1_700_000_000_123, v: 3 },
      { value: 3, timestamp: 1_700_000_000_123 },
    ],
    [
      'the largest safe timestamp',
      { t: Number.MAX_SAFE_INTEGER, v: 3 },
      { value: 3, timestamp: Number.MAX_SAFE_INTEGER },
    ],
    ['a negative timestamp', { t: -1500, v: 7 }, { value: 7, timestamp: -1500 }],
    ['zero', { t: 0, v: 0 }, { value: 0, timestamp: 0 }],
  ])('encodes %s', (_name, point, expected) => {
    const [series] = decodeWriteRequest(
      encodeWriteRequest([{ labels: { __name__: 'x' }, samples: [point] }]),
    );
    const sample = series?.samples[0];
    expect(sample?.timestamp).toBe(expected.timestamp);
    if (expected.bits !== undefined) expect(sample?.valueBits).toBe(expected.bits);
    if (expected.value !== undefined) expect(sample?.value).toBe(expected.value);
  });

  it('round-trips many series with multi-byte UTF-8 labels and several samples', () => {
    const input: WriteSeries[] = Array.from({ length: 300 }, (_, i) => ({
      labels: {
        __name__: 'température_°C',
        city: `Zürich-${i}`,
        emoji: '🔥'.repeat(i % 5),
        long: 'x'.repeat(200 + i),
      },
      samples: [
        { t: 1_700_000_000_000 + i, v: i / 3 },
        { t: 1_700_000_000_001 + i, v: -i },
      ],
    }));
    const decoded = decodeWriteRequest(encodeWriteRequest(input));
    expect(decoded).toHaveLength(300);
    decoded.forEach((series, i) => {
      const expected = Object.entries(input[i]?.labels ?? {})
        .filter(([, v]) => v !== '')
        .sort(([a], [b]) => (a < b ? -1 : 1));
      expect(series.labels).toEqual(expected);
      expect(series.samples.map((s) => [s.timestamp, s.value])).toEqual([
        [1_700_000_000_000 + i, i / 3],
        [1_700_000_000_001 + i, -i],
      ]);
    });
  });

  it('encodes an empty request as zero bytes', () => {
    expect(encodeWriteRequest([])).toHaveLength(0);
  });
});
