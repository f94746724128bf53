// Character sets for the RE2 translator: code point ranges, RE2's Perl and POSIX classes (ASCII-only, unlike
// JavaScript's \s), simple case folding as RE2's (?i) applies it, and emission as JavaScript `u`-mode classes.

/** A closed range of code points. */
export type CodeRange = readonly [number, number];

const MAX_RUNE = 0x10ffff;

/** normalizeRanges sorts ranges and merges overlapping or adjacent ones. */
export function normalizeRanges(ranges: readonly CodeRange[]): CodeRange[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) {
      last[1] = Math.max(last[1], hi);
    } else {
      out.push([lo, hi]);
    }
  }
  return out;
}

/** complementRanges returns every code point not in the given ranges. */
export function complementRanges(ranges: readonly CodeRange[]): CodeRange[] {
  const out: CodeRange[] = [];
  let next = 0;
  for (const [lo, hi] of normalizeRanges(ranges)) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_RUNE) out.push([next, MAX_RUNE]);
  return out;
}

const c = (s: string): number => s.codePointAt(0) as number;
const r = (lo: string, hi: string = lo): CodeRange => [c(lo), c(hi)];

const PERL_CLASSES: Record<string, CodeRange[]> = {
  d: [r('0', '9')],
  s: [r('\t', '\n'), r('\f', '\r'), r(' ')],
  w: [r('0', '9'), r('A', 'Z'), r('_'), r('a', 'z')],
};

const POSIX_CLASSES: Record<string, CodeRange[]> = {
  alnum: [r('0', '9'), r('A', 'Z'), r('a', 'z')],
  alpha: [r('A', 'Z'), r('a', 'z')],
  ascii: [[0, 0x7f]],
  blank: [r('\t'), r(' ')],
  cntrl: [
    [0, 0x1f],
    [0x7f, 0x7f],
  ],
  digit: [r('0', '9')],
  graph: [r('!', '~')],
  lower: [r('a', 'z')],
  print: [r(' ', '~')],
  punct: [r('!', '/'), r(':', '@'), r('[', '`'), r('{', '~')],
  space: [r('\t', '\r'), r(' ')],
  upper: [r('A', 'Z')],
  word: [r('0', '9'), r('A', 'Z'), r('a', 'z'), r('_')],
  xdigit: [r('0', '9'), r('A', 'F'), r('a', 'f')],
};

/** perlClassRanges gives the ranges of \d, \s or \w (lower-case letter), as RE2 defines them. */
export function perlClassRanges(letter: string): CodeRange[] | undefined {
  return PERL_CLASSES[letter];
}

/** posixClassRanges gives the ranges of a POSIX class name such as `alpha`. */
export function posixClassRanges(name: string): CodeRange[] | undefined {
  return POSIX_CLASSES[name];
}

let foldOrbits: Map<number, number[]> | undefined;
let foldable: number[] | undefined;

// Simple case folding orbits (k, K, Kelvin sign...). Built once, on first use of (?i): links code points through
// their single-code-point upper/lower case mappings, then keeps only pairs that JavaScript's /iu (simple case
// folding, as RE2 uses) treats as equal.
function buildFoldTables(): void {
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let p = parent.get(x) ?? x;
    while (p !== (parent.get(p) ?? p)) p = parent.get(p) ?? p;
    parent.set(x, p);
    return p;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  for (let cp = 0; cp < 0x20000; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const ch = String.fromCodePoint(cp);
    for (const mapped of [ch.toLowerCase(), ch.toUpperCase()]) {
      const m = mapped.codePointAt(0) as number;
      if (m !== cp && mapped.length === String.fromCodePoint(m).length) union(cp, m);
    }
  }
  const groups = new Map<number, number[]>();
  for (const cp of parent.keys()) {
    const root = find(cp);
    const g = groups.get(root) ?? [];
    g.push(cp);
    groups.set(root, g);
  }
  foldOrbits = new Map();
  for (const members of groups.values()) {
    for (const cp of members) {
      const re = new RegExp(`^${escapeCodePoint(cp)}$`, 'iu');
      const orbit = members.filter((o) => o === cp || re.test(String.fromCodePoint(o)));
      if (orbit.length > 1)
        foldOrbits.set(
          cp,
          orbit.sort((a, b) => a - b),
        );
    }
  }
  foldable = [...foldOrbits.keys()].sort((a, b) => a - b);
}

/** foldOrbit returns the code points equal to cp under simple case folding (just [cp] when uncased). */
export function foldOrbit(cp: number): number[] {
  if (!foldOrbits) buildFoldTables();
  return foldOrbits?.get(cp) ?? [cp];
}

/** foldRanges adds to ranges every code point that case-folds to a member. */
export function foldRanges(ranges: readonly CodeRange[]): CodeRange[] {
  if (!foldable) buildFoldTables();
  const table = foldable ?? [];
  const extra: CodeRange[] = [];
  for (const [lo, hi] of ranges) {
    let i = lowerBound(table, lo);
    for (; i < table.length && (table[i] as number) <= hi; i++) {
      for (const o of foldOrbit(table[i] as number)) extra.push([o, o]);
    }
  }
  return normalizeRanges([...ranges, ...extra]);
}

function lowerBound(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** escapeCodePoint writes a code point so that it is a literal both inside and outside a `u`-mode class. */
export function escapeCodePoint(cp: number): string {
  if ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || cp === 0x5f) {
    return String.fromCodePoint(cp);
  }
  return `\\u{${cp.toString(16)}}`;
}

/** A character class ready for emission: ranges plus JavaScript property escapes (`\p{L}`), maybe negated. */
export interface ClassSpec {
  ranges: CodeRange[];
  properties: string[];
  negated: boolean;
}

/** emitClass writes a class as JavaScript `u`-mode source. */
export function emitClass(spec: ClassSpec): string {
  const parts = normalizeRanges(spec.ranges).map(([lo, hi]) =>
    lo === hi ? escapeCodePoint(lo) : `${escapeCodePoint(lo)}-${escapeCodePoint(hi)}`,
  );
  return `[${spec.negated ? '^' : ''}${parts.join('')}${spec.properties.join('')}]`;
}

const UNICODE_CATEGORIES = new Set(
  'C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'.split(
    ' ',
  ),
);
const scriptCache = new Map<string, boolean>();

/**
 * jsProperty maps a Go Unicode class name (category or script) to JavaScript property names, 'Any' for RE2's
 * Any, or undefined when Go does not know the name. Under (?i) the cased-letter categories widen to all
 * cased letters, which is what folding them yields.
 */
export function jsProperty(name: string, foldCase: boolean): string[] | 'Any' | undefined {
  if (name === 'Any') return 'Any';
  if (UNICODE_CATEGORIES.has(name)) {
    if (foldCase && (name === 'Lu' || name === 'Ll' || name === 'Lt')) return ['Lu', 'Ll', 'Lt'];
    return [name];
  }
  if (!/^[A-Za-z_]+$/.test(name)) return undefined;
  let known = scriptCache.get(name);
  if (known === undefined) {
    try {
      new RegExp(`\\p{Script=${name}}`, 'u');
      known = true;
    } catch {
      known = false;
    }
    scriptCache.set(name, known);
  }
  return known ? [`Script=${name}`] : undefined;
}
