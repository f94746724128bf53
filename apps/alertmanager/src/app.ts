// The alertmanager's composition root: the parts that live as long as the process (Redis, alert store,
// silences, notification log, queue intake, HTTP server) and those rebuilt from each config (route tree,
// dispatcher, inhibitor, time intervals, notification pipeline).
import { hostname } from 'node:os';
import Fastify, { type FastifyInstance } from 'fastify';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { AlertQueueConsumer, closeRedis, createRedisConnection, waitForRedisReady } from '@vigil/queue';
import { lifecycleApi, metricsApi, parseListenAddress, type Logger } from '@vigil/service-kit';
import type { Redis } from 'ioredis';
import { AlertStore, RedisAlertPersistence, normalizeAlerts } from './alert';
import { GroupMuteMarker, alertmanagerApi, newApiAlertMetrics } from './api';
import { writeAuth } from './api/write-auth';
import { ConfigError, loadAlertmanagerConfig, timeIntervalsByName, type AlertmanagerConfig } from './config';
import { WebConfigFile } from './config/web-config';
import { Dispatcher, Route } from './dispatch';
import { Inhibitor } from './inhibit';
import { RedisNotificationLog } from './nflog';
import { PipelineBuilder, buildReceiverIntegrations, webhookFactory } from './notify';
import { emailFactory } from './notify/email';
import { slackFactory } from './notify/slack';
import { loadTemplates } from './templates';
import type { AlertmanagerOptions } from './options';
import { RedisSilenceStore, Silencer, Silences } from './silence';
import { Intervener } from './timeinterval';
import { uiStatic } from './ui-static';

/** The key prefix of everything the alertmanager keeps in Redis. */
export const REDIS_KEY_PREFIX = 'vigil:am:';
const REDIS_STARTUP_WAIT_MS = 5000;
const MAINTENANCE_INTERVAL_MS = 15 * 60_000;

/** VERSION_INFO is what `GET /api/v2/status` and amtool report as the build. */
const VERSION_INFO = {
  version: '0.1.0',
  revision: 'vigil',
  branch: 'main',
  buildUser: 'vigil',
  buildDate: '',
  goVersion: `node${process.versions.node}`,
};

/** ConfigRuntime is everything built from one alertmanager.yml; a reload builds a new one and swaps. */
export interface ConfigRuntime {
  config: AlertmanagerConfig;
  route: Route;
  dispatcher: Dispatcher;
  inhibitor: Inhibitor;
  intervener: Intervener;
}

/** AlertmanagerService is a built, not yet listening alertmanager. */
export interface AlertmanagerService {
  app: FastifyInstance;
  store: AlertStore;
  silences: Silences;
  registry: Registry;
  /** The runtime of the config in force. */
  current(): ConfigRuntime;
  /** Reloads alertmanager.yml all or nothing; rejects (keeping the old config) when the new one is invalid. */
  reload(): Promise<void>;
  close(): Promise<void>;
}

/** buildAlertmanagerService builds the alertmanager from its options and restores its state from Redis. */
export async function buildAlertmanagerService(
  opts: AlertmanagerOptions,
  logger: Logger,
): Promise<AlertmanagerService> {
  let config = await loadAlertmanagerConfig(opts.configFile);
  const webConfig = opts.webConfigFile ? await WebConfigFile.open(opts.webConfigFile) : undefined;
  const externalUrl =
    opts.externalUrl ?? `http://${hostname()}:${parseListenAddress(opts.listenAddress).port}`;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const redis: Redis = createRedisConnection({
    role: 'worker',
    url: opts.redisUrl,
    connectionName: 'vigil-alertmanager',
    onError: (err) => logger.warn({ err: err.message }, 'Redis connection error'),
  });
  await waitForRedisReady(redis, REDIS_STARTUP_WAIT_MS).catch(() =>
    logger.warn({ redis: opts.redisUrl }, 'Redis is not reachable yet: state is restored once it answers'),
  );

  const store = new AlertStore({
    persistence: new RedisAlertPersistence({ redis, keyPrefix: REDIS_KEY_PREFIX, logger }),
    gcIntervalMs: opts.alertGcIntervalMs,
    logger,
  });
  const silences = new Silences({
    store: new RedisSilenceStore({ redis, keyPrefix: REDIS_KEY_PREFIX, logger }),
    retentionMs: opts.dataRetentionMs,
    logger,
  });
  const silencer = new Silencer(silences);
  const nflog = new RedisNotificationLog({
    redis,
    keyPrefix: REDIS_KEY_PREFIX,
    retentionMs: opts.dataRetentionMs,
    registry,
    logger,
  });
  const pipelines = new PipelineBuilder({ registry, logger });
  const loadedAlerts = await store.load();
  const loadedSilences = await silences.load();
  logger.info({ alerts: loadedAlerts, silences: loadedSilences }, 'State restored from Redis');

  // Alerts from the queue count like alerts posted to the API, under Alertmanager's metric names.
  const intakeMetrics = newApiAlertMetrics(registry);
  const marker = new GroupMuteMarker();

  /**
   * buildRuntime makes the config-dependent parts; nothing runs until start. Templates are compiled and every
   * integration is built here, so a broken template or receiver fails the load, never a notification.
   */
  const buildRuntime = async (cfg: AlertmanagerConfig): Promise<ConfigRuntime> => {
    const route = Route.fromConfig(cfg.route);
    const inhibitor = new Inhibitor(cfg.inhibitRules);
    const intervener = new Intervener(timeIntervalsByName(cfg));
    const templates = await loadTemplates(cfg.templates);
    const integrations = buildReceiverIntegrations(cfg.receivers, {
      webhook: webhookFactory({ externalUrl }),
      email: emailFactory({ externalUrl, templates }),
      slack: slackFactory({ externalUrl, templates }),
    });
    const pipeline = pipelines.build(integrations, {
      inhibitor,
      silencer,
      timeMuter: intervener,
      notificationLog: nflog,
      marker,
    });
    const dispatcher = new Dispatcher({ route, alerts: store, notify: pipeline.notify, logger });
    return { config: cfg, route, dispatcher, inhibitor, intervener };
  };
  const start = (rt: ConfigRuntime): (() => void) => {
    for (const a of store.list()) rt.inhibitor.put(a);
    const unsubscribe = store.subscribe((alerts) => alerts.forEach((a) => rt.inhibitor.put(a)));
    rt.dispatcher.start();
    return unsubscribe;
  };

  let runtime: ConfigRuntime;
  try {
    runtime = await buildRuntime(config);
  } catch (err) {
    // A broken template or receiver: let the process exit instead of idling on an open Redis connection.
    await closeRedis(redis);
    throw err;
  }
  let stopRuntime = start(runtime);
  store.startGc();
  // Alertmanager's maintenance: expired silences past retention and resolved inhibition sources go away.
  const maintenance = setInterval(() => {
    void silences.gc();
    runtime.inhibitor.gc();
  }, MAINTENANCE_INTERVAL_MS);
  maintenance.unref();

  const queueJobs = new Counter({
    name: 'vigil_alertmanager_queue_jobs_total',
    help: 'Alert batch jobs taken off the queue: processed, invalid (breaks the contract), failed (any failed attempt, invalid ones included).',
    labelNames: ['result'],
    registers: [registry],
  });
  for (const result of ['processed', 'invalid', 'failed']) queueJobs.inc({ result }, 0);
  const intake = new AlertQueueConsumer({
    connection: redis,
    queueName: opts.queueName,
    handler: async (job) => {
      const result = normalizeAlerts(job.alerts, {
        now: Date.now(),
        resolveTimeoutMs: config.global.resolveTimeout,
      });
      intakeMetrics.received('firing', result.firing);
      intakeMetrics.received('resolved', result.resolved);
      if (result.errors.length > 0) {
        intakeMetrics.invalid(result.errors.length);
        logger.warn(
          { source: job.source.instance, errors: result.errors },
          'Invalid alerts in a queued batch',
        );
      }
      await store.put(result.alerts);
      queueJobs.inc({ result: 'processed' });
    },
    onInvalid: (jobId, errors) => {
      queueJobs.inc({ result: 'invalid' });
      logger.warn({ jobId, errors }, 'Rejected a queue job that breaks the contract');
    },
    onFailed: () => queueJobs.inc({ result: 'failed' }),
    onError: (err) => logger.warn({ err: err.message }, 'Queue worker error'),
  });

  registerStateMetrics(registry, {
    alerts: () =>
      store.countByState(Date.now(), (a) =>
        silencer.silencedBy(a.labels, a.fingerprint).length > 0 || runtime.inhibitor.mutes(a.labels)
          ? 'suppressed'
          : 'active',
      ),
    silences: (state) => silences.countState(state),
    aggregationGroups: () => runtime.dispatcher.groupCount(),
  });

  const reloadGauge = new Gauge({
    name: 'alertmanager_config_last_reload_successful',
    help: 'Whether the last configuration reload attempt was successful.',
    registers: [registry],
  });
  reloadGauge.set(1);
  const reload = async (): Promise<void> => {
    let next: ConfigRuntime;
    try {
      const cfg = await loadAlertmanagerConfig(opts.configFile);
      next = await buildRuntime(cfg);
    } catch (err) {
      reloadGauge.set(0);
      logger.error({ err: errorText(err) }, 'Reload refused; keeping the current configuration');
      throw err;
    }
    stopRuntime();
    runtime.dispatcher.stop();
    runtime = next;
    config = next.config;
    stopRuntime = start(runtime);
    reloadGauge.set(1);
    logger.info({ file: opts.configFile }, 'Configuration reloaded');
  };

  let ready = true;
  const startedAt = Date.now();
  // Rule-managers and Prometheus post batches of up to thousands of alerts; Alertmanager sets no limit.
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 * 1024 });
  // Before every route: writes need the web config's credentials, reads stay open.
  if (webConfig) await app.register(writeAuth, { webConfig, logger });
  await app.register(alertmanagerApi, {
    alerts: store,
    silences,
    silencer,
    current: () => runtime,
    groupMutedBy: marker.mutedBy,
    startedAt,
    versionInfo: VERSION_INFO,
    registry,
  });
  await app.register(lifecycleApi, { serviceName: 'Vigil alertmanager', isReady: () => ready, reload });
  await app.register(metricsApi, { registry });
  await app.register(uiStatic);

  return {
    app,
    store,
    silences,
    registry,
    current: () => runtime,
    reload,
    close: async () => {
      ready = false;
      clearInterval(maintenance);
      await intake.close();
      stopRuntime();
      runtime.dispatcher.stop();
      store.stop();
      await store.flush();
      await app.close();
      await closeRedis(redis);
    },
  };
}

function errorText(err: unknown): string {
  return err instanceof ConfigError || err instanceof Error ? err.message : String(err);
}

/** StateSources are what the state gauges read at scrape time. */
interface StateSources {
  alerts: () => Record<'active' | 'suppressed' | 'unprocessed', number>;
  silences: (state: 'active' | 'pending' | 'expired') => number;
  aggregationGroups: () => number;
}

/** registerStateMetrics exports Alertmanager's state gauges, read at each scrape. */
function registerStateMetrics(registry: Registry, src: StateSources): void {
  new Gauge({
    name: 'alertmanager_alerts',
    help: 'How many alerts by state.',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const counts = src.alerts();
      for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
    },
  });
  new Gauge({
    name: 'alertmanager_silences',
    help: 'How many silences by state.',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      for (const state of ['active', 'pending', 'expired'] as const) this.set({ state }, src.silences(state));
    },
  });
  new Gauge({
    name: 'alertmanager_dispatcher_aggregation_groups',
    help: 'Number of active aggregation groups',
    registers: [registry],
    collect() {
      this.set(src.aggregationGroups());
    },
  });
}
