// The embedded store wired together: the TSDB on disk, the PromQL engine over it, scraping into it, and the
// HTTP APIs (query, remote-write receiver, targets) that let Grafana and Prometheus senders use it.
import type { FastifyInstance } from 'fastify';
import { Gauge, type Registry } from 'prom-client';
import type { Sample } from '@vigil/model';
import { Engine, type EngineOptions } from '@vigil/promql';
import type { Logger } from '@vigil/service-kit';
import { ScrapeManager, Tsdb, type ScrapeConfig, type TsdbStats } from '@vigil/tsdb';
import { queryApi } from './api/query-api';
import {
  newRemoteWriteCounters,
  registerRemoteWriteReceiverMetrics,
  remoteWriteApi,
} from './api/remote-write-api';
import { targetsApi } from './api/targets-api';
import { EngineDatasource } from './datasource';
import type { Datasource } from './datasource';
import type { RuleManagerOptions } from './options';

/** EmbeddedStore is the rule-manager's own storage and query path, used when no --datasource.url is given. */
export interface EmbeddedStore {
  datasource: Datasource;
  /** Stores samples a rule group produced (recording rules, ALERTS, stale markers), visible once resolved. */
  appendSamples(samples: readonly Sample[]): Promise<void>;
  /** Starts, changes or stops scrape jobs to match the config (all-or-nothing). */
  applyScrapeConfigs(configs: readonly ScrapeConfig[]): Promise<void>;
  /** Registers the query, remote-write and targets APIs. */
  registerRoutes(app: FastifyInstance): Promise<void>;
  /** Stops scraping and closes the store (the WAL is flushed). */
  close(): Promise<void>;
}

/** openEmbeddedStore opens (replaying its WAL) the store under `--storage.tsdb.path` and builds its parts. */
export async function openEmbeddedStore(
  opts: RuleManagerOptions,
  logger: Logger,
  registry: Registry,
): Promise<EmbeddedStore> {
  const tsdb = await Tsdb.open({
    dir: opts.storagePath,
    retentionMs: opts.retentionTimeMs,
    retentionBytes: opts.retentionSizeBytes,
    logger: { info: (msg) => logger.info(msg), warn: (msg) => logger.warn(msg) },
  });
  const replay = tsdb.stats().replay;
  logger.info(
    {
      path: opts.storagePath,
      series: replay.series,
      samples: replay.samples,
      replayMs: Math.round(replay.durationMs),
    },
    'Embedded store opened (WAL replayed)',
  );
  const engineOptions: EngineOptions = {
    lookbackDeltaMs: opts.lookbackDeltaMs,
    timeoutMs: opts.queryTimeoutMs,
    maxSamples: opts.queryMaxSamples,
  };
  const engine = new Engine(tsdb, engineOptions);
  const scrapeManager = new ScrapeManager({
    appendable: tsdb,
    onError: (message) => logger.warn({ component: 'scrape' }, message),
  });
  const remoteWrite = newRemoteWriteCounters();
  registerStoreMetrics(registry, tsdb, remoteWrite);

  let refusedLogged = 0;
  const appendSamples = async (samples: readonly Sample[]): Promise<void> => {
    const app = tsdb.appender();
    let refused = 0;
    for (const s of samples) if (app.append(s.labels, s.t, s.v) !== undefined) refused++;
    await app.commit();
    // Prometheus logs refused rule output (it happens when two rules write the same series) and goes on.
    if (refused > 0 && Date.now() - refusedLogged > 60_000) {
      refusedLogged = Date.now();
      logger.warn({ refused }, 'Rule output refused by the store (out of order or duplicate samples)');
    }
  };

  return {
    datasource: new EngineDatasource(engine),
    appendSamples,
    applyScrapeConfigs: (configs) => scrapeManager.applyConfig(configs),
    registerRoutes: async (app) => {
      await app.register(queryApi, { engine, querier: tsdb, engineOptions });
      await app.register(remoteWriteApi, { appendable: tsdb, counters: remoteWrite });
      await app.register(targetsApi, {
        retriever: scrapeManager,
        listenAddress: opts.listenAddress,
        ...(opts.externalUrl ? { externalUrl: opts.externalUrl } : {}),
      });
    },
    close: async () => {
      await scrapeManager.stop();
      await tsdb.close();
    },
  };
}

/** registerStoreMetrics exports the store's state under Prometheus's metric names. */
function registerStoreMetrics(
  registry: Registry,
  tsdb: Tsdb,
  remoteWrite: ReturnType<typeof newRemoteWriteCounters>,
): void {
  // stats() walks the whole head; one /metrics scrape collects every gauge in the same tick, so they share one.
  let snapshot: TsdbStats | undefined;
  const stats = (): TsdbStats => {
    if (snapshot === undefined) {
      snapshot = tsdb.stats();
      setImmediate(() => (snapshot = undefined));
    }
    return snapshot;
  };
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  gauge('prometheus_tsdb_head_series', 'Series in the head block.', () => stats().series);
  gauge('prometheus_tsdb_head_chunks', 'Chunks in the head block.', () => stats().headChunks);
  gauge(
    'prometheus_tsdb_head_samples_appended_total',
    'Samples appended to the head.',
    () => stats().samplesAppended,
  );
  gauge('prometheus_tsdb_head_min_time', 'Lowest timestamp in the head (ms).', () => stats().headMinT);
  gauge('prometheus_tsdb_head_max_time', 'Highest timestamp in the head (ms).', () => stats().headMaxT);
  gauge('prometheus_tsdb_blocks_loaded', 'Blocks on disk.', () => tsdb.blockMetas().length);
  gauge('prometheus_tsdb_wal_storage_size_bytes', 'Size of the WAL.', () => stats().walBytes);
  new Gauge({
    name: 'vigil_tsdb_refused_samples_total',
    help: 'Samples the store refused, by reason (out_of_order, out_of_bounds, duplicate_timestamp).',
    labelNames: ['reason'],
    registers: [registry],
    collect() {
      for (const [reason, n] of Object.entries(stats().refused)) this.set({ reason }, n);
    },
  });
  registerRemoteWriteReceiverMetrics(registry, remoteWrite);
}
