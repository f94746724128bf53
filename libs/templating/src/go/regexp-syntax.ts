// Go's regexp/syntax: parses an RE2 pattern (Perl flags) into a small tree, with Go's error messages.

/** GoRegexpError is regexp/syntax.Error: `error parsing regexp: missing closing ): \`(\``. */
export class GoRegexpError extends Error {
  constructor(code: string, expr: string) {
    super(`error parsing regexp: ${code}: \`${expr}\``);
  }
}

interface Flags {
  fold: boolean;
  dotNL: boolean;
  multiLine: boolean;
  nonGreedy: boolean;
}

/** ClassItem is a code point range or a JS class escape (`\\p{...}`) inside a character class. */
export type ClassItem = { lo: number; hi: number } | { js: string };

/** Re is a parsed regular expression node. */
export type Re =
  | { t: 'lit'; cp: number; fold: boolean }
  | { t: 'class'; items: ClassItem[]; negate: boolean; fold: boolean }
  | { t: 'any'; dotNL: boolean }
  | { t: 'bol' | 'eol'; multiLine: boolean }
  | { t: 'bot' | 'eot' | 'wordb' | 'nwordb' | 'empty' }
  | { t: 'group'; cap: number; body: Re }
  | { t: 'concat' | 'alt'; items: Re[] }
  | { t: 'repeat'; min: number; max: number; greedy: boolean; body: Re };

const PERL_CLASSES: Record<string, ClassItem[]> = {
  d: [{ lo: 0x30, hi: 0x39 }],
  s: [
    { lo: 0x09, hi: 0x0a },
    { lo: 0x0c, hi: 0x0d },
    { lo: 0x20, hi: 0x20 },
  ],
  w: [
    { lo: 0x30, hi: 0x39 },
    { lo: 0x41, hi: 0x5a },
    { lo: 0x5f, hi: 0x5f },
    { lo: 0x61, hi: 0x7a },
  ],
};

const POSIX_CLASSES: Record<string, [number, number][]> = {
  alnum: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  alpha: [
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  ascii: [[0x00, 0x7f]],
  blank: [
    [0x09, 0x09],
    [0x20, 0x20],
  ],
  cntrl: [
    [0x00, 0x1f],
    [0x7f, 0x7f],
  ],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [
    [0x21, 0x2f],
    [0x3a, 0x40],
    [0x5b, 0x60],
    [0x7b, 0x7e],
  ],
  space: [
    [0x09, 0x0d],
    [0x20, 0x20],
  ],
  upper: [[0x41, 0x5a]],
  word: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x5f, 0x5f],
    [0x61, 0x7a],
  ],
  xdigit: [
    [0x30, 0x39],
    [0x41, 0x46],
    [0x61, 0x66],
  ],
};

const MAX_RUNE = 0x10ffff;

function negateRanges(ranges: { lo: number; hi: number }[]): { lo: number; hi: number }[] {
  const sorted = [...ranges].sort((a, b) => a.lo - b.lo);
  const out: { lo: number; hi: number }[] = [];
  let next = 0;
  for (const r of sorted) {
    if (r.lo > next) out.push({ lo: next, hi: r.lo - 1 });
    next = Math.max(next, r.hi + 1);
  }
  if (next <= MAX_RUNE) out.push({ lo: next, hi: MAX_RUNE });
  return out;
}

const GENERAL_CATEGORIES = new Set(
  'C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'.split(
    ' ',
  ),
);

function unicodeClassJs(name: string, negate: boolean): string | undefined {
  let body: string;
  if (name === 'Any') body = 'Any';
  else if (GENERAL_CATEGORIES.has(name)) body = `gc=${name}`;
  else if (/^[A-Z][A-Za-z_]*$/.test(name)) body = `sc=${name}`;
  else return undefined;
  const js = `\\${negate ? 'P' : 'p'}{${body}}`;
  try {
    new RegExp(js, 'u');
    return js;
  } catch {
    return undefined;
  }
}

/** Parser parses one Go regular expression. */
export class Parser {
  private pos = 0;
  numCap = 0;
  names: (string | undefined)[] = [undefined];
  private flags: Flags = { fold: false, dotNL: false, multiLine: false, nonGreedy: false };

  constructor(private readonly src: string) {}

  private fail(code: string, expr: string): never {
    throw new GoRegexpError(code, expr);
  }

  private peek(): string | undefined {
    const cp = this.src.codePointAt(this.pos);
    return cp === undefined ? undefined : String.fromCodePoint(cp);
  }

  private rest(): string {
    return this.src.slice(this.pos);
  }

  parse(): Re {
    const re = this.parseAlt(0);
    if (this.pos < this.src.length) this.fail('unexpected )', this.src);
    return re;
  }

  private parseAlt(depth: number): Re {
    const branches: Re[] = [this.parseConcat(depth)];
    while (this.peek() === '|') {
      this.pos++;
      branches.push(this.parseConcat(depth));
    }
    return branches.length === 1 ? (branches[0] as Re) : { t: 'alt', items: branches };
  }

  private parseConcat(depth: number): Re {
    const items: Re[] = [];
    let lastRepeat: string | undefined;
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === '|') break;
      if (c === ')') {
        if (depth === 0) this.fail('unexpected )', this.src);
        break;
      }
      const before = this.rest();
      if (c === '*' || c === '+' || c === '?' || c === '{') {
        let min: number;
        let max: number;
        let len = 1;
        if (c === '{') {
          const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(before);
          if (!m) {
            items.push({ t: 'lit', cp: 0x7b, fold: this.flags.fold });
            this.pos++;
            lastRepeat = undefined;
            continue;
          }
          len = m[0].length;
          min = parseRepeatNum(m[1] as string);
          max = m[2] === undefined ? min : m[3] === '' ? -1 : parseRepeatNum(m[3] as string);
          if (min < 0 || min > 1000 || max > 1000 || (max >= 0 && min > max))
            this.fail('invalid repeat count', m[0]);
        } else {
          min = c === '+' ? 1 : 0;
          max = c === '?' ? 1 : -1;
        }
        this.pos += len;
        let greedy = !this.flags.nonGreedy;
        if (this.peek() === '?') {
          this.pos++;
          greedy = !greedy;
        }
        const after = this.rest();
        if (lastRepeat !== undefined)
          this.fail(
            'invalid nested repetition operator',
            lastRepeat.slice(0, lastRepeat.length - after.length),
          );
        const prev = items.pop();
        if (prev === undefined)
          this.fail('missing argument to repetition operator', before.slice(0, before.length - after.length));
        items.push({ t: 'repeat', min, max, greedy, body: prev });
        lastRepeat = before;
        continue;
      }
      lastRepeat = undefined;
      const atom = this.parseAtom(depth);
      if (atom) items.push(atom);
    }
    if (items.length === 0) return { t: 'empty' };
    return items.length === 1 ? (items[0] as Re) : { t: 'concat', items };
  }

  private parseAtom(depth: number): Re | undefined {
    const c = this.peek() as string;
    switch (c) {
      case '(':
        return this.parseGroup(depth);
      case '[':
        return this.parseClass();
      case '.':
        this.pos++;
        return { t: 'any', dotNL: this.flags.dotNL };
      case '^':
        this.pos++;
        return { t: 'bol', multiLine: this.flags.multiLine };
      case '$':
        this.pos++;
        return { t: 'eol', multiLine: this.flags.multiLine };
      case '\\':
        return this.parseEscapeAtom();
      default:
        this.pos += c.length;
        return { t: 'lit', cp: c.codePointAt(0) as number, fold: this.flags.fold };
    }
  }

  private parseGroup(depth: number): Re | undefined {
    const s = this.rest();
    const saved = { ...this.flags };
    if (s.startsWith('(?')) {
      if (s.startsWith('(?P<') || s.startsWith('(?<')) {
        const begin = s.startsWith('(?P<') ? 4 : 3;
        const end = s.indexOf('>');
        if (end < 0) this.fail('invalid named capture', s);
        const name = s.slice(begin, end);
        if (!/^[A-Za-z0-9_]+$/.test(name)) this.fail('invalid named capture', s.slice(0, end + 1));
        this.pos += end + 1;
        const cap = ++this.numCap;
        this.names.push(name);
        return this.finishGroup(depth, cap, saved);
      }
      // Flags: (?flags) or (?flags:re).
      let i = 2;
      const flags = { ...this.flags };
      let sign = 1;
      let sawFlag = false;
      for (;;) {
        const ch = s[i];
        if (ch === undefined) this.fail('invalid or unsupported Perl syntax', s);
        i++;
        if (ch === 'i' || ch === 'm' || ch === 's' || ch === 'U') {
          const on = sign > 0;
          if (ch === 'i') flags.fold = on;
          if (ch === 'm') flags.multiLine = on;
          if (ch === 's') flags.dotNL = on;
          if (ch === 'U') flags.nonGreedy = on;
          sawFlag = true;
        } else if (ch === '-') {
          if (sign < 0) this.fail('invalid or unsupported Perl syntax', s.slice(0, i));
          sign = -1;
          sawFlag = false;
        } else if (ch === ':' || ch === ')') {
          if (sign < 0 && !sawFlag) this.fail('invalid or unsupported Perl syntax', s.slice(0, i));
          this.pos += i;
          if (ch === ')') {
            this.flags = flags;
            return undefined;
          }
          this.flags = flags;
          return this.finishGroup(depth, 0, saved);
        } else {
          this.fail('invalid or unsupported Perl syntax', s.slice(0, i));
        }
      }
    }
    this.pos++;
    const cap = ++this.numCap;
    this.names.push(undefined);
    return this.finishGroup(depth, cap, saved);
  }

  private finishGroup(depth: number, cap: number, saved: Flags): Re {
    const body = this.parseAlt(depth + 1);
    if (this.peek() !== ')') this.fail('missing closing )', this.src);
    this.pos++;
    this.flags = saved;
    return { t: 'group', cap, body };
  }

  private parseEscapeAtom(): Re {
    const s = this.rest();
    const c = s[1];
    if (c === undefined) this.fail('trailing backslash at end of expression', '');
    switch (c) {
      case 'A':
        this.pos += 2;
        return { t: 'bot' };
      case 'z':
        this.pos += 2;
        return { t: 'eot' };
      case 'b':
        this.pos += 2;
        return { t: 'wordb' };
      case 'B':
        this.pos += 2;
        return { t: 'nwordb' };
      case 'Q': {
        const end = s.indexOf('\\E', 2);
        const lit = end < 0 ? s.slice(2) : s.slice(2, end);
        this.pos += end < 0 ? s.length : end + 2;
        const items: Re[] = Array.from(lit, (ch) => ({
          t: 'lit',
          cp: ch.codePointAt(0) as number,
          fold: this.flags.fold,
        }));
        return items.length === 1 ? (items[0] as Re) : { t: 'concat', items };
      }
      default:
        break;
    }
    const cls = this.parseClassEscape(s);
    if (cls) {
      this.pos += cls.len;
      return { t: 'class', items: cls.items, negate: false, fold: this.flags.fold };
    }
    const { cp, len } = this.parseEscape(s);
    this.pos += len;
    return { t: 'lit', cp, fold: this.flags.fold };
  }

  /** parseClassEscape reads \d \s \w (and negations) or \pX / \p{Name}; undefined if s is another escape. */
  private parseClassEscape(s: string): { items: ClassItem[]; len: number } | undefined {
    const c = s[1];
    if (c === undefined) return undefined;
    const lower = c.toLowerCase();
    if ((lower === 'd' || lower === 's' || lower === 'w') && PERL_CLASSES[lower]) {
      const ranges = PERL_CLASSES[lower] as { lo: number; hi: number }[];
      return { items: c === lower ? ranges : negateRanges(ranges), len: 2 };
    }
    if (c === 'p' || c === 'P') {
      let name: string;
      let len: number;
      if (s[2] === '{') {
        const end = s.indexOf('}');
        if (end < 0) this.fail('invalid character class range', s);
        name = s.slice(3, end);
        len = end + 1;
      } else {
        const cp = s.codePointAt(2);
        if (cp === undefined) this.fail('invalid character class range', s);
        name = String.fromCodePoint(cp);
        len = 2 + name.length;
      }
      let negate = c === 'P';
      if (name.startsWith('^')) {
        negate = !negate;
        name = name.slice(1);
      }
      const js = unicodeClassJs(name, negate);
      if (!js) this.fail('invalid character class range', s.slice(0, len));
      return { items: [{ js }], len };
    }
    return undefined;
  }

  /** parseEscape reads a single-character escape, returning its code point and length. */
  private parseEscape(s: string): { cp: number; len: number } {
    const c = s[1];
    if (c === undefined) this.fail('trailing backslash at end of expression', '');
    const simple: Record<string, number> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };
    if (simple[c] !== undefined) return { cp: simple[c] as number, len: 2 };
    if (c >= '1' && c <= '7') {
      const d = s[2];
      if (d === undefined || d < '0' || d > '7') this.fail('invalid escape sequence', s.slice(0, 2));
    }
    if (c >= '0' && c <= '7') {
      const m = /^[0-7]{1,3}/.exec(s.slice(1)) as RegExpExecArray;
      return { cp: parseInt(m[0], 8), len: 1 + m[0].length };
    }
    if (c === 'x') {
      if (s[2] === '{') {
        const end = s.indexOf('}');
        const hex = end < 0 ? '' : s.slice(3, end);
        if (end < 0 || !/^[0-9A-Fa-f]+$/.test(hex) || parseInt(hex, 16) > MAX_RUNE) {
          this.fail('invalid escape sequence', end < 0 ? s : s.slice(0, end + 1));
        }
        return { cp: parseInt(hex, 16), len: end + 1 };
      }
      const hex = s.slice(2, 4);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) this.fail('invalid escape sequence', s.slice(0, 2 + hex.length));
      return { cp: parseInt(hex, 16), len: 4 };
    }
    const cp = c.codePointAt(0) as number;
    if (cp < 0x80 && !/[A-Za-z0-9]/.test(c)) return { cp, len: 2 };
    const full = String.fromCodePoint(s.codePointAt(1) as number);
    this.fail('invalid escape sequence', '\\' + full);
  }

  private parseClass(): Re {
    const wholeClass = this.rest();
    this.pos++;
    let negate = false;
    if (this.peek() === '^') {
      negate = true;
      this.pos++;
    }
    const items: ClassItem[] = [];
    let first = true;
    for (;;) {
      const s = this.rest();
      if (s === '') this.fail('missing closing ]', wholeClass);
      if (s[0] === ']' && !first) break;
      first = false;
      if (s.startsWith('[:')) {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(s);
        if (m) {
          const ranges = POSIX_CLASSES[m[2] as string];
          if (!ranges) this.fail('invalid character class range', m[0]);
          const rs = ranges.map(([lo, hi]) => ({ lo, hi }));
          items.push(...(m[1] ? negateRanges(rs) : rs));
          this.pos += m[0].length;
          continue;
        }
      }
      if (s[0] === '\\') {
        const cls = this.parseClassEscape(s);
        if (cls) {
          items.push(...cls.items);
          this.pos += cls.len;
          continue;
        }
      }
      const rangeStart = this.pos;
      const lo = this.parseClassChar(wholeClass);
      let hi = lo;
      const t = this.rest();
      if (t.length >= 2 && t[0] === '-' && t[1] !== ']') {
        this.pos++;
        hi = this.parseClassChar(wholeClass);
        if (hi < lo) this.fail('invalid character class range', this.src.slice(rangeStart, this.pos));
      }
      items.push({ lo, hi });
    }
    this.pos++;
    return { t: 'class', items, negate, fold: this.flags.fold };
  }

  private parseClassChar(wholeClass: string): number {
    const s = this.rest();
    if (s === '') this.fail('missing closing ]', wholeClass);
    if (s[0] === '\\') {
      const { cp, len } = this.parseEscape(s);
      this.pos += len;
      return cp;
    }
    const cp = s.codePointAt(0) as number;
    this.pos += cp > 0xffff ? 2 : 1;
    return cp;
  }
}

function parseRepeatNum(s: string): number {
  if (s.length > 1 && s[0] === '0') return -1;
  return s.length > 8 ? 1001 : Number(s);
}
