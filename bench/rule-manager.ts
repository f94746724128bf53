// Benchmarks Vigil's rule-manager against VictoriaMetrics' vmalert: 1,000 groups × 10 rules evaluated
// against a stub query API that answers at once, so what is measured is each evaluator's own overhead per
// rule evaluation (CPU from /proc) and its memory. See bench/README.md.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Child } from './support/child';
import { haveVmalert, startVigil, startVmalert } from './support/evaluators';
import { deleteKeys, measure, type Measurement, type MeasureOptions } from './support/measure';
import { ruleFileYaml } from './support/rule-set';

const USAGE = `usage: npx tsx bench/rule-manager.ts [options]
  --groups N           rule groups (default 1000)
  --rules N            rules per group, half recording, half alerting (default 10)
  --interval S         group interval in seconds (default 10)
  --warmup S           seconds before measuring (default 15)
  --measure S          measurement window in seconds; a multiple of the interval is fairest (default 40)
  --only NAME          run only vigil or vmalert
  --redis-url URL      Redis for Vigil's queue and alert state (default redis://127.0.0.1:6379)
  --vigil-node-flags=F node flags for Vigil, e.g. --vigil-node-flags="--cpu-prof --cpu-prof-dir=/tmp/prof"`;

interface BenchOptions {
  groups: number;
  rules: number;
  interval: number;
  warmup: number;
  measure: number;
  only?: 'vigil' | 'vmalert';
  redisUrl: string;
  vigilNodeFlags: string[];
}

function readOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      groups: { type: 'string', default: '1000' },
      rules: { type: 'string', default: '10' },
      interval: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '15' },
      measure: { type: 'string', default: '40' },
      only: { type: 'string' },
      'redis-url': { type: 'string', default: 'redis://127.0.0.1:6379' },
      'vigil-node-flags': { type: 'string', default: '' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const positive = (name: string, text: string): number => {
    const n = Number(text);
    if (!Number.isFinite(n) || n <= 0)
      throw new Error(`--${name} must be a positive number, not "${text}"\n${USAGE}`);
    return n;
  };
  const only = values.only;
  if (only !== undefined && only !== 'vigil' && only !== 'vmalert') {
    throw new Error(`--only must be vigil or vmalert\n${USAGE}`);
  }
  return {
    groups: Math.round(positive('groups', values.groups)),
    rules: Math.round(positive('rules', values.rules)),
    interval: positive('interval', values.interval),
    warmup: positive('warmup', values.warmup),
    measure: positive('measure', values.measure),
    only,
    redisUrl: values['redis-url'],
    vigilNodeFlags: values['vigil-node-flags'].split(/\s+/).filter((f) => f !== ''),
  };
}

const MB = 1024 * 1024;

function formatTable(rows: string[][]): string {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r.map((cell, col) => (col === 0 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0))),
    )
    .map((r) => r.join('  '))
    .join('\n');
}

function report(results: Measurement[], opts: BenchOptions): string {
  const expected = (opts.groups * opts.rules) / opts.interval;
  const vigil = results.find((r) => r.name === 'Vigil');
  const vm = results.find((r) => r.name === 'vmalert');
  const fixed = (digits: number) => (n: number) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
  const row = (
    label: string,
    read: (m: Measurement) => number,
    show: (n: number) => string,
    ratio = true,
  ) => {
    const cells = results.map((m) => show(read(m)));
    if (!ratio || !vigil || !vm) return [label, ...cells];
    return [label, ...cells, fixed(2)(read(vigil) / read(vm))];
  };
  const header = ['', ...results.map((m) => m.name), ...(vigil && vm ? ['Vigil/vmalert'] : [])];
  const main = formatTable([
    header,
    row(`rule evaluations/s (scheduled ${expected.toFixed(0)})`, (m) => m.evaluationsPerSecond, fixed(1)),
    row('CPU per rule evaluation (µs)', (m) => m.cpuMicrosPerEvaluation, fixed(1)),
    row('CPU use (% of one core)', (m) => (m.cpuSeconds / m.windowSeconds) * 100, fixed(1)),
    row('steady RSS (MB, median)', (m) => m.steadyRssBytes / MB, fixed(1)),
    row('peak RSS (MB, VmHWM)', (m) => m.peakRssBytes / MB, fixed(1)),
    row('runtime heap in use after window (MB)', (m) => m.counters.heapBytes / MB, fixed(1)),
    row('startup to /metrics (s)', (m) => m.startupSeconds, fixed(1)),
  ]);
  const side = formatTable([
    header.slice(0, results.length + 1),
    row('stub: query requests in window', (m) => m.evaluations, String, false),
    row('stub: query requests since start', (m) => m.stub.queries, String, false),
    row('stub: remote-write requests', (m) => m.stub.writes, String, false),
    row('stub: remote-write KiB', (m) => m.stub.writeBytes / 1024, fixed(0), false),
    row('stub: alert posts', (m) => m.stub.alertPosts, String, false),
    row('stub: other requests', (m) => m.stub.other, String, false),
    row('stub: TCP connections, queries', (m) => m.stub.connections.query, String, false),
    row('stub: TCP connections, remote write', (m) => m.stub.connections.write, String, false),
    row('stub: TCP connections, alert posts', (m) => m.stub.connections.alerts, String, false),
    row('stub CPU (% of one core)', (m) => m.stubCpuShare * 100, fixed(1), false),
    row('own counter: rule evaluations', (m) => m.counters.evaluations, String, false),
    row('own counter: evaluation failures', (m) => m.counters.failures, String, false),
    row('own counter: samples remote-written', (m) => m.counters.samplesWritten, String, false),
    row('own counter: alerts delivered', (m) => m.counters.alertsDelivered, String, false),
    row('shared Redis CPU per evaluation (µs)', (m) => m.redisCpuMicrosPerEvaluation, fixed(1), false),
  ]).split('\n');
  // The side table's header row repeats the main one's; show its rows only.
  return [
    main,
    '',
    ...side.slice(1),
    '',
    `alerts go to: ${results.map((m) => `${m.name} → ${m.alertsTo}`).join('; ')}`,
    `window: ${results.map((m) => `${m.name} ${m.windowSeconds.toFixed(1)} s`).join(', ')}; ` +
      `${opts.groups} groups × ${opts.rules} rules every ${opts.interval} s`,
  ].join('\n');
}

async function main(): Promise<number> {
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  let opts: BenchOptions;
  try {
    opts = readOptions(process.argv.slice(2));
  } catch (err) {
    log(err instanceof Error ? err.message : String(err));
    return 2;
  }
  const redis = new Redis(opts.redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    log(
      `cannot reach Redis at ${opts.redisUrl} (${err instanceof Error ? err.message : String(err)}); ` +
        'start one with scripts/ensure-redis.sh or pass --redis-url',
    );
    redis.disconnect();
    return 1;
  }

  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  const ruleFile = join(dir, 'rules.yml');
  writeFileSync(
    ruleFile,
    ruleFileYaml({ groups: opts.groups, rulesPerGroup: opts.rules, interval: `${opts.interval}s` }),
  );
  const queueName = `vigil-bench-${randomBytes(6).toString('hex')}`;
  const children = new Set<Child>();
  const keyPatterns = new Set<string>();
  const measureOpts: MeasureOptions = {
    setup: {
      dir,
      ruleFile,
      intervalSeconds: opts.interval,
      redisUrl: opts.redisUrl,
      nodeFlags: opts.vigilNodeFlags,
    },
    warmupSeconds: opts.warmup,
    measureSeconds: opts.measure,
    redis,
    track: (child, patterns = []) => {
      children.add(child);
      for (const p of patterns) keyPatterns.add(p);
    },
    log,
  };
  const interrupted = (): void => {
    log('interrupted: stopping children and deleting the bench Redis keys');
    void Promise.all([...children].map((c) => c.stop('SIGKILL')))
      .then(() => deleteKeys(redis, [...keyPatterns]))
      .finally(() => {
        rmSync(dir, { recursive: true, force: true });
        process.exit(130);
      });
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  const results: Measurement[] = [];
  try {
    log(`rule file: ${opts.groups} groups × ${opts.rules} rules every ${opts.interval} s (${ruleFile})`);
    if (opts.only !== 'vmalert') {
      log('Vigil rule-manager:');
      results.push(await measure((setup) => startVigil(setup, queueName), measureOpts));
    }
    if (opts.only !== 'vigil') {
      if (haveVmalert()) {
        log('vmalert:');
        results.push(await measure(startVmalert, measureOpts));
      } else {
        log('vmalert not installed (Debian package victoria-metrics): skipping it');
      }
    }
  } finally {
    redis.disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
  if (results.length > 0) console.log(report(results, opts));
  if (!results.some((r) => r.name === 'vmalert') && opts.only !== 'vigil')
    console.log('vmalert not installed');
  return 0;
}

process.exitCode = await main();
