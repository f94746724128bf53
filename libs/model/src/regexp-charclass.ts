// Character sets for the RE2 translator: sorted code point ranges, RE2's ASCII-only Perl and POSIX groups (unlike
// JavaScript's Unicode-aware \s), and simple case folding as Go's unicode.SimpleFold orbits define it.

/** MAX_RUNE is the largest Unicode code point. */
export const MAX_RUNE = 0x10ffff;

/** A set of code points as [lo, hi] pairs; "clean" ranges are sorted, disjoint and not adjacent. */
export type Ranges = Array<[number, number]>;

/** cleanRanges sorts ranges and merges overlapping or adjacent ones (Go's cleanClass). */
export function cleanRanges(r: Ranges): Ranges {
  const sorted = [...r].sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: Ranges = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) {
      if (hi > last[1]) last[1] = hi;
    } else out.push([lo, hi]);
  }
  return out;
}

/** negateRanges returns the complement of ranges within [0, MAX_RUNE]. */
export function negateRanges(r: Ranges): Ranges {
  const out: Ranges = [];
  let next = 0;
  for (const [lo, hi] of cleanRanges(r)) {
    if (next <= lo - 1) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_RUNE) out.push([next, MAX_RUNE]);
  return out;
}

function chars(...spec: Array<string | [string, string]>): Ranges {
  const cp = (s: string): number => s.codePointAt(0) as number;
  return cleanRanges(spec.map((x) => (typeof x === 'string' ? [cp(x), cp(x)] : [cp(x[0]), cp(x[1])])));
}

/** A named group of characters (\d, [:alpha:]) and whether it is the negated form (\D, [:^alpha:]). */
export interface CharGroup {
  negated: boolean;
  ranges: Ranges;
}

const DIGIT = chars(['0', '9']);
const SPACE_PERL = chars('\t', '\n', '\f', '\r', ' ');
const WORD = chars(['0', '9'], ['A', 'Z'], '_', ['a', 'z']);

const PERL_GROUPS: ReadonlyMap<string, CharGroup> = new Map([
  ['\\d', { negated: false, ranges: DIGIT }],
  ['\\D', { negated: true, ranges: DIGIT }],
  ['\\s', { negated: false, ranges: SPACE_PERL }],
  ['\\S', { negated: true, ranges: SPACE_PERL }],
  ['\\w', { negated: false, ranges: WORD }],
  ['\\W', { negated: true, ranges: WORD }],
]);

/** perlGroup resolves `\d \D \s \S \w \W` (the two characters), or undefined for any other text. */
export function perlGroup(text: string): CharGroup | undefined {
  return PERL_GROUPS.get(text);
}

const POSIX: Readonly<Record<string, Ranges>> = {
  alnum: chars(['0', '9'], ['A', 'Z'], ['a', 'z']),
  alpha: chars(['A', 'Z'], ['a', 'z']),
  ascii: [[0, 0x7f]],
  blank: chars('\t', ' '),
  cntrl: [
    [0, 0x1f],
    [0x7f, 0x7f],
  ],
  digit: DIGIT,
  graph: chars(['!', '~']),
  lower: chars(['a', 'z']),
  print: chars([' ', '~']),
  punct: chars(['!', '/'], [':', '@'], ['[', '`'], ['{', '~']),
  space: chars(['\t', '\r'], ' '),
  upper: chars(['A', 'Z']),
  word: WORD,
  xdigit: chars(['0', '9'], ['A', 'F'], ['a', 'f']),
};

/** posixGroup resolves `[:alpha:]` / `[:^alpha:]`, or undefined for an unknown name. */
export function posixGroup(text: string): CharGroup | undefined {
  const m = /^\[:(\^?)([a-z]+):\]$/.exec(text);
  const ranges = m && Object.hasOwn(POSIX, m[2] as string) ? POSIX[m[2] as string] : undefined;
  return m && ranges ? { negated: m[1] === '^', ranges } : undefined;
}

// Case folding. Go's (?i) matches a code point against its whole simple-folding orbit (k, K and the Kelvin sign
// K); JavaScript's /iu compares simple case foldings too, so it is the reference for which code points are
// equivalent. The candidates come from the runtime's case mappings, then /iu splits them into orbits.

const FOLD_SCAN_END = 0x20000; // every cased code point lies below (Go's maxFold is U+1E943)

let orbits: Map<number, number[]> | undefined;
let foldable: number[] = [];

function singleCodePoint(s: string): number | undefined {
  const cp = s.codePointAt(0);
  return cp !== undefined && String.fromCodePoint(cp).length === s.length ? cp : undefined;
}

/** escapeCodePoint writes a code point so that it is a literal both inside and outside a `u`-mode class. */
export function escapeCodePoint(cp: number): string {
  if ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || cp === 0x5f) {
    return String.fromCodePoint(cp);
  }
  return `\\u{${cp.toString(16)}}`;
}

function buildOrbits(): Map<number, number[]> {
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let root = x;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root) as number;
    parent.set(x, root);
    return root;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  // Code points whose upper case is the same multi-character string (U+0390 and U+1FD3) may fold together
  // without either mapping to the other.
  const byExpansion = new Map<string, number>();
  for (let cp = 0; cp < FOLD_SCAN_END; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const s = String.fromCodePoint(cp);
    const lower = s.toLowerCase();
    const upper = s.toUpperCase();
    if (lower === s && upper === s) continue;
    find(cp);
    for (const mapped of [lower, upper]) {
      const m = singleCodePoint(mapped);
      if (m !== undefined && m !== cp) union(cp, m);
    }
    if (singleCodePoint(upper) === undefined) {
      const other = byExpansion.get(upper);
      if (other === undefined) byExpansion.set(upper, cp);
      else union(cp, other);
    }
  }
  const groups = new Map<number, number[]>();
  for (const cp of parent.keys()) {
    const root = find(cp);
    groups.set(root, [...(groups.get(root) ?? []), cp]);
  }
  const result = new Map<number, number[]>();
  for (const group of groups.values()) {
    let rest = group;
    while (rest.length > 1) {
      const head = rest[0] as number;
      const re = new RegExp(`^${escapeCodePoint(head)}$`, 'iu');
      const orbit = rest.filter((cp) => cp === head || re.test(String.fromCodePoint(cp)));
      rest = rest.filter((cp) => !orbit.includes(cp));
      if (orbit.length < 2) continue;
      orbit.sort((a, b) => a - b);
      for (const cp of orbit) result.set(cp, orbit);
    }
  }
  foldable = [...result.keys()].sort((a, b) => a - b);
  return result;
}

/** foldOrbit returns every code point case-equivalent to cp (cp included), sorted; just [cp] when uncased. */
export function foldOrbit(cp: number): number[] {
  orbits ??= buildOrbits();
  return orbits.get(cp) ?? [cp];
}

/** foldableCodePoints lists, sorted, the code points that have case-equivalents. */
export function foldableCodePoints(): readonly number[] {
  orbits ??= buildOrbits();
  return foldable;
}

/** foldRanges adds the case-equivalents of every code point in the ranges (Go's appendFoldedRange). */
export function foldRanges(r: Ranges): Ranges {
  const table = foldableCodePoints();
  const out: Ranges = [...r];
  for (const [lo, hi] of r) {
    for (let i = lowerBound(table, lo); i < table.length && (table[i] as number) <= hi; i++) {
      for (const m of foldOrbit(table[i] as number)) out.push([m, m]);
    }
  }
  return cleanRanges(out);
}

function lowerBound(arr: readonly number[], v: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((arr[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
