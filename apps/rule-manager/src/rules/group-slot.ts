import { xxhash64 } from './xxhash64';

/** groupKey names a rule group the way Prometheus keys them: `file;name` (names are unique per file only). */
export function groupKey(file: string, name: string): string {
  return `${file};${name}`;
}

// Prometheus 3 builds with `stringlabels`: each name and value is preceded by its byte length (one byte below
// 255, else 255 and three little-endian bytes), and Labels.Hash is xxHash64 of that encoding.
function encodeStringLabels(pairs: [string, string][]): Uint8Array {
  const enc = new TextEncoder();
  const parts: number[] = [];
  for (const [name, value] of pairs) {
    for (const s of [name, value]) {
      const bytes = enc.encode(s);
      const n = bytes.byteLength;
      if (n < 255) parts.push(n);
      else parts.push(255, n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff);
      for (const b of bytes) parts.push(b);
    }
  }
  return Uint8Array.from(parts);
}

/** groupHash is Prometheus's Group.hash(): the hash of the label set {file, name}, which spreads groups in time. */
export function groupHash(file: string, name: string): bigint {
  return xxhash64(
    encodeStringLabels([
      ['file', file],
      ['name', name],
    ]),
  );
}

/**
 * groupSlotOffsetNs is how far (in ns) a group's evaluations sit past the interval grid:
 * hash(file, name) mod interval, as Prometheus's EvalTimestamp computes it.
 */
export function groupSlotOffsetNs(file: string, name: string, intervalMs: number): bigint {
  return groupHash(file, name) % (BigInt(intervalMs) * 1_000_000n);
}

/**
 * evalTimestamp is the latest evaluation slot at or before `nowMs` (Prometheus's Group.EvalTimestamp).
 * Prometheus works in nanoseconds; the result is truncated to ms as its sample timestamps are, so every slot
 * of a group carries the same sub-millisecond loss and differences between slots stay exact multiples of
 * the interval. `nowMs` stands for its whole millisecond, so a truncated slot maps to itself.
 */
export function evalTimestamp(nowMs: number, intervalMs: number, offsetNs: bigint): number {
  const interval = BigInt(intervalMs) * 1_000_000n;
  const adjNow = BigInt(Math.floor(nowMs)) * 1_000_000n + 999_999n - offsetNs;
  // Go's % keeps the dividend's sign; BigInt's does too, so negative clocks (never in practice) match as well.
  const base = adjNow - (adjNow % interval);
  const next = base + offsetNs;
  const ms = next / 1_000_000n;
  return Number(next < 0n && next % 1_000_000n !== 0n ? ms - 1n : ms);
}
