// The storage interface the evaluator reads series through, and an in-memory implementation for tests and scripts.
import type { FloatHistogram } from './eval/histogram/float-histogram';
import type { Matcher } from './matcher';

/** Labels of one series as a plain name → value record (includes `__name__` when present). */
export type Labels = Readonly<Record<string, string>>;

/** One selected series: labels plus its samples in [minT, maxT], sorted by time, as parallel typed arrays. */
export interface SeriesData {
  labels: Labels;
  /** Sample timestamps, epoch milliseconds. */
  t: Float64Array;
  /** Sample values. */
  v: Float64Array;
  /** 1 where the sample is a staleness marker (its value is then meaningless); absent when none is stale. */
  stale?: Uint8Array;
  /**
   * Native histogram samples, parallel to `t`: where an entry is set the sample is that histogram (and `v` is
   * meaningless). Absent for float-only series, so float storages need not know about histograms.
   */
  h?: (FloatHistogram | undefined)[];
  /** Start timestamps (ms, 0 where unknown), parallel to `t`; absent when the series has none. */
  st?: Float64Array;
}

/**
 * Storage answers one question: the series matching all matchers, with their samples in [minT, maxT], sorted by
 * labels (compareLabels) as Prometheus's storage returns them; series without samples there may be left out.
 */
export interface Storage {
  select(matchers: readonly Matcher[], minT: number, maxT: number): SeriesData[];
}

/**
 * Querier is a Storage that also answers the metadata questions of Prometheus's query API
 * (`/api/v1/series`, `/api/v1/labels`, `/api/v1/label/{name}/values`): series with data in [minT, maxT]
 * matching every matcher (no matchers: all series).
 */
export interface Querier extends Storage {
  /** Label sets of matching series, sorted by compareLabels. */
  series(matchers: readonly Matcher[], minT: number, maxT: number): Labels[];
  /** Sorted, distinct label names of matching series. */
  labelNames(matchers: readonly Matcher[], minT: number, maxT: number): string[];
  /** Sorted, distinct non-empty values of one label over matching series. */
  labelValues(name: string, matchers: readonly Matcher[], minT: number, maxT: number): string[];
}

/** seriesLabelNames and seriesLabelValues derive Querier answers from a list of label sets. */
export function seriesLabelNames(series: readonly Labels[]): string[] {
  const names = new Set<string>();
  for (const l of series) for (const n of Object.keys(l)) names.add(n);
  return [...names].sort();
}

/** seriesLabelValues is the sorted, distinct non-empty values of `name` over `series`. */
export function seriesLabelValues(series: readonly Labels[], name: string): string[] {
  const values = new Set<string>();
  for (const l of series) {
    const v = l[name];
    if (v !== undefined && v !== '') values.add(v);
  }
  return [...values].sort();
}

interface MemSeries {
  labels: Labels;
  t: number[];
  v: number[];
  stale: boolean[];
  hasStale: boolean;
  h?: (FloatHistogram | undefined)[];
  st?: number[];
}

/** seriesKey is a stable identity of a label set (names sorted). */
export function seriesKey(labels: Labels): string {
  const names = Object.keys(labels).sort();
  let out = '';
  for (const n of names) out += `${n}\u0000${labels[n] ?? ''}\u0001`;
  return out;
}

/** compareLabels is Prometheus's labels.Compare: by sorted names, then values; storage returns series in this order. */
export function compareLabels(a: Labels, b: Labels): number {
  const na = Object.keys(a).sort();
  const nb = Object.keys(b).sort();
  for (let i = 0; i < Math.min(na.length, nb.length); i++) {
    const x = na[i] as string;
    const y = nb[i] as string;
    if (x !== y) return x < y ? -1 : 1;
    const vx = a[x] ?? '';
    const vy = b[y] ?? '';
    if (vx !== vy) return vx < vy ? -1 : 1;
  }
  return na.length - nb.length;
}

function lowerBound(ts: readonly number[], x: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ts[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** MemoryStorage keeps series in memory; appends must be in time order per series (out-of-order ones are dropped). */
export class MemoryStorage implements Querier {
  readonly #series = new Map<string, MemSeries>();

  /** append adds one sample; `stale` records a staleness marker. Returns false for an out-of-order sample. */
  append(labels: Labels, t: number, v: number, stale = false, st = 0): boolean {
    return this.#append(labels, t, v, stale, undefined, st);
  }

  /** appendHistogram adds one native histogram sample (`st`: its start timestamp, 0 if unknown). */
  appendHistogram(labels: Labels, t: number, h: FloatHistogram, st = 0): boolean {
    return this.#append(labels, t, 0, false, h, st);
  }

  #append(
    labels: Labels,
    t: number,
    v: number,
    stale: boolean,
    h: FloatHistogram | undefined,
    st: number,
  ): boolean {
    const key = seriesKey(labels);
    let s = this.#series.get(key);
    if (s === undefined) {
      s = { labels: { ...labels }, t: [], v: [], stale: [], hasStale: false };
      this.#series.set(key, s);
    }
    const last = s.t[s.t.length - 1];
    if (last !== undefined && t <= last) return false;
    s.t.push(t);
    s.v.push(v);
    s.stale.push(stale);
    if (stale) s.hasStale = true;
    if (h !== undefined && s.h === undefined)
      s.h = new Array<FloatHistogram | undefined>(s.t.length - 1).fill(undefined);
    s.h?.push(h);
    if (st !== 0 && s.st === undefined) s.st = new Array<number>(s.t.length - 1).fill(0);
    s.st?.push(st);
    return true;
  }

  /** clear drops every series. */
  clear(): void {
    this.#series.clear();
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

  /** select returns matching series with samples in [minT, maxT]; series without samples there are left out. */
  select(matchers: readonly Matcher[], minT: number, maxT: number): SeriesData[] {
    const out: SeriesData[] = [];
    for (const s of this.#series.values()) {
      if (!matchers.every((m) => m.matches(s.labels[m.name] ?? ''))) continue;
      const from = lowerBound(s.t, minT);
      let to = lowerBound(s.t, maxT);
      if (to < s.t.length && s.t[to] === maxT) to++;
      if (to <= from) continue;
      const data: SeriesData = {
        labels: s.labels,
        t: Float64Array.from(s.t.slice(from, to)),
        v: Float64Array.from(s.v.slice(from, to)),
      };
      if (s.hasStale) data.stale = Uint8Array.from(s.stale.slice(from, to), (b) => (b ? 1 : 0));
      if (s.h !== undefined) data.h = s.h.slice(from, to);
      if (s.st !== undefined) data.st = Float64Array.from(s.st.slice(from, to));
      out.push(data);
    }
    return out.sort((a, b) => compareLabels(a.labels, b.labels));
  }
}
