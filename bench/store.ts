// Benchmarks Vigil's embedded store (rule-manager without --datasource.url) beside Debian's Prometheus 2.42 on the
// same data: remote-write and scrape ingestion, memory per series and bytes per sample, WAL replay, and query
// latency over the head and over blocks. Prints Vigil, Prometheus and their ratio. See bench/README.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { freePort } from '@vigil/testing';
import { Tsdb } from '@vigil/tsdb';
import { sleep } from './support/child';
import { deleteKeys } from './support/measure';
import { cpuSeconds, memoryUsage } from './support/proc-stats';
import { havePrometheus } from './support/promql-prometheus';
import { compareData } from './support/store-compare';
import { notes, printTable, record } from './support/store-report';
import { encodeRequests, sendAll, startTargets, type WriteShape } from './support/store-data';
import {
  blockStats,
  metric,
  postWrite,
  query,
  replayLog,
  startStore,
  type Store,
  type StoreKind,
  type StoreSpec,
} from './support/store-procs';
import { median, positiveInt } from './support/bench-kit';

const USAGE = `usage: npx tsx bench/store.ts [options]
  --rw-series N        remote-write series (default 10000)
  --rw-points N        samples per series, 15 s apart (default 120)
  --batch-series N     series per remote-write request (default 2000)
  --batch-points N     samples per series per request (default 10)
  --senders N          concurrent remote-write senders (default 4)
  --targets N          scrape targets (default 50)
  --target-series N    series per target (default 2000)
  --scrape-seconds N   scrape measuring window, after a 5 s warm-up (default 25)
  --block-series N     series of the blocks data set, 5 h at 60 s (default 1000)
  --runs N             timed runs per query (default 20)
  --redis-url URL      Redis for the rule-manager (default redis://127.0.0.1:6379/14)
  --vigil-node-flags S node flags for Vigil, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
  --phases LIST        comma-separated: rw, scrape, blocks (default all)
  --keep               keep the temp directory
  --help`;

const KINDS: StoreKind[] = ['Prometheus', 'Vigil'];

interface Options {
  rwSeries: number;
  rwPoints: number;
  batchSeries: number;
  batchPoints: number;
  senders: number;
  targets: number;
  targetSeries: number;
  scrapeSeconds: number;
  blockSeries: number;
  runs: number;
  redisUrl: string;
  nodeFlags: string[];
  keep: boolean;
  phases: Set<string>;
}

function options(): Options | undefined {
  const { values: v } = parseArgs({
    options: {
      'rw-series': { type: 'string' },
      'rw-points': { type: 'string' },
      'batch-series': { type: 'string' },
      'batch-points': { type: 'string' },
      senders: { type: 'string' },
      targets: { type: 'string' },
      'target-series': { type: 'string' },
      'scrape-seconds': { type: 'string' },
      'block-series': { type: 'string' },
      runs: { type: 'string' },
      'redis-url': { type: 'string' },
      'vigil-node-flags': { type: 'string' },
      keep: { type: 'boolean' },
      phases: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (v.help) return undefined;
  return {
    rwSeries: positiveInt('rw-series', v['rw-series'], 10_000),
    rwPoints: positiveInt('rw-points', v['rw-points'], 120),
    batchSeries: positiveInt('batch-series', v['batch-series'], 2_000),
    batchPoints: positiveInt('batch-points', v['batch-points'], 10),
    senders: positiveInt('senders', v.senders, 4),
    targets: positiveInt('targets', v.targets, 50),
    targetSeries: positiveInt('target-series', v['target-series'], 2_000),
    scrapeSeconds: positiveInt('scrape-seconds', v['scrape-seconds'], 25),
    blockSeries: positiveInt('block-series', v['block-series'], 1_000),
    runs: positiveInt('runs', v.runs, 20),
    redisUrl: v['redis-url'] ?? 'redis://127.0.0.1:6379/14',
    nodeFlags: (v['vigil-node-flags'] ?? '').split(' ').filter((s) => s !== ''),
    keep: v.keep === true,
    phases: new Set((v.phases ?? 'rw,scrape,blocks').split(',').map((p) => p.trim())),
  };
}

function log(msg: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

const mb = (bytes: number): number => bytes / (1 << 20);

// Every store started, so an error or Ctrl-C still ends them.
const launched: Store[] = [];

async function launch(spec: StoreSpec): Promise<Store> {
  const s = await startStore(spec);
  launched.push(s);
  return s;
}

async function stopAll(): Promise<void> {
  for (const s of launched) await s.child.stop('SIGKILL');
}

/** Each phase gets fresh data directories and ports for both stores. */
async function specs(root: string, phase: string, configYaml: string, o: Options): Promise<StoreSpec[]> {
  const out: StoreSpec[] = [];
  for (const kind of KINDS) {
    out.push({
      kind,
      dir: join(root, `${phase}-${kind.toLowerCase()}`),
      port: await freePort(),
      configYaml,
      redisUrl: o.redisUrl,
      queueName: QUEUE,
      nodeFlags: o.nodeFlags,
    });
  }
  return out;
}

/** QUEUE is this run's alert queue name; its keys (`vigil:<queue>:*`) are deleted at the end. */
const QUEUE = `vigil-bench-store-${process.pid}`;

async function removeRedisKeys(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await deleteKeys(redis, [`vigil:${QUEUE}:*`]);
  } catch (err) {
    log(`could not remove the bench's Redis keys: ${(err as Error).message}`);
  } finally {
    redis.disconnect();
  }
}

const BASE_CONFIG = 'global:\n  scrape_interval: 15s\n  evaluation_interval: 15s\nrule_files: []\n';

/** QueryCase is one timed query: an /api/v1 path. */
interface QueryCase {
  name: string;
  path: string;
}

function queryCases(evalMs: number, spanMs: number): QueryCase[] {
  const t = evalMs / 1000;
  const sumRate = 'sum by (instance) (rate(bench_counter_total[5m]))';
  const enc = encodeURIComponent;
  return [
    {
      name: 'sum by (instance) (rate(...[5m])), instant',
      path: `/api/v1/query?query=${enc(sumRate)}&time=${t}`,
    },
    {
      name: 'bench_gauge{k="1"}[1h] (100 series), instant',
      path: `/api/v1/query?query=${enc('bench_gauge{k="1"}[1h]')}&time=${t}`,
    },
    {
      name: 'topk(10, bench_gauge), instant',
      path: `/api/v1/query?query=${enc('topk(10, bench_gauge)')}&time=${t}`,
    },
    {
      name: `sum by (instance) (rate(...[5m])), range ${Math.round(spanMs / 60_000)}m step 60s`,
      path: `/api/v1/query_range?query=${enc(sumRate)}&start=${t - spanMs / 1000}&end=${t}&step=60`,
    },
  ];
}

/** timeQueries checks each case answers the same on both stores, then records the median of `runs` runs. */
async function timeQueries(where: string, stores: Store[], cases: QueryCase[], runs: number): Promise<void> {
  for (const c of cases) {
    const [prom, vigil] = stores as [Store, Store];
    const a = await query(vigil.url, c.path);
    const b = await query(prom.url, c.path);
    const cmp = compareData(a.data, b.data);
    if (cmp.series === 0) notes.push(`${where}: ${c.name}: both answers are empty`);
    if (cmp.mismatches.length > 0)
      notes.push(`${where}: ${c.name}: answers differ:\n    ${cmp.mismatches.join('\n    ')}`);
    else log(`${where}: ${c.name}: equal (${cmp.series} series, ${cmp.points} points)`);
    for (const s of stores) {
      const ms: number[] = [];
      for (let i = 0; i < runs; i++) ms.push((await query(s.url, c.path)).ms);
      record(`5. query ms, ${where}: ${c.name}`, s.spec.kind, median(ms), 2);
    }
  }
}

/** countSamples asks a store how many bench samples it holds in the last `spanMs` before `evalMs`. */
async function countSamples(url: string, evalMs: number, spanMs: number): Promise<number> {
  const range = `[${Math.ceil(spanMs / 1000)}s]`;
  const expr = `sum(count_over_time(bench_counter_total${range})) + sum(count_over_time(bench_gauge${range}))`;
  const { data } = await query(url, `/api/v1/query?query=${encodeURIComponent(expr)}&time=${evalMs / 1000}`);
  const r = data.result as { value: [number, string] }[];
  return Number(r[0]?.value[1] ?? 0);
}

/** Figures 1, 3 (remote-write part), 4 and 5 (head). */
async function remoteWritePhase(root: string, o: Options): Promise<void> {
  const step = 15_000;
  const span = o.rwPoints * step;
  const startMs = Math.floor((Date.now() - span - 60_000) / step) * step;
  const shape: WriteShape = {
    series: o.rwSeries,
    points: o.rwPoints,
    stepMs: step,
    startMs,
    batchSeries: o.batchSeries,
    batchPoints: o.batchPoints,
  };
  const reqs = encodeRequests(shape);
  const nReq = reqs.lanes.reduce((n, l) => n + l.length, 0);
  log(
    `remote write: ${reqs.samples} samples in ${nReq} requests (${mb(reqs.bytes).toFixed(1)} MiB snappy), ` +
      `${o.senders} senders`,
  );
  const stores: Store[] = [];
  for (const spec of await specs(root, 'rw', BASE_CONFIG, o)) {
    const s = await launch(spec);
    stores.push(s);
    record('4. start with an empty store: spawn → /-/ready ms', spec.kind, s.readyMs, 0);
  }
  for (const s of stores) {
    const kind = s.spec.kind;
    await sleep(1000);
    const rss0 = memoryUsage(s.child.pid).rssBytes;
    const cpu0 = cpuSeconds(s.child.pid);
    const t0 = performance.now();
    await sendAll(reqs, o.senders, (body) => postWrite(s.url, body));
    const sec = (performance.now() - t0) / 1000;
    const cpu = cpuSeconds(s.child.pid) - cpu0;
    const appended = await metric(s.url, 'prometheus_tsdb_head_samples_appended_total');
    if (appended !== reqs.samples) notes.push(`${kind} appended ${appended} samples of ${reqs.samples}`);
    log(`${kind}: ${reqs.samples} samples acknowledged in ${sec.toFixed(2)} s`);
    record('1. remote write: samples/s (wall, all acked)', kind, reqs.samples / sec, 0);
    record('1. remote write: CPU s per 1M samples', kind, (cpu / reqs.samples) * 1e6, 2);
    const rss1 = memoryUsage(s.child.pid).rssBytes;
    const series = await metric(s.url, 'prometheus_tsdb_head_series');
    record(`3. after remote write: RSS MiB (${series} head series)`, kind, mb(rss1), 0);
    record('3. after remote write: RSS growth, bytes per sample', kind, (rss1 - rss0) / reqs.samples, 1);
  }

  const evalMs = startMs + (o.rwPoints - 1) * step + 1000;
  await timeQueries('head', stores, queryCases(evalMs, Math.min(span, 3_600_000)), o.runs);

  // Figure 4: SIGKILL both, restart one at a time, time spawn → ready, check every sample is back.
  for (const s of stores) await s.child.stop('SIGKILL');
  for (const s of stores) {
    const kind = s.spec.kind;
    const again = await launch(s.spec);
    const logged = replayLog(again);
    const count = await countSamples(again.url, evalMs, span + step);
    if (count !== reqs.samples) {
      const replayLines = again.child
        .output()
        .split('\n')
        .filter((l) => /replay/i.test(l));
      notes.push(
        `${kind} after restart answers ${count} samples of ${reqs.samples}; its log:\n    ${replayLines.join('\n    ')}`,
      );
    }
    log(`${kind}: restarted, ready in ${again.readyMs.toFixed(0)} ms, ${count} samples back`);
    record(`4. WAL replay (${reqs.samples} samples): spawn → /-/ready ms`, kind, again.readyMs, 0);
    if (logged !== undefined) record('4. WAL replay: replay time the store logged, ms', kind, logged, 0);
    record('4. after replay: RSS MiB', kind, mb(memoryUsage(again.child.pid).rssBytes), 0);
    await again.child.stop('SIGTERM');
  }

  // Vigil's head chunk bytes per sample, read from the store itself (reopened here, so after a second replay).
  const vigilDir = join(root, 'rw-vigil', 'data');
  const tsdb = await Tsdb.open({ dir: vigilDir, maintenanceIntervalMs: 0 });
  const st = tsdb.stats();
  await tsdb.close();
  if (st.headSamples > 0)
    notes.push(
      `Vigil head chunks: ${(st.headChunkBytes / st.headSamples).toFixed(2)} bytes/sample ` +
        `(${st.headChunks} chunks, ${st.headSamples} samples; Tsdb.stats() after reopening)`,
    );
}

/** Figures 2 and 3 (scrape part): each store alone scrapes the same targets. */
async function scrapePhase(root: string, o: Options): Promise<void> {
  const targets = await startTargets(o.targets, o.targetSeries);
  const config =
    'global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nrule_files: []\nscrape_configs:\n' +
    `  - job_name: bench\n    static_configs:\n      - targets: [${targets.addresses.join(', ')}]\n`;
  const warmup = 5;
  try {
    for (const spec of await specs(root, 'scrape', config, o)) {
      const kind = spec.kind;
      const s = await launch(spec);
      try {
        const rss0 = memoryUsage(s.child.pid).rssBytes;
        // Prometheus hands new targets to its scrape manager after up to 5 s: wait for the first samples.
        const appended = (): Promise<number> =>
          metric(s.url, 'prometheus_tsdb_head_samples_appended_total', 0);
        const deadline = Date.now() + 30_000;
        while ((await appended()) === 0) {
          if (Date.now() > deadline) throw new Error(`${kind} scraped nothing in 30 s:\n${s.child.output()}`);
          await sleep(200);
        }
        await sleep(warmup * 1000);
        const n0 = await appended();
        const cpu0 = cpuSeconds(s.child.pid);
        const scr0 = targets.scrapes();
        const t0 = performance.now();
        await sleep(o.scrapeSeconds * 1000);
        const n1 = await appended();
        const cpu = cpuSeconds(s.child.pid) - cpu0;
        const sec = (performance.now() - t0) / 1000;
        const scrapes = targets.scrapes() - scr0;
        const series = await metric(s.url, 'prometheus_tsdb_head_series');
        const rss1 = memoryUsage(s.child.pid).rssBytes;
        const due = o.targets * sec;
        log(
          `${kind}: ${scrapes} scrapes of ${due.toFixed(0)} due, ${n1 - n0} samples in ${sec.toFixed(1)} s`,
        );
        record(
          `2. scrape (${o.targets}×${o.targetSeries} every 1 s): samples/s appended`,
          kind,
          (n1 - n0) / sec,
          0,
        );
        record('2. scrape: scrapes answered / due', kind, scrapes / due, 2);
        record('2. scrape: CPU s per 1M samples', kind, (cpu / Math.max(1, n1 - n0)) * 1e6, 2);
        record('2. scrape: CPU, % of one core', kind, (cpu / sec) * 100, 0);
        record(`3. after scrape: RSS MiB`, kind, mb(rss1), 0);
        record('3. after scrape: head series', kind, series, 0);
        record('3. after scrape: RSS / head series, bytes', kind, rss1 / series, 0);
        record('3. after scrape: (RSS − RSS at ready) / head series, bytes', kind, (rss1 - rss0) / series, 0);
      } finally {
        await s.child.stop('SIGTERM');
      }
    }
  } finally {
    await targets.close();
  }
}

/** compactVigil restarts Vigil: its store compacts when opened (and every minute), so no waiting is needed. */
async function compactVigil(s: Store): Promise<Store> {
  await s.child.stop('SIGTERM');
  const again = await launch(s.spec);
  log(`Vigil: restarted to compact, ${blockStats(s.spec.dir).count} blocks`);
  return again;
}

/** Figure 5 (blocks) and bytes per sample in blocks: 5 h of data at 60 s, so both cut the oldest into blocks. */
async function blockPhase(root: string, o: Options): Promise<void> {
  const step = 60_000;
  const points = 300;
  const startMs = Math.floor((Date.now() - points * step - 60_000) / step) * step;
  const reqs = encodeRequests({
    series: o.blockSeries,
    points,
    stepMs: step,
    startMs,
    batchSeries: Math.min(o.blockSeries, 1000),
    batchPoints: 10,
  });
  const stores: Store[] = [];
  for (const spec of await specs(root, 'blocks', BASE_CONFIG, o)) stores.push(await launch(spec));
  try {
    for (const s of stores) await sendAll(reqs, 1, (body) => postWrite(s.url, body));
    log(`blocks: ${reqs.samples} samples over 5 h written to both`);
    const [prom, vigil0] = stores as [Store, Store];
    // Prometheus compacts as soon as a commit leaves its head spanning more than 3 h.
    const deadline = Date.now() + 120_000;
    while ((await metric(prom.url, 'prometheus_tsdb_blocks_loaded')) < 1) {
      if (Date.now() > deadline) throw new Error('Prometheus wrote no block within 2 min');
      await sleep(250);
    }
    const vigil = await compactVigil(vigil0);
    stores[1] = vigil;
    const headMin = Math.min(
      await metric(prom.url, 'prometheus_tsdb_head_min_time'),
      await metric(vigil.url, 'prometheus_tsdb_head_min_time'),
    );
    const evalMs = Math.floor(headMin / step) * step - step + 1000;
    const span = Math.min(3_600_000, evalMs - startMs - 600_000);
    if (span <= 0) throw new Error(`blocks hold too little data before the head (${headMin})`);
    log(
      `blocks: querying at ${new Date(evalMs).toISOString()}, head starts ${new Date(headMin).toISOString()}`,
    );
    await timeQueries('blocks', stores, queryCases(evalMs, span), o.runs);
    for (const s of stores) {
      const b = blockStats(s.spec.dir);
      record(
        `3. blocks: bytes on disk per sample (${b.samples} samples)`,
        s.spec.kind,
        b.bytes / b.samples,
        2,
      );
    }
  } finally {
    for (const s of stores) await s.child.stop('SIGTERM');
  }
}

async function main(): Promise<void> {
  const o = options();
  if (o === undefined) {
    console.log(USAGE);
    return;
  }
  if (!havePrometheus()) throw new Error('Debian prometheus/promtool not installed (/usr/bin/prometheus)');
  const root = mkdtempSync(join(tmpdir(), 'vigil-bench-store-'));
  const started = Date.now();
  process.once('SIGINT', () => {
    void stopAll()
      .then(() => removeRedisKeys(o.redisUrl))
      .then(() => {
        rmSync(root, { recursive: true, force: true });
        process.exit(130);
      });
  });
  try {
    if (o.phases.has('rw')) await remoteWritePhase(root, o);
    if (o.phases.has('scrape')) await scrapePhase(root, o);
    if (o.phases.has('blocks')) await blockPhase(root, o);
  } finally {
    await stopAll();
    await removeRedisKeys(o.redisUrl);
    printTable();
    console.log(
      `\n(${((Date.now() - started) / 1000).toFixed(0)} s; data in ${root}${o.keep ? '' : ', removed'})`,
    );
    if (!o.keep) rmSync(root, { recursive: true, force: true });
  }
}

await main();
