// Growable typed-array sample runs used while reading chunks, and the merge of runs from head and blocks.
import type { Labels, SeriesData } from '@vigil/promql';

/** SampleBuffer collects time-ordered samples into typed arrays (which keep NaN bits, unlike plain arrays). */
export class SampleBuffer {
  t: Float64Array;
  v: Float64Array;
  stale: Uint8Array;
  length = 0;
  hasStale = false;

  constructor(capacity = 16) {
    this.t = new Float64Array(capacity);
    this.v = new Float64Array(capacity);
    this.stale = new Uint8Array(capacity);
  }

  /** push appends one sample. */
  push(t: number, v: number, stale: boolean): void {
    if (this.length === this.t.length) this.#grow();
    const i = this.length++;
    this.t[i] = t;
    this.v[i] = v;
    this.stale[i] = stale ? 1 : 0;
    if (stale) this.hasStale = true;
  }

  /** reset empties the buffer for reuse. */
  reset(): void {
    this.length = 0;
    this.hasStale = false;
  }

  /** sink is push bound to this buffer, for decodeChunk. */
  readonly sink = (t: number, v: number, stale: boolean): void => this.push(t, v, stale);

  #grow(): void {
    const n = Math.max(16, this.t.length * 2);
    const t = new Float64Array(n);
    const v = new Float64Array(n);
    const s = new Uint8Array(n);
    t.set(this.t);
    v.set(this.v);
    s.set(this.stale);
    this.t = t;
    this.v = v;
    this.stale = s;
  }

  /** toSeriesData returns the samples as SeriesData (views when the buffer is mostly full, else copies). */
  toSeriesData(labels: Labels): SeriesData {
    const n = this.length;
    const view = n * 2 >= this.t.length;
    const out: SeriesData = {
      labels,
      t: view ? this.t.subarray(0, n) : this.t.slice(0, n),
      v: view ? this.v.subarray(0, n) : this.v.slice(0, n),
    };
    if (this.hasStale) out.stale = view ? this.stale.subarray(0, n) : this.stale.slice(0, n);
    return out;
  }
}

const ARENA_SAMPLES = 1 << 16;

/**
 * SampleArena hands out SeriesData arrays as views of large shared typed arrays: allocating an ArrayBuffer per
 * series costs far more than decoding its samples.
 */
export class SampleArena {
  #t = new Float64Array(0);
  #v = new Float64Array(0);
  #pos = 0;
  // Pages start small (most selects are small) and double up to ARENA_SAMPLES.
  #next = 1024;

  /** take copies the buffer's samples into the arena and returns them as SeriesData. */
  take(src: SampleBuffer, labels: Labels): SeriesData {
    const n = src.length;
    if (this.#pos + n > this.#t.length) {
      const size = Math.max(n, this.#next);
      this.#next = Math.min(this.#next * 2, ARENA_SAMPLES);
      this.#t = new Float64Array(size);
      this.#v = new Float64Array(size);
      this.#pos = 0;
    }
    const at = this.#pos;
    this.#pos += n;
    const t = this.#t.subarray(at, at + n);
    const v = this.#v.subarray(at, at + n);
    t.set(src.t.subarray(0, n));
    v.set(src.v.subarray(0, n));
    const out: SeriesData = { labels, t, v };
    if (src.hasStale) out.stale = src.stale.slice(0, n);
    return out;
  }
}

/**
 * mergeRuns merges sample runs of one series (each sorted by time) into one sorted run; where two runs share a
 * timestamp the later run in `runs` wins (callers pass blocks oldest first, then the head).
 */
export function mergeRuns(labels: Labels, runs: readonly SeriesData[]): SeriesData {
  if (runs.length === 1) return runs[0] as SeriesData;
  const sorted = [...runs].sort((a, b) => (a.t[0] ?? 0) - (b.t[0] ?? 0));
  // Fast path: runs that do not overlap are concatenated.
  let disjoint = true;
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1] as SeriesData;
    const cur = sorted[i] as SeriesData;
    if ((cur.t[0] ?? 0) <= (prev.t[prev.t.length - 1] ?? 0)) disjoint = false;
  }
  const out = new SampleBuffer(runs.reduce((n, r) => n + r.t.length, 0));
  if (disjoint) {
    for (const r of sorted)
      for (let i = 0; i < r.t.length; i++) out.push(r.t[i] as number, r.v[i] as number, r.stale?.[i] === 1);
    return out.toSeriesData(labels);
  }
  // General case: gather (time, run, index), sort by time then run priority, keep the last per timestamp.
  const entries: [number, number, number][] = [];
  runs.forEach((r, ri) => {
    for (let i = 0; i < r.t.length; i++) entries.push([r.t[i] as number, ri, i]);
  });
  entries.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (let k = 0; k < entries.length; k++) {
    const e = entries[k] as [number, number, number];
    const next = entries[k + 1];
    if (next !== undefined && next[0] === e[0]) continue;
    const r = runs[e[1]] as SeriesData;
    out.push(e[0], r.v[e[2]] as number, r.stale?.[e[2]] === 1);
  }
  return out.toSeriesData(labels);
}
