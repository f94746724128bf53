// Label-set helpers for the evaluator: identity keys, name dropping and grouping signatures.
import type { Labels } from '../storage';

// Label sets are immutable and reused across steps, so derived keys and name-less copies are cached per object.
const keyCache = new WeakMap<Labels, string>();
const dropCache = new WeakMap<Labels, Labels>();

/** labelsKey is a stable identity of a label set (names sorted). */
export function labelsKey(labels: Labels): string {
  const cached = keyCache.get(labels);
  if (cached !== undefined) return cached;
  const key = computeKey(labels);
  keyCache.set(labels, key);
  return key;
}

function computeKey(labels: Labels): string {
  const names = Object.keys(labels).sort();
  let out = '';
  for (const n of names) out += `${n}\u0000${labels[n] ?? ''}\u0001`;
  return out;
}

/** dropName returns the labels without `__name__` and the schema labels `__type__`/`__unit__` that describe it. */
export function dropName(labels: Labels): Labels {
  if (!('__name__' in labels) && !('__type__' in labels) && !('__unit__' in labels)) return labels;
  const cached = dropCache.get(labels);
  if (cached !== undefined) return cached;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) {
    if (k !== '__name__' && k !== '__type__' && k !== '__unit__') out[k] = v;
  }
  dropCache.set(labels, out);
  return out;
}

const sigCache = new Map<string, WeakMap<Labels, string>>();

/** signature keys a label set by the listed names (`on`) or by all but them (`ignoring`, which also drops `__name__`). */
export function signature(labels: Labels, names: readonly string[], on: boolean): string {
  return signatureFn(names, on)(labels);
}

/** signatureFn is signature for fixed names and `on`, with its cache looked up once (for per-sample loops). */
export function signatureFn(names: readonly string[], on: boolean): (labels: Labels) => string {
  const spec = `${on ? '+' : '-'}${names.join('\u0000')}`;
  let cache = sigCache.get(spec);
  if (cache === undefined) {
    if (sigCache.size > 1000) sigCache.clear();
    cache = new WeakMap();
    sigCache.set(spec, cache);
  }
  const c = cache;
  return (labels) => {
    let sig = c.get(labels);
    if (sig === undefined) {
      sig = computeSignature(labels, names, on);
      c.set(labels, sig);
    }
    return sig;
  };
}

function computeSignature(labels: Labels, names: readonly string[], on: boolean): string {
  if (on) {
    let out = '';
    for (const n of [...names].sort()) {
      const v = labels[n];
      if (v !== undefined && v !== '') out += `${n}\u0000${v}\u0001`;
    }
    return out;
  }
  const skip = new Set(names);
  skip.add('__name__');
  let out = '';
  for (const n of Object.keys(labels).sort()) {
    if (skip.has(n)) continue;
    const v = labels[n];
    if (v !== undefined && v !== '') out += `${n}\u0000${v}\u0001`;
  }
  return out;
}

/** pickLabels keeps only the listed names (`on`) or drops them and `__name__` (`!on`). Empty values are dropped. */
export function pickLabels(labels: Labels, names: readonly string[], on: boolean): Labels {
  const out: Record<string, string> = {};
  if (on) {
    for (const n of names) {
      const v = labels[n];
      if (v !== undefined && v !== '') out[n] = v;
    }
    return out;
  }
  const skip = new Set(names);
  skip.add('__name__');
  for (const [k, v] of Object.entries(labels)) if (!skip.has(k) && v !== '') out[k] = v;
  return out;
}

/** formatLabels prints a label set as Prometheus does: `{a="1", b="2"}` with names sorted, `__name__` first-less. */
export function formatLabels(labels: Labels): string {
  const names = Object.keys(labels).sort();
  return `{${names.map((n) => `${n}=${JSON.stringify(labels[n] ?? '')}`).join(', ')}}`;
}
