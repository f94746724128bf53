// Runs the rule-manager: builds the service, listens, and handles signals and the rule-file watch.
import { watch, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';
import { createLogger, parseListenAddress } from '@vigil/service-kit';
import { buildRuleManagerService, RuleSetError } from './app';
import type { RuleManagerOptions } from './options';

/** runRuleManager starts the rule-manager service and resolves with its exit code once it has stopped. */
export async function runRuleManager(opts: RuleManagerOptions): Promise<number> {
  const logger = createLogger('rule-manager', { level: opts.logLevel, format: opts.logFormat });
  let listen;
  try {
    listen = parseListenAddress(opts.listenAddress);
  } catch (err) {
    logger.error((err as Error).message);
    return 2;
  }
  let service;
  try {
    service = await buildRuleManagerService(opts, logger);
  } catch (err) {
    if (err instanceof RuleSetError) {
      logger.error({ config: opts.configFile }, `Cannot start: ${err.message}`);
      return 1;
    }
    throw err;
  }
  try {
    await service.app.listen({ host: listen.host, port: listen.port });
  } catch (err) {
    logger.error({ address: opts.listenAddress }, `Cannot listen: ${(err as Error).message}`);
    await service.close();
    return 1;
  }
  logger.info(
    { address: opts.listenAddress, groups: service.manager.groups().length },
    'Rule-manager started',
  );

  const reload = (why: string) =>
    service.reload().then(
      () => logger.info({ trigger: why }, 'Reload complete'),
      () => undefined, // the service has logged why and kept the current rules
    );
  process.on('SIGHUP', () => void reload('SIGHUP'));

  let watchers: FSWatcher[] = [];
  const rewatch = () => {
    for (const w of watchers) w.close();
    if (!opts.watchRules) return;
    // Watch directories, not files: `git pull` replaces files by rename, which a file watch would lose.
    const dirs = new Set([dirname(opts.configFile), ...service.ruleFiles().map((f) => dirname(f))]);
    let timer: NodeJS.Timeout | undefined;
    watchers = [...dirs].map((dir) =>
      watch(dir, () => {
        clearTimeout(timer);
        timer = setTimeout(() => void reload('file change').then(rewatch), 500);
      }),
    );
  };
  rewatch();

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'Stopping: waiting for running evaluations');
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  for (const w of watchers) w.close();
  await service.close();
  logger.info('Rule-manager stopped');
  return 0;
}
