import { encodeWriteRequest, type WriteSeries } from '@vigil/rule-manager';
import { compressSync } from 'snappy';

/** writeBody encodes series as a remote-write 1.0 request body (protobuf, snappy block). */
export function writeBody(series: WriteSeries[]): Buffer {
  return compressSync(encodeWriteRequest(series));
}

/** postWrite sends one remote-write body to `${baseUrl}/api/v1/write` and returns the HTTP status. */
export async function postWrite(baseUrl: string, body: Buffer): Promise<number> {
  const res = await fetch(`${baseUrl}/api/v1/write`, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/x-protobuf',
      'content-encoding': 'snappy',
      'x-prometheus-remote-write-version': '0.1.0',
    },
  });
  await res.arrayBuffer();
  return res.status;
}
