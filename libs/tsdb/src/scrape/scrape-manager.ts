// ScrapeManager runs one scrape pool per job and swaps configs all-or-nothing, keeping unchanged pools running.
import { isDeepStrictEqual } from 'node:util';
import type { Labels } from '@vigil/model';
import type { Appendable } from '../appender';
import type { Scraper } from './scrape-client';
import type { ScrapeConfig } from './scrape-config';
import { SYSTEM_CLOCK, type Clock, type RefusedCounts, type TargetHealth } from './scrape-loop';
import { preparePool, ScrapePool, type PreparedPool } from './scrape-pool';
import { publicLabels, SCRAPE_INTERVAL_LABEL, SCRAPE_TIMEOUT_LABEL } from './target';

/** ScrapeManagerOptions are the manager's dependencies. */
export interface ScrapeManagerOptions {
  appendable: Appendable;
  /** Time and timers (the system clock by default). */
  clock?: Clock;
  /** Mixed into every target's scrape offset (Prometheus uses a hash of its external labels); 0 by default. */
  offsetSeed?: bigint;
  /** Builds the HTTP scraper of a job; tests may replace it (default: HTTP(S) with the job's auth and TLS). */
  scraperFactory?: (config: ScrapeConfig) => Scraper;
  /** Problems that do not stop scraping: invalid targets, unreadable discovery files. */
  onError?: (message: string) => void;
}

/** ActiveTargetView is one scraped target as the targets API shows it. */
export interface ActiveTargetView {
  scrapePool: string;
  discoveredLabels: Labels;
  /** The labels added to its samples (no `__` labels). */
  labels: Labels;
  scrapeUrl: string;
  lastError: string;
  /** ms since the epoch; 0 before the first scrape. */
  lastScrapeMs: number;
  lastScrapeDurationMs: number;
  health: TargetHealth;
  scrapeIntervalMs: number;
  scrapeTimeoutMs: number;
  /** The interval and timeout as the target's labels spell them (`__scrape_interval__`, `__scrape_timeout__`). */
  scrapeInterval: string;
  scrapeTimeout: string;
  /** Samples the store refused, by reason. */
  refused: RefusedCounts;
}

/** DroppedTargetView is one target relabeling dropped. */
export interface DroppedTargetView {
  scrapePool: string;
  discoveredLabels: Labels;
}

/** TargetRetriever is what the targets API reads; ScrapeManager implements it. */
export interface TargetRetriever {
  activeTargets(): ActiveTargetView[];
  droppedTargets(): DroppedTargetView[];
  /** Dropped targets per job, every job listed (0 when none). */
  droppedTargetCounts(): Record<string, number>;
}

/** ScrapeManager scrapes every job of the current config into an Appendable. */
export class ScrapeManager implements TargetRetriever {
  #pools = new Map<string, ScrapePool>();
  readonly #clock: Clock;
  #applying: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(private readonly opts: ScrapeManagerOptions) {
    this.#clock = opts.clock ?? SYSTEM_CLOCK;
  }

  /**
   * applyConfig makes `configs` the scraped set. Every job is checked first (unique names, valid regexes,
   * readable TLS files); on any problem it throws and the running set is untouched. Jobs whose config is
   * unchanged keep running; changed ones restart with their targets' state carried over; removed ones stop
   * and their series get staleness markers.
   */
  applyConfig(configs: readonly ScrapeConfig[]): Promise<void> {
    const run = this.#applying.then(() => this.#apply(configs));
    this.#applying = run.catch(() => undefined);
    return run;
  }

  async #apply(configs: readonly ScrapeConfig[]): Promise<void> {
    if (this.#stopped) throw new Error('scrape manager is stopped');
    const names = new Set<string>();
    const prepared: PreparedPool[] = [];
    for (const c of configs) {
      if (names.has(c.jobName))
        throw new Error(`found multiple scrape configs with job name ${JSON.stringify(c.jobName)}`);
      names.add(c.jobName);
      const old = this.#pools.get(c.jobName);
      if (old && isDeepStrictEqual(old.prepared.config, c)) continue;
      prepared.push(preparePool(c, this.opts.scraperFactory?.(c)));
    }
    const deps = {
      appendable: this.opts.appendable,
      clock: this.#clock,
      offsetSeed: this.opts.offsetSeed ?? 0n,
      onError: this.opts.onError ?? (() => undefined),
    };
    const work: Promise<void>[] = [];
    for (const [name, pool] of this.#pools) {
      if (!names.has(name)) {
        this.#pools.delete(name);
        work.push(pool.stop(true));
      }
    }
    for (const p of prepared) {
      const previous = this.#pools.get(p.config.jobName);
      const pool = new ScrapePool(p, deps);
      this.#pools.set(p.config.jobName, pool);
      work.push(pool.start(previous));
    }
    await Promise.all(work);
  }

  /** activeTargets lists every scraped target, by job then discovery order. */
  activeTargets(): ActiveTargetView[] {
    const out: ActiveTargetView[] = [];
    for (const pool of this.#pools.values()) {
      for (const loop of pool.loops.values()) {
        const o = loop.opts;
        out.push({
          scrapePool: pool.name,
          discoveredLabels: o.discoveredLabels,
          labels: publicLabels(o.labels),
          scrapeUrl: o.url,
          lastError: loop.lastError,
          lastScrapeMs: loop.lastScrapeMs,
          lastScrapeDurationMs: loop.lastScrapeDurationMs,
          health: loop.health,
          scrapeIntervalMs: o.intervalMs,
          scrapeTimeoutMs: o.timeoutMs,
          scrapeInterval: o.labels[SCRAPE_INTERVAL_LABEL] ?? '',
          scrapeTimeout: o.labels[SCRAPE_TIMEOUT_LABEL] ?? '',
          refused: { ...loop.refused },
        });
      }
    }
    return out;
  }

  /** droppedTargets lists the targets relabeling dropped, by job. */
  droppedTargets(): DroppedTargetView[] {
    return [...this.#pools.values()].flatMap((p) =>
      p.dropped.map((d) => ({ scrapePool: d.pool, discoveredLabels: d.discoveredLabels })),
    );
  }

  /** droppedTargetCounts counts the dropped targets of every job. */
  droppedTargetCounts(): Record<string, number> {
    return Object.fromEntries([...this.#pools.values()].map((p) => [p.name, p.dropped.length]));
  }

  /** poolNames lists the configured jobs. */
  poolNames(): string[] {
    return [...this.#pools.keys()];
  }

  /** stop ends every loop and discovery without staleness markers (the process is going away). */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#applying;
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((p) => p.stop(false)));
  }
}
