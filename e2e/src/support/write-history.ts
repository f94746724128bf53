// Generated remote-write history for the store differential tests: deterministic series cut into requests.
import { isStaleNaN } from '@vigil/model';
import type { WriteSeries } from '@vigil/rule-manager';
import { writeBody } from './remote-write-post';

/** prng is a small deterministic PRNG (mulberry32), so both receivers and every run see the same data. */
export function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** HistorySeries is one generated series: its labels and its value at grid point i (undefined: no sample). */
export interface HistorySeries {
  labels: Record<string, string>;
  at: (i: number) => number | undefined;
}

/**
 * historyRequests cuts points [0, points) of every series into remote-write bodies of `slicePoints` points each,
 * in time order; `timeOf` maps a point to its timestamp (ms). Stale NaNs are sent as stale markers.
 */
export function historyRequests(
  series: readonly HistorySeries[],
  points: number,
  slicePoints: number,
  timeOf: (i: number) => number,
): Buffer[] {
  const out: Buffer[] = [];
  for (let from = 0; from < points; from += slicePoints) {
    const batch: WriteSeries[] = [];
    for (const g of series) {
      const samples = [];
      for (let i = from; i < Math.min(points, from + slicePoints); i++) {
        const v = g.at(i);
        if (v !== undefined) samples.push({ t: timeOf(i), v, stale: isStaleNaN(v) });
      }
      if (samples.length > 0) batch.push({ labels: g.labels, samples });
    }
    out.push(writeBody(batch));
  }
  return out;
}

/** blocksLoaded reads `prometheus_tsdb_blocks_loaded` from a store's /metrics (NaN when absent). */
export async function blocksLoaded(baseUrl: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const m = /^prometheus_tsdb_blocks_loaded (\S+)$/m.exec(text);
  return m ? Number(m[1]) : NaN;
}
