import { newMatcher, type Labels } from '@vigil/model';
import type { SilenceMatcher } from './silence';

/**
 * Anchor is the one matcher of a silence that the index files it by, strongest kind first:
 * - `values`: `name="v"` (v non-empty) or `name=~"a|b"` made only of non-empty literals — the label must be one of them;
 * - `prefix`: `name=~"host-7.*"` — the label must start with a literal prefix;
 * - `present`: `name=~"…"` that cannot match "" — the label must be present;
 * - `always`: nothing to go by (only negative matchers, or regexes matching "").
 */
export type Anchor =
  | { kind: 'values'; name: string; values: string[] }
  | { kind: 'prefix'; name: string; prefix: string }
  | { kind: 'present'; name: string }
  | { kind: 'always' };

interface PrefixBucket {
  /** How many prefixes of each length are filed, so a lookup tries only lengths in use. */
  lengths: Map<number, number>;
  byPrefix: Map<string, Set<string>>;
}

/**
 * CandidateIndex narrows which silences can match a label set without evaluating them all (Alertmanager scans every
 * silence instead). Each silence is filed under its anchor; `candidates` returns a superset of the matching
 * silences, each at most once, which the caller then checks in full.
 */
export class CandidateIndex {
  private readonly byValue = new Map<string, Map<string, Set<string>>>();
  private readonly byPrefix = new Map<string, PrefixBucket>();
  private readonly byPresence = new Map<string, Set<string>>();
  private readonly always = new Set<string>();

  /** add files a silence under its anchor. */
  add(id: string, matchers: readonly SilenceMatcher[]): void {
    const anchor = anchorOf(matchers);
    switch (anchor.kind) {
      case 'values': {
        const byValue = getOrSet(this.byValue, anchor.name, () => new Map<string, Set<string>>());
        for (const v of anchor.values) getOrSet(byValue, v, () => new Set<string>()).add(id);
        return;
      }
      case 'prefix': {
        const bucket = getOrSet(this.byPrefix, anchor.name, () => ({
          lengths: new Map(),
          byPrefix: new Map(),
        }));
        const ids = getOrSet(bucket.byPrefix, anchor.prefix, () => new Set<string>());
        if (ids.has(id)) return;
        ids.add(id);
        bucket.lengths.set(anchor.prefix.length, (bucket.lengths.get(anchor.prefix.length) ?? 0) + 1);
        return;
      }
      case 'present':
        getOrSet(this.byPresence, anchor.name, () => new Set<string>()).add(id);
        return;
      case 'always':
        this.always.add(id);
    }
  }

  /** remove takes a silence out; `matchers` must be the ones it was added with. */
  remove(id: string, matchers: readonly SilenceMatcher[]): void {
    const anchor = anchorOf(matchers);
    switch (anchor.kind) {
      case 'values': {
        const byValue = this.byValue.get(anchor.name);
        if (!byValue) return;
        for (const v of anchor.values) deleteFrom(byValue, v, id);
        if (byValue.size === 0) this.byValue.delete(anchor.name);
        return;
      }
      case 'prefix': {
        const bucket = this.byPrefix.get(anchor.name);
        const ids = bucket?.byPrefix.get(anchor.prefix);
        if (!bucket || !ids?.has(id)) return;
        deleteFrom(bucket.byPrefix, anchor.prefix, id);
        const n = (bucket.lengths.get(anchor.prefix.length) ?? 1) - 1;
        if (n > 0) bucket.lengths.set(anchor.prefix.length, n);
        else bucket.lengths.delete(anchor.prefix.length);
        if (bucket.byPrefix.size === 0) this.byPrefix.delete(anchor.name);
        return;
      }
      case 'present':
        deleteFrom(this.byPresence, anchor.name, id);
        return;
      case 'always':
        this.always.delete(id);
    }
  }

  /** candidates lists the IDs of every silence that might match `labels` (a superset of those that do). */
  candidates(labels: Labels): string[] {
    const out = [...this.always];
    for (const [name, value] of Object.entries(labels)) {
      const byValue = this.byValue.get(name)?.get(value);
      if (byValue) for (const id of byValue) out.push(id);
      const present = this.byPresence.get(name);
      if (present) for (const id of present) out.push(id);
      const bucket = this.byPrefix.get(name);
      if (bucket) {
        for (const length of bucket.lengths.keys()) {
          if (length > value.length) continue;
          const ids = bucket.byPrefix.get(value.slice(0, length));
          if (ids) for (const id of ids) out.push(id);
        }
      }
    }
    return out;
  }
}

/** anchorOf picks the matcher a silence is filed under (see Anchor); it depends only on the matchers. */
export function anchorOf(matchers: readonly SilenceMatcher[]): Anchor {
  let prefix: Anchor | undefined;
  let present: Anchor | undefined;
  for (const m of matchers) {
    if (m.type === '=' && m.value !== '') return { kind: 'values', name: m.name, values: [m.value] };
    if (m.type !== '=~') continue;
    const values = literalAlternatives(m.value);
    if (values) return { kind: 'values', name: m.name, values };
    if (!prefix) {
      const p = literalPrefix(m.value);
      if (p) prefix = { kind: 'prefix', name: m.name, prefix: p };
    }
    if (!present && !mayMatchEmpty(m.value)) present = { kind: 'present', name: m.name };
  }
  return prefix ?? present ?? { kind: 'always' };
}

const META = new Set([...'\\^$.*+?()[]{}|']);
const QUANTIFIERS = new Set([...'*+?{']);

/**
 * literalAlternatives reads `a|b\.c` as the exact strings it matches once anchored (`a`, `b.c`), or undefined when
 * the pattern is anything else or could match "".
 */
export function literalAlternatives(pattern: string): string[] | undefined {
  const out = new Set<string>();
  let current = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '|') {
      if (current === '') return undefined;
      out.add(current);
      current = '';
    } else if (ch === '\\') {
      const next = pattern[i + 1];
      if (next === undefined || !isEscapablePunct(next)) return undefined;
      current += next;
      i++;
    } else if (META.has(ch)) {
      return undefined;
    } else {
      current += ch;
    }
  }
  if (current === '') return undefined;
  out.add(current);
  return [...out];
}

/**
 * literalPrefix returns the literal text every match of the anchored pattern starts with (`host-` for `host-.*`),
 * or "" when there is none it can be sure of. Patterns with `|` anywhere get none.
 */
export function literalPrefix(pattern: string): string {
  if (pattern.includes('|')) return '';
  let prefix = '';
  for (let i = 0; i < pattern.length;) {
    const ch = pattern[i] as string;
    let literal: string;
    let width: number;
    if (ch === '\\') {
      const next = pattern[i + 1];
      if (next === undefined || !isEscapablePunct(next)) break;
      literal = next;
      width = 2;
    } else if (META.has(ch)) {
      break;
    } else {
      // Keep a surrogate pair together: a quantifier after it applies to the whole character.
      const cp = pattern.codePointAt(i) as number;
      width = cp > 0xffff ? 2 : 1;
      literal = pattern.slice(i, i + width);
    }
    const after = pattern[i + width];
    if (after !== undefined && QUANTIFIERS.has(after)) break;
    prefix += literal;
    i += width;
  }
  return prefix;
}

// An anchored regex needs its label present when it cannot match "": then a missing label cannot match either.
function mayMatchEmpty(pattern: string): boolean {
  try {
    return newMatcher('=~', '', pattern).matches('');
  } catch {
    return true;
  }
}

function isEscapablePunct(ch: string): boolean {
  return /^[!-/:-@[-`{-~]$/.test(ch);
}

function getOrSet<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}

function deleteFrom<K>(map: Map<K, Set<string>>, key: K, id: string): void {
  const ids = map.get(key);
  if (!ids) return;
  ids.delete(id);
  if (ids.size === 0) map.delete(key);
}
