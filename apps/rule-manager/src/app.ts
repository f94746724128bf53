// The rule-manager's composition root: builds every part from the options and wires them together.
import { hostname } from 'node:os';
import Fastify, { type FastifyInstance } from 'fastify';
import { Registry, collectDefaultMetrics, Gauge, Counter } from 'prom-client';
import { formatExpr, parseExpr } from '@vigil/promql';
import { createRedisConnection, AlertQueueProducer, closeRedis, waitForRedisReady } from '@vigil/queue';
import { loadRuleFiles, formatRuleFileError, type RuleGroupSpec } from '@vigil/rulefmt';
import { lifecycleApi, metricsApi, parseListenAddress, type Logger } from '@vigil/service-kit';
import { expandAlertTemplate } from '@vigil/templating';
import type { Redis } from 'ioredis';
import { rulesApi } from './api/rules-api';
import { loadRuleManagerConfig, alertmanagerUrls, type RuleManagerConfig } from './config';
import { PrometheusHttpDatasource, type Datasource } from './datasource';
import type { RuleManagerOptions } from './options';
import { RemoteWriteClient } from './remote-write';
import { openEmbeddedStore, type EmbeddedStore } from './embedded-store';
import { RuleManager, registerRuleMetrics, type RuleEvalObserver } from './rules';
import {
  AlertmanagerHttpSender,
  MultiSender,
  QueueAlertSender,
  registerAlertmanagerSenderMetrics,
  registerQueueSenderMetrics,
  type AlertSender,
} from './sender';
import { RedisAlertStateStore } from './state/redis-alert-state-store';

/** RuleManagerService is a built, not yet listening rule-manager. */
export interface RuleManagerService {
  app: FastifyInstance;
  manager: RuleManager;
  registry: Registry;
  /** Reloads config and rule files all-or-nothing; rejects (keeping the old set) when the new one is invalid. */
  reload(): Promise<void>;
  /** Rule files the current set was read from (for the file watcher). */
  ruleFiles(): string[];
  /** Stops evaluating, flushes senders and remote write, closes Redis and the HTTP server. */
  close(): Promise<void>;
}

const REDIS_STARTUP_WAIT_MS = 5000;

/** RuleSetError says why a rule set (config + rule files) was refused. */
export class RuleSetError extends Error {}

interface LoadedRuleSet {
  config: RuleManagerConfig;
  groups: RuleGroupSpec[];
  files: string[];
}

/** loadRuleSet reads the config and every rule file it names; any error refuses the whole set. */
export async function loadRuleSet(configFile: string, logger?: Logger): Promise<LoadedRuleSet> {
  let config: RuleManagerConfig;
  try {
    config = await loadRuleManagerConfig(configFile);
  } catch (err) {
    throw new RuleSetError(err instanceof Error ? err.message : String(err));
  }
  for (const w of config.warnings) logger?.warn({ file: w.file, line: w.line, field: w.path }, w.message);
  const loaded = await loadRuleFiles(config.ruleFiles);
  for (const w of loaded.warnings) logger?.warn(formatRuleFileError(w));
  if (loaded.errors.length > 0) {
    throw new RuleSetError(loaded.errors.map(formatRuleFileError).join('\n'));
  }
  return { config, groups: loaded.groups, files: loaded.files };
}

/** canonicalExpr prints an expression as Prometheus prints a parsed one (generatorURL, API `query`). */
function canonicalExpr(expr: string): string {
  try {
    return formatExpr(parseExpr(expr));
  } catch {
    return expr;
  }
}

function instanceId(opts: RuleManagerOptions): string {
  const { port } = parseListenAddress(opts.listenAddress);
  return `${hostname()}:${port}`;
}

function makeRemoteDatasource(opts: RuleManagerOptions & { datasourceUrl: string }): Datasource {
  return new PrometheusHttpDatasource({
    url: opts.datasourceUrl,
    timeoutMs: opts.datasourceTimeoutMs,
    http: {
      ...(opts.datasourceBasicAuthUsername
        ? {
            basicAuth: {
              username: opts.datasourceBasicAuthUsername,
              ...(opts.datasourceBasicAuthPasswordFile
                ? { passwordFile: opts.datasourceBasicAuthPasswordFile }
                : {}),
            },
          }
        : {}),
      ...(opts.datasourceBearerTokenFile
        ? { authorization: { type: 'Bearer', credentialsFile: opts.datasourceBearerTokenFile } }
        : {}),
      tls: {
        ...(opts.datasourceTlsCaFile ? { caFile: opts.datasourceTlsCaFile } : {}),
        insecureSkipVerify: opts.datasourceTlsInsecureSkipVerify,
      },
    },
  });
}

/** openStore opens the embedded store, turning a refusal (locked or unreadable directory) into a RuleSetError. */
async function openStore(
  opts: RuleManagerOptions,
  logger: Logger,
  registry: Registry,
): Promise<EmbeddedStore> {
  try {
    return await openEmbeddedStore(opts, logger, registry);
  } catch (err) {
    throw new RuleSetError(
      `cannot open the embedded store at ${opts.storagePath}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/** buildRuleManagerService builds the rule-manager from its options: loads the rule set, connects Redis. */
export async function buildRuleManagerService(
  opts: RuleManagerOptions,
  logger: Logger,
): Promise<RuleManagerService> {
  let ruleSet = await loadRuleSet(opts.configFile, logger);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // Without --datasource.url the rule-manager is its own Prometheus: it scrapes into the embedded store and
  // evaluates there; with one, it queries that API and scrape_configs are not used.
  const store = opts.datasourceUrl ? undefined : await openStore(opts, logger, registry);
  const datasource =
    store?.datasource ?? makeRemoteDatasource({ ...opts, datasourceUrl: opts.datasourceUrl ?? '' });
  if (opts.datasourceUrl && ruleSet.config.scrapeConfigs.length > 0) {
    logger.warn('scrape_configs are not used: rules query --datasource.url, not the embedded store');
  }
  const instance = instanceId(opts);

  const redis: Redis = createRedisConnection({
    role: 'producer',
    url: opts.redisUrl,
    connectionName: `vigil-rule-manager:${instance}`,
    onError: (err) => logger.warn({ err: err.message }, 'Redis connection error'),
  });
  const producer = new AlertQueueProducer({ connection: redis, queueName: opts.queueName });
  const queueSender = new QueueAlertSender({ queue: producer, instance, logger });
  registerQueueSenderMetrics(registry, queueSender);
  const senders: AlertSender[] = [queueSender];
  const amUrls = ruleSet.config.alerting.alertmanagers.flatMap((am) =>
    alertmanagerUrls(am).map((url) => ({ url, timeoutMs: am.timeoutMs })),
  );
  if (amUrls.length > 0) {
    const httpSender = new AlertmanagerHttpSender({ alertmanagers: amUrls, logger });
    registerAlertmanagerSenderMetrics(registry, httpSender);
    senders.push(httpSender);
  }
  const sender = senders.length === 1 ? queueSender : new MultiSender(senders, logger);

  const remoteWriters = ruleSet.config.remoteWrite.map(
    (rw) =>
      new RemoteWriteClient({
        url: rw.url,
        name: rw.name,
        remoteTimeoutMs: rw.remoteTimeoutMs,
        headers: rw.headers,
        http: rw.http,
        queue: rw.queue,
        externalLabels: ruleSet.config.global.externalLabels,
        onError: (err, info) =>
          logger.warn({ remote: rw.name, samples: info.samples, willRetry: info.willRetry }, err.message),
      }),
  );
  registerRemoteWriteMetrics(
    registry,
    remoteWriters.map((client, i) => ({ client, url: ruleSet.config.remoteWrite[i]?.url ?? '' })),
  );

  // State older than the outage tolerance is ignored at restore, so Redis may forget it then.
  const stateStore = new RedisAlertStateStore({ redis, instance, logger, ttlMs: opts.forOutageToleranceMs });
  // The metrics read the manager's groups, so they are registered after it; evaluations reach them here.
  const metrics: { observer?: RuleEvalObserver } = {};
  const manager = new RuleManager({
    query: datasource.query,
    appendSamples: (samples) => {
      for (const w of remoteWriters) w.append(samples);
      return store?.appendSamples(samples);
    },
    notify: (alerts, source) => sender.send(alerts, source),
    expand: expandAlertTemplate,
    stateStore,
    logger,
    observer: {
      ruleEvaluated: (key, seconds) => metrics.observer?.ruleEvaluated(key, seconds),
      groupEvaluated: (key, seconds) => metrics.observer?.groupEvaluated(key, seconds),
    },
    resendDelayMs: opts.resendDelayMs,
    outageToleranceMs: opts.forOutageToleranceMs,
    formatExpr: canonicalExpr,
  });
  metrics.observer = registerRuleMetrics(registry, manager);
  const reloads = {
    success: new Gauge({
      name: 'prometheus_config_last_reload_successful',
      help: 'Whether the last configuration reload attempt was successful.',
      registers: [registry],
    }),
    time: new Gauge({
      name: 'prometheus_config_last_reload_success_timestamp_seconds',
      help: 'Timestamp of the last successful configuration reload.',
      registers: [registry],
    }),
    failures: new Counter({
      name: 'vigil_rule_manager_reload_failures_total',
      help: 'Reloads refused because the new config or rule files were invalid.',
      registers: [registry],
    }),
  };

  const globals = (c: RuleManagerConfig) => ({
    evaluationIntervalMs: c.global.evaluationIntervalMs,
    queryOffsetMs: c.global.ruleQueryOffsetMs,
    externalLabels: c.global.externalLabels,
    externalURL: opts.externalUrl ?? `http://${instance}`,
  });
  // Saved alert state is read at each group's first evaluation: give Redis a moment to connect first, so a
  // restart resumes `for` timers. Without Redis the rule-manager still starts; alerts wait in the buffer.
  await waitForRedisReady(redis, REDIS_STARTUP_WAIT_MS).catch((err: unknown) =>
    logger.warn(
      { redis: opts.redisUrl, err: err instanceof Error ? err.message : String(err) },
      'Redis is not reachable: starting without saved alert state; alerts are buffered until it is back',
    ),
  );
  await store?.applyScrapeConfigs(ruleSet.config.scrapeConfigs);
  await manager.update(ruleSet.groups, globals(ruleSet.config));
  reloads.success.set(1);
  reloads.time.set(Date.now() / 1000);
  let ready = true;

  const reload = async (): Promise<void> => {
    let next: LoadedRuleSet;
    try {
      next = await loadRuleSet(opts.configFile, logger);
    } catch (err) {
      reloads.success.set(0);
      reloads.failures.inc();
      logger.error(
        { err: err instanceof Error ? err.message : String(err) },
        'Reload refused; keeping the current rules',
      );
      throw err;
    }
    await store?.applyScrapeConfigs(next.config.scrapeConfigs);
    await manager.update(next.groups, globals(next.config));
    ruleSet = next;
    reloads.success.set(1);
    reloads.time.set(Date.now() / 1000);
    logger.info({ groups: next.groups.length, files: next.files.length }, 'Rules reloaded');
  };

  const app = Fastify({ logger: false });
  await app.register(rulesApi, { retriever: manager });
  await app.register(lifecycleApi, { serviceName: 'Vigil rule-manager', isReady: () => ready, reload });
  await app.register(metricsApi, { registry });
  await store?.registerRoutes(app);

  return {
    app,
    manager,
    registry,
    reload,
    ruleFiles: () => ruleSet.files,
    close: async () => {
      ready = false;
      await manager.stop();
      await sender.close({ timeoutMs: 5000 });
      await Promise.all(remoteWriters.map((w) => w.close(10_000)));
      await datasource.close?.();
      await store?.close();
      await producer.close();
      await closeRedis(redis);
      await app.close();
    },
  };
}

/** registerRemoteWriteMetrics exports each remote-write queue's counters under Prometheus's metric names. */
function registerRemoteWriteMetrics(
  registry: Registry,
  writers: { client: RemoteWriteClient; url: string }[],
): void {
  const metric = (name: string, help: string, read: (s: ReturnType<RemoteWriteClient['stats']>) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['remote_name', 'url'],
      registers: [registry],
      collect() {
        this.reset();
        for (const w of writers) this.set({ remote_name: w.client.name, url: w.url }, read(w.client.stats()));
      },
    });
  metric('prometheus_remote_storage_samples_total', 'Samples sent to remote storage.', (s) => s.samplesSent);
  metric(
    'prometheus_remote_storage_samples_failed_total',
    'Samples that failed to send.',
    (s) => s.samplesFailed,
  );
  metric('prometheus_remote_storage_samples_retried_total', 'Samples retried.', (s) => s.samplesRetried);
  metric(
    'prometheus_remote_storage_samples_dropped_total',
    'Samples dropped unsent.',
    (s) => s.samplesDropped,
  );
  metric(
    'prometheus_remote_storage_samples_pending',
    'Samples pending in the queue.',
    (s) => s.samplesPending,
  );
}
