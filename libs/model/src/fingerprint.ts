// Label-set fingerprints as Prometheus's model.LabelSet.Fingerprint() computes them: FNV-1a 64 over the sorted
// label names and values, each followed by the 0xFF separator byte, printed as 16 hex digits.

import { sortedLabelNames, type Labels } from './labels';

const OFFSET_HI = 0xcbf29ce4;
const OFFSET_LO = 0x84222325;
// The FNV 64-bit prime is 2^40 + 0x1b3.
const PRIME_LOW = 0x1b3;
const SEPARATOR = 0xff;
const TWO_32 = 0x1_0000_0000;

const encoder = new TextEncoder();

/** Fnv1a64 accumulates an FNV-1a 64-bit hash in two 32-bit halves (no BigInt on the hot path). */
export class Fnv1a64 {
  private hi = OFFSET_HI;
  private lo = OFFSET_LO;

  /** addByte mixes one byte into the hash. */
  addByte(b: number): this {
    const lo = (this.lo ^ b) >>> 0;
    const loProduct = lo * PRIME_LOW;
    const carry = Math.floor(loProduct / TWO_32);
    this.lo = loProduct >>> 0;
    // (hi:lo) * (2^40 + 0x1b3) mod 2^64: the 2^40 term shifts lo into hi by 8 bits.
    this.hi = (this.hi * PRIME_LOW + carry + ((lo << 8) >>> 0)) % TWO_32;
    return this;
  }

  /** addString mixes the UTF-8 bytes of a string into the hash. */
  addString(s: string): this {
    // Label names and values are nearly always ASCII, whose UTF-8 bytes are the char codes: skip the encoder.
    for (let i = 0; i < s.length; i++) {
      if (s.charCodeAt(i) >= 0x80) {
        for (const b of encoder.encode(s.slice(i))) this.addByte(b);
        return this;
      }
      this.addByte(s.charCodeAt(i));
    }
    return this;
  }

  /** hex prints the hash as 16 lower-case hex digits, like Go's `%016x`. */
  hex(): string {
    return this.hi.toString(16).padStart(8, '0') + this.lo.toString(16).padStart(8, '0');
  }

  /** value returns the hash as an unsigned 64-bit BigInt. */
  value(): bigint {
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }
}

/** fingerprint computes a label set's fingerprint as 16 hex digits (`model.Fingerprint.String()`). */
export function fingerprint(labels: Labels): string {
  const h = new Fnv1a64();
  for (const name of sortedLabelNames(labels)) {
    h.addString(name).addByte(SEPARATOR);
    h.addString(labels[name] as string).addByte(SEPARATOR);
  }
  return h.hex();
}

/** compareFingerprints orders fingerprints as unsigned 64-bit numbers (equal-length hex sorts the same). */
export function compareFingerprints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
