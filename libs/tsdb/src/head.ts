// The head: in-memory series with compressed chunks for the most recent samples (Prometheus's tsdb.Head).
import type { Labels } from '@vigil/model';
import { seriesKey, type Matcher, type SeriesData } from '@vigil/promql';
import type { AppendError } from './appender';
import { ChunkEncoder, SAMPLES_PER_CHUNK, bitsToFloat, decodeChunk, isStaleBits } from './chunk';
import { labelsHash, sameLabels } from './labels-hash';
import { MemPostings, selectPostings } from './postings';
import { SampleArena, SampleBuffer, mergeRuns } from './sample-buffer';

/** HeadChunk is a closed (full) chunk of one series. */
export interface HeadChunk {
  minT: number;
  maxT: number;
  bytes: Uint8Array;
}

/** MemSeries is one series in the head. */
export class MemSeries {
  readonly chunks: HeadChunk[] = [];
  open: ChunkEncoder | null = null;
  /** End (exclusive) of the block-range window the open chunk belongs to; the chunk is cut there. */
  openUntil = 0;
  lastT = -Infinity;
  lastHi = 0;
  lastLo = 0;
  /** Out-of-order samples (sorted by time, no duplicates), until compaction moves them into a block. */
  ooo: { t: number[]; hi: number[]; lo: number[] } | null = null;
  /** Whether a series record for this ref is in the WAL. */
  walLogged = false;
  /** Set once the series was garbage-collected; appenders holding it look it up again. */
  deleted = false;

  /** Appender that last validated a pending (uncommitted) sample for this series, and that sample. */
  pendingOwner: object | null = null;
  pendingT = 0;
  pendingHi = 0;
  pendingLo = 0;
  /** Number of labels (for fast equality checks). */
  readonly labelCount: number;

  constructor(
    readonly ref: number,
    readonly key: string,
    readonly labels: Labels,
    readonly hash: number,
  ) {
    this.labelCount = Object.keys(labels).length;
  }

  /** minTime is the earliest sample held, or Infinity. */
  minTime(): number {
    let m = this.chunks[0]?.minT ?? this.open?.minT ?? Infinity;
    const o = this.ooo?.t[0];
    if (o !== undefined && o < m) m = o;
    return m;
  }

  /** isEmpty tells whether the series holds no samples. */
  isEmpty(): boolean {
    return this.chunks.length === 0 && this.open === null && (this.ooo === null || this.ooo.t.length === 0);
  }

  /** overlaps tells whether the series has a sample (possibly) in [minT, maxT]. */
  overlaps(minT: number, maxT: number): boolean {
    for (const c of this.chunks) if (c.minT <= maxT && c.maxT >= minT) return true;
    if (this.open !== null && this.open.minT <= maxT && this.open.maxT >= minT) return true;
    if (this.ooo !== null) for (const t of this.ooo.t) if (t >= minT && t <= maxT) return true;
    return false;
  }

  /**
   * chunksWithin returns the encoded chunks holding the samples in [minT, maxT] when they can be copied as
   * they are: every overlapping chunk lies wholly inside and no out-of-order sample falls there. Otherwise
   * undefined (the caller re-encodes what read returns).
   */
  chunksWithin(minT: number, maxT: number): HeadChunk[] | undefined {
    if (this.ooo !== null && this.ooo.t.some((t) => t >= minT && t <= maxT)) return undefined;
    const out: HeadChunk[] = [];
    for (const c of this.chunks) {
      if (c.maxT < minT || c.minT > maxT) continue;
      if (c.minT < minT || c.maxT > maxT) return undefined;
      out.push(c);
    }
    const open = this.open;
    if (open !== null && open.count > 0 && open.maxT >= minT && open.minT <= maxT) {
      if (open.minT < minT || open.maxT > maxT) return undefined;
      out.push({ minT: open.minT, maxT: open.maxT, bytes: open.bytes() });
    }
    return out;
  }

  /** read returns the samples in [minT, maxT] (in-order chunks merged with out-of-order ones). */
  read(minT: number, maxT: number, arena: SampleArena): SeriesData | undefined {
    const buf = readBuffer;
    buf.reset();
    for (const c of this.chunks) {
      if (c.minT <= maxT && c.maxT >= minT) decodeChunk(c.bytes, minT, maxT, buf.sink);
    }
    const open = this.open;
    if (open !== null && open.minT <= maxT && open.maxT >= minT) {
      decodeChunk(open.bytes(), minT, maxT, buf.sink, open.count);
    }
    const ooo = this.ooo;
    if (ooo === null || ooo.t.length === 0)
      return buf.length === 0 ? undefined : arena.take(buf, this.labels);
    const runs: SeriesData[] = [];
    if (buf.length > 0) runs.push(arena.take(buf, this.labels));
    buf.reset();
    for (let i = 0; i < ooo.t.length; i++) {
      const t = ooo.t[i] as number;
      if (t < minT || t > maxT) continue;
      const hi = ooo.hi[i] as number;
      const lo = ooo.lo[i] as number;
      buf.push(t, bitsToFloat(hi, lo), isStaleBits(hi, lo));
    }
    if (buf.length > 0) runs.unshift(arena.take(buf, this.labels));
    if (runs.length === 0) return undefined;
    return mergeRuns(this.labels, runs);
  }
}

/** readBuffer is reused by every read: reads are synchronous and copy out before returning. */
const readBuffer = new SampleBuffer(1024);

const SLAB_BYTES = 256 * 1024;

/**
 * ChunkSlab packs closed head chunks into shared 256 KiB pages (one ArrayBuffer per chunk costs more than the
 * chunk). Chunks close in roughly time order, so a page is freed once truncation has dropped its chunks.
 */
class ChunkSlab {
  #page = new Uint8Array(0);
  #pos = 0;

  /** store copies bytes into the current page and returns a view of them. */
  store(bytes: Uint8Array): Uint8Array {
    if (this.#pos + bytes.length > this.#page.length) {
      this.#page = new Uint8Array(Math.max(SLAB_BYTES, bytes.length));
      this.#pos = 0;
    }
    const at = this.#pos;
    this.#page.set(bytes, at);
    this.#pos += bytes.length;
    return this.#page.subarray(at, at + bytes.length);
  }
}

/** HeadOptions configure the head. */
export interface HeadOptions {
  blockRangeMs: number;
  outOfOrderTimeWindowMs: number;
}

/** Head holds series and their recent samples in memory. */
export class Head {
  readonly #byHash = new Map<number, MemSeries | MemSeries[]>();
  readonly #series = new Set<MemSeries>();
  readonly #byRef = new Map<number, MemSeries>();
  /** #byRef again as an array indexed by ref (refs are small dense integers): the append-by-ref lookup. */
  readonly #refIndex: Array<MemSeries | undefined> = [];
  readonly postings = new MemPostings();
  readonly #slab = new ChunkSlab();
  #nextRef = 1;
  /** Earliest and latest sample time in the head (Infinity/-Infinity when empty). */
  minT = Infinity;
  maxT = -Infinity;
  /** No sample before this time is accepted (the end of the last block cut from the head). */
  minValidTime = -Infinity;
  /** Samples stored (in order plus out of order) since the store was opened. */
  samplesAppended = 0;
  outOfOrderSamples = 0;

  constructor(readonly opts: HeadOptions) {}

  /** seriesCount is the number of series in the head. */
  get seriesCount(): number {
    return this.#series.size;
  }

  #lookup(labels: Labels, hash: number): MemSeries | undefined {
    const e = this.#byHash.get(hash);
    if (e === undefined) return undefined;
    if (!Array.isArray(e)) return sameLabels(labels, e.labels, e.labelCount) ? e : undefined;
    for (const s of e) if (sameLabels(labels, s.labels, s.labelCount)) return s;
    return undefined;
  }

  /** getOrCreate finds the series for a label set, creating it (with a new ref) when absent. */
  getOrCreate(labels: Labels): MemSeries {
    const hash = labelsHash(labels);
    return this.#lookup(labels, hash) ?? this.#create(this.#nextRef, labels, hash);
  }

  #create(ref: number, input: Labels, hash: number): MemSeries {
    // Prometheus drops empty-valued labels: `a=""` is the same as no `a`.
    const labels: Record<string, string> = {};
    for (const n of Object.keys(input).sort()) if (input[n] !== '') labels[n] = input[n] as string;
    const s = new MemSeries(ref, seriesKey(labels), labels, hash);
    const e = this.#byHash.get(hash);
    if (e === undefined) this.#byHash.set(hash, s);
    else if (Array.isArray(e)) e.push(s);
    else this.#byHash.set(hash, [e, s]);
    this.#series.add(s);
    this.#byRef.set(ref, s);
    this.#refIndex[ref] = s;
    this.postings.add(ref, labels);
    if (ref >= this.#nextRef) this.#nextRef = ref + 1;
    return s;
  }

  #forget(s: MemSeries): void {
    this.#series.delete(s);
    const e = this.#byHash.get(s.hash);
    if (e === s) this.#byHash.delete(s.hash);
    else if (Array.isArray(e)) {
      const rest = e.filter((x) => x !== s);
      if (rest.length === 1) this.#byHash.set(s.hash, rest[0] as MemSeries);
      else this.#byHash.set(s.hash, rest);
    }
  }

  /** restoreSeries re-creates a series from a WAL series record (replay); an existing label set keeps its ref. */
  restoreSeries(ref: number, labels: Labels): MemSeries {
    const existing = this.#byRef.get(ref);
    if (existing !== undefined) return existing;
    const hash = labelsHash(labels);
    const same = this.#lookup(labels, hash);
    if (same !== undefined) {
      this.#byRef.set(ref, same);
      this.#refIndex[ref] = same;
      // Keep refs unique: a ref handed out later must never alias this one.
      if (ref >= this.#nextRef) this.#nextRef = ref + 1;
      return same;
    }
    const s = this.#create(ref, labels, hash);
    s.walLogged = true;
    return s;
  }

  /** byRef looks a series up by ref. */
  byRef(ref: number): MemSeries | undefined {
    return this.#refIndex[ref];
  }

  /** appendableMinValidTime is the oldest timestamp an in-order append may have (Prometheus's rule). */
  appendableMinValidTime(): number {
    if (this.maxT === -Infinity) return this.minValidTime;
    return Math.max(this.minValidTime, this.maxT - this.opts.blockRangeMs / 2);
  }

  /**
   * check decides where a sample would go: 'append' (in order), 'ooo' (out-of-order window), 'skip' (an exact
   * duplicate of the last sample), or why it is refused. `lastT` etc. may include the appender's pending batch.
   */
  check(
    t: number,
    hi: number,
    lo: number,
    lastT: number,
    lastHi: number,
    lastLo: number,
  ): 'append' | 'ooo' | 'skip' | AppendError {
    const minValid = this.appendableMinValidTime();
    if (t >= minValid) {
      if (t > lastT) return 'append';
      if (t === lastT) return hi === lastHi && lo === lastLo ? 'skip' : 'duplicate_timestamp';
    }
    const window = this.opts.outOfOrderTimeWindowMs;
    // Never below the end of the last block: that range is on disk already.
    if (window > 0 && t >= this.maxT - window && t >= this.minValidTime) return 'ooo';
    return t < minValid ? 'out_of_bounds' : 'out_of_order';
  }

  /** appendInOrder stores a sample newer than the series' last one. */
  appendInOrder(s: MemSeries, t: number, hi: number, lo: number): void {
    let open = s.open;
    if (open !== null && (open.count >= SAMPLES_PER_CHUNK || t >= s.openUntil)) {
      s.chunks.push({ minT: open.minT, maxT: open.maxT, bytes: this.#slab.store(open.bytes()) });
      open = null;
    }
    if (open === null) {
      open = new ChunkEncoder(128);
      s.open = open;
      const br = this.opts.blockRangeMs;
      s.openUntil = (Math.floor(t / br) + 1) * br;
    }
    open.append(t, hi, lo);
    s.lastT = t;
    s.lastHi = hi;
    s.lastLo = lo;
    this.#extend(t);
  }

  /** appendOutOfOrder stores a sample older than the series' last one; an existing timestamp is kept. */
  appendOutOfOrder(s: MemSeries, t: number, hi: number, lo: number): void {
    if (s.ooo === null) s.ooo = { t: [], hi: [], lo: [] };
    const o = s.ooo;
    let lo_ = 0;
    let hi_ = o.t.length;
    while (lo_ < hi_) {
      const mid = (lo_ + hi_) >>> 1;
      if ((o.t[mid] as number) < t) lo_ = mid + 1;
      else hi_ = mid;
    }
    if (o.t[lo_] === t) return;
    o.t.splice(lo_, 0, t);
    o.hi.splice(lo_, 0, hi);
    o.lo.splice(lo_, 0, lo);
    this.outOfOrderSamples++;
    this.#extend(t);
  }

  #extend(t: number): void {
    this.samplesAppended++;
    if (t < this.minT) this.minT = t;
    if (t > this.maxT) this.maxT = t;
  }

  /** chunkCount is the number of chunks (closed and open) in the head. */
  chunkCount(): number {
    let n = 0;
    for (const s of this.#series) n += s.chunks.length + (s.open === null ? 0 : 1);
    return n;
  }

  /** chunkBytes is the encoded size of all head chunks. */
  chunkBytes(): { bytes: number; samples: number } {
    let bytes = 0;
    let samples = 0;
    for (const s of this.#series) {
      for (const c of s.chunks) {
        bytes += c.bytes.length;
        samples += ((c.bytes[0] ?? 0) << 8) | (c.bytes[1] ?? 0);
      }
      if (s.open !== null) {
        bytes += s.open.bytes().length;
        samples += s.open.count;
      }
    }
    return { bytes, samples };
  }

  /** matching returns the series matching all matchers, unsorted. */
  matching(matchers: readonly Matcher[]): MemSeries[] {
    const refs = selectPostings(this.postings, matchers);
    const out: MemSeries[] = [];
    for (let i = 0; i < refs.length; i++) {
      const s = this.#byRef.get(refs[i] as number);
      if (s !== undefined) out.push(s);
    }
    return out;
  }

  /** allSeries iterates every series. */
  allSeries(): IterableIterator<MemSeries> {
    return this.#series.values();
  }

  /**
   * truncate drops samples before `minT` (they are in a block now), raises the minimum valid time, and
   * removes series left without samples. Returns the removed refs.
   */
  truncate(minT: number): Set<number> {
    this.minValidTime = Math.max(this.minValidTime, minT);
    const removed = new Set<number>();
    let newMin = Infinity;
    for (const s of this.#series) {
      let drop = 0;
      while (drop < s.chunks.length && (s.chunks[drop] as HeadChunk).maxT < minT) drop++;
      if (drop > 0) s.chunks.splice(0, drop);
      if (s.open !== null && s.open.maxT < minT) s.open = null;
      if (s.ooo !== null) {
        let k = 0;
        while (k < s.ooo.t.length && (s.ooo.t[k] as number) < minT) k++;
        if (k > 0) {
          s.ooo.t.splice(0, k);
          s.ooo.hi.splice(0, k);
          s.ooo.lo.splice(0, k);
        }
        if (s.ooo.t.length === 0) s.ooo = null;
      }
      if (s.isEmpty()) {
        removed.add(s.ref);
        continue;
      }
      const m = s.minTime();
      if (m < newMin) newMin = m;
    }
    this.postings.delete(removed, (ref) => this.#byRef.get(ref)?.labels);
    for (const ref of removed) {
      const s = this.#byRef.get(ref);
      if (s === undefined) continue;
      s.deleted = true;
      this.#forget(s);
    }
    // Drop every ref of a removed series (replay may have mapped several refs to one label set).
    if (removed.size > 0) {
      for (const [ref, s] of this.#byRef) {
        if (!s.deleted) continue;
        this.#byRef.delete(ref);
        this.#refIndex[ref] = undefined;
      }
    }
    this.minT = newMin === Infinity ? Infinity : Math.max(newMin, minT);
    return removed;
  }
}
