// The store: head + WAL + blocks behind the Appendable and Querier interfaces (Prometheus's tsdb.DB).
//
// Directory layout: <dir>/lock (owner pid), <dir>/wal/NNNNNNNN segments and wal/checkpoint.NNNNNNNN/,
// <dir>/<ULID>/ blocks (see block.ts). Policies, and where they differ from Prometheus:
// - Durability: a commit is one write(2) to the current WAL segment before it resolves (survives a process
//   crash); fsync happens on segment rotation, checkpoint and close, or per commit with walFsync: 'commit'.
// - Compaction (timer, or compact()): while the head spans > 1.5 block ranges, the oldest aligned range is
//   written as a block, the head truncated, and the WAL checkpointed (live series, samples after the cut).
//   It runs synchronously on the event loop (seconds for a big head); appends wait meanwhile.
// - Out of order: samples within outOfOrderTimeWindowMs of the head's newest sample are kept beside the
//   in-order chunks and merged at query and compaction time; unlike Prometheus, nothing older than the last
//   block's end is accepted (no out-of-order blocks), such samples are 'out_of_bounds'.
// - Retention: a block is deleted once the newest data (blocks or head) is retentionMs past its end, and oldest
//   blocks go while blocks + WAL exceed retentionBytes.
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Labels } from '@vigil/model';
import {
  seriesKey,
  seriesLabelNames,
  seriesLabelValues,
  type Matcher,
  type Querier,
  type SeriesData,
} from '@vigil/promql';
import type { AppendError, Appendable, Appender } from './appender';
import { Block, writeBlock, type BlockSeriesInput, type KeyedSeries } from './block';
import { Head } from './head';
import { HeadAppender } from './head-appender';
import { acquireLock, releaseLock } from './lock';
import { SampleArena, mergeRuns } from './sample-buffer';
import { DEFAULT_SEGMENT_BYTES, Wal, type Logger, type ReplayResult } from './wal';
import type { WalRecord } from './wal-record';

/** TsdbOptions configure a store; times are milliseconds. */
export interface TsdbOptions {
  /** Directory holding the WAL (wal/), blocks (one directory each) and the lock file. */
  dir: string;
  /** Time range of one block; the head is cut when it spans 1.5× this. Default 2 h. */
  blockRangeMs?: number;
  /** Blocks whose data ends this long before the newest data are deleted. Default 15 d; 0 = off. */
  retentionMs?: number;
  /** Oldest blocks are deleted while blocks + WAL exceed this many bytes. Default 0 = off. */
  retentionBytes?: number;
  /** Samples this much older than the newest one are still accepted (Prometheus's out_of_order_time_window). */
  outOfOrderTimeWindowMs?: number;
  /** WAL segment size limit. Default 128 MiB. */
  walSegmentBytes?: number;
  /** 'segment' (default): fsync when a WAL segment is closed; 'commit': fsync every commit. */
  walFsync?: 'segment' | 'commit';
  /** How often the background task compacts and applies retention. Default 1 min; 0 = no timer. */
  maintenanceIntervalMs?: number;
  logger?: Logger;
}

/** DEFAULT_BLOCK_RANGE_MS is Prometheus's 2 h block range. */
export const DEFAULT_BLOCK_RANGE_MS = 2 * 60 * 60 * 1000;
/** DEFAULT_RETENTION_MS is Prometheus's 15 d time retention. */
export const DEFAULT_RETENTION_MS = 15 * 24 * 60 * 60 * 1000;

/** ReplayStats describes the WAL replay done by open. */
export interface ReplayStats {
  durationMs: number;
  records: number;
  series: number;
  samples: number;
  /** Where replay stopped on corrupt bytes (the log was repaired there), if it did. */
  corruption?: string;
}

/** TsdbStats is a snapshot of the store's state and counters. */
export interface TsdbStats {
  series: number;
  headChunks: number;
  headChunkBytes: number;
  headSamples: number;
  headMinT: number;
  headMaxT: number;
  /** Samples stored through appenders since open (in order and out of order). */
  samplesAppended: number;
  outOfOrderAppended: number;
  refused: Record<AppendError, number>;
  walBytes: number;
  blocks: { count: number; bytes: number; samples: number; minT: number; maxT: number };
  compactions: number;
  blocksDeleted: number;
  replay: ReplayStats;
}

const BLOCK_DIR = /^[0-9A-Z]{26}$/;

function byKey(a: KeyedSeries, b: KeyedSeries): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * mergeSorted merges two key-sorted result lists; a series in both gets its runs merged (b's samples win on
 * equal timestamps). seriesKey order equals compareLabels order for label text without NUL/SOH characters.
 */
function mergeSorted(a: KeyedSeries[], b: KeyedSeries[]): KeyedSeries[] {
  if (b.length === 0) return a;
  const out: KeyedSeries[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as KeyedSeries;
    const y = b[j] as KeyedSeries;
    if (x.key < y.key) {
      out.push(x);
      i++;
    } else if (x.key > y.key) {
      out.push(y);
      j++;
    } else {
      out.push({ key: x.key, data: mergeRuns(x.data.labels, [x.data, y.data]) });
      i++;
      j++;
    }
  }
  while (i < a.length) out.push(a[i++] as KeyedSeries);
  while (j < b.length) out.push(b[j++] as KeyedSeries);
  return out;
}

const defaultLogger: Logger = {
  warn: (msg) => console.warn(msg),
  info: () => undefined,
};

/** Tsdb is Vigil's embedded time-series store. */
export class Tsdb implements Appendable, Querier {
  readonly head: Head;
  readonly dir: string;
  #wal: Wal | null = null;
  #blocks: Block[] = [];
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  readonly #opts: Required<Omit<TsdbOptions, 'logger' | 'dir'>>;
  readonly #logger: Logger;
  readonly #refused: Record<AppendError, number> = {
    out_of_order: 0,
    out_of_bounds: 0,
    duplicate_timestamp: 0,
  };
  #replay: ReplayStats = { durationMs: 0, records: 0, series: 0, samples: 0 };
  #appendedBase = 0;
  #oooBase = 0;
  #compactions = 0;
  #blocksDeleted = 0;

  private constructor(opts: TsdbOptions) {
    this.dir = opts.dir;
    this.#logger = opts.logger ?? defaultLogger;
    this.#opts = {
      blockRangeMs: opts.blockRangeMs ?? DEFAULT_BLOCK_RANGE_MS,
      retentionMs: opts.retentionMs ?? DEFAULT_RETENTION_MS,
      retentionBytes: opts.retentionBytes ?? 0,
      outOfOrderTimeWindowMs: opts.outOfOrderTimeWindowMs ?? 0,
      walSegmentBytes: opts.walSegmentBytes ?? DEFAULT_SEGMENT_BYTES,
      walFsync: opts.walFsync ?? 'segment',
      maintenanceIntervalMs: opts.maintenanceIntervalMs ?? 60_000,
    };
    if (!(this.#opts.blockRangeMs > 0)) throw new Error(`tsdb: blockRangeMs must be positive`);
    this.head = new Head({
      blockRangeMs: this.#opts.blockRangeMs,
      outOfOrderTimeWindowMs: this.#opts.outOfOrderTimeWindowMs,
    });
  }

  /**
   * open takes the directory's lock, loads blocks (skipping corrupt ones with a warning), replays the WAL into
   * the head (repairing a torn or corrupt tail), and starts the background maintenance timer.
   */
  static async open(opts: TsdbOptions): Promise<Tsdb> {
    const db = new Tsdb(opts);
    mkdirSync(db.dir, { recursive: true });
    acquireLock(db.dir);
    try {
      db.#loadBlocks();
      db.#replayWal();
      db.#maintain();
    } catch (err) {
      db.#wal?.close();
      for (const b of db.#blocks) b.close();
      releaseLock(db.dir);
      throw err;
    }
    if (db.#opts.maintenanceIntervalMs > 0) {
      db.#timer = setInterval(() => db.#maintain(), db.#opts.maintenanceIntervalMs);
      db.#timer.unref();
    }
    return db;
  }

  #loadBlocks(): void {
    for (const name of readdirSync(this.dir)) {
      const path = join(this.dir, name);
      if (name.endsWith('.tmp') && BLOCK_DIR.test(name.slice(0, -4))) {
        rmSync(path, { recursive: true, force: true });
        continue;
      }
      if (!BLOCK_DIR.test(name) || !statSync(path).isDirectory()) continue;
      try {
        this.#blocks.push(Block.open(path, this.#logger));
      } catch (err) {
        this.#logger.warn(`tsdb: skipping block ${path}: ${(err as Error).message}`);
      }
    }
    this.#blocks.sort((a, b) => a.meta.minTime - b.meta.minTime);
    for (const b of this.#blocks) this.head.minValidTime = Math.max(this.head.minValidTime, b.meta.maxTime);
  }

  #replayWal(): void {
    const start = performance.now();
    const head = this.head;
    const window = this.#opts.outOfOrderTimeWindowMs;
    let series = 0;
    let samples = 0;
    const apply = (rec: WalRecord): void => {
      if (rec.type === 'series') {
        for (const s of rec.series) head.restoreSeries(s.ref, s.labels);
        series += rec.series.length;
        return;
      }
      const { refs, t, hi, lo } = rec.samples;
      for (let i = 0; i < refs.length; i++) {
        const s = head.byRef(refs[i] as number);
        const ti = t[i] as number;
        if (s === undefined || ti < head.minValidTime) continue;
        if (ti > s.lastT) head.appendInOrder(s, ti, hi[i] as number, lo[i] as number);
        else if (ti < s.lastT && window > 0) head.appendOutOfOrder(s, ti, hi[i] as number, lo[i] as number);
        else continue;
        samples++;
      }
    };
    const walDir = join(this.dir, 'wal');
    const { wal, replay } = Wal.open(
      walDir,
      { segmentBytes: this.#opts.walSegmentBytes, fsync: this.#opts.walFsync, logger: this.#logger },
      apply,
    );
    this.#wal = wal;
    this.#setReplay(replay, series, samples, performance.now() - start);
    this.#appendedBase = head.samplesAppended;
    this.#oooBase = head.outOfOrderSamples;
  }

  #setReplay(r: ReplayResult, series: number, samples: number, durationMs: number): void {
    this.#replay = { durationMs, records: r.records, series, samples };
    if (r.corruption !== undefined) this.#replay.corruption = r.corruption;
    this.#logger.info(
      `tsdb: replayed WAL of ${this.dir}: ${r.records} records, ${series} series, ${samples} samples in ` +
        `${durationMs.toFixed(1)} ms`,
    );
  }

  /** appender starts a batch; see Appender. */
  appender(): Appender {
    return new HeadAppender({
      head: this.head,
      logWal: (bytes) => {
        if (this.#closed || this.#wal === null) throw new Error(`tsdb: store at ${this.dir} is closed`);
        this.#wal.log(bytes);
      },
      refuse: (reason) => {
        this.#refused[reason]++;
      },
    });
  }

  /** select returns matching series' samples in [minT, maxT] from blocks and head, merged, sorted by labels. */
  select(matchers: readonly Matcher[], minT: number, maxT: number): SeriesData[] {
    const blocks = this.#blocks.filter((b) => b.meta.minTime <= maxT && b.meta.maxTime > minT);
    const sources: KeyedSeries[][] = [];
    for (const b of blocks) sources.push(b.select(matchers, minT, maxT));
    if (this.head.maxT >= minT && this.head.minT <= maxT) {
      const arena = new SampleArena();
      const headOut: KeyedSeries[] = [];
      for (const s of this.head.matching(matchers)) {
        const data = s.read(minT, maxT, arena);
        if (data !== undefined) headOut.push({ key: s.key, data });
      }
      headOut.sort(byKey);
      sources.push(headOut);
    }
    // Each source is sorted by key; merge them, combining the runs of a series found in several.
    let merged: KeyedSeries[] = [];
    for (const src of sources) merged = merged.length === 0 ? src : mergeSorted(merged, src);
    return merged.map((k) => k.data);
  }

  /** series is the label sets of matching series with data in [minT, maxT], sorted. */
  series(matchers: readonly Matcher[], minT: number, maxT: number): Labels[] {
    const seen = new Map<string, Labels>();
    for (const b of this.#blocks) {
      if (b.meta.minTime > maxT || b.meta.maxTime <= minT) continue;
      for (const l of b.labelSets(matchers, minT, maxT)) seen.set(seriesKey(l), l);
    }
    for (const s of this.head.matching(matchers)) if (s.overlaps(minT, maxT)) seen.set(s.key, s.labels);
    const keys = [...seen.keys()].sort();
    return keys.map((k) => seen.get(k) as Labels);
  }

  /**
   * indexedSeries is every matching series of each block, and of the head, whose time span overlaps [minT, maxT],
   * whether or not the series itself has samples there: the label APIs answer from the indexes, as Prometheus's
   * do (its `/api/v1/labels` lists a series that ended before `start` while its block or head overlaps).
   */
  #indexedSeries(matchers: readonly Matcher[], minT: number, maxT: number): Labels[] {
    const seen = new Map<string, Labels>();
    for (const b of this.#blocks) {
      if (b.meta.minTime > maxT || b.meta.maxTime <= minT) continue;
      for (const l of b.labelSets(matchers, b.meta.minTime, b.meta.maxTime)) seen.set(seriesKey(l), l);
    }
    if (this.head.minT <= maxT && this.head.maxT >= minT) {
      for (const s of this.head.matching(matchers)) seen.set(s.key, s.labels);
    }
    return [...seen.values()];
  }

  /** labelNames is the sorted label names of matching series in the blocks and head overlapping the range. */
  labelNames(matchers: readonly Matcher[], minT: number, maxT: number): string[] {
    return seriesLabelNames(this.#indexedSeries(matchers, minT, maxT));
  }

  /** labelValues is the sorted non-empty values of `name` over the series labelNames considers. */
  labelValues(name: string, matchers: readonly Matcher[], minT: number, maxT: number): string[] {
    return seriesLabelValues(this.#indexedSeries(matchers, minT, maxT), name);
  }

  /**
   * compact cuts the head into blocks while it spans more than 1.5 block ranges (oldest aligned range first),
   * truncates and checkpoints the WAL, and applies retention. `force` cuts the oldest range even when the head
   * is shorter (tests); samples older than the cut are refused afterwards. Returns the number of blocks written.
   */
  compact(opts: { force?: boolean } = {}): number {
    if (this.#closed) return 0;
    const br = this.#opts.blockRangeMs;
    let cut = 0;
    let force = opts.force === true;
    for (;;) {
      const head = this.head;
      if (head.minT === Infinity) break;
      if (!force && head.maxT - head.minT <= (br * 3) / 2) break;
      force = false;
      const mint = Math.floor(head.minT / br) * br;
      if (this.#cut(mint, mint + br)) cut++;
    }
    this.#applyRetention();
    return cut;
  }

  #cut(mint: number, maxt: number): boolean {
    const start = performance.now();
    const series = [...this.head.allSeries()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const input: BlockSeriesInput[] = [];
    const arena = new SampleArena();
    for (const s of series) {
      const chunks = s.chunksWithin(mint, maxt - 1);
      if (chunks !== undefined) {
        if (chunks.length > 0) input.push({ labels: s.labels, chunks });
        continue;
      }
      const data = s.read(mint, maxt - 1, arena);
      if (data !== undefined) input.push({ labels: s.labels, data });
    }
    let wrote = false;
    if (input.length > 0) {
      const meta = writeBlock(this.dir, mint, maxt, input);
      this.#blocks.push(Block.open(join(this.dir, meta.ulid), this.#logger));
      this.#blocks.sort((a, b) => a.meta.minTime - b.meta.minTime);
      wrote = true;
      this.#logger.info(
        `tsdb: wrote block ${meta.ulid} [${mint}, ${maxt}) with ${meta.stats.numSeries} series, ` +
          `${meta.stats.numSamples} samples in ${(performance.now() - start).toFixed(0)} ms`,
      );
    }
    const removed = this.head.truncate(maxt);
    const wal = this.#wal;
    if (wal !== null) wal.checkpoint((ref) => this.head.byRef(ref) !== undefined, maxt, removed.size === 0);
    this.#compactions++;
    return wrote;
  }

  #applyRetention(): void {
    const { retentionMs, retentionBytes } = this.#opts;
    if (retentionMs > 0 && this.#blocks.length > 0) {
      let newest = this.head.maxT;
      for (const b of this.#blocks) newest = Math.max(newest, b.meta.maxTime);
      for (const b of [...this.#blocks])
        if (newest - b.meta.maxTime >= retentionMs) this.#deleteBlock(b, 'time');
    }
    if (retentionBytes > 0) {
      let total = (this.#wal?.sizeBytes() ?? 0) + this.#blocks.reduce((n, b) => n + b.sizeBytes, 0);
      while (total > retentionBytes && this.#blocks.length > 0) {
        const oldest = this.#blocks[0] as Block;
        total -= oldest.sizeBytes;
        this.#deleteBlock(oldest, 'size');
      }
    }
  }

  #deleteBlock(b: Block, why: 'time' | 'size'): void {
    this.#blocks = this.#blocks.filter((x) => x !== b);
    b.remove();
    this.#blocksDeleted++;
    this.#logger.info(`tsdb: deleted block ${b.dir} (${why} retention)`);
  }

  #maintain(): void {
    try {
      this.compact();
    } catch (err) {
      this.#logger.warn(`tsdb: maintenance of ${this.dir} failed: ${(err as Error).message}`);
    }
  }

  /** blockMetas lists the blocks currently in use, oldest first. */
  blockMetas(): Block['meta'][] {
    return this.#blocks.map((b) => b.meta);
  }

  /** stats is a snapshot of sizes and counters. */
  stats(): TsdbStats {
    const { bytes, samples } = this.head.chunkBytes();
    const blocks = {
      count: this.#blocks.length,
      bytes: this.#blocks.reduce((n, b) => n + b.sizeBytes, 0),
      samples: this.#blocks.reduce((n, b) => n + b.meta.stats.numSamples, 0),
      minT: this.#blocks[0]?.meta.minTime ?? Infinity,
      maxT: this.#blocks.reduce((m, b) => Math.max(m, b.meta.maxTime), -Infinity),
    };
    return {
      series: this.head.seriesCount,
      headChunks: this.head.chunkCount(),
      headChunkBytes: bytes,
      headSamples: samples,
      headMinT: this.head.minT,
      headMaxT: this.head.maxT,
      samplesAppended: this.head.samplesAppended - this.#appendedBase,
      outOfOrderAppended: this.head.outOfOrderSamples - this.#oooBase,
      refused: { ...this.#refused },
      walBytes: this.#wal !== null && !this.#closed ? this.#wal.sizeBytes() : 0,
      blocks,
      compactions: this.#compactions,
      blocksDeleted: this.#blocksDeleted,
      replay: { ...this.#replay },
    };
  }

  /** close stops the timer, fsyncs and closes the WAL, closes blocks and releases the lock. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#wal?.close();
    this.#wal = null;
    for (const b of this.#blocks) b.close();
    releaseLock(this.dir);
  }
}
