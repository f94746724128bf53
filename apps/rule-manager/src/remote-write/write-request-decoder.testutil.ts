// Test-only: a minimal protobuf reader for prometheus.WriteRequest, written independently of the encoder
// so tests check the bytes on the wire rather than the encoder against itself.

/** DecodedSample keeps the raw 64 bits of the value so stale markers can be told from other NaNs. */
export interface DecodedSample {
  value: number;
  valueBits: bigint;
  timestamp: number;
}

/** DecodedSeries keeps labels in wire order so tests can check they were sorted. */
export interface DecodedSeries {
  labels: [string, string][];
  samples: DecodedSample[];
}

class Reader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}
  done(): boolean {
    return this.pos >= this.buf.length;
  }
  varint(): bigint {
    let out = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const b = this.buf[this.pos++];
      if (b === undefined) throw new Error('truncated varint');
      out |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return out;
    }
  }
  bytes(): Uint8Array {
    const len = Number(this.varint());
    const out = this.buf.subarray(this.pos, this.pos + len);
    if (out.length !== len) throw new Error('truncated field');
    this.pos += len;
    return out;
  }
  fixed64(): bigint {
    const view = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8);
    this.pos += 8;
    return view.getBigUint64(0, true);
  }
  fields(visit: (field: number, wire: number) => void): void {
    while (!this.done()) {
      const tag = Number(this.varint());
      visit(tag >> 3, tag & 7);
    }
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
}

const text = new TextDecoder('utf-8', { fatal: true });

/** decodeWriteRequest reads an uncompressed remote-write 1.0 WriteRequest. */
export function decodeWriteRequest(buf: Uint8Array): DecodedSeries[] {
  const series: DecodedSeries[] = [];
  const r = new Reader(buf);
  r.fields((field, wire) => {
    if (field === 1 && wire === 2) series.push(decodeSeries(r.bytes()));
    else r.skip(wire);
  });
  return series;
}

function decodeSeries(buf: Uint8Array): DecodedSeries {
  const out: DecodedSeries = { labels: [], samples: [] };
  const r = new Reader(buf);
  r.fields((field, wire) => {
    if (field === 1 && wire === 2) {
      const l = new Reader(r.bytes());
      let name = '';
      let value = '';
      l.fields((f, w) => {
        if (f === 1 && w === 2) name = text.decode(l.bytes());
        else if (f === 2 && w === 2) value = text.decode(l.bytes());
        else l.skip(w);
      });
      out.labels.push([name, value]);
    } else if (field === 2 && wire === 2) {
      const s = new Reader(r.bytes());
      const sample: DecodedSample = { value: 0, valueBits: 0n, timestamp: 0 };
      s.fields((f, w) => {
        if (f === 1 && w === 1) {
          sample.valueBits = s.fixed64();
          const view = new DataView(new ArrayBuffer(8));
          view.setBigUint64(0, sample.valueBits, true);
          sample.value = view.getFloat64(0, true);
        } else if (f === 2 && w === 0) sample.timestamp = Number(BigInt.asIntN(64, s.varint()));
        else s.skip(w);
      });
      out.samples.push(sample);
    } else r.skip(wire);
  });
  return out;
}
