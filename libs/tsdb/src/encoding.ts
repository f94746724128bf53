// Byte-level encoding helpers shared by WAL records and block index files: varints, strings, raw 64-bit floats.

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

/** CorruptionError marks bytes that do not decode (truncated, bad CRC, impossible lengths). */
export class CorruptionError extends Error {}

/** Encbuf is a growable write buffer. */
export class Encbuf {
  buf: Uint8Array;
  view: DataView;
  len = 0;

  constructor(capacity = 256) {
    this.buf = new Uint8Array(capacity);
    this.view = new DataView(this.buf.buffer);
  }

  /** reserve makes room for n more bytes. */
  reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.len + n, this.buf.length * 2));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** u8 writes one byte. */
  u8(x: number): void {
    this.reserve(1);
    this.buf[this.len++] = x;
  }

  /** u32 writes a big-endian uint32. */
  u32(x: number): void {
    this.reserve(4);
    this.view.setUint32(this.len, x >>> 0);
    this.len += 4;
  }

  /** f64 writes a float64's bits (big-endian). */
  f64(x: number): void {
    this.reserve(8);
    this.view.setFloat64(this.len, x);
    this.len += 8;
  }

  /** uvarint writes a non-negative integer (≤ 2^53) as a base-128 varint. */
  uvarint(x: number): void {
    this.reserve(8);
    while (x >= 0x80) {
      this.buf[this.len++] = (x % 128) | 0x80;
      x = Math.floor(x / 128);
    }
    this.buf[this.len++] = x;
  }

  /** varint writes a signed integer zig-zag encoded. */
  varint(x: number): void {
    this.uvarint(x >= 0 ? x * 2 : -x * 2 - 1);
  }

  /** str writes a length-prefixed UTF-8 string. */
  str(s: string): void {
    const b = textEncoder.encode(s);
    this.uvarint(b.length);
    this.bytes(b);
  }

  /** bytes writes raw bytes. */
  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /** result is a view of the bytes written. */
  result(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}

/** Decbuf reads what Encbuf wrote; every read past the end throws CorruptionError. */
export class Decbuf {
  pos = 0;
  readonly view: DataView;

  constructor(readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  #need(n: number): void {
    if (this.pos + n > this.buf.length) throw new CorruptionError('unexpected end of data');
  }

  /** remaining is the count of unread bytes. */
  get remaining(): number {
    return this.buf.length - this.pos;
  }

  u8(): number {
    this.#need(1);
    return this.buf[this.pos++] as number;
  }

  u32(): number {
    this.#need(4);
    const x = this.view.getUint32(this.pos);
    this.pos += 4;
    return x;
  }

  f64(): number {
    this.#need(8);
    const x = this.view.getFloat64(this.pos);
    this.pos += 8;
    return x;
  }

  /** f64bits reads a float64 as its high and low 32-bit halves (exact NaN payloads). */
  f64bits(): [number, number] {
    this.#need(8);
    const hi = this.view.getUint32(this.pos);
    const lo = this.view.getUint32(this.pos + 4);
    this.pos += 8;
    return [hi, lo];
  }

  uvarint(): number {
    let x = 0;
    let mul = 1;
    for (let i = 0; i < 8; i++) {
      this.#need(1);
      const b = this.buf[this.pos++] as number;
      x += (b & 0x7f) * mul;
      if (b < 0x80) return x;
      mul *= 128;
    }
    throw new CorruptionError('varint overflow');
  }

  varint(): number {
    const u = this.uvarint();
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }

  str(): string {
    const n = this.uvarint();
    this.#need(n);
    const s = textDecoder.decode(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return s;
  }

  bytes(n: number): Uint8Array {
    this.#need(n);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
}
