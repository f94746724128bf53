import { Command, CommanderError } from 'commander';
import { runAlertmanager, runCheckConfig, runRoutesShow, runRoutesTest } from '@vigil/alertmanager';
import { parseDuration } from '@vigil/model';
import { runCheckRules, runRuleManager, runTestRules } from '@vigil/rule-manager';
import { startDemo } from './demo';

/** CliIo is where the CLI writes, so tests can capture output. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** main runs the vigil CLI with the given arguments and resolves to the process exit code. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  let exitCode = 0;
  const program = new Command('vigil')
    .description('Vigil: a Prometheus-compatible alerting stack (rule-manager + alertmanager)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError();

  const check = program.command('check').description('check rule files and configuration for errors');
  check
    .command('rules')
    .description('check Prometheus rule files (or PrometheusRule manifests) as `promtool check rules` does')
    .argument('<files...>', 'rule files to check')
    .option('--lint <checks>', 'linting checks to apply: all, duplicate-rules, none', 'duplicate-rules')
    .option('--lint-fatal', 'make lint errors exit with exit code 3', false)
    .option(
      '--ignore-unknown-fields',
      'ignore unknown fields in the rule groups read by the config files',
      false,
    )
    .action(
      async (files: string[], opts: { lint: string; lintFatal: boolean; ignoreUnknownFields: boolean }) => {
        exitCode = await runCheckRules(
          files,
          { lint: opts.lint, lintFatal: opts.lintFatal, ignoreUnknownFields: opts.ignoreUnknownFields },
          io,
        );
      },
    );

  check
    .command('config')
    .description('check alertmanager.yml files as `amtool check-config` does')
    .argument('[files...]', 'configuration files (standard input when none)')
    .action(async (files: string[]) => {
      exitCode = await runCheckConfig(files, io);
    });

  program
    .command('test')
    .description('unit testing')
    .command('rules')
    .description('unit tests for rules, running promtool test files as `promtool test rules` does')
    .argument('<files...>', 'the unit test files')
    .option(
      '--run <regex>',
      'only run test groups whose names match the regular expression (repeatable)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--diff', 'print a colored diff between expected and received alerts', false)
    .option('--debug', 'print timing per test group and a dump of all series', false)
    .option('--ignore-unknown-fields', 'ignore unknown fields in the rule files', false)
    .action(
      async (
        files: string[],
        opts: { run?: string[]; diff: boolean; debug: boolean; ignoreUnknownFields: boolean },
      ) => {
        exitCode = await runTestRules(files, opts, io);
      },
    );

  const routes = program
    .command('config')
    .description('inspect an alertmanager.yml, as `amtool config` does')
    .command('routes')
    .description('show the routing tree of an alertmanager.yml')
    .option('--config.file <path>', 'alertmanager configuration file', 'alertmanager.yml')
    .action(async (_opts: unknown, cmd: Command) => {
      exitCode = await runRoutesShow(String(flagValues(cmd)['config.file']), {}, io);
    });
  routes
    .command('test')
    .description('print the receivers an alert with these labels is routed to (`amtool config routes test`)')
    .argument('[labels...]', 'label=value pairs')
    .option('--verify.receivers <receivers>', 'fail unless the result equals this comma-separated list')
    .option('--tree', 'also print the matching part of the routing tree', false)
    .action(async (labels: string[], _opts: unknown, cmd: Command) => {
      const o = flagValues(cmd);
      const verify = o['verify.receivers'];
      // --config.file belongs to `config routes`, as amtool's flag is global to its command.
      exitCode = await runRoutesTest(
        String(flagValues(cmd.parent ?? cmd)['config.file']),
        labels,
        { tree: o['tree'] === true, ...(typeof verify === 'string' ? { verifyReceivers: verify } : {}) },
        io,
      );
    });

  program
    .command('rule-manager')
    .description('evaluate rule files on their intervals and push alerts onto the Redis queue')
    .option(
      '--config.file <path>',
      'Prometheus-style configuration file (global, rule_files, scrape_configs, alerting, remote_write)',
      'prometheus.yml',
    )
    .option(
      '--web.listen-address <address>',
      'address to listen on for the API, metrics and health checks',
      '0.0.0.0:9090',
    )
    .option(
      '--web.external-url <url>',
      'URL under which the rule-manager is reachable (generatorURL, $externalURL)',
    )
    .option(
      '--datasource.url <url>',
      'Prometheus-compatible query API to evaluate rules against (default: the embedded store)',
    )
    .option('--datasource.timeout <duration>', 'timeout of one query', '2m')
    .option('--datasource.basic-auth.username <name>', 'basic auth user for the datasource')
    .option('--datasource.basic-auth.password-file <path>', 'file holding the basic auth password')
    .option('--datasource.bearer-token-file <path>', 'file holding a bearer token for the datasource')
    .option('--datasource.tls.ca-file <path>', 'CA certificate to verify the datasource with')
    .option('--datasource.tls.insecure-skip-verify', 'do not verify the datasource certificate', false)
    .option('--storage.tsdb.path <path>', 'base path for the embedded store (no --datasource.url)', 'data/')
    .option(
      '--storage.tsdb.retention.time <duration>',
      'how long to keep samples in the embedded store',
      '15d',
    )
    .option(
      '--storage.tsdb.retention.size <size>',
      'maximum bytes of blocks to keep (units B, KB, MB, GB, TB, PB, EB); 0 is no limit',
      '0',
    )
    .option('--query.lookback-delta <duration>', 'how far back a selector looks for a sample', '5m')
    .option('--query.timeout <duration>', 'maximum time one query may take', '2m')
    .option('--query.max-samples <n>', 'maximum samples one query may hold in memory', '50000000')
    .option('--redis.url <url>', 'Redis holding the alert queue and rule state', 'redis://127.0.0.1:6379')
    .option('--queue.name <name>', 'BullMQ queue shared with the alertmanager', 'vigil-alerts')
    .option('--rules.alert.resend-delay <duration>', 'minimum wait before resending an alert', '1m')
    .option('--rules.alert.for-grace-period <duration>', "minimum 'for' left after a restart", '10m')
    .option(
      '--rules.alert.for-outage-tolerance <duration>',
      'maximum outage after which saved alert state is dropped',
      '1h',
    )
    .option('--rules.watch', 'reload when a rule file changes on disk', false)
    .option('--log.level <level>', 'debug, info, warn or error', 'info')
    .option('--log.format <format>', 'logfmt or json', 'logfmt')
    .action(async (_opts: unknown, cmd: Command) => {
      const o = flagValues(cmd);
      const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
      exitCode = await runRuleManager({
        configFile: str('config.file') ?? 'prometheus.yml',
        listenAddress: str('web.listen-address') ?? '0.0.0.0:9090',
        externalUrl: str('web.external-url'),
        datasourceUrl: str('datasource.url'),
        datasourceTimeoutMs: durationFlag('datasource.timeout', str('datasource.timeout')),
        datasourceBasicAuthUsername: str('datasource.basic-auth.username'),
        datasourceBasicAuthPasswordFile: str('datasource.basic-auth.password-file'),
        datasourceBearerTokenFile: str('datasource.bearer-token-file'),
        datasourceTlsCaFile: str('datasource.tls.ca-file'),
        datasourceTlsInsecureSkipVerify: o['datasource.tls.insecure-skip-verify'] === true,
        storagePath: str('storage.tsdb.path') ?? 'data/',
        retentionTimeMs: durationFlag('storage.tsdb.retention.time', str('storage.tsdb.retention.time')),
        retentionSizeBytes: sizeFlag('storage.tsdb.retention.size', str('storage.tsdb.retention.size')),
        lookbackDeltaMs: durationFlag('query.lookback-delta', str('query.lookback-delta')),
        queryTimeoutMs: durationFlag('query.timeout', str('query.timeout')),
        queryMaxSamples: countFlag('query.max-samples', str('query.max-samples')),
        redisUrl: str('redis.url') ?? 'redis://127.0.0.1:6379',
        queueName: str('queue.name') ?? 'vigil-alerts',
        resendDelayMs: durationFlag('rules.alert.resend-delay', str('rules.alert.resend-delay')),
        forGracePeriodMs: durationFlag('rules.alert.for-grace-period', str('rules.alert.for-grace-period')),
        forOutageToleranceMs: durationFlag(
          'rules.alert.for-outage-tolerance',
          str('rules.alert.for-outage-tolerance'),
        ),
        watchRules: o['rules.watch'] === true,
        logLevel: oneOf('log.level', str('log.level'), ['debug', 'info', 'warn', 'error'] as const),
        logFormat: oneOf('log.format', str('log.format'), ['logfmt', 'json'] as const),
      });
    });

  program
    .command('alertmanager')
    .description(
      'group, inhibit, silence and route alerts from the queue and the v2 API; serve the silence UI',
    )
    .option('--config.file <path>', 'Alertmanager configuration file', 'alertmanager.yml')
    .option('--web.listen-address <address>', 'address to listen on for the API and UI', '0.0.0.0:9093')
    .option(
      '--web.external-url <url>',
      'URL under which the alertmanager is reachable (links in notifications)',
    )
    .option(
      '--web.config.file <path>',
      'web config (basic_auth_users, write_auth): writes then need credentials; reads stay open',
    )
    .option(
      '--redis.url <url>',
      'Redis holding alerts, silences and the notification log',
      'redis://127.0.0.1:6379',
    )
    .option('--queue.name <name>', 'BullMQ queue the rule-manager fills', 'vigil-alerts')
    .option('--data.retention <duration>', 'how long to keep silences and the notification log', '120h')
    .option('--alerts.gc-interval <duration>', 'interval between alert GC', '30m')
    .option('--storage.path <path>', 'accepted for compatibility; Vigil keeps its state in Redis', 'data/')
    .option('--log.level <level>', 'debug, info, warn or error', 'info')
    .option('--log.format <format>', 'logfmt or json', 'logfmt')
    .action(async (_opts: unknown, cmd: Command) => {
      const o = flagValues(cmd);
      const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
      exitCode = await runAlertmanager({
        configFile: str('config.file') ?? 'alertmanager.yml',
        listenAddress: str('web.listen-address') ?? '0.0.0.0:9093',
        externalUrl: str('web.external-url'),
        webConfigFile: str('web.config.file'),
        redisUrl: str('redis.url') ?? 'redis://127.0.0.1:6379',
        queueName: str('queue.name') ?? 'vigil-alerts',
        dataRetentionMs: durationFlag('data.retention', str('data.retention')),
        alertGcIntervalMs: durationFlag('alerts.gc-interval', str('alerts.gc-interval')),
        logLevel: oneOf('log.level', str('log.level'), ['debug', 'info', 'warn', 'error'] as const),
        logFormat: oneOf('log.format', str('log.format'), ['logfmt', 'json'] as const),
      });
    });

  program
    .command('demo')
    .description(
      'serve a demo target whose metric crosses a threshold, and print the notifications sent to a sink',
    )
    .option('--web.listen-address <address>', 'where the demo target serves /metrics', '127.0.0.1:9105')
    .option(
      '--sink.listen-address <address>',
      'where the webhook sink receives notifications',
      '127.0.0.1:5001',
    )
    .action(async (_opts: unknown, cmd: Command) => {
      const o = flagValues(cmd);
      const metricsAddress = String(o['web.listen-address']);
      const sinkAddress = String(o['sink.listen-address']);
      const demo = await startDemo({ metricsAddress, sinkAddress, print: (line) => io.stdout(`${line}\n`) });
      io.stdout(
        `vigil demo: target on http://${metricsAddress}/metrics, notification sink on ${sinkAddress}\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await demo.close();
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'vigil.invalidFlag') io.stderr(err.message);
      return err.exitCode;
    }
    throw err;
  }
  return exitCode;
}

const SIZE_UNITS: Record<string, number> = {
  B: 1,
  KB: 1024,
  MB: 1024 ** 2,
  GB: 1024 ** 3,
  TB: 1024 ** 4,
  PB: 1024 ** 5,
  EB: 1024 ** 6,
};

/** sizeFlag reads a Prometheus byte-size flag (`512MB`, base 1024 as Prometheus's units), failing with its name. */
function sizeFlag(flag: string, value: string | undefined): number {
  const m = /^(\d+)(B|KB|MB|GB|TB|PB|EB)?$/.exec(value ?? '');
  if (m === null) {
    throw new CommanderError(
      2,
      'vigil.invalidFlag',
      `error: --${flag}: "${value ?? ''}" is not a size (a number with a unit B, KB, MB, GB, TB, PB or EB)\n`,
    );
  }
  return Number(m[1]) * (SIZE_UNITS[m[2] ?? 'B'] ?? 1);
}

/** countFlag reads a non-negative whole-number flag, failing with its name. */
function countFlag(flag: string, value: string | undefined): number {
  if (!/^\d+$/.test(value ?? '')) {
    throw new CommanderError(
      2,
      'vigil.invalidFlag',
      `error: --${flag}: "${value ?? ''}" is not a whole number\n`,
    );
  }
  return Number(value);
}

/** durationFlag reads a Prometheus duration flag value, failing with the flag's name. */
function durationFlag(flag: string, value: string | undefined): number {
  try {
    return parseDuration(value ?? '');
  } catch (err) {
    throw new CommanderError(2, 'vigil.invalidFlag', `error: --${flag}: ${(err as Error).message}\n`);
  }
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T {
  const hit = allowed.find((a) => a === value);
  if (hit === undefined) {
    throw new CommanderError(
      2,
      'vigil.invalidFlag',
      `error: --${flag} must be one of ${allowed.join(', ')}\n`,
    );
  }
  return hit;
}

/** flagValues maps each long flag name (`rules.alert.resend-delay`) to its value, dots and dashes kept. */
function flagValues(cmd: Command): Record<string, string | boolean | undefined> {
  const out: Record<string, string | boolean | undefined> = {};
  for (const opt of cmd.options) {
    if (opt.long)
      out[opt.long.slice(2)] = cmd.getOptionValue(opt.attributeName()) as string | boolean | undefined;
  }
  return out;
}
