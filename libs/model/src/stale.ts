/** STALE_NAN_BITS is the bit pattern of Prometheus's staleness marker, a NaN no arithmetic produces. */
export const STALE_NAN_BITS = 0x7ff0000000000002n;

/**
 * STALE_NAN is the staleness marker as a number. Plain assignment keeps its bits; arithmetic, JSON and
 * structuredClone do not (V8 canonicalises NaN there), so encoders must write it with DataView/Float64Array.
 */
export const STALE_NAN: number = new Float64Array(BigUint64Array.of(STALE_NAN_BITS).buffer)[0] ?? Number.NaN;

/** isStaleNaN tells whether a value is the staleness marker (and not just any NaN). */
export function isStaleNaN(v: number): boolean {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, v);
  return buf.getBigUint64(0) === STALE_NAN_BITS;
}
