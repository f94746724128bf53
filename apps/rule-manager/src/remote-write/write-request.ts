import { STALE_NAN_BITS, compareStrings, isStaleNaN, type Labels } from '@vigil/model';

/** WritePoint is one sample of a series; `stale: true` sends the stale marker instead of `v`. */
export interface WritePoint {
  /** Milliseconds since the epoch. */
  t: number;
  v: number;
  stale?: boolean;
}

/** WriteSeries is one `prometheus.TimeSeries` of a remote-write 1.0 request. */
export interface WriteSeries {
  labels: Labels;
  samples: readonly WritePoint[];
}

// Protobuf tags: (field number << 3) | wire type (0 varint, 1 fixed64, 2 length-delimited).
const TAG_WRITE_REQUEST_TIMESERIES = 0x0a;
const TAG_TIMESERIES_LABELS = 0x0a;
const TAG_TIMESERIES_SAMPLES = 0x12;
const TAG_LABEL_NAME = 0x0a;
const TAG_LABEL_VALUE = 0x12;
const TAG_SAMPLE_VALUE = 0x09;
const TAG_SAMPLE_TIMESTAMP = 0x10;

interface SizedSeries {
  names: string[];
  values: string[];
  nameBytes: number[];
  valueBytes: number[];
  labelSizes: number[];
  sampleSizes: number[];
  size: number;
}

/**
 * encodeWriteRequest encodes a remote-write 1.0 `prometheus.WriteRequest` (uncompressed protobuf).
 * Labels are sorted by name and empty-valued labels left out, as Prometheus sends them.
 */
export function encodeWriteRequest(series: readonly WriteSeries[]): Uint8Array {
  const sized: SizedSeries[] = new Array<SizedSeries>(series.length);
  let total = 0;
  for (let i = 0; i < series.length; i++) {
    const s = series[i] as WriteSeries;
    const item = sizeSeries(s);
    sized[i] = item;
    total += 1 + varintSize(item.size) + item.size;
  }
  const buf = Buffer.allocUnsafe(total);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let pos = 0;
  for (let i = 0; i < series.length; i++) {
    const s = series[i] as WriteSeries;
    const z = sized[i] as SizedSeries;
    buf[pos++] = TAG_WRITE_REQUEST_TIMESERIES;
    pos = writeVarint(buf, pos, z.size);
    for (let j = 0; j < z.names.length; j++) {
      buf[pos++] = TAG_TIMESERIES_LABELS;
      pos = writeVarint(buf, pos, z.labelSizes[j] as number);
      buf[pos++] = TAG_LABEL_NAME;
      pos = writeVarint(buf, pos, z.nameBytes[j] as number);
      pos += buf.write(z.names[j] as string, pos, 'utf8');
      buf[pos++] = TAG_LABEL_VALUE;
      pos = writeVarint(buf, pos, z.valueBytes[j] as number);
      pos += buf.write(z.values[j] as string, pos, 'utf8');
    }
    for (let j = 0; j < s.samples.length; j++) {
      const p = s.samples[j] as WritePoint;
      buf[pos++] = TAG_TIMESERIES_SAMPLES;
      pos = writeVarint(buf, pos, z.sampleSizes[j] as number);
      buf[pos++] = TAG_SAMPLE_VALUE;
      // Written through the bit pattern: a NaN held in a JS number may not keep its payload.
      if (p.stale || isStaleNaN(p.v)) view.setBigUint64(pos, STALE_NAN_BITS, true);
      else view.setFloat64(pos, p.v, true);
      pos += 8;
      buf[pos++] = TAG_SAMPLE_TIMESTAMP;
      pos = writeInt64(buf, pos, Math.round(p.t));
    }
  }
  return buf;
}

function sizeSeries(s: WriteSeries): SizedSeries {
  const names = Object.keys(s.labels)
    .filter((n) => s.labels[n] !== '' && s.labels[n] !== undefined)
    .sort(compareStrings);
  const values = names.map((n) => s.labels[n] as string);
  const nameBytes = names.map((n) => Buffer.byteLength(n, 'utf8'));
  const valueBytes = values.map((v) => Buffer.byteLength(v, 'utf8'));
  const labelSizes = names.map((_, j) => {
    const nb = nameBytes[j] as number;
    const vb = valueBytes[j] as number;
    return 1 + varintSize(nb) + nb + 1 + varintSize(vb) + vb;
  });
  const sampleSizes = s.samples.map((p) => 1 + 8 + 1 + int64Size(Math.round(p.t)));
  let size = 0;
  for (const l of labelSizes) size += 1 + varintSize(l) + l;
  for (const p of sampleSizes) size += 1 + varintSize(p) + p;
  return { names, values, nameBytes, valueBytes, labelSizes, sampleSizes, size };
}

function varintSize(n: number): number {
  let size = 1;
  while (n >= 128) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

// A negative int64 is sent as its 64-bit two's complement: always ten bytes.
function int64Size(n: number): number {
  return n < 0 ? 10 : varintSize(n);
}

function writeVarint(buf: Buffer, pos: number, n: number): number {
  // Division, not bit shifts: timestamps exceed 32 bits.
  while (n >= 128) {
    buf[pos++] = (n % 128) | 0x80;
    n = Math.floor(n / 128);
  }
  buf[pos++] = n;
  return pos;
}

function writeInt64(buf: Buffer, pos: number, n: number): number {
  if (n >= 0) return writeVarint(buf, pos, n);
  let u = BigInt.asUintN(64, BigInt(n));
  while (u >= 128n) {
    buf[pos++] = Number(u & 0x7fn) | 0x80;
    u >>= 7n;
  }
  buf[pos++] = Number(u);
  return pos;
}
