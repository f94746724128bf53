// One scrape job's targets: discovery (static and file), target building and one ScrapeLoop per target.
import type { Labels } from '@vigil/model';
import type { Appendable } from '../appender';
import { FileDiscovery } from './file-sd';
import { compileRelabelConfigs, type CompiledRelabel } from './relabel';
import { createScraper, type Scraper } from './scrape-client';
import type { ScrapeConfig, TargetGroup } from './scrape-config';
import { labelsKey, ScrapeLoop, type Clock } from './scrape-loop';
import { publicLabels, targetIntervals, targetsFromGroup, targetUrl } from './target';

/** ScrapePoolDeps are what a pool shares with the manager. */
export interface ScrapePoolDeps {
  appendable: Appendable;
  clock: Clock;
  offsetSeed: bigint;
  /** Reports problems that do not stop scraping (bad targets, unreadable discovery files). */
  onError: (message: string) => void;
}

/** PreparedPool is a config checked and compiled ahead of use, so applying a config cannot fail half-way. */
export interface PreparedPool {
  config: ScrapeConfig;
  relabel: CompiledRelabel[];
  metricRelabel: CompiledRelabel[];
  scraper: Scraper;
}

/** preparePool compiles a job's regexes and builds its HTTP client; throws naming the job on any problem. */
export function preparePool(config: ScrapeConfig, scraper?: Scraper): PreparedPool {
  const where = `scrape job ${JSON.stringify(config.jobName)}`;
  try {
    return {
      config,
      relabel: compileRelabelConfigs(config.relabelConfigs),
      metricRelabel: compileRelabelConfigs(config.metricRelabelConfigs),
      scraper: scraper ?? createScraper(config.http),
    };
  } catch (err) {
    throw new Error(`${where}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** DroppedTarget is a discovered target that relabeling dropped, kept for the targets API. */
export interface DroppedTarget {
  pool: string;
  discoveredLabels: Labels;
}

/** ScrapePool runs the loops of one job and follows its discovered targets. */
export class ScrapePool {
  readonly loops = new Map<string, ScrapeLoop>();
  dropped: DroppedTarget[] = [];
  #static: TargetGroup[];
  #fileGroups: TargetGroup[][];
  #discoveries: FileDiscovery[] = [];
  #stopped = false;
  #syncing: Promise<void> = Promise.resolve();

  constructor(
    readonly prepared: PreparedPool,
    private readonly deps: ScrapePoolDeps,
  ) {
    this.#static = prepared.config.staticConfigs;
    this.#fileGroups = prepared.config.fileSdConfigs.map(() => []);
  }

  /** name is the job name, which names the pool. */
  get name(): string {
    return this.prepared.config.jobName;
  }

  /**
   * start reads discovery once and starts the loops. `previous` is the pool this one replaces: its loops
   * hand over their series (so staleness continues) and stop; targets that no longer exist go stale.
   */
  async start(previous?: ScrapePool): Promise<void> {
    this.#discoveries = this.prepared.config.fileSdConfigs.map(
      (fc, i) =>
        new FileDiscovery(
          fc,
          (groups) => {
            this.#fileGroups[i] = groups;
            void this.sync();
          },
          this.deps.clock,
        ),
    );
    await Promise.all(
      this.#discoveries.map(async (d, i) => {
        await d.start();
        this.#fileGroups[i] = d.groups();
        for (const [file, msg] of d.errors) this.deps.onError(`${this.name}: file_sd ${file}: ${msg}`);
      }),
    );
    await this.sync(previous);
  }

  /** sync rebuilds the target list from the current groups, starting and stopping loops to match. */
  sync(previous?: ScrapePool): Promise<void> {
    // Discovery may fire while a sync runs; syncs run one after another.
    this.#syncing = this.#syncing.then(() => this.#sync(previous));
    return this.#syncing;
  }

  async #sync(previous?: ScrapePool): Promise<void> {
    if (this.#stopped) return;
    const { config, relabel, metricRelabel, scraper } = this.prepared;
    const groups = [...this.#static, ...this.#fileGroups.flat()];
    const wanted = new Map<string, { labels: Labels; discovered: Labels; url: string }>();
    const dropped: DroppedTarget[] = [];
    for (const group of groups) {
      for (const outcome of targetsFromGroup(config, relabel, group)) {
        if (outcome.kind === 'dropped')
          dropped.push({ pool: this.name, discoveredLabels: outcome.discoveredLabels });
        else if (outcome.kind === 'error')
          this.deps.onError(`${this.name}: target ${labelsKey(outcome.discoveredLabels)}: ${outcome.error}`);
        else {
          const url = targetUrl(outcome.labels, config.params);
          const key = `${labelsKey(outcome.labels)}|${url}`;
          if (!wanted.has(key))
            wanted.set(key, { labels: outcome.labels, discovered: outcome.discoveredLabels, url });
        }
      }
    }
    this.dropped = dropped;
    const stops: Promise<void>[] = [];
    for (const [key, loop] of this.loops) {
      if (!wanted.has(key)) {
        this.loops.delete(key);
        stops.push(loop.stop(true));
      }
    }
    // A replaced pool hands over loops by series identity (public labels and URL): changing only the
    // interval or timeout relabels `__` labels but must not make the target's series stale.
    const handover = new Map<string, ScrapeLoop>();
    for (const loop of previous?.loops.values() ?? []) {
      handover.set(`${labelsKey(publicLabels(loop.opts.labels))}|${loop.opts.url}`, loop);
    }
    for (const [key, t] of wanted) {
      if (this.loops.has(key)) continue;
      const { intervalMs, timeoutMs } = targetIntervals(t.labels);
      const loop = new ScrapeLoop({
        pool: this.name,
        labels: t.labels,
        discoveredLabels: t.discovered,
        url: t.url,
        intervalMs,
        timeoutMs,
        honorLabels: config.honorLabels,
        honorTimestamps: config.honorTimestamps,
        metricRelabel,
        sampleLimit: config.sampleLimit,
        labelLimit: config.labelLimit,
        scraper,
        appendable: this.deps.appendable,
        clock: this.deps.clock,
        offsetSeed: this.deps.offsetSeed,
      });
      const identity = `${labelsKey(publicLabels(t.labels))}|${t.url}`;
      const old = handover.get(identity);
      if (old && previous) {
        handover.delete(identity);
        for (const [k, l] of previous.loops) if (l === old) previous.loops.delete(k);
        stops.push(old.stop(false).then(() => loop.adopt(old)));
      }
      this.loops.set(key, loop);
    }
    await Promise.all(stops);
    if (previous) await previous.stop(true);
    if (this.#stopped) return;
    for (const loop of this.loops.values()) loop.start();
  }

  /** stop ends discovery and every loop; with `staleness` their series get staleness markers. */
  async stop(staleness: boolean): Promise<void> {
    this.#stopped = true;
    for (const d of this.#discoveries) d.stop();
    await this.#syncing;
    const loops = [...this.loops.values()];
    this.loops.clear();
    await Promise.all(loops.map((l) => l.stop(staleness)));
  }
}
