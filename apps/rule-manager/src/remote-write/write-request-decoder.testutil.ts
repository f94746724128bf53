// Test-only: reads what the encoder wrote with the receiver's protobuf decoder (@vigil/tsdb), which is written
// independently of the encoder, so tests check the bytes on the wire rather than the encoder against itself.
import { decodeWriteRequest as decodeWire } from '@vigil/tsdb';

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

const view = new DataView(new ArrayBuffer(8));

function bitsOf(v: number): bigint {
  view.setFloat64(0, v, true);
  return view.getBigUint64(0, true);
}

/** decodeWriteRequest reads an uncompressed remote-write 1.0 WriteRequest. */
export function decodeWriteRequest(buf: Uint8Array): DecodedSeries[] {
  return decodeWire(buf).timeseries.map((ts) => ({
    labels: ts.labels,
    samples: ts.samples.map((s) => ({ value: s.v, valueBits: bitsOf(s.v), timestamp: s.t })),
  }));
}
