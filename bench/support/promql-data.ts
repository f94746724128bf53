// Synthetic series for the PromQL benchmark: counters, gauges, classic histograms and an info metric with
// realistic labels, generated deterministically so Vigil's storage and the OpenMetrics file see the same samples.
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Labels, MemoryStorage } from '@vigil/promql';

/** DataShape sizes the data set. */
export interface DataShape {
  /** Distinct instances; each carries SERIES_PER_INSTANCE series. */
  instances: number;
  /** Samples per series. */
  steps: number;
  /** Scrape interval, ms. */
  stepMs: number;
  /** Timestamp of the last sample, epoch ms (a multiple of 1000). */
  endMs: number;
}

const METHODS = ['GET', 'POST', 'PUT'] as const;
const STATUSES = ['200', '500'] as const;
const HANDLERS = ['/api/v1/query', '/api/v1/write'] as const;
const HIST_METHODS = ['GET', 'POST'] as const;
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, Infinity];
const JOBS = ['api', 'ingester', 'querier', 'gateway'] as const;

/** SERIES_PER_INSTANCE is how many series one instance exposes. */
export const SERIES_PER_INSTANCE =
  METHODS.length * STATUSES.length * HANDLERS.length + // http_requests_total
  1 + // node_memory_usage_bytes
  1 + // build_info
  HIST_METHODS.length * (BUCKETS.length + 2); // _bucket, _sum, _count

// mulberry32: small, fast and seedable, so every run generates the same data.
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Series {
  labels: Labels;
  /** The series' name and labels as OpenMetrics text. */
  text: string;
  value: number;
}

function series(name: string, labels: Record<string, string>): Series {
  const all = { __name__: name, ...labels };
  const body = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  return { labels: all, text: `${name}{${body}}`, value: 0 };
}

function formatValue(v: number): string {
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

interface Instance {
  counters: Series[];
  memory: Series;
  info: Series;
  /** Per histogram method: buckets in `le` order, then _sum, then _count. */
  histograms: { buckets: Series[]; sum: Series; count: Series }[];
}

function makeInstance(i: number): Instance {
  const job = JOBS[i % JOBS.length] ?? 'api';
  const instance = `host-${String(i).padStart(4, '0')}:9100`;
  const base = { job, instance, env: i % 5 === 0 ? 'staging' : 'prod', region: `eu-${i % 3}` };
  const counters: Series[] = [];
  for (const method of METHODS)
    for (const status of STATUSES)
      for (const handler of HANDLERS)
        counters.push(series('http_requests_total', { ...base, method, status, handler }));
  const histograms = HIST_METHODS.map((method) => ({
    buckets: BUCKETS.map((le) =>
      series('http_request_duration_seconds_bucket', { ...base, method, le: formatValue(le) }),
    ),
    sum: series('http_request_duration_seconds_sum', { ...base, method }),
    count: series('http_request_duration_seconds_count', { ...base, method }),
  }));
  const memory = series('node_memory_usage_bytes', base);
  memory.value = 1e9 + i * 1e6;
  const info = series('build_info', { job, instance, version: `1.${i % 7}.0`, revision: `r${i % 13}` });
  info.value = 1;
  return { counters, memory, info, histograms };
}

/** LoadedData says what was generated. */
export interface LoadedData {
  series: number;
  samples: number;
}

/**
 * generate appends every sample to `storage` and writes them as OpenMetrics to `omPath` (one line per sample,
 * in time order, as promtool's backfill expects), returning the counts.
 */
export function generate(shape: DataShape, storage: MemoryStorage, omPath: string): LoadedData {
  const next = rng(7);
  const instances = Array.from({ length: shape.instances }, (_, i) => makeInstance(i));
  const fd = openSync(omPath, 'w');
  let samples = 0;
  try {
    for (let step = 0; step < shape.steps; step++) {
      const t = shape.endMs - (shape.steps - 1 - step) * shape.stepMs;
      const ts = ` ${t / 1000}\n`;
      const lines: string[] = [];
      const emit = (s: Series): void => {
        storage.append(s.labels, t, s.value);
        lines.push(s.text, ' ', formatValue(s.value), ts);
        samples++;
      };
      for (const inst of instances) {
        for (const c of inst.counters) {
          c.value += Math.floor(next() * 20);
          emit(c);
        }
        inst.memory.value = Math.max(0, inst.memory.value + (next() - 0.5) * 1e7);
        emit(inst.memory);
        emit(inst.info);
        for (const h of inst.histograms) {
          const n = Math.floor(next() * 15);
          const counts = new Array<number>(BUCKETS.length).fill(0);
          for (let k = 0; k < n; k++) {
            const obs = next() ** 3 * 3;
            h.sum.value += obs;
            const idx = BUCKETS.findIndex((le) => obs <= le);
            for (let b = idx; b < BUCKETS.length; b++) counts[b] = (counts[b] ?? 0) + 1;
          }
          h.buckets.forEach((b, k) => {
            b.value += counts[k] ?? 0;
            emit(b);
          });
          h.count.value += n;
          emit(h.sum);
          emit(h.count);
        }
      }
      writeSync(fd, lines.join(''));
    }
    writeSync(fd, '# EOF\n');
  } finally {
    closeSync(fd);
  }
  return { series: shape.instances * SERIES_PER_INSTANCE, samples };
}
