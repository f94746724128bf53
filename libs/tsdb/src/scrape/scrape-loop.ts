// The per-target scrape loop: scrape at a fixed offset within the interval, label and relabel samples, append
// them with report series (`up`, ...), and write staleness markers for series that went away.
import { Fnv1a64, STALE_NAN, type Labels } from '@vigil/model';
import { appendWithRef, type AppendError, type Appendable, type Appender } from '../appender';
import { ExpositionReader, formatFromContentType, type ExpositionFormat } from './exposition';
import { relabel, type CompiledRelabel } from './relabel';
import type { ScrapeResponse, Scraper } from './scrape-client';
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

/** fnv64a hashes text as FNV-1a 64 over its UTF-8 bytes (@vigil/model's Fnv1a64, as a BigInt). */
export function fnv64a(text: string): bigint {
  return new Fnv1a64().addString(text).value();
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

/** SeriesState is one final series (after target labels and metric relabeling) a loop appends to. */
interface SeriesState {
  labels: Labels;
  /** The store's ref for it (0 until known). */
  ref: number;
  /** Scrape iteration it last got a sample in (duplicates within one scrape are dropped). */
  seenIter: number;
  /** Scrape iteration it last got a sample without an explicit timestamp in (tracked for staleness). */
  noTsIter: number;
}

/** CacheEntry is what a raw series text of the exposition stands for: a series, or null when relabeling drops it. */
interface CacheEntry {
  text: string;
  state: SeriesState | null;
  lastIter: number;
}

/** ScrapeLoop scrapes one target on its interval until stopped and keeps its state for the targets API. */
export class ScrapeLoop {
  health: TargetHealth = 'unknown';
  lastError = '';
  /** Start of the last scrape, ms since the epoch; 0 before the first. */
  lastScrapeMs = 0;
  lastScrapeDurationMs = 0;
  readonly refused: RefusedCounts = { out_of_order: 0, out_of_bounds: 0, duplicate_timestamp: 0 };
  /**
   * The scrape cache (Prometheus's scrapeCache): raw series text (metric name and label block as exposed) to
   * its final series, so a steady-state scrape neither parses labels nor relabels nor looks series up. Valid for
   * this loop's config (a config change makes a new loop) and one exposition format.
   */
  #cache = new Map<string, CacheEntry>();
  #cacheFormat: ExpositionFormat | undefined;
  /**
   * The cache entries of the last scrape's sample lines in order: targets expose the same lines in the same order
   * scrape after scrape, so the entry of line i is usually the same, confirmed by comparing text in place.
   */
  #order: CacheEntry[] = [];
  /** Final series by labelsKey; those with noTsIter === #iter - 1 are the previous scrape's, tracked for staleness. */
  #series = new Map<string, SeriesState>();
  /** Successful scrape's cache size, for bounding the cache across failing scrapes (as Prometheus). */
  #successfulCount = 0;
  /** Number of the current (or next) scrape; the previous scrape is #iter - 1. */
  #iter = 1;
  readonly #report: SeriesState[];
  // The rows of the scrape being appended (reused between scrapes).
  #rowState: SeriesState[] = [];
  #rowT: number[] = [];
  #rowV: number[] = [];
  #rowExplicit: boolean[] = [];
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
    this.#report = REPORT_NAMES.map((name) => newState({ ...this.#publicLabels, __name__: name }));
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
    const prev = this.#iter - 1;
    for (const st of this.#series.values()) if (st.noTsIter === prev) this.#append(app, st, t, STALE_NAN);
    for (const st of this.#report) this.#append(app, st, t, STALE_NAN);
    this.#series.clear();
    this.#cache.clear();
    this.#order = [];
    try {
      await app.commit();
    } catch {
      // The store failed; nothing more a stopped loop can do.
    }
  }

  /** adopt takes over the state of the loop this one replaces (same target, new config). */
  adopt(old: ScrapeLoop): void {
    // Only the previous scrape's series carry over (for staleness); the raw-text cache depends on the config.
    const oldPrev = old.#iter - 1;
    const prev = this.#iter - 1;
    this.#series = new Map();
    for (const [key, st] of old.#series) {
      if (st.noTsIter !== oldPrev) continue;
      this.#series.set(key, { labels: st.labels, ref: st.ref, seenIter: -1, noTsIter: prev });
    }
    this.health = old.health;
    this.lastError = old.lastError;
    this.lastScrapeMs = old.lastScrapeMs;
    this.lastScrapeDurationMs = old.lastScrapeDurationMs;
    Object.assign(this.refused, old.refused);
  }

  #append(app: Appender, st: SeriesState, t: number, v: number): boolean {
    const r = appendWithRef(app, st.ref, st.labels, t, v);
    if (typeof r === 'number') {
      st.ref = r;
      return true;
    }
    this.refused[r]++;
    return false;
  }

  /** scrapeOnce scrapes the target now and appends the result; never throws (errors become `up` 0). */
  async scrapeOnce(): Promise<void> {
    const { clock, scraper, url, timeoutMs } = this.opts;
    const start = clock.now();
    let error = '';
    let res: ScrapeResponse | undefined;
    try {
      res = await scraper(url, timeoutMs, this.#abort.signal);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    // From here to the commit nothing awaits: the iteration and the row arrays are this scrape's alone.
    const iter = this.#iter;
    /** The rows collected; undefined when the scrape or the body failed (then nothing of it is appended). */
    let rows: Rows | undefined;
    if (res !== undefined) {
      try {
        rows = this.#collect(res.body, formatFromContentType(res.contentType), start, iter);
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
      }
    }
    if (this.#stopped && error !== '') return;
    const app = this.opts.appendable.appender();
    let scraped = 0;
    let post = 0;
    let added = 0;
    if (rows !== undefined) {
      if (rows.error !== undefined) {
        error = rows.error;
        scraped = rows.lines;
      } else {
        scraped = rows.lines;
        post = rows.count;
        added = this.#appendRows(app, rows.count, iter);
      }
    }
    const failed = error !== '';
    const prev = iter - 1;
    for (const st of this.#series.values()) {
      if (st.noTsIter === prev) this.#append(app, st, start, STALE_NAN);
    }
    this.#iter = iter + 1;
    this.#trimCache(iter, !failed);
    const end = clock.now();
    const report = this.#report;
    this.#append(app, report[0] as SeriesState, start, failed ? 0 : 1);
    this.#append(app, report[1] as SeriesState, start, (end - start) / 1000);
    this.#append(app, report[2] as SeriesState, start, scraped);
    this.#append(app, report[3] as SeriesState, start, failed ? 0 : post);
    this.#append(app, report[4] as SeriesState, start, failed ? 0 : added);
    try {
      await app.commit();
    } catch (err) {
      error ||= `commit: ${err instanceof Error ? err.message : String(err)}`;
    }
    this.health = error === '' ? 'up' : 'down';
    this.lastError = error;
    this.lastScrapeMs = start;
    this.lastScrapeDurationMs = end - start;
  }

  /**
   * #collect reads the body into the row arrays, through the scrape cache: a known series text costs a map
   * lookup; a new one is labelled, relabelled and cached. Throws ExpositionError for a bad body; a label problem
   * or the sample limit is `error` (the rest of the body is still checked, as parse errors take precedence).
   */
  #collect(body: string, format: ExpositionFormat, start: number, iter: number): Rows {
    const { honorLabels, honorTimestamps, metricRelabel, sampleLimit, labelLimit } = this.opts;
    if (format !== this.#cacheFormat) {
      // The two formats accept different label syntax: a text validated for one says nothing of the other.
      this.#cache.clear();
      this.#order = [];
      this.#cacheFormat = format;
    }
    const cache = this.#cache;
    const order = this.#order;
    const r = new ExpositionReader(body, format);
    let lines = 0;
    let n = 0;
    let error: string | undefined;
    for (;;) {
      let e = order[lines];
      if (!r.next(e?.text)) break;
      lines++;
      if (error !== undefined) {
        r.labels();
        continue;
      }
      if (!r.expected) e = cache.get(r.series);
      if (e === undefined) {
        const labels = sampleLabels(r.labels(), this.#publicLabels, honorLabels, metricRelabel);
        let state: SeriesState | null = null;
        if (labels !== undefined && Object.keys(labels).length > 0) {
          if (!labels['__name__']) {
            error = 'missing metric name (__name__ label)';
            continue;
          }
          const count = Object.keys(labels).length;
          if (labelLimit > 0 && count > labelLimit) {
            const name = (labels['__name__'] ?? '').slice(0, 50);
            error = `label_limit exceeded (metric: ${name}, number of labels: ${count}, limit: ${labelLimit})`;
            continue;
          }
          const key = labelsKey(labels);
          state = this.#series.get(key) ?? null;
          if (state === null) {
            state = newState(labels);
            this.#series.set(key, state);
          }
        }
        e = { text: r.series, state, lastIter: iter };
        cache.set(e.text, e);
      }
      e.lastIter = iter;
      order[lines - 1] = e;
      const state = e.state;
      if (state === null) continue;
      const explicit = honorTimestamps && r.timestampMs !== undefined;
      this.#rowState[n] = state;
      this.#rowT[n] = explicit ? (r.timestampMs as number) : start;
      this.#rowV[n] = r.value;
      this.#rowExplicit[n] = explicit;
      n++;
    }
    if (order.length > lines) order.length = lines;
    if (error === undefined && sampleLimit > 0 && n > sampleLimit) error = 'sample limit exceeded';
    return error === undefined ? { lines, count: n } : { lines, count: n, error };
  }

  /** #appendRows appends the collected rows; returns how many were of series not in the previous scrape. */
  #appendRows(app: Appender, n: number, iter: number): number {
    const prev = iter - 1;
    let added = 0;
    for (let i = 0; i < n; i++) {
      const st = this.#rowState[i] as SeriesState;
      // A series twice in one scrape: Prometheus keeps the first.
      if (st.seenIter === iter) {
        this.refused.duplicate_timestamp++;
        continue;
      }
      st.seenIter = iter;
      if (st.noTsIter !== prev) added++;
      this.#append(app, st, this.#rowT[i] as number, this.#rowV[i] as number);
      if (!(this.#rowExplicit[i] as boolean)) st.noTsIter = iter;
    }
    // Drop the references so a shrinking target's states can be collected.
    this.#rowState.length = Math.min(this.#rowState.length, n);
    return added;
  }

  /**
   * #trimCache forgets cache entries and series not in scrape `iter` after a successful scrape, or whenever the
   * cache has more than doubled since the last successful one (varying labels in failing scrapes).
   */
  #trimCache(iter: number, success: boolean): void {
    const count = this.#cache.size + this.#series.size;
    let flush = success;
    if (success) this.#successfulCount = count;
    else if (count > this.#successfulCount * 2 + 1000) {
      flush = true;
      this.#successfulCount = count * 2;
    }
    if (!flush) return;
    if (!success) {
      // Nothing was appended: no series is the previous scrape's any more, and no entry is current.
      this.#cache.clear();
      this.#order = [];
      this.#series.clear();
      return;
    }
    // forEach, unlike for…of over entries, makes no [key, value] pair per entry.
    const cache = this.#cache;
    cache.forEach((e, text) => {
      if (e.lastIter !== iter) cache.delete(text);
    });
    const series = this.#series;
    series.forEach((st, key) => {
      if (st.seenIter !== iter && st.noTsIter !== iter) series.delete(key);
    });
  }
}

/** Rows is what #collect read: sample lines seen, rows kept, and why the scrape fails, if it does. */
interface Rows {
  lines: number;
  count: number;
  error?: string;
}

function newState(labels: Labels): SeriesState {
  return { labels, ref: 0, seenIter: -1, noTsIter: -1 };
}
