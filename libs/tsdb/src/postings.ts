// The inverted index: label name=value → sorted series refs, and matcher selection over it the way Prometheus's
// PostingsForMatchers does it (intersect positive matchers, subtract the complement of matchers matching "").
import type { Matcher } from '@vigil/promql';

/** Postings is a strictly increasing list of series refs. */
export type Postings = ArrayLike<number>;

/** IndexReader is what matcher selection needs from an index (the head's or a block's). */
export interface IndexReader {
  /** allPostings is every series ref, sorted. */
  allPostings(): Postings;
  /** labelValuesOf is the distinct values of one label name (any order). */
  labelValuesOf(name: string): Iterable<string>;
  /** postings is the sorted refs of series with name=value (empty when none). */
  postings(name: string, value: string): Postings;
}

const EMPTY: Postings = [];

/** intersect is the refs present in both lists. */
export function intersect(a: Postings, b: Postings): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      out.push(x);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out;
}

/** subtract is the refs of `a` not in `b`. */
export function subtract(a: Postings, b: Postings): number[] {
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    while (j < b.length && (b[j] as number) < x) j++;
    if (j < b.length && b[j] === x) continue;
    out.push(x);
  }
  return out;
}

/** union merges sorted lists into one sorted list without duplicates. */
export function union(lists: readonly Postings[]): Postings {
  if (lists.length === 0) return EMPTY;
  if (lists.length === 1) return lists[0] as Postings;
  const all: number[] = [];
  for (const l of lists) for (let i = 0; i < l.length; i++) all.push(l[i] as number);
  all.sort((x, y) => x - y);
  const out: number[] = [];
  for (const x of all) if (out.length === 0 || out[out.length - 1] !== x) out.push(x);
  return out;
}

/** isMatchAll tells whether a matcher accepts every value (`=~".*"`-style), so it selects nothing away. */
function isMatchAll(m: Matcher): boolean {
  return m.type === '=~' && (m.value === '.*' || m.value === '(?s:.*)');
}

/** postingsForMatcher is the union of postings of values of m.name that `accept` says yes to. */
function postingsWhere(ix: IndexReader, name: string, accept: (v: string) => boolean): Postings {
  const lists: Postings[] = [];
  for (const v of ix.labelValuesOf(name)) if (v !== '' && accept(v)) lists.push(ix.postings(name, v));
  return union(lists);
}

/**
 * selectPostings returns the refs of series matching every matcher. A matcher that matches "" also selects
 * series without the label, so it is applied by subtracting the series whose value it rejects; the rest are
 * intersected, starting from every series when no matcher needs a value.
 */
export function selectPostings(ix: IndexReader, matchers: readonly Matcher[]): Postings {
  const positive: Matcher[] = [];
  const negative: Matcher[] = [];
  for (const m of matchers) {
    if (isMatchAll(m)) continue;
    if (m.matches('')) negative.push(m);
    else positive.push(m);
  }
  let acc: Postings | undefined;
  // Cheapest first: equality matchers read one postings list.
  positive.sort((a, b) => (a.type === '=' ? 0 : 1) - (b.type === '=' ? 0 : 1));
  for (const m of positive) {
    const p = m.type === '=' ? ix.postings(m.name, m.value) : postingsWhere(ix, m.name, (v) => m.matches(v));
    acc = acc === undefined ? p : intersect(acc, p);
    if (acc.length === 0) return EMPTY;
  }
  if (acc === undefined) acc = ix.allPostings();
  for (const m of negative) {
    const drop =
      m.type === '!=' ? ix.postings(m.name, m.value) : postingsWhere(ix, m.name, (v) => !m.matches(v));
    if (drop.length > 0) acc = subtract(acc, drop);
    if (acc.length === 0) return EMPTY;
  }
  return acc;
}

/** MemPostings is the head's mutable index: refs are added in increasing order and removed on truncation. */
export class MemPostings implements IndexReader {
  readonly #index = new Map<string, Map<string, number[]>>();
  #all: number[] = [];

  /** add indexes a new series (refs usually grow; WAL replay may restore them slightly out of order). */
  add(ref: number, labels: Readonly<Record<string, string>>): void {
    insertSorted(this.#all, ref);
    for (const name of Object.keys(labels)) {
      const value = labels[name] ?? '';
      if (value === '') continue;
      let values = this.#index.get(name);
      if (values === undefined) {
        values = new Map();
        this.#index.set(name, values);
      }
      const list = values.get(value);
      if (list === undefined) values.set(value, [ref]);
      else insertSorted(list, ref);
    }
  }

  /** delete drops series refs (a set) from every list; each affected list is filtered once. */
  delete(
    refs: ReadonlySet<number>,
    labelsOf: (ref: number) => Readonly<Record<string, string>> | undefined,
  ): void {
    if (refs.size === 0) return;
    this.#all = this.#all.filter((r) => !refs.has(r));
    const touched = new Map<string, Set<string>>();
    for (const ref of refs) {
      const labels = labelsOf(ref);
      if (labels === undefined) continue;
      for (const name of Object.keys(labels)) {
        let values = touched.get(name);
        if (values === undefined) touched.set(name, (values = new Set()));
        values.add(labels[name] ?? '');
      }
    }
    for (const [name, values] of touched) {
      const index = this.#index.get(name);
      if (index === undefined) continue;
      for (const value of values) {
        const list = index.get(value);
        if (list === undefined) continue;
        const kept = list.filter((r) => !refs.has(r));
        if (kept.length === 0) index.delete(value);
        else index.set(value, kept);
      }
      if (index.size === 0) this.#index.delete(name);
    }
  }

  allPostings(): Postings {
    return this.#all;
  }

  labelValuesOf(name: string): Iterable<string> {
    return this.#index.get(name)?.keys() ?? [];
  }

  postings(name: string, value: string): Postings {
    return this.#index.get(name)?.get(value) ?? EMPTY;
  }

  /** labelNames is every indexed label name. */
  labelNames(): Iterable<string> {
    return this.#index.keys();
  }
}

function insertSorted(list: number[], ref: number): void {
  const last = list[list.length - 1];
  if (last === undefined || last < ref) {
    list.push(ref);
    return;
  }
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as number) < ref) lo = mid + 1;
    else hi = mid;
  }
  if (list[lo] !== ref) list.splice(lo, 0, ref);
}
