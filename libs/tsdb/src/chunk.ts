// Gorilla-style XOR chunks (Prometheus's chunkenc.XORChunk, own byte layout): delta-of-delta timestamps and
// XOR-compressed float bits. Values are carried as two uint32 halves of their IEEE-754 bits, so NaN payloads
// (the staleness marker) survive exactly; V8 may canonicalise NaN in plain arrays and arithmetic.

/** SAMPLES_PER_CHUNK is how many samples a head chunk holds before it is cut (Prometheus's target, 120). */
export const SAMPLES_PER_CHUNK = 120;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// Little-endian hosts keep the low word first; big-endian hosts the other way round.
const LO = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 0 : 1;
const HI = 1 - LO;

/** FloatScratch converts a number to its bit halves without allocating: set `f64[0]`, read `hi()`/`lo()`. */
export const FloatScratch = {
  f64,
  hi: (): number => u32[HI] as number,
  lo: (): number => u32[LO] as number,
};

/** floatBits splits a number into the high and low 32 bits of its IEEE-754 encoding. */
export function floatBits(v: number): [number, number] {
  f64[0] = v;
  return [u32[HI] as number, u32[LO] as number];
}

/** bitsToFloat is floatBits' inverse. */
export function bitsToFloat(hi: number, lo: number): number {
  u32[HI] = hi;
  u32[LO] = lo;
  return f64[0] as number;
}

/** STALE_HI and STALE_LO are the halves of Prometheus's staleness marker bits, 0x7ff0000000000002. */
export const STALE_HI = 0x7ff00000;
/** STALE_LO: see STALE_HI. */
export const STALE_LO = 2;

/** isStaleBits tells whether value bits are Prometheus's staleness marker. */
export function isStaleBits(hi: number, lo: number): boolean {
  return hi === STALE_HI && lo === STALE_LO;
}

const TWO32 = 4294967296;

function ctz32(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/** BitWriter appends bits to a growable byte buffer. */
class BitWriter {
  buf: Uint8Array;
  bitLen: number;

  constructor(initial: number, start: number) {
    this.buf = new Uint8Array(initial);
    this.bitLen = start * 8;
  }

  private ensure(bits: number): void {
    const need = (this.bitLen + bits + 7) >>> 3;
    if (need <= this.buf.length) return;
    const next = new Uint8Array(Math.max(need, this.buf.length * 2));
    next.set(this.buf);
    this.buf = next;
  }

  /** writeBits writes the low n (≤ 32) bits of v, most significant first. */
  writeBits(v: number, n: number): void {
    this.ensure(n);
    const buf = this.buf;
    while (n > 0) {
      const idx = this.bitLen >>> 3;
      const free = 8 - (this.bitLen & 7);
      const take = free < n ? free : n;
      const bits = (v >>> (n - take)) & ((1 << take) - 1);
      buf[idx] = (buf[idx] as number) | (bits << (free - take));
      this.bitLen += take;
      n -= take;
    }
  }

  /** writeBits64 writes the low n (≤ 64) bits of the 64-bit value hi:lo. */
  writeBits64(hi: number, lo: number, n: number): void {
    if (n > 32) {
      this.writeBits(hi, n - 32);
      this.writeBits(lo, 32);
    } else {
      this.writeBits(lo, n);
    }
  }
}

function writeInt64(w: BitWriter, x: number): void {
  const hi = Math.floor(x / TWO32);
  const lo = x - hi * TWO32;
  w.writeBits(hi >>> 0, 32);
  w.writeBits(lo >>> 0, 32);
}

function writeDod(w: BitWriter, dod: number): void {
  if (dod === 0) {
    w.writeBits(0, 1);
  } else if (dod >= -8191 && dod <= 8192) {
    w.writeBits(0b10, 2);
    w.writeBits(dod & 0x3fff, 14);
  } else if (dod >= -65535 && dod <= 65536) {
    w.writeBits(0b110, 3);
    w.writeBits(dod & 0x1ffff, 17);
  } else if (dod >= -524287 && dod <= 524288) {
    w.writeBits(0b1110, 4);
    w.writeBits(dod & 0xfffff, 20);
  } else {
    w.writeBits(0b1111, 4);
    writeInt64(w, dod);
  }
}

/**
 * ChunkEncoder appends samples (time-ordered) to one chunk. Layout: 2-byte sample count, then the first
 * timestamp and value raw (64 bits each), then per sample a delta-of-delta timestamp and an XOR'd value.
 */
export class ChunkEncoder {
  readonly #w: BitWriter;
  #count = 0;
  #t = 0;
  #delta = 0;
  #hi = 0;
  #lo = 0;
  #leading = -1;
  #trailing = 0;
  /** minT and maxT are the first and last timestamps appended. */
  minT = 0;
  maxT = 0;

  constructor(initialBytes = 32) {
    this.#w = new BitWriter(initialBytes, 2);
  }

  /** count is the number of samples in the chunk. */
  get count(): number {
    return this.#count;
  }

  /** append adds a sample; the caller keeps timestamps strictly increasing. */
  append(t: number, vhi: number, vlo: number): void {
    const w = this.#w;
    if (this.#count === 0) {
      writeInt64(w, t);
      w.writeBits(vhi, 32);
      w.writeBits(vlo, 32);
      this.minT = t;
    } else {
      const delta = t - this.#t;
      writeDod(w, delta - this.#delta);
      this.#delta = delta;
      this.#writeValue(vhi, vlo);
    }
    this.#t = t;
    this.maxT = t;
    this.#hi = vhi;
    this.#lo = vlo;
    this.#count++;
    const buf = w.buf;
    buf[0] = this.#count >>> 8;
    buf[1] = this.#count & 0xff;
  }

  #writeValue(vhi: number, vlo: number): void {
    const w = this.#w;
    const xhi = (vhi ^ this.#hi) >>> 0;
    const xlo = (vlo ^ this.#lo) >>> 0;
    if (xhi === 0 && xlo === 0) {
      w.writeBits(0, 1);
      return;
    }
    let leading = xhi !== 0 ? Math.clz32(xhi) : 32 + Math.clz32(xlo);
    const trailing = xlo !== 0 ? ctz32(xlo) : 32 + ctz32(xhi);
    if (leading > 31) leading = 31;
    if (this.#leading >= 0 && leading >= this.#leading && trailing >= this.#trailing) {
      w.writeBits(0b10, 2);
      writeShifted(w, xhi, xlo, this.#trailing, 64 - this.#leading - this.#trailing);
      return;
    }
    this.#leading = leading;
    this.#trailing = trailing;
    const sig = 64 - leading - trailing;
    w.writeBits(0b11, 2);
    w.writeBits(leading, 5);
    w.writeBits(sig & 63, 6);
    writeShifted(w, xhi, xlo, trailing, sig);
  }

  /** bytes is a view of the encoded chunk so far (valid until the next append). */
  bytes(): Uint8Array {
    return this.#w.buf.subarray(0, (this.#w.bitLen + 7) >>> 3);
  }

  /** finish returns a compact copy of the encoded chunk. */
  finish(): Uint8Array {
    return this.bytes().slice();
  }
}

function writeShifted(w: BitWriter, hi: number, lo: number, shift: number, n: number): void {
  if (shift >= 32) {
    lo = hi >>> (shift - 32);
    hi = 0;
  } else if (shift > 0) {
    lo = ((lo >>> shift) | (hi << (32 - shift))) >>> 0;
    hi = hi >>> shift;
  }
  w.writeBits64(hi, lo, n);
}

/** chunkCount reads the sample count of an encoded chunk. */
export function chunkCount(bytes: Uint8Array): number {
  return ((bytes[0] ?? 0) << 8) | (bytes[1] ?? 0);
}

/** SampleSink receives decoded samples; `stale` is true for the staleness marker. */
export type SampleSink = (t: number, v: number, stale: boolean) => void;

// bitsAt reads n (1..32) bits at bit position pos as an unsigned number, most significant first; bytes past the
// end read as 0.
function bitsAt(buf: Uint8Array, pos: number, n: number): number {
  const i = pos >>> 3;
  const off = pos & 7;
  if (i + 4 < buf.length) {
    // Fast path: the bits lie within the 5 bytes from i; take a 32-bit word and, if needed, part of the fifth.
    const w =
      ((buf[i] as number) << 24) |
      ((buf[i + 1] as number) << 16) |
      ((buf[i + 2] as number) << 8) |
      (buf[i + 3] as number);
    const head = (w << off) >>> (32 - n);
    return n + off <= 32 ? head : (head | ((buf[i + 4] as number) >>> (40 - n - off))) >>> 0;
  }
  let out = 0;
  let p = pos;
  let left = n;
  while (left > 0) {
    const avail = 8 - (p & 7);
    const take = avail < left ? avail : left;
    const b = buf[p >>> 3] ?? 0;
    out = out * (1 << take) + ((b >>> (avail - take)) & ((1 << take) - 1));
    p += take;
    left -= take;
  }
  return out;
}

// bitAt reads one bit (past the end reads as 0: undefined >>> k is 0).
function bitAt(buf: Uint8Array, pos: number): number {
  return ((buf[pos >>> 3] as number) >>> (7 - (pos & 7))) & 1;
}

/**
 * decodeChunk calls `sink` for every sample with minT ≤ t ≤ maxT, stopping early past maxT. `count` bounds the
 * samples read (an open head chunk's count); it defaults to the count in the header.
 */
export function decodeChunk(
  bytes: Uint8Array,
  minT: number,
  maxT: number,
  sink: SampleSink,
  count = chunkCount(bytes),
): void {
  if (count === 0) return;
  let pos = 16;
  const th = bitsAt(bytes, pos, 32);
  let t = (th >= 0x80000000 ? th - TWO32 : th) * TWO32 + bitsAt(bytes, pos + 32, 32);
  let hi = bitsAt(bytes, pos + 64, 32);
  let lo = bitsAt(bytes, pos + 96, 32);
  pos += 128;
  let delta = 0;
  let leading = 0;
  let trailing = 0;
  if (t > maxT) return;
  if (t >= minT) sink(t, bitsToFloat(hi, lo), isStaleBits(hi, lo));
  for (let i = 1; i < count; i++) {
    // Delta of delta: 0, or 10/110/1110 and 14/17/20 bits, or 1111 and 64 bits.
    if (bitAt(bytes, pos) === 0) pos++;
    else {
      const p4 = bitsAt(bytes, pos, 4);
      let size: number;
      if (p4 < 0b1100) {
        size = 14;
        pos += 2;
      } else if (p4 < 0b1110) {
        size = 17;
        pos += 3;
      } else if (p4 < 0b1111) {
        size = 20;
        pos += 4;
      } else {
        size = 64;
        pos += 4;
      }
      if (size === 64) {
        const h = bitsAt(bytes, pos, 32);
        delta += (h >= 0x80000000 ? h - TWO32 : h) * TWO32 + bitsAt(bytes, pos + 32, 32);
        pos += 64;
      } else {
        const b = bitsAt(bytes, pos, size);
        pos += size;
        delta += b > 1 << (size - 1) ? b - (1 << size) : b;
      }
    }
    t += delta;
    if (bitAt(bytes, pos) === 1) {
      pos++;
      if (bitAt(bytes, pos) === 1) {
        pos++;
        leading = bitsAt(bytes, pos, 5);
        let sig = bitsAt(bytes, pos + 5, 6);
        pos += 11;
        if (sig === 0) sig = 64;
        trailing = 64 - leading - sig;
      } else pos++;
      const sig = 64 - leading - trailing;
      let xhi = 0;
      let xlo = 0;
      if (sig > 32) {
        xhi = bitsAt(bytes, pos, sig - 32);
        xlo = bitsAt(bytes, pos + sig - 32, 32);
      } else {
        xlo = bitsAt(bytes, pos, sig);
      }
      pos += sig;
      // Shift hi:lo left by `trailing`.
      if (trailing >= 32) {
        xhi = trailing === 32 ? xlo : (xlo << (trailing - 32)) >>> 0;
        xlo = 0;
      } else if (trailing > 0) {
        xhi = ((xhi << trailing) | (xlo >>> (32 - trailing))) >>> 0;
        xlo = (xlo << trailing) >>> 0;
      }
      hi = (hi ^ xhi) >>> 0;
      lo = (lo ^ xlo) >>> 0;
    } else pos++;
    if (t > maxT) return;
    if (t >= minT) sink(t, bitsToFloat(hi, lo), isStaleBits(hi, lo));
  }
}
