// Benchmarks Vigil's alertmanager against Debian's Prometheus Alertmanager 0.25 on the same config and load:
// 100,000 distinct alerts POSTed to /api/v2/alerts in batches of 100, 4 at once; then memory with them all
// active, `GET /api/v2/alerts`, and listing the unsilenced alerts once 10,000 silences exist. Prints each
// figure for both and the Vigil/Alertmanager ratio. See bench/README.md.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Child } from './support/child';
import { alertBodies, silenceSet, type LoadShape } from './support/am-load';
import { claimBenchDb, type BenchRedisDb } from './support/am-redis';
import { MB, report } from './support/am-report';
import { runScenario, type Figures } from './support/am-scenario';
import {
  alertmanagerYaml,
  haveAlertmanager,
  startPrometheusAlertmanager,
  startVigilAlertmanager,
  startWebhookSink,
  type Target,
} from './support/am-targets';

const USAGE = `usage: npx tsx bench/alertmanager.ts [options]
  --alerts N           distinct alerts to post (default 100000)
  --batch N            alerts per POST (default 100)
  --concurrency N      POSTs in flight (default 4)
  --silences N         silences to create (default 10000)
  --names N            distinct alertnames (default 50)
  --instances N        distinct instances (default 2000)
  --repeats N          timed GET /api/v2/alerts requests, median reported (default 3)
  --timeout S          per-request timeout in seconds (default 300)
  --silence-timeout S  cap on the silence-matching GET; past it the figure is a lower bound (default 120)
  --only NAME          run only vigil or alertmanager
  --inhibit-rule       add a critical-inhibits-warning rule (Alertmanager 0.25 then needs minutes per GET)
  --redis-url URL      Redis server for Vigil, without a database (default redis://127.0.0.1:6379)
  --redis-db N         database index the bench claims for Vigil and empties afterwards (default 13)
  --vigil-node-flags=F node flags for Vigil, e.g. --vigil-node-flags="--cpu-prof --cpu-prof-dir=/tmp/prof"`;

interface BenchOptions {
  shape: LoadShape;
  batch: number;
  concurrency: number;
  silences: number;
  repeats: number;
  timeoutMs: number;
  silenceTimeoutMs: number;
  only?: 'vigil' | 'alertmanager';
  inhibitRule: boolean;
  redisUrl: string;
  redisDb: number;
  vigilNodeFlags: string[];
}

function readOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      alerts: { type: 'string', default: '100000' },
      batch: { type: 'string', default: '100' },
      concurrency: { type: 'string', default: '4' },
      silences: { type: 'string', default: '10000' },
      names: { type: 'string', default: '50' },
      instances: { type: 'string', default: '2000' },
      repeats: { type: 'string', default: '3' },
      timeout: { type: 'string', default: '300' },
      'silence-timeout': { type: 'string', default: '120' },
      only: { type: 'string' },
      'inhibit-rule': { type: 'boolean', default: false },
      'redis-url': { type: 'string', default: 'redis://127.0.0.1:6379' },
      'redis-db': { type: 'string', default: '13' },
      'vigil-node-flags': { type: 'string', default: '' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const count = (name: string, text: string, min = 1): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) {
      throw new Error(`--${name} must be an integer of at least ${min}, not "${text}"\n${USAGE}`);
    }
    return n;
  };
  const only = values.only;
  if (only !== undefined && only !== 'vigil' && only !== 'alertmanager') {
    throw new Error(`--only must be vigil or alertmanager\n${USAGE}`);
  }
  return {
    shape: {
      alerts: count('alerts', values.alerts),
      alertNames: count('names', values.names),
      instances: count('instances', values.instances),
    },
    batch: count('batch', values.batch),
    concurrency: count('concurrency', values.concurrency),
    silences: count('silences', values.silences, 0),
    repeats: count('repeats', values.repeats),
    timeoutMs: count('timeout', values.timeout) * 1000,
    silenceTimeoutMs: count('silence-timeout', values['silence-timeout']) * 1000,
    only,
    inhibitRule: values['inhibit-rule'],
    redisUrl: values['redis-url'],
    redisDb: count('redis-db', values['redis-db'], 0),
    vigilNodeFlags: values['vigil-node-flags'].split(/\s+/).filter((f) => f !== ''),
  };
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
  const runStarted = performance.now();
  const elapsed = (): string => `${((performance.now() - runStarted) / 1000).toFixed(0)} s`;

  const now = Date.now();
  const bodies = alertBodies(opts.shape, opts.batch, new Date(now - 60_000), new Date(now + 2 * 3600_000));
  const silences = silenceSet(opts.silences, opts.shape, new Date(now), new Date(now + 2 * 3600_000));
  log(
    `load: ${opts.shape.alerts} alerts in ${bodies.length} bodies ` +
      `(${(bodies.reduce((n, b) => n + b.length, 0) / MB).toFixed(1)} MB); ${silences.bodies.length} silences ` +
      `(${silences.equalitySilences} equality, ${silences.regexSilences} regex) silencing ${silences.silencedAlerts} alerts`,
  );

  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-am-'));
  const sink = await startWebhookSink();
  const configFile = join(dir, 'alertmanager.yml');
  writeFileSync(configFile, alertmanagerYaml(sink.url, opts.inhibitRule));
  const children = new Set<Child>();
  let redisDb: BenchRedisDb | undefined;
  const cleanUp = async (): Promise<void> => {
    await Promise.all([...children].map((c) => c.stop('SIGKILL')));
    await redisDb?.release();
    redisDb = undefined;
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  };
  const interrupted = (): void => {
    log('interrupted: stopping the alertmanagers and emptying the bench Redis database');
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  const results: Figures[] = [];
  const measure = async (start: () => Promise<Target>, redis?: BenchRedisDb): Promise<void> => {
    const target = await start();
    log(`  ${target.name} ready in ${target.startupSeconds.toFixed(1)} s (${elapsed()} into the run)`);
    try {
      results.push(
        await runScenario({
          target,
          alertBodies: bodies,
          alerts: opts.shape.alerts,
          silences,
          concurrency: opts.concurrency,
          getRepeats: opts.repeats,
          requestTimeoutMs: opts.timeoutMs,
          silenceMatchTimeoutMs: opts.silenceTimeoutMs,
          sink,
          redis,
          log,
        }),
      );
    } finally {
      // SIGTERM lets Vigil flush and write a --cpu-prof profile; both get 20 s before SIGKILL.
      await target.child.stop('SIGTERM', 20_000);
      children.delete(target.child);
      log(`  ${target.name} stopped (${elapsed()} into the run)`);
    }
  };

  let exitCode = 0;
  try {
    if (opts.only !== 'alertmanager') {
      log(`Vigil alertmanager (Redis ${opts.redisUrl}, database ${opts.redisDb}):`);
      try {
        redisDb = await claimBenchDb(opts.redisUrl, opts.redisDb);
        if (redisDb.foreignAlertKeys > 0) {
          log(`  note: ${redisDb.foreignAlertKeys} vigil:am:* keys in the default database; left untouched`);
        }
        const db = redisDb;
        await measure(
          () =>
            startVigilAlertmanager(
              {
                dir,
                configFile,
                redisUrl: db.url,
                queueName: `vigil-bench-${randomBytes(6).toString('hex')}`,
                nodeFlags: opts.vigilNodeFlags,
              },
              (c) => children.add(c),
            ),
          db,
        );
      } catch (err) {
        exitCode = 1;
        log(`  Vigil could not be measured: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        await redisDb?.release();
        redisDb = undefined;
      }
    }
    if (opts.only !== 'vigil') {
      if (haveAlertmanager()) {
        log('Prometheus Alertmanager:');
        try {
          await measure(() => startPrometheusAlertmanager({ dir, configFile }, (c) => children.add(c)));
        } catch (err) {
          exitCode = 1;
          log(`  Alertmanager could not be measured: ${err instanceof Error ? err.message : String(err)}`);
        }
      } else {
        log('Alertmanager not installed (Debian package prometheus-alertmanager): skipping it');
      }
    }
  } finally {
    await cleanUp();
  }
  log(`run took ${elapsed()}`);
  if (results.length > 0) {
    console.log(
      report(results, {
        ...opts.shape,
        batch: opts.batch,
        concurrency: opts.concurrency,
        silences: opts.silences,
        silencedAlerts: silences.silencedAlerts,
        getRepeats: opts.repeats,
        inhibitRule: opts.inhibitRule,
      }),
    );
  }
  if (results.some((f) => f.failure !== undefined)) exitCode = 1;
  return exitCode;
}

process.exitCode = await main();
