// sort, sort_desc, sort_by_label(_desc): orderings of an instant vector as Prometheus produces them.
import type { LabelSet, VectorSample } from '../types';

/** compareBytes orders strings by code point, which is Go's byte-wise order of their UTF-8 forms. */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const ca = ia.next();
    const cb = ib.next();
    if (ca.done === true) return cb.done === true ? 0 : -1;
    if (cb.done === true) return 1;
    const pa = ca.value.codePointAt(0) ?? 0;
    const pb = cb.value.codePointAt(0) ?? 0;
    if (pa !== pb) return pa < pb ? -1 : 1;
  }
}

const CHUNK = /[0-9]+|[^0-9]+/gu;
const INT64_MAX = (1n << 63n) - 1n;

// Go's strconv.Atoi on a digit run: undefined when it overflows int64.
function atoi(chunk: string): bigint | undefined {
  if (!/^[0-9]+$/.test(chunk)) return undefined;
  const n = BigInt(chunk);
  return n > INT64_MAX ? undefined : n;
}

/**
 * naturalLess is github.com/facette/natsort.Compare (the version Prometheus pins): strings split into digit and
 * non-digit runs, digit runs compared as integers; quirks kept (a string that ends while equal so far sorts first,
 * even when both are equal).
 */
export function naturalLess(a: string, b: string): boolean {
  const chunksA = a.match(CHUNK) ?? [];
  const chunksB = b.match(CHUNK) ?? [];
  for (let i = 0; i < chunksA.length; i++) {
    if (i >= chunksB.length) return false;
    const ca = chunksA[i] as string;
    const cb = chunksB[i] as string;
    const ia = atoi(ca);
    const ib = atoi(cb);
    if (ia !== undefined && ib !== undefined) {
      if (ia === ib) {
        if (i === chunksA.length - 1) return true;
        if (i === chunksB.length - 1) return false;
        continue;
      }
      return ia < ib;
    }
    if (ca === cb) {
      if (i === chunksA.length - 1) return true;
      if (i === chunksB.length - 1) return false;
      continue;
    }
    return compareBytes(ca, cb) < 0;
  }
  return false;
}

/** compareLabelSets is Prometheus's labels.Compare: pairwise by sorted name, then value, then by length. */
export function compareLabelSets(a: LabelSet, b: LabelSet): number {
  const ka = Object.keys(a).sort(compareBytes);
  const kb = Object.keys(b).sort(compareBytes);
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    const na = ka[i] as string;
    const nb = kb[i] as string;
    if (na !== nb) return compareBytes(na, nb);
    const va = a[na] ?? '';
    const vb = b[nb] ?? '';
    if (va !== vb) return compareBytes(va, vb);
  }
  return ka.length - kb.length;
}

/** sortByValue is sort()/sort_desc(): by value, NaN last either way (ties keep input order; Go's are arbitrary). */
export function sortByValue(vector: readonly VectorSample[], descending: boolean): VectorSample[] {
  return [...vector].sort((x, y) => {
    const nx = Number.isNaN(x.value);
    const ny = Number.isNaN(y.value);
    if (nx || ny) return nx === ny ? 0 : nx ? 1 : -1;
    if (x.value === y.value) return 0;
    return x.value < y.value !== descending ? -1 : 1;
  });
}

/**
 * sortByLabel is sort_by_label()/sort_by_label_desc(): natural order of the given labels' values (missing = ""),
 * then the whole label sets as a tie-break. natsort never calls "" less than anything (nor anything less than ""), so
 * where Go's order of such samples depends on its sort algorithm, here they go last (first with _desc).
 */
export function sortByLabel(
  vector: readonly VectorSample[],
  names: readonly string[],
  descending: boolean,
): VectorSample[] {
  const sign = descending ? -1 : 1;
  return [...vector].sort((x, y) => {
    for (const name of names) {
      const vx = x.labels[name] ?? '';
      const vy = y.labels[name] ?? '';
      if (vx === vy) continue;
      return naturalLess(vx, vy) ? -sign : sign;
    }
    return sign * compareLabelSets(x.labels, y.labels);
  });
}
