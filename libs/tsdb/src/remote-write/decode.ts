// A protobuf reader for remote-write 1.0 `prometheus.WriteRequest` (prompb/remote.proto, prompb/types.proto).
//
// WriteRequest { repeated TimeSeries timeseries = 1; repeated MetricMetadata metadata = 3; }
// TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; repeated Exemplar exemplars = 3;
//                repeated Histogram histograms = 4; }
// Label        { string name = 1; string value = 2; }
// Sample       { double value = 1; int64 timestamp = 2; }
// Exemplars, histograms and metadata are counted and skipped: the store keeps float samples only.

/** WriteRequestDecodeError is a body that is not a well-formed WriteRequest (answered with 400). */
export class WriteRequestDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WriteRequestDecodeError';
  }
}

/** DecodedSample is one float sample; `v` keeps the NaN bits of a staleness marker (test with isStaleNaN). */
export interface DecodedSample {
  /** Milliseconds since the epoch. */
  t: number;
  v: number;
}

/** DecodedTimeSeries is one TimeSeries of a request, labels in wire order (duplicates and empty values kept). */
export interface DecodedTimeSeries {
  labels: [name: string, value: string][];
  samples: DecodedSample[];
  /** Number of exemplars sent with the series (skipped). */
  exemplars: number;
  /** Number of native histogram samples sent with the series (skipped). */
  histograms: number;
  /** False when a label name or value is not valid UTF-8 (the series is then refused, as Prometheus does). */
  validUtf8: boolean;
}

/** DecodedWriteRequest is a decoded WriteRequest. */
export interface DecodedWriteRequest {
  timeseries: DecodedTimeSeries[];
  /** Number of MetricMetadata entries (skipped). */
  metadata: number;
}

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_BYTES = 2;
const WIRE_FIXED32 = 5;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reader walks the fields of one message held in buf[pos, end). */
class Reader {
  pos: number;
  readonly #view: DataView;

  constructor(
    readonly buf: Uint8Array,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
    this.#view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  more(): boolean {
    return this.pos < this.end;
  }

  /** varint reads an unsigned varint as a number; exact up to 2^53, which covers lengths and tags. */
  varint(): number {
    let out = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new WriteRequestDecodeError('unexpected EOF');
      const b = this.buf[this.pos++] as number;
      out += (b & 0x7f) * mul;
      if (b < 0x80) return out;
      mul *= 128;
    }
    throw new WriteRequestDecodeError('proto: integer overflow');
  }

  /** int64 reads a varint as a signed 64-bit integer (negative timestamps are ten bytes long). */
  int64(): number {
    const start = this.pos;
    const n = this.varint();
    if (this.pos - start < 10) return n;
    let u = 0n;
    for (let i = this.pos - 1; i >= start; i--) u = (u << 7n) | BigInt((this.buf[i] as number) & 0x7f);
    return Number(BigInt.asIntN(64, u));
  }

  double(): number {
    if (this.pos + 8 > this.end) throw new WriteRequestDecodeError('unexpected EOF');
    const v = this.#view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** sub returns the bounds of a length-delimited field and moves past it. */
  sub(): [number, number] {
    const len = this.varint();
    const start = this.pos;
    if (len > this.end - start) throw new WriteRequestDecodeError('unexpected EOF');
    this.pos = start + len;
    return [start, start + len];
  }

  /** tag reads a field key; field number 0 and group wire types are malformed here. */
  tag(): [field: number, wire: number] {
    const key = this.varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (field <= 0) throw new WriteRequestDecodeError(`proto: illegal tag ${field} (wire type ${wire})`);
    return [field, wire];
  }

  skip(wire: number): void {
    switch (wire) {
      case WIRE_VARINT:
        this.varint();
        return;
      case WIRE_FIXED64:
        this.#advance(8);
        return;
      case WIRE_BYTES:
        this.sub();
        return;
      case WIRE_FIXED32:
        this.#advance(4);
        return;
      default:
        throw new WriteRequestDecodeError(`proto: illegal wireType ${wire}`);
    }
  }

  #advance(n: number): void {
    if (this.pos + n > this.end) throw new WriteRequestDecodeError('unexpected EOF');
    this.pos += n;
  }
}

function expectWire(got: number, want: number, field: string): void {
  if (got !== want) throw new WriteRequestDecodeError(`proto: wrong wireType = ${got} for field ${field}`);
}

/** decodeWriteRequest decodes an uncompressed remote-write 1.0 WriteRequest; throws WriteRequestDecodeError. */
export function decodeWriteRequest(buf: Uint8Array): DecodedWriteRequest {
  const out: DecodedWriteRequest = { timeseries: [], metadata: 0 };
  const r = new Reader(buf, 0, buf.length);
  while (r.more()) {
    const [field, wire] = r.tag();
    if (field === 1) {
      expectWire(wire, WIRE_BYTES, 'Timeseries');
      const [start, end] = r.sub();
      out.timeseries.push(decodeTimeSeries(buf, start, end));
    } else if (field === 3) {
      expectWire(wire, WIRE_BYTES, 'Metadata');
      r.sub();
      out.metadata++;
    } else r.skip(wire);
  }
  return out;
}

function decodeTimeSeries(buf: Uint8Array, start: number, end: number): DecodedTimeSeries {
  const ts: DecodedTimeSeries = { labels: [], samples: [], exemplars: 0, histograms: 0, validUtf8: true };
  const r = new Reader(buf, start, end);
  while (r.more()) {
    const [field, wire] = r.tag();
    switch (field) {
      case 1: {
        expectWire(wire, WIRE_BYTES, 'Labels');
        const [s, e] = r.sub();
        decodeLabel(buf, s, e, ts);
        break;
      }
      case 2: {
        expectWire(wire, WIRE_BYTES, 'Samples');
        const [s, e] = r.sub();
        ts.samples.push(decodeSample(buf, s, e));
        break;
      }
      case 3:
        expectWire(wire, WIRE_BYTES, 'Exemplars');
        r.sub();
        ts.exemplars++;
        break;
      case 4:
        expectWire(wire, WIRE_BYTES, 'Histograms');
        r.sub();
        ts.histograms++;
        break;
      default:
        r.skip(wire);
    }
  }
  return ts;
}

function decodeString(buf: Uint8Array, start: number, end: number, ts: DecodedTimeSeries): string {
  try {
    return utf8.decode(buf.subarray(start, end));
  } catch {
    ts.validUtf8 = false;
    return Buffer.from(buf.subarray(start, end)).toString('latin1');
  }
}

function decodeLabel(buf: Uint8Array, start: number, end: number, ts: DecodedTimeSeries): void {
  const r = new Reader(buf, start, end);
  let name = '';
  let value = '';
  while (r.more()) {
    const [field, wire] = r.tag();
    if (field === 1) {
      expectWire(wire, WIRE_BYTES, 'Name');
      const [s, e] = r.sub();
      name = decodeString(buf, s, e, ts);
    } else if (field === 2) {
      expectWire(wire, WIRE_BYTES, 'Value');
      const [s, e] = r.sub();
      value = decodeString(buf, s, e, ts);
    } else r.skip(wire);
  }
  ts.labels.push([name, value]);
}

function decodeSample(buf: Uint8Array, start: number, end: number): DecodedSample {
  const r = new Reader(buf, start, end);
  const sample: DecodedSample = { t: 0, v: 0 };
  while (r.more()) {
    const [field, wire] = r.tag();
    if (field === 1) {
      expectWire(wire, WIRE_FIXED64, 'Value');
      sample.v = r.double();
    } else if (field === 2) {
      expectWire(wire, WIRE_VARINT, 'Timestamp');
      sample.t = r.int64();
    } else r.skip(wire);
  }
  return sample;
}
