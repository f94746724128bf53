import { RemoteWriteClient } from '@vigil/rule-manager';

/** SeriesWriter puts samples into a Prometheus through its remote-write receiver. */
export interface SeriesWriter {
  write(labels: Record<string, string>, value: number, atMs: number): Promise<void>;
  close(): Promise<void>;
}

/** openSeriesWriter writes to `${promUrl}/api/v1/write`, flushing after each call. */
export function openSeriesWriter(promUrl: string): SeriesWriter {
  const client = new RemoteWriteClient({ url: `${promUrl}/api/v1/write`, name: 'e2e' });
  return {
    async write(labels, value, atMs) {
      client.append([{ labels, v: value, t: atMs }]);
      await client.flush();
      const { samplesFailed, samplesDropped, lastError } = client.stats();
      if (samplesFailed + samplesDropped > 0) throw new Error(`remote write failed: ${lastError ?? ''}`);
    },
    close: () => client.close(1000),
  };
}
