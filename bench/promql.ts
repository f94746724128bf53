// Benchmarks Vigil's PromQL engine against Debian's Prometheus 2.42 on the same synthetic data (issue 7):
// counters, gauges, classic histograms and an info metric, loaded into a MemoryStorage and backfilled into
// Prometheus with promtool; typical rule expressions run as instant queries many times in each. Vigil is timed
// twice: over MemoryStorage and over its embedded store (Tsdb, what users run), loaded with the same samples.
// Prints per expression the median times, the Vigil/Prometheus ratios and whether the answers agree (both
// stores against Prometheus), and Vigil's memory per sample. See bench/README.md.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Engine, MemoryStorage, newMatcher, type Value } from '@vigil/promql';
import { Tsdb } from '@vigil/tsdb';
import { compareAnswers } from './support/promql-compare';
import { SERIES_PER_INSTANCE, generate, type DataShape } from './support/promql-data';
import {
  backfill,
  havePrometheus,
  makeTempDir,
  removeDir,
  startPrometheus,
  type PromData,
} from './support/promql-prometheus';
import { collector, heapAndBuffers, median, positiveInt } from './support/bench-kit';

const USAGE = `usage: npx tsx bench/promql.ts [options]
  --instances N   instances, ${SERIES_PER_INSTANCE} series each (default 250 = 10,000 series)
  --steps N       samples per series at 15 s (default 480 = 2 hours)
  --runs N        timed runs per expression and engine, after 2 warm-ups (default 30)
  --help`;

/** EXPRESSIONS are the rule expressions of issue 7. */
const EXPRESSIONS: readonly string[] = [
  'sum by (job, status) (rate(http_requests_total[5m]))',
  'histogram_quantile(0.99, sum by (job, le) (rate(http_request_duration_seconds_bucket[5m])))',
  'topk(10, rate(http_requests_total{status="500"}[5m]))',
  'sum by (instance, method) (rate(http_requests_total[5m])) * on (instance) group_left (version) build_info',
  'avg_over_time(node_memory_usage_bytes[10m])',
  'absent(up{job="nonexistent"})',
];

const fmt = (n: number, digits = 2): string => n.toFixed(digits);

// loadTsdb copies every sample of `storage` into `db` through appenders, one commit per scrape-like step.
async function loadTsdb(storage: MemoryStorage, db: Tsdb): Promise<void> {
  const all = storage.select([newMatcher('=~', '__name__', '.+')], -Infinity, Infinity);
  const steps = Math.max(0, ...all.map((s) => s.t.length));
  for (let i = 0; i < steps; i++) {
    const app = db.appender();
    for (const s of all) {
      const t = s.t[i];
      if (t !== undefined) app.append(s.labels, t, s.v[i] as number);
    }
    await app.commit();
  }
}

// timed runs fn once and returns its wall time, ms, and its result.
async function timed<T>(fn: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const s = performance.now();
  const value = await fn();
  return { ms: performance.now() - s, value };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      instances: { type: 'string' },
      steps: { type: 'string' },
      runs: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const stepMs = 15_000;
  const shape: DataShape = {
    instances: positiveInt('instances', values.instances, 250),
    steps: positiveInt('steps', values.steps, 480),
    stepMs,
    endMs: Math.floor(Date.now() / 60_000) * 60_000 - 60_000,
  };
  const runs = positiveInt('runs', values.runs, 30);
  const withProm = havePrometheus();
  const gc = collector();
  const dir = makeTempDir();
  try {
    const series = shape.instances * SERIES_PER_INSTANCE;
    const full = series >= 10_000 && shape.steps >= 480;
    console.log(
      `data: ${series.toLocaleString('en')} series × ${shape.steps} samples at ${stepMs / 1000} s ` +
        `(${((shape.steps * stepMs) / 3_600_000).toFixed(2)} h)` +
        (full ? ", issue 7's full size" : ", scaled down from issue 7's 10,000 series × 2 h"),
    );
    gc();
    const heapBefore = heapAndBuffers();
    const storage = new MemoryStorage();
    let t0 = performance.now();
    const omPath = join(dir, 'data.om');
    const loaded = generate(shape, storage, omPath);
    const genMs = performance.now() - t0;
    gc();
    const heapBytes = heapAndBuffers() - heapBefore;
    console.log(
      `generated ${loaded.samples.toLocaleString('en')} samples in ${fmt(genMs / 1000, 1)} s; Vigil MemoryStorage ` +
        `memory ${fmt(heapBytes / 2 ** 20, 1)} MiB = ${fmt(heapBytes / loaded.samples, 1)} bytes/sample`,
    );
    gc();
    const tsdbHeapBefore = heapAndBuffers();
    t0 = performance.now();
    const db = await Tsdb.open({ dir: join(dir, 'vigil-tsdb'), maintenanceIntervalMs: 0 });
    await loadTsdb(storage, db);
    const loadMs = performance.now() - t0;
    gc();
    const tsdbHeap = heapAndBuffers() - tsdbHeapBefore;
    console.log(
      `Vigil Tsdb: appended and committed in ${fmt(loadMs / 1000, 1)} s; memory ` +
        `${fmt(tsdbHeap / 2 ** 20, 1)} MiB = ${fmt(tsdbHeap / loaded.samples, 1)} bytes/sample`,
    );
    let prom: Awaited<ReturnType<typeof startPrometheus>> | undefined;
    if (withProm) {
      t0 = performance.now();
      await backfill(omPath, join(dir, 'data'));
      removeDir(omPath);
      prom = await startPrometheus(dir);
      console.log(`prometheus: backfilled and started in ${fmt((performance.now() - t0) / 1000, 1)} s`);
    } else console.log('prometheus or promtool not installed: timing Vigil alone');

    const engine = new Engine(storage);
    const tsdbEngine = new Engine(db);
    // 1 s after the last sample, so no sample sits exactly on a range's left edge: Prometheus 2.42's ranges
    // include that edge and 3.x's (which Vigil follows) exclude it, a difference this benchmark is not about.
    const at = shape.endMs + 1000;
    const rows: string[][] = [];
    const mismatches: string[] = [];
    try {
      for (const expr of EXPRESSIONS) {
        // Runs interleave the three (after 2 warm-ups each), so load from elsewhere on the machine hits all alike.
        const memTimes: number[] = [];
        const tsdbTimes: number[] = [];
        const promTimes: number[] = [];
        const promEngineTimes: number[] = [];
        let memValue: Value | undefined;
        let tsdbValue: Value | undefined;
        let promData: PromData | undefined;
        for (let i = 0; i < runs + 2; i++) {
          const m = await timed(() => engine.instantQuery(expr, at).value);
          const d = await timed(() => tsdbEngine.instantQuery(expr, at).value);
          memValue = m.value;
          tsdbValue = d.value;
          if (i >= 2) memTimes.push(m.ms);
          if (i >= 2) tsdbTimes.push(d.ms);
          if (prom === undefined) continue;
          const r = await prom.query(expr, at);
          promData = r.data;
          if (i >= 2) promTimes.push(r.ms);
          if (i >= 2) promEngineTimes.push(r.engineMs);
        }
        const mem = { ms: median(memTimes), value: memValue as Value };
        const tsdb = { ms: median(tsdbTimes), value: tsdbValue as Value };
        if (prom === undefined) {
          rows.push([expr, fmt(mem.ms), fmt(tsdb.ms), '-', '-', '-', '-', '-', '-']);
          continue;
        }
        const pMs = median(promTimes);
        const peMs = median(promEngineTimes);
        if (promData === undefined) throw new Error(`no answer from Prometheus for ${expr}`);
        const unordered = /^(topk|bottomk)\(/.test(expr);
        const cmpMem = compareAnswers(mem.value, promData, unordered);
        const cmpTsdb = compareAnswers(tsdb.value, promData, unordered);
        const bad = [
          ...cmpMem.mismatches.map((m) => `  MemoryStorage: ${m}`),
          ...cmpTsdb.mismatches.map((m) => `  Tsdb: ${m}`),
        ];
        if (bad.length > 0) mismatches.push(`${expr}:`, ...bad);
        rows.push([
          expr,
          fmt(mem.ms),
          fmt(tsdb.ms),
          fmt(pMs),
          fmt(peMs),
          fmt(mem.ms / pMs),
          fmt(tsdb.ms / pMs),
          fmt(tsdb.ms / peMs),
          bad.length === 0 ? `yes (${cmpMem.size})` : 'NO',
        ]);
      }
    } finally {
      await prom?.stop();
      await db.close();
    }
    printTable(
      [
        'expression',
        'Vigil mem ms',
        'Vigil tsdb ms',
        'Prometheus ms',
        'Prom engine ms',
        'mem ratio',
        'tsdb ratio',
        'tsdb/engine',
        'answers equal? (series)',
      ],
      rows,
    );
    console.log(
      `median of ${runs} instant queries each 1 s after the last sample; both parse the text each time; Prometheus timed over HTTP`,
    );
    console.log(
      `(keep-alive, JSON parse included); "Prom engine ms" is Prometheus's own execTotalTime (stats=all: no HTTP, ` +
        `no JSON, no parsing), "tsdb/engine" compares Vigil on its Tsdb with that. Vigil memory per sample (heap + typed arrays): MemoryStorage ${fmt(heapBytes / loaded.samples, 1)} B, Tsdb ${fmt(tsdbHeap / loaded.samples, 1)} B`,
    );
    if (mismatches.length > 0) {
      console.log('\nmismatches:');
      for (const m of mismatches) console.log(m);
      process.exitCode = 1;
    }
  } finally {
    removeDir(dir);
  }
}

function printTable(head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(`\n${line(head)}`);
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
