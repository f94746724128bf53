// Go's regexp (RE2 syntax, Perl flags) on top of JS RegExp: the Go pattern is parsed (with Go's error
// messages) and re-emitted as an equivalent `u`-mode JS pattern. Both engines are leftmost-first, so matches
// agree. ReplaceAllString and template expansion ($1, ${name}) follow Go, which differs from JS's replace.
import { GoRegexpError, Parser, type ClassItem, type Re } from './regexp-syntax';

export { GoRegexpError };

// ---- case folding for patterns whose (?i) does not cover everything ----

const orbitCache = new Map<number, number[]>();
const SPECIAL_FOLDS: Record<number, number[]> = {
  0x4b: [0x6b, 0x212a],
  0x6b: [0x4b, 0x212a],
  0x212a: [0x4b, 0x6b],
  0x53: [0x73, 0x17f],
  0x73: [0x53, 0x17f],
  0x17f: [0x53, 0x73],
};

function orbit(cp: number): number[] {
  const hit = orbitCache.get(cp);
  if (hit) return hit;
  const ch = String.fromCodePoint(cp);
  const candidates = new Set<number>([cp, ...(SPECIAL_FOLDS[cp] ?? [])]);
  for (const v of [
    ch.toLowerCase(),
    ch.toUpperCase(),
    ch.toUpperCase().toLowerCase(),
    ch.toLowerCase().toUpperCase(),
  ]) {
    if (Array.from(v).length === 1) candidates.add(v.codePointAt(0) as number);
  }
  const re = new RegExp(`^${escCp(cp)}$`, 'iu');
  const out = Array.from(candidates).filter((c) => re.test(String.fromCodePoint(c)));
  orbitCache.set(cp, out);
  return out;
}

function escCp(cp: number): string {
  if (cp < 0x80 && /[A-Za-z0-9]/.test(String.fromCharCode(cp))) return String.fromCharCode(cp);
  return `\\u{${cp.toString(16)}}`;
}

function foldItems(items: ClassItem[]): ClassItem[] {
  const out: ClassItem[] = [...items];
  for (const it of items) {
    if ('js' in it) continue;
    if (it.hi - it.lo > 5000) continue;
    for (let cp = it.lo; cp <= it.hi; cp++) {
      for (const o of orbit(cp)) if (o < it.lo || o > it.hi) out.push({ lo: o, hi: o });
    }
  }
  return out;
}

// ---- emission ----

function usesFold(re: Re, want: boolean): boolean {
  switch (re.t) {
    case 'lit':
    case 'class':
      return re.fold === want;
    case 'group':
    case 'repeat':
      return usesFold(re.body, want);
    case 'concat':
    case 'alt':
      return re.items.some((r) => usesFold(r, want));
    default:
      return false;
  }
}

function emitClassItems(items: ClassItem[]): string {
  return items
    .map((it) => ('js' in it ? it.js : it.lo === it.hi ? escCp(it.lo) : `${escCp(it.lo)}-${escCp(it.hi)}`))
    .join('');
}

function emit(re: Re, manualFold: boolean): string {
  switch (re.t) {
    case 'lit': {
      if (manualFold && re.fold) {
        const o = orbit(re.cp);
        if (o.length > 1) return `[${o.map(escCp).join('')}]`;
      }
      return escCp(re.cp);
    }
    case 'class': {
      const items = manualFold && re.fold ? foldItems(re.items) : re.items;
      return `[${re.negate ? '^' : ''}${emitClassItems(items)}]`;
    }
    case 'any':
      return re.dotNL ? '[^]' : '[^\\n]';
    case 'bol':
      return re.multiLine ? '(?<![^\\n])' : '^';
    case 'eol':
      return re.multiLine ? '(?![^\\n])' : '$';
    case 'bot':
      return '^';
    case 'eot':
      return '$';
    case 'wordb':
      return '\\b';
    case 'nwordb':
      return '\\B';
    case 'empty':
      return '';
    case 'group':
      return re.cap > 0 ? `(${emit(re.body, manualFold)})` : `(?:${emit(re.body, manualFold)})`;
    case 'concat':
      return re.items.map((r) => emit(r, manualFold)).join('');
    case 'alt':
      return re.items.map((r) => emit(r, manualFold)).join('|');
    case 'repeat': {
      const body = emit(re.body, manualFold);
      const atomic =
        re.body.t === 'lit' || re.body.t === 'class' || re.body.t === 'any' || re.body.t === 'group';
      const wrapped = atomic ? body : `(?:${body})`;
      let q: string;
      if (re.min === 0 && re.max === -1) q = '*';
      else if (re.min === 1 && re.max === -1) q = '+';
      else if (re.min === 0 && re.max === 1) q = '?';
      else if (re.max === -1) q = `{${re.min},}`;
      else if (re.min === re.max) q = `{${re.min}}`;
      else q = `{${re.min},${re.max}}`;
      return wrapped + q + (re.greedy ? '' : '?');
    }
  }
}

/** GoRegexp is a compiled Go regular expression. */
export class GoRegexp {
  private readonly re: RegExp;
  /** Capture group names by index (index 0 is the whole match). */
  readonly subexpNames: (string | undefined)[];

  private constructor(
    readonly source: string,
    js: string,
    flags: string,
    names: (string | undefined)[],
  ) {
    this.re = new RegExp(js, flags);
    this.subexpNames = names;
  }

  /** compile is regexp.Compile; throws GoRegexpError with Go's message. */
  static compile(expr: string): GoRegexp {
    const p = new Parser(expr);
    const tree = p.parse();
    const foldOn = usesFold(tree, true);
    const foldOff = usesFold(tree, false);
    const uniformFold = foldOn && !foldOff;
    const js = emit(tree, foldOn && foldOff);
    return new GoRegexp(expr, js, uniformFold ? 'giu' : 'gu', p.names);
  }

  /** findIndex finds the leftmost match at or after `from` (UTF-16 offsets); null if none. */
  private exec(s: string, from: number): RegExpExecArray | null {
    this.re.lastIndex = from;
    return this.re.exec(s);
  }

  /** matchString is Regexp.MatchString (unanchored). */
  matchString(s: string): boolean {
    return this.exec(s, 0) !== null;
  }

  /** findStringSubmatch is Regexp.FindStringSubmatch (undefined groups are empty strings). */
  findStringSubmatch(s: string): string[] | null {
    const m = this.exec(s, 0);
    return m ? Array.from(m, (g) => g ?? '') : null;
  }

  /** replaceAllString is Regexp.ReplaceAllString: `$1`/`${name}` expand, empty matches after a match are skipped. */
  replaceAllString(src: string, repl: string): string {
    let out = '';
    let lastMatchEnd = 0;
    let searchPos = 0;
    while (searchPos <= src.length) {
      const m = this.exec(src, searchPos);
      if (!m) break;
      const start = m.index;
      const end = start + m[0].length;
      out += src.slice(lastMatchEnd, start);
      if (end > lastMatchEnd || start === 0) out += this.expand(repl, m);
      lastMatchEnd = end;
      const cp = src.codePointAt(searchPos);
      const width = cp === undefined ? 0 : cp > 0xffff ? 2 : 1;
      if (searchPos + width > end) searchPos += width;
      else if (searchPos + 1 > end) searchPos++;
      else searchPos = end;
    }
    return out + src.slice(lastMatchEnd);
  }

  /** expand is Regexp.Expand's template substitution for one match. */
  private expand(template: string, m: RegExpExecArray): string {
    let out = '';
    let rest = template;
    for (;;) {
      const i = rest.indexOf('$');
      if (i < 0) break;
      out += rest.slice(0, i);
      rest = rest.slice(i + 1);
      if (rest.startsWith('$')) {
        out += '$';
        rest = rest.slice(1);
        continue;
      }
      const ref = extractRef(rest);
      if (!ref) {
        out += '$';
        continue;
      }
      rest = ref.rest;
      if (ref.num >= 0) {
        out += m[ref.num] ?? '';
      } else {
        // The first group of that name that took part in the match (Go allows duplicate names).
        const idx = this.subexpNames.findIndex((n, i) => n === ref.name && m[i] !== undefined);
        if (idx > 0) out += m[idx] ?? '';
      }
    }
    return out + rest;
  }
}

const NAME_CHAR = /^[\p{L}\p{Nd}_]$/u;

function extractRef(strIn: string): { name: string; num: number; rest: string } | undefined {
  let str = strIn;
  if (str === '') return undefined;
  let brace = false;
  if (str[0] === '{') {
    brace = true;
    str = str.slice(1);
  }
  let i = 0;
  for (const ch of str) {
    if (!NAME_CHAR.test(ch)) break;
    i += ch.length;
  }
  if (i === 0) return undefined;
  const name = str.slice(0, i);
  if (brace) {
    if (str[i] !== '}') return undefined;
    i++;
  }
  let num = 0;
  for (const ch of name) {
    if (ch < '0' || ch > '9' || num >= 1e8) {
      num = -1;
      break;
    }
    num = num * 10 + Number(ch);
  }
  if (name[0] === '0' && name.length > 1) num = -1;
  return { name, num, rest: str.slice(i) };
}
