// Benchmarks Vigil's embedded TSDB (libs/tsdb): ingestion rate through the appender, bytes per sample in head
// chunks and in blocks, memory per active series, WAL replay time, and select latency over head and blocks.
// Prints Vigil's figures only; a later step compares them with Debian's Prometheus. See bench/README.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { newMatcher, type Matcher } from '@vigil/promql';
import { Tsdb } from '@vigil/tsdb';
import { collector, heapAndBuffers, positiveInt } from './support/bench-kit';

const USAGE = `usage: npx tsx bench/tsdb.ts [options]
  --series N        active series (default 10000)
  --samples N       samples per series, 15 s apart (default 1000)
  --replay N        samples for the WAL replay figure (default 1000000)
  --runs N          timed runs per select (default 20)
  --help`;

const STEP = 15_000;
const T0 = 1_700_000_000_000;

/** Series labels like node-exporter output: 100 metric names × instances. */
function seriesLabels(n: number): Record<string, string>[] {
  return Array.from({ length: n }, (_, i) => ({
    __name__: `node_metric_${i % 100}`,
    instance: `host-${Math.floor(i / 100)}:9100`,
    job: 'node',
    ...(i % 2 === 0 ? { mode: 'idle' } : {}),
  }));
}

/** Value generator: half counters (integer increments), half gauges (2-decimal random walk). */
function makeValues(n: number): { next: (i: number) => number } {
  const v = new Float64Array(n);
  let seed = 1;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let i = 0; i < n; i++) v[i] = Math.floor(rnd() * 1000);
  return {
    next: (i) => {
      const cur = v[i] as number;
      const nv =
        i % 2 === 0 ? cur + Math.floor(rnd() * 20) : Math.round((cur + (rnd() - 0.5) * 10) * 100) / 100;
      v[i] = nv;
      return nv;
    },
  };
}

async function ingest(db: Tsdb, series: number, samples: number, jitter: boolean): Promise<number> {
  const labels = seriesLabels(series);
  const values = makeValues(series);
  const start = performance.now();
  for (let k = 0; k < samples; k++) {
    const app = db.appender();
    const t = T0 + k * STEP;
    for (let i = 0; i < series; i++) {
      const err = app.append(labels[i] as Record<string, string>, jitter ? t + (i % 4) : t, values.next(i));
      if (err !== undefined) throw new Error(`append refused: ${err}`);
    }
    await app.commit();
  }
  return performance.now() - start;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

function timeSelect(
  db: Tsdb,
  matchers: Matcher[],
  minT: number,
  maxT: number,
  runs: number,
): { ms: number; samples: number } {
  let samples = 0;
  for (const s of db.select(matchers, minT, maxT)) samples += s.t.length;
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    db.select(matchers, minT, maxT);
    times.push(performance.now() - start);
  }
  return { ms: median(times), samples };
}

function fmt(n: number, digits = 1): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      series: { type: 'string' },
      samples: { type: 'string' },
      replay: { type: 'string' },
      runs: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help === true) {
    console.log(USAGE);
    return;
  }
  const series = positiveInt('series', values.series, 10_000);
  const samples = positiveInt('samples', values.samples, 1000);
  const replaySamples = positiveInt('replay', values.replay, 1_000_000);
  const runs = positiveInt('runs', values.runs, 20);
  const gc = collector();
  const root = mkdtempSync(join(tmpdir(), 'vigil-bench-tsdb-'));
  const quiet = { warn: (m: string) => console.warn(m), info: () => undefined };
  const rows: [string, string][] = [];
  try {
    // 1. Ingestion into the head (+ WAL), one commit per scrape-like batch of all series.
    gc();
    const heapBefore = heapAndBuffers();
    const db = await Tsdb.open({ dir: join(root, 'main'), logger: quiet, maintenanceIntervalMs: 0 });
    const total = series * samples;
    const ingestMs = await ingest(db, series, samples, true);
    gc();
    const heapAfter = heapAndBuffers();
    const st = db.stats();
    rows.push([
      'series × samples',
      `${series.toLocaleString('en-US')} × ${samples.toLocaleString('en-US')} (15 s apart)`,
    ]);
    rows.push([
      'ingestion (appender, 1 commit per batch of all series)',
      `${fmt(total / (ingestMs / 1000), 0)} samples/s`,
    ]);
    rows.push(['head chunk bytes per sample', fmt(st.headChunkBytes / st.headSamples, 2)]);
    rows.push(['WAL bytes per sample', fmt(st.walBytes / total, 2)]);
    const used = heapAfter - heapBefore;
    rows.push(['memory per active series (heap + buffers, incl. chunks)', `${fmt(used / series, 0)} B`]);
    rows.push([
      'memory per active series, chunks excluded',
      `${fmt((used - st.headChunkBytes) / series, 0)} B`,
    ]);
    rows.push(['memory per sample in head', `${fmt(used / total, 2)} B`]);

    // 2. Select over the head: one metric (1% of series) over 1 h, and all series over the last 5 min.
    const maxT = T0 + (samples - 1) * STEP;
    const one = [newMatcher('=', '__name__', 'node_metric_7')];
    const all = [newMatcher('=', 'job', 'node')];
    const h1 = timeSelect(db, one, maxT - 3_600_000, maxT, runs);
    const h2 = timeSelect(db, all, maxT - 300_000, maxT, runs);
    rows.push([`select head: 1 metric, 1 h (${h1.samples} samples)`, `${fmt(h1.ms, 2)} ms`]);
    rows.push([`select head: all series, 5 min (${h2.samples} samples)`, `${fmt(h2.ms, 2)} ms`]);

    // 3. Cut blocks out of the head; bytes per sample in blocks; select over blocks.
    const cutStart = performance.now();
    db.compact({ force: true });
    db.compact();
    const cutMs = performance.now() - cutStart;
    const bst = db.stats();
    rows.push([`compaction to ${bst.blocks.count} block(s)`, `${fmt(cutMs, 0)} ms`]);
    rows.push([
      'block bytes per sample (chunks + index + meta)',
      fmt(bst.blocks.bytes / bst.blocks.samples, 2),
    ]);
    const bMin = Math.max(bst.blocks.minT, T0);
    const bMax = Math.min(bst.blocks.maxT - 1, bMin + 3_600_000);
    const b1 = timeSelect(db, one, bMin, bMax, runs);
    const b2 = timeSelect(db, all, bMin, bMin + 300_000, runs);
    rows.push([`select blocks: 1 metric, 1 h (${b1.samples} samples)`, `${fmt(b1.ms, 2)} ms`]);
    rows.push([`select blocks: all series, 5 min (${b2.samples} samples)`, `${fmt(b2.ms, 2)} ms`]);
    await db.close();

    // 4. WAL replay of `replaySamples` samples (1,000 series).
    const rSeries = 1000;
    const rSamples = Math.ceil(replaySamples / rSeries);
    const rdir = join(root, 'replay');
    const rdb = await Tsdb.open({
      dir: rdir,
      logger: quiet,
      maintenanceIntervalMs: 0,
      blockRangeMs: 24 * 3_600_000,
    });
    await ingest(rdb, rSeries, rSamples, false);
    await rdb.close();
    gc();
    const reopened = await Tsdb.open({
      dir: rdir,
      logger: quiet,
      maintenanceIntervalMs: 0,
      blockRangeMs: 24 * 3_600_000,
    });
    const rp = reopened.stats().replay;
    rows.push([
      `WAL replay (${rp.samples.toLocaleString('en-US')} samples, ${rp.records} records)`,
      `${fmt(rp.durationMs, 0)} ms (${fmt(rp.samples / (rp.durationMs / 1000), 0)} samples/s)`,
    ]);
    await reopened.close();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`Vigil TSDB (node ${process.version})`);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
}

await main();
