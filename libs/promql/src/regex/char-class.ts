// Character classes as RE2 builds them: sorted code-point ranges, Perl/POSIX groups and simple case folding.

/** MAX_RUNE is the largest Unicode code point. */
export const MAX_RUNE = 0x10ffff;

/** A set of code points as sorted, non-overlapping [lo, hi] pairs. */
export type Ranges = Array<[number, number]>;

/** cleanRanges sorts and merges overlapping or adjacent ranges. */
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

/** negateRanges returns the complement of clean ranges within [0, MAX_RUNE]. */
export function negateRanges(r: Ranges): Ranges {
  const out: Ranges = [];
  let next = 0;
  for (const [lo, hi] of r) {
    if (next <= lo - 1) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_RUNE) out.push([next, MAX_RUNE]);
  return out;
}

const MIN_FOLD = 0x41;
const MAX_FOLD = 0x1e943;

let orbits: Map<number, number[]> | null = null;
let foldable: number[] = [];

function singleCodePoint(s: string): number | undefined {
  const cp = s.codePointAt(0);
  return cp !== undefined && String.fromCodePoint(cp).length === s.length ? cp : undefined;
}

// Simple case folding derived from the runtime's case mappings: code points that upper- then
// lower-case to the same single code point are fold-equivalent (Go's unicode.SimpleFold orbits).
function buildOrbits(): Map<number, number[]> {
  const byCanon = new Map<number, number[]>();
  for (let cp = MIN_FOLD; cp <= MAX_FOLD; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const s = String.fromCodePoint(cp);
    const lower = s.toLowerCase();
    const upper = s.toUpperCase();
    if (lower === s && upper === s) continue;
    // Turkish dotted and dotless i have no simple folding in Unicode.
    if (cp === 0x130 || cp === 0x131) continue;
    const u = singleCodePoint(upper) !== undefined ? upper : s;
    const canon = singleCodePoint(u.toLowerCase()) ?? cp;
    const list = byCanon.get(canon) ?? [];
    list.push(cp);
    byCanon.set(canon, list);
  }
  const result = new Map<number, number[]>();
  for (const [canon, list] of byCanon) {
    const members = [...new Set([canon, ...list])].sort((a, b) => a - b);
    if (members.length < 2) continue;
    for (const m of members) result.set(m, members);
  }
  foldable = [...result.keys()].sort((a, b) => a - b);
  return result;
}

/** foldOrbit returns every code point case-equivalent to cp (cp included), sorted. */
export function foldOrbit(cp: number): number[] {
  orbits ??= buildOrbits();
  return orbits.get(cp) ?? [cp];
}

/** foldRanges adds the case-equivalents of every code point in the ranges (Go's appendFoldedRange). */
export function foldRanges(r: Ranges): Ranges {
  orbits ??= buildOrbits();
  const out: Ranges = [...r];
  for (const [lo, hi] of r) {
    if (hi < MIN_FOLD || lo > MAX_FOLD) continue;
    let i = lowerBound(foldable, lo);
    for (; i < foldable.length && (foldable[i] as number) <= hi; i++) {
      for (const m of orbits.get(foldable[i] as number) as number[]) out.push([m, m]);
    }
  }
  return cleanRanges(out);
}

function lowerBound(arr: number[], v: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((arr[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function chars(...spec: Array<string | [string, string]>): Ranges {
  return cleanRanges(
    spec.map((x) =>
      typeof x === 'string'
        ? [x.codePointAt(0) as number, x.codePointAt(0) as number]
        : [x[0].codePointAt(0) as number, x[1].codePointAt(0) as number],
    ),
  );
}

const DIGIT = chars(['0', '9']);
const SPACE_PERL = chars('\t', '\n', '\f', '\r', ' ');
const WORD = chars(['0', '9'], ['A', 'Z'], '_', ['a', 'z']);

/** PERL_GROUPS are \d \s \w and their negations: [sign, ranges]. */
export const PERL_GROUPS: ReadonlyMap<string, { negated: boolean; ranges: Ranges }> = new Map([
  ['\\d', { negated: false, ranges: DIGIT }],
  ['\\D', { negated: true, ranges: DIGIT }],
  ['\\s', { negated: false, ranges: SPACE_PERL }],
  ['\\S', { negated: true, ranges: SPACE_PERL }],
  ['\\w', { negated: false, ranges: WORD }],
  ['\\W', { negated: true, ranges: WORD }],
]);

const POSIX: Record<string, Ranges> = {
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
export function posixGroup(text: string): { negated: boolean; ranges: Ranges } | undefined {
  const m = /^\[:(\^?)([a-z]+):\]$/.exec(text);
  const ranges = m && Object.hasOwn(POSIX, m[2] as string) ? POSIX[m[2] as string] : undefined;
  return m && ranges ? { negated: m[1] === '^', ranges } : undefined;
}
