// MemoryStorage: the in-memory Storage for tests, scripts and benchmarks, with label postings and series kept in
// compareLabels order, answering select with views of its sample arrays (no copies).
import type { FloatHistogram } from './eval/histogram/float-histogram';
import type { Matcher } from './matcher';
import {
  compareLabels,
  seriesKey,
  seriesLabelNames,
  seriesLabelValues,
  type Labels,
  type Querier,
  type SeriesData,
} from './storage';

const INITIAL_CAPACITY = 16;

// One series: samples in growable typed arrays; `n` of them are in use. Views handed out by select stay valid
// after appends: appends write past every view's end, and growing copies into a new buffer.
class MemSeries {
  /** Position in compareLabels order (valid while the storage is not dirty). */
  ord = 0;
  n = 0;
  t = new Float64Array(INITIAL_CAPACITY);
  v = new Float64Array(INITIAL_CAPACITY);
  stale: Uint8Array | undefined;
  h: (FloatHistogram | undefined)[] | undefined;
  st: Float64Array | undefined;

  constructor(readonly labels: Labels) {}

  push(t: number, v: number, stale: boolean, h: FloatHistogram | undefined, st: number): boolean {
    const n = this.n;
    if (n > 0 && t <= (this.t[n - 1] as number)) return false;
    if (n === this.t.length) this.#grow(n * 2);
    this.t[n] = t;
    this.v[n] = v;
    if (stale) (this.stale ??= new Uint8Array(this.t.length))[n] = 1;
    if (h !== undefined && this.h === undefined)
      this.h = new Array<FloatHistogram | undefined>(n).fill(undefined);
    this.h?.push(h);
    if (st !== 0) (this.st ??= new Float64Array(this.t.length))[n] = st;
    this.n = n + 1;
    return true;
  }

  #grow(cap: number): void {
    const n = this.n;
    const t = new Float64Array(cap);
    t.set(this.t.subarray(0, n));
    this.t = t;
    const v = new Float64Array(cap);
    v.set(this.v.subarray(0, n));
    this.v = v;
    if (this.stale !== undefined) {
      const s = new Uint8Array(cap);
      s.set(this.stale.subarray(0, n));
      this.stale = s;
    }
    if (this.st !== undefined) {
      const s = new Float64Array(cap);
      s.set(this.st.subarray(0, n));
      this.st = s;
    }
  }

  /** lowerBound is the index of the first sample at or after x. */
  lowerBound(x: number): number {
    const ts = this.t;
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((ts[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

// sameLabels checks a cached series against the label object it was found by, in case the caller changed it.
function sameLabels(a: Labels, b: Labels): boolean {
  let n = 0;
  for (const k in b) {
    if (a[k] !== b[k]) return false;
    n++;
  }
  return n === Object.keys(a).length;
}

const byOrd = (a: MemSeries, b: MemSeries): number => a.ord - b.ord;

/**
 * MemoryStorage keeps series in memory; appends must be in time order per series (out-of-order ones are dropped).
 * Series returned by select share the storage's sample arrays: callers must not modify them.
 */
export class MemoryStorage implements Querier {
  readonly #series = new Map<string, MemSeries>();
  // Appenders usually pass the same label object for every sample of a series.
  #byObject = new WeakMap<Labels, MemSeries>();
  /** name → value → series with that label, in compareLabels order once #sort has run. */
  readonly #postings = new Map<string, Map<string, MemSeries[]>>();
  /** Every series, in compareLabels order once #sort has run. */
  #all: MemSeries[] = [];
  /** Set when a series was added out of order: #all, postings and ords need sorting before the next select. */
  #dirty = false;

  /** append adds one sample; `stale` records a staleness marker. Returns false for an out-of-order sample. */
  append(labels: Labels, t: number, v: number, stale = false, st = 0): boolean {
    return this.#get(labels).push(t, v, stale, undefined, st);
  }

  /** appendHistogram adds one native histogram sample (`st`: its start timestamp, 0 if unknown). */
  appendHistogram(labels: Labels, t: number, h: FloatHistogram, st = 0): boolean {
    return this.#get(labels).push(t, 0, false, h, st);
  }

  #get(labels: Labels): MemSeries {
    const cached = this.#byObject.get(labels);
    if (cached !== undefined && sameLabels(cached.labels, labels)) return cached;
    const key = seriesKey(labels);
    let s = this.#series.get(key);
    if (s === undefined) {
      s = new MemSeries({ ...labels });
      this.#series.set(key, s);
      this.#add(s);
    }
    this.#byObject.set(labels, s);
    return s;
  }

  #add(s: MemSeries): void {
    const last = this.#all[this.#all.length - 1];
    if (last !== undefined && compareLabels(last.labels, s.labels) > 0) this.#dirty = true;
    s.ord = this.#all.length;
    this.#all.push(s);
    for (const name in s.labels) {
      const value = s.labels[name] as string;
      let byValue = this.#postings.get(name);
      if (byValue === undefined) {
        byValue = new Map();
        this.#postings.set(name, byValue);
      }
      const list = byValue.get(value);
      if (list === undefined) byValue.set(value, [s]);
      else list.push(s);
    }
  }

  #sort(): void {
    if (!this.#dirty) return;
    this.#all.sort((a, b) => compareLabels(a.labels, b.labels));
    this.#all.forEach((s, i) => (s.ord = i));
    for (const byValue of this.#postings.values()) for (const list of byValue.values()) list.sort(byOrd);
    this.#dirty = false;
  }

  /** clear drops every series. */
  clear(): void {
    this.#series.clear();
    this.#byObject = new WeakMap();
    this.#postings.clear();
    this.#all = [];
    this.#dirty = false;
  }

  series(matchers: readonly Matcher[], minT: number, maxT: number): Labels[] {
    return this.select(matchers, minT, maxT).map((s) => s.labels);
  }

  labelNames(matchers: readonly Matcher[], minT: number, maxT: number): string[] {
    return seriesLabelNames(this.series(matchers, minT, maxT));
  }

  labelValues(name: string, matchers: readonly Matcher[], minT: number, maxT: number): string[] {
    return seriesLabelValues(this.series(matchers, minT, maxT), name);
  }

  /**
   * #candidates is the smallest postings-derived superset of the series matching every matcher, in
   * compareLabels order: from an equality matcher's list, else from the values a matcher that rejects the empty
   * value accepts, else every series.
   */
  #candidates(matchers: readonly Matcher[]): readonly MemSeries[] {
    let best: readonly MemSeries[] | undefined;
    for (const m of matchers) {
      if (m.type !== '=' || m.value === '') continue;
      const list = this.#postings.get(m.name)?.get(m.value) ?? [];
      if (best === undefined || list.length < best.length) best = list;
    }
    if (best !== undefined) return best;
    let lists: MemSeries[][] | undefined;
    let size = Infinity;
    for (const m of matchers) {
      if (m.matches('')) continue;
      const found: MemSeries[][] = [];
      let n = 0;
      for (const [value, list] of this.#postings.get(m.name) ?? []) {
        if (!m.matches(value)) continue;
        found.push(list);
        n += list.length;
      }
      if (n < size) {
        lists = found;
        size = n;
      }
    }
    if (lists === undefined) return this.#all;
    if (lists.length === 1) return lists[0] as MemSeries[];
    return lists.flat().sort(byOrd);
  }

  /** select returns matching series with samples in [minT, maxT]; series without samples there are left out. */
  select(matchers: readonly Matcher[], minT: number, maxT: number): SeriesData[] {
    this.#sort();
    const out: SeriesData[] = [];
    next: for (const s of this.#candidates(matchers)) {
      for (const m of matchers) if (!m.matches(s.labels[m.name] ?? '')) continue next;
      const from = s.lowerBound(minT);
      let to = s.lowerBound(maxT);
      if (to < s.n && s.t[to] === maxT) to++;
      if (to <= from) continue;
      const data: SeriesData = { labels: s.labels, t: s.t.subarray(from, to), v: s.v.subarray(from, to) };
      if (s.stale !== undefined) data.stale = s.stale.subarray(from, to);
      if (s.h !== undefined) data.h = s.h.slice(from, to);
      if (s.st !== undefined) data.st = s.st.subarray(from, to);
      out.push(data);
    }
    return out;
  }
}
