// The storage interface the evaluator reads series through, and an in-memory implementation for tests and scripts.
import type { FloatHistogram } from './eval/histogram/float-histogram';
import type { Matcher } from './matcher';

export { MemoryStorage } from './memory-storage';

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

/** seriesKey is a stable identity of a label set (names sorted). */
export function seriesKey(labels: Labels): string {
  const names = sortedLabelNames(labels);
  let out = '';
  for (const n of names) out += `${n}\u0000${labels[n] ?? ''}\u0001`;
  return out;
}

// Label sets are immutable, so their sorted names are computed once per object.
const sortedNamesCache = new WeakMap<Labels, readonly string[]>();

/** sortedLabelNames is the label names of a set in ascending order (cached per label object; do not mutate). */
export function sortedLabelNames(labels: Labels): readonly string[] {
  let names = sortedNamesCache.get(labels);
  if (names === undefined) {
    names = Object.keys(labels).sort();
    sortedNamesCache.set(labels, names);
  }
  return names;
}

/** compareLabels is Prometheus's labels.Compare: by sorted names, then values; storage returns series in this order. */
export function compareLabels(a: Labels, b: Labels): number {
  if (a === b) return 0;
  const na = sortedLabelNames(a);
  const nb = sortedLabelNames(b);
  const n = Math.min(na.length, nb.length);
  for (let i = 0; i < n; i++) {
    const x = na[i] as string;
    const y = nb[i] as string;
    if (x !== y) return x < y ? -1 : 1;
    const vx = a[x] ?? '';
    const vy = b[y] ?? '';
    if (vx !== vy) return vx < vy ? -1 : 1;
  }
  return na.length - nb.length;
}
