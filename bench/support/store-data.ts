// Data for the store benchmark: deterministic series (half counters, half gauges), pre-encoded remote-write
// requests sent by a few concurrent senders in per-series time order, and scrape targets served by node:http.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compressSync } from 'snappy';
import type { Labels } from '@vigil/model';
import { encodeWriteRequest, type WriteSeries } from '@vigil/rule-manager';

/** SERIES_PER_INSTANCE is how many series (50 counters, 50 gauges) one `instance` has. */
export const SERIES_PER_INSTANCE = 100;

/** seriesLabels is series `i`: `bench_counter_total` or `bench_gauge` with `k` 0–49, of instance `host-<i/100>`. */
export function seriesLabels(i: number): Labels {
  return {
    __name__: i % 2 === 0 ? 'bench_counter_total' : 'bench_gauge',
    instance: `host-${Math.floor(i / SERIES_PER_INSTANCE)}`,
    job: 'bench',
    k: String((i >> 1) % 50),
  };
}

/** sampleValue is series `i`'s value at step `j`: counters grow by 1–7 a step, gauges wander (2 decimals). */
export function sampleValue(i: number, j: number): number {
  if (i % 2 === 0) return 1000 + (i % 97) * 10 + j * ((i % 7) + 1) + ((i * 31 + j * 17) % 5);
  return Math.round((((i * 37) % 1000) + 100 * Math.sin(i + j / 10)) * 100) / 100;
}

/** WriteShape is a remote-write data set: `series` series × `points` samples `stepMs` apart from `startMs`. */
export interface WriteShape {
  series: number;
  points: number;
  stepMs: number;
  startMs: number;
  /** Series per request. */
  batchSeries: number;
  /** Samples per series per request. */
  batchPoints: number;
}

/** EncodedRequests are snappy-compressed WriteRequests; lanes[g] must be sent in order (one series group). */
export interface EncodedRequests {
  lanes: Uint8Array[][];
  samples: number;
  bytes: number;
}

/** encodeRequests builds the data set's requests: one lane per series group, each lane in time order. */
export function encodeRequests(shape: WriteShape): EncodedRequests {
  const lanes: Uint8Array[][] = [];
  let bytes = 0;
  const labels = Array.from({ length: shape.series }, (_, i) => seriesLabels(i));
  for (let first = 0; first < shape.series; first += shape.batchSeries) {
    const lane: Uint8Array[] = [];
    const last = Math.min(shape.series, first + shape.batchSeries);
    for (let j0 = 0; j0 < shape.points; j0 += shape.batchPoints) {
      const j1 = Math.min(shape.points, j0 + shape.batchPoints);
      const series: WriteSeries[] = [];
      for (let i = first; i < last; i++) {
        const samples = [];
        for (let j = j0; j < j1; j++)
          samples.push({ t: shape.startMs + j * shape.stepMs, v: sampleValue(i, j) });
        series.push({ labels: labels[i] as Labels, samples });
      }
      const body = compressSync(Buffer.from(encodeWriteRequest(series)));
      bytes += body.length;
      lane.push(body);
    }
    lanes.push(lane);
  }
  return { lanes, samples: shape.series * shape.points, bytes };
}

/**
 * sendAll posts every request with `senders` concurrent senders, never two of one lane at once (so each series
 * stays in time order), and resolves when all are acknowledged.
 */
export async function sendAll(
  reqs: EncodedRequests,
  senders: number,
  post: (body: Uint8Array) => Promise<void>,
): Promise<void> {
  const next = reqs.lanes.map(() => 0);
  const busy = reqs.lanes.map(() => false);
  let cursor = 0;
  const take = (): number | undefined => {
    for (let k = 0; k < reqs.lanes.length; k++) {
      const g = (cursor + k) % reqs.lanes.length;
      if (!busy[g] && (next[g] as number) < (reqs.lanes[g] as Uint8Array[]).length) {
        cursor = g + 1;
        return g;
      }
    }
    return undefined;
  };
  const worker = async (): Promise<void> => {
    for (;;) {
      const g = take();
      if (g === undefined) return;
      busy[g] = true;
      const body = (reqs.lanes[g] as Uint8Array[])[next[g] as number] as Uint8Array;
      next[g] = (next[g] as number) + 1;
      await post(body);
      busy[g] = false;
    }
  };
  await Promise.all(Array.from({ length: Math.min(senders, reqs.lanes.length) }, worker));
}

/** Targets are N scrape targets, each its own loopback port, answering /metrics in the text format. */
export interface Targets {
  addresses: string[];
  /** Scrapes answered so far. */
  scrapes(): number;
  close(): Promise<void>;
}

const VARIANTS = 8;

/** startTargets serves `count` targets of `series` gauges each; values change between scrapes (8 variants). */
export async function startTargets(count: number, series: number): Promise<Targets> {
  const names = 20;
  const bodies: string[][] = [];
  for (let t = 0; t < count; t++) {
    const variants: string[] = [];
    for (let v = 0; v < VARIANTS; v++) {
      const lines: string[] = [];
      for (let k = 0; k < names; k++) {
        lines.push(`# HELP bench_scrape_${k} A benchmark gauge.`, `# TYPE bench_scrape_${k} gauge`);
        for (let s = k; s < series; s += names) {
          const value = Math.round((((t * 7919 + s * 104729) % 10007) + 50 * Math.sin(v + s)) * 100) / 100;
          lines.push(`bench_scrape_${k}{series="${s}",shard="${s % 10}"} ${value}`);
        }
      }
      variants.push(`${lines.join('\n')}\n`);
    }
    bodies.push(variants);
  }
  let scrapes = 0;
  const servers: Server[] = [];
  const addresses: string[] = [];
  for (let t = 0; t < count; t++) {
    let n = 0;
    const server = createServer((_req, res) => {
      scrapes++;
      const body = (bodies[t] as string[])[n++ % VARIANTS] as string;
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
      res.end(body);
    });
    await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
    servers.push(server);
    addresses.push(`127.0.0.1:${(server.address() as AddressInfo).port}`);
  }
  return {
    addresses,
    scrapes: () => scrapes,
    close: async () => {
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((r) => {
              s.closeAllConnections();
              s.close(() => r());
            }),
        ),
      );
    },
  };
}
