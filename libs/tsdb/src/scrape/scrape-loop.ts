// The per-target scrape loop: scrape at a fixed offset within the interval, label and relabel samples, append
// them with report series (`up`, ...), and write staleness markers for series that went away.
import { STALE_NAN, type Labels } from '@vigil/model';
import type { AppendError, Appendable, Appender } from '../appender';
import { formatFromContentType, parseExposition, type ScrapedSample } from './exposition';
import { relabel, type CompiledRelabel } from './relabel';
import type { Scraper } from './scrape-client';
import { publicLabels } from './target';

/** Clock is the time source and timer of the scrape loops; tests pass their own. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** SYSTEM_CLOCK is wall-clock time and node's timers. */
export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** TargetHealth is a target's state as the targets API shows it. */
export type TargetHealth = 'up' | 'down' | 'unknown';

/** RefusedCounts counts samples the store refused for one target, by reason (AppendError). */
export type RefusedCounts = Record<AppendError, number>;

/** ScrapeLoopOptions is everything one target's loop needs. */
export interface ScrapeLoopOptions {
  pool: string;
  /** The target's labels after relabeling (with `__` labels). */
  labels: Labels;
  discoveredLabels: Labels;
  url: string;
  intervalMs: number;
  timeoutMs: number;
  honorLabels: boolean;
  honorTimestamps: boolean;
  metricRelabel: readonly CompiledRelabel[];
  sampleLimit: number;
  labelLimit: number;
  scraper: Scraper;
  appendable: Appendable;
  clock: Clock;
  /** Mixed into the target hash that spreads first scrapes over the interval. */
  offsetSeed: bigint;
}

const REPORT_NAMES = [
  'up',
  'scrape_duration_seconds',
  'scrape_samples_scraped',
  'scrape_samples_post_metric_relabeling',
  'scrape_series_added',
] as const;

/** labelsKey is a canonical string for a label set (sorted pairs). */
export function labelsKey(labels: Labels): string {
  return JSON.stringify(Object.entries(labels).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK64 = (1n << 64n) - 1n;

/** fnv64a hashes text as FNV-1a 64 over its UTF-8 bytes. */
export function fnv64a(text: string): bigint {
  let h = FNV_OFFSET;
  for (const b of Buffer.from(text, 'utf8')) h = ((h ^ BigInt(b)) * FNV_PRIME) & MASK64;
  return h;
}

/**
 * scrapeOffsetMs is how long to wait before a target's first scrape, as Prometheus computes it: each target
 * scrapes at its own fixed point within the interval, given by a hash of its labels and URL.
 */
export function scrapeOffsetMs(targetHash: bigint, seed: bigint, intervalMs: number, nowMs: number): number {
  const base = intervalMs - (nowMs % intervalMs);
  const offset = Number((targetHash ^ seed) % BigInt(intervalMs));
  let next = base + offset;
  if (next > intervalMs) next -= intervalMs;
  return next;
}

/**
 * sampleLabels adds the target's labels to a scraped sample (honor_labels: exposed labels win; otherwise the
 * exposed ones are kept as `exported_<name>`) and applies metric_relabel_configs.
 */
export function sampleLabels(
  exposed: Labels,
  target: Labels,
  honorLabels: boolean,
  rules: readonly CompiledRelabel[],
): Labels | undefined {
  const lb: Record<string, string> = { ...exposed };
  if (honorLabels) {
    for (const [k, v] of Object.entries(target)) if (!(k in exposed)) lb[k] = v;
  } else {
    const conflicts: Array<[string, string]> = [];
    for (const [k, v] of Object.entries(target)) {
      const existing = exposed[k];
      if (existing !== undefined && existing !== '') conflicts.push([k, existing]);
      if (v === '') delete lb[k];
      else lb[k] = v;
    }
    conflicts.sort((a, b) => a[0].length - b[0].length);
    for (const [name, value] of conflicts) {
      let newName = name;
      for (;;) {
        newName = `exported_${newName}`;
        if (!lb[newName]) {
          lb[newName] = value;
          break;
        }
      }
    }
  }
  return rules.length > 0 ? relabel(lb, rules) : lb;
}

/** ScrapeLoop scrapes one target on its interval until stopped and keeps its state for the targets API. */
export class ScrapeLoop {
  health: TargetHealth = 'unknown';
  lastError = '';
  /** Start of the last scrape, ms since the epoch; 0 before the first. */
  lastScrapeMs = 0;
  lastScrapeDurationMs = 0;
  readonly refused: RefusedCounts = { out_of_order: 0, out_of_bounds: 0, duplicate_timestamp: 0 };
  /** Series of the last scrape that had no explicit timestamp, by key: the ones staleness is tracked for. */
  #previous = new Map<string, Labels>();
  readonly #publicLabels: Labels;
  #timer: unknown;
  #running: Promise<void> | undefined;
  #abort = new AbortController();
  #stopped = false;
  #started = false;
  #firstAt = 0;
  #ticks = 0;

  constructor(readonly opts: ScrapeLoopOptions) {
    this.#publicLabels = publicLabels(opts.labels);
  }

  /** start schedules the first scrape at the target's offset, then one every interval. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    const { clock, intervalMs, offsetSeed } = this.opts;
    const hash = fnv64a(labelsKey(this.opts.labels) + this.opts.url);
    const wait = scrapeOffsetMs(hash, offsetSeed, intervalMs, clock.now());
    this.#firstAt = clock.now() + wait;
    this.#timer = clock.setTimeout(() => this.#tick(), wait);
  }

  #tick(): void {
    if (this.#stopped) return;
    this.#running = this.scrapeOnce()
      .catch((err: unknown) => {
        // Only a failing store gets here; keep the loop going and show the error on the target.
        this.health = 'down';
        this.lastError = err instanceof Error ? err.message : String(err);
      })
      .finally(() => {
        this.#running = undefined;
      });
    void this.#running.then(() => {
      if (this.#stopped) return;
      const { clock, intervalMs } = this.opts;
      // Keep the fixed phase; skip ticks a slow scrape overran.
      const now = clock.now();
      this.#ticks = Math.max(this.#ticks + 1, Math.ceil((now - this.#firstAt) / intervalMs));
      this.#timer = clock.setTimeout(
        () => this.#tick(),
        Math.max(0, this.#firstAt + this.#ticks * intervalMs - now),
      );
    });
  }

  /**
   * stop ends the loop, waiting for a scrape in flight. With `staleness` (the target went away), every series
   * of the last scrape and the report series get a staleness marker.
   */
  async stop(staleness: boolean): Promise<void> {
    this.#stopped = true;
    this.opts.clock.clearTimeout(this.#timer);
    this.#abort.abort();
    await this.#running;
    if (!staleness || this.lastScrapeMs === 0) return;
    const t = Math.max(this.opts.clock.now(), this.lastScrapeMs + 1);
    const app = this.opts.appendable.appender();
    for (const labels of this.#previous.values()) this.#append(app, labels, t, STALE_NAN);
    for (const name of REPORT_NAMES)
      this.#append(app, { ...this.#publicLabels, __name__: name }, t, STALE_NAN);
    this.#previous.clear();
    try {
      await app.commit();
    } catch {
      // The store failed; nothing more a stopped loop can do.
    }
  }

  /** adopt takes over the state of the loop this one replaces (same target, new config). */
  adopt(old: ScrapeLoop): void {
    this.#previous = new Map(old.#previous);
    this.health = old.health;
    this.lastError = old.lastError;
    this.lastScrapeMs = old.lastScrapeMs;
    this.lastScrapeDurationMs = old.lastScrapeDurationMs;
    Object.assign(this.refused, old.refused);
  }

  #append(app: Appender, labels: Labels, t: number, v: number): boolean {
    const err = app.append(labels, t, v);
    if (err === undefined) return true;
    this.refused[err]++;
    return false;
  }

  /** scrapeOnce scrapes the target now and appends the result; never throws (errors become `up` 0). */
  async scrapeOnce(): Promise<void> {
    const { clock, scraper, url, timeoutMs } = this.opts;
    const start = clock.now();
    let samples: ScrapedSample[] | undefined;
    let error = '';
    try {
      const res = await scraper(url, timeoutMs, this.#abort.signal);
      samples = parseExposition(res.body, formatFromContentType(res.contentType));
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    if (this.#stopped && error !== '') return;
    const app = this.opts.appendable.appender();
    let scraped = 0;
    let post = 0;
    let added = 0;
    let current = new Map<string, Labels>();
    if (samples !== undefined) {
      const result = this.#appendSamples(app, samples, start);
      if (typeof result === 'string') {
        error = result;
        app.rollback();
      } else {
        ({ scraped, post, added, current } = result);
      }
    }
    const failed = error !== '';
    const out = failed ? this.opts.appendable.appender() : app;
    if (failed) scraped = samples?.length ?? 0;
    for (const [key, labels] of this.#previous) {
      if (!current.has(key)) this.#append(out, labels, start, STALE_NAN);
    }
    this.#previous = current;
    const end = clock.now();
    const report: Array<[string, number]> = [
      ['up', failed ? 0 : 1],
      ['scrape_duration_seconds', (end - start) / 1000],
      ['scrape_samples_scraped', scraped],
      ['scrape_samples_post_metric_relabeling', failed ? 0 : post],
      ['scrape_series_added', failed ? 0 : added],
    ];
    for (const [name, v] of report) this.#append(out, { ...this.#publicLabels, __name__: name }, start, v);
    try {
      await out.commit();
    } catch (err) {
      error ||= `commit: ${err instanceof Error ? err.message : String(err)}`;
    }
    this.health = error === '' ? 'up' : 'down';
    this.lastError = error;
    this.lastScrapeMs = start;
    this.lastScrapeDurationMs = end - start;
  }

  #appendSamples(
    app: Appender,
    samples: ScrapedSample[],
    start: number,
  ): string | { scraped: number; post: number; added: number; current: Map<string, Labels> } {
    const { honorLabels, honorTimestamps, metricRelabel, sampleLimit, labelLimit } = this.opts;
    const current = new Map<string, Labels>();
    const seen = new Set<string>();
    const rows: Array<[Labels, number, number, string, boolean]> = [];
    let added = 0;
    for (const s of samples) {
      const labels = sampleLabels(s.labels, this.#publicLabels, honorLabels, metricRelabel);
      if (labels === undefined || Object.keys(labels).length === 0) continue;
      if (!labels['__name__']) return 'missing metric name (__name__ label)';
      const n = Object.keys(labels).length;
      if (labelLimit > 0 && n > labelLimit) {
        const name = (labels['__name__'] ?? '').slice(0, 50);
        return `label_limit exceeded (metric: ${name}, number of labels: ${n}, limit: ${labelLimit})`;
      }
      const explicit = honorTimestamps && s.timestampMs !== undefined;
      const t = explicit ? (s.timestampMs ?? start) : start;
      const key = labelsKey(labels);
      rows.push([labels, t, s.value, key, explicit]);
    }
    if (sampleLimit > 0 && rows.length > sampleLimit) return 'sample limit exceeded';
    for (const [labels, t, v, key, explicit] of rows) {
      // A series twice in one scrape: Prometheus keeps the first.
      if (seen.has(key)) {
        this.refused.duplicate_timestamp++;
        continue;
      }
      seen.add(key);
      if (!this.#previous.has(key)) added++;
      this.#append(app, labels, t, v);
      if (!explicit) current.set(key, labels);
    }
    return { scraped: samples.length, post: rows.length, added, current };
  }
}
