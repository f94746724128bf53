// Runs the alertmanager: builds the service, listens, and reloads on SIGHUP.
import { createLogger, parseListenAddress } from '@vigil/service-kit';
import { buildAlertmanagerService } from './app';
import { ConfigError } from './config';
import type { AlertmanagerOptions } from './options';

/** runAlertmanager starts the alertmanager and resolves with its exit code once it has stopped. */
export async function runAlertmanager(opts: AlertmanagerOptions): Promise<number> {
  const logger = createLogger('alertmanager', { level: opts.logLevel, format: opts.logFormat });
  let listen;
  try {
    listen = parseListenAddress(opts.listenAddress);
  } catch (err) {
    logger.error((err as Error).message);
    return 2;
  }
  let service;
  try {
    service = await buildAlertmanagerService(opts, logger);
  } catch (err) {
    // A bad config, template or receiver: say which and where, and exit non-zero.
    const message = err instanceof ConfigError || err instanceof Error ? err.message : String(err);
    logger.error({ config: opts.configFile }, `Cannot start: ${message}`);
    return 1;
  }
  try {
    await service.app.listen({ host: listen.host, port: listen.port });
  } catch (err) {
    logger.error({ address: opts.listenAddress }, `Cannot listen: ${(err as Error).message}`);
    await service.close();
    return 1;
  }
  logger.info({ address: opts.listenAddress }, 'Alertmanager started');
  process.on('SIGHUP', () => void service.reload().catch(() => undefined));
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  logger.info('Stopping');
  await service.close();
  return 0;
}
