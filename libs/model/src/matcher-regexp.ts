// Translates Go RE2 regular expressions (what Alertmanager's `=~` and `!~` use) into JavaScript `u`-mode
// RegExps with the same meaning, and rejects what Go's regexp.Compile rejects, with Go's error text.
//
// Differences handled here: RE2's \d \s \w and POSIX classes are ASCII-only; `.` excludes only \n; flags
// (?imsU) may change mid-pattern; \A \z \Q..\E \x{..} and octal escapes exist; lookarounds and
// backreferences do not. Case folding is expanded into explicit classes because Node's RegExp has no inline
// modifiers.

import {
  complementRanges,
  emitClass,
  escapeCodePoint,
  foldOrbit,
  foldRanges,
  jsProperty,
  perlClassRanges,
  posixClassRanges,
  type ClassSpec,
  type CodeRange,
} from './matcher-regexp-charclass';

/** RegexpSyntaxError carries Go's message for a pattern regexp.Compile rejects. */
export class RegexpSyntaxError extends Error {
  constructor(code: string, expr: string) {
    super(`error parsing regexp: ${code}: \`${expr}\``);
  }
}

const ERR = {
  invalidCharRange: 'invalid character class range',
  invalidEscape: 'invalid escape sequence',
  invalidNamedCapture: 'invalid named capture',
  invalidPerlOp: 'invalid or unsupported Perl syntax',
  invalidRepeatOp: 'invalid nested repetition operator',
  invalidRepeatSize: 'invalid repeat count',
  missingBracket: 'missing closing ]',
  missingParen: 'missing closing )',
  missingRepeatArgument: 'missing argument to repetition operator',
  trailingBackslash: 'trailing backslash at end of expression',
  unexpectedParen: 'unexpected )',
} as const;

interface Flags {
  foldCase: boolean;
  multiLine: boolean;
  dotNL: boolean;
  nonGreedy: boolean;
}

interface Item {
  js: string;
  /** Largest product of nested counted repetitions inside, for Go's limit of 1000. */
  rep: number;
}

const MAX_REPEAT = 1000;

/**
 * compileRe2 compiles a Go regular expression (RE2 syntax, Perl flags) into an equivalent JavaScript RegExp.
 * It throws RegexpSyntaxError with Go's message when Go would reject the pattern.
 */
export function compileRe2(pattern: string): RegExp {
  const source = new Re2Translator(pattern).translate();
  return new RegExp(source, 'u');
}

/** translateRe2 returns the JavaScript `u`-mode source equivalent to a Go regular expression. */
export function translateRe2(pattern: string): string {
  return new Re2Translator(pattern).translate();
}

class Re2Translator {
  private readonly cps: string[];
  private pos = 0;

  constructor(private readonly src: string) {
    this.cps = Array.from(src);
  }

  translate(): string {
    const flags: Flags = { foldCase: false, multiLine: false, dotNL: false, nonGreedy: false };
    const body = this.parseAlternation(flags);
    if (this.pos < this.cps.length) {
      // Only an unmatched ')' stops the top-level alternation early.
      throw new RegexpSyntaxError(ERR.unexpectedParen, this.src);
    }
    return body.js;
  }

  private rest(from = this.pos): string {
    return this.cps.slice(from).join('');
  }

  private text(from: number, to: number): string {
    return this.cps.slice(from, to).join('');
  }

  private parseAlternation(flags: Flags): Item {
    const branches: Item[] = [this.parseConcat(flags)];
    while (this.cps[this.pos] === '|') {
      this.pos++;
      branches.push(this.parseConcat(flags));
    }
    return {
      js: branches.map((b) => b.js).join('|'),
      rep: Math.max(...branches.map((b) => b.rep)),
    };
  }

  private parseConcat(flags: Flags): Item {
    const items: Item[] = [];
    let lastRepeatStart: number | undefined;
    for (;;) {
      const ch = this.cps[this.pos];
      if (ch === undefined || ch === '|' || ch === ')') break;
      const opStart = this.pos;
      const repeat = this.parseRepeatOp(ch);
      if (repeat) {
        this.applyRepeat(items, flags, repeat, opStart, lastRepeatStart);
        lastRepeatStart = opStart;
        continue;
      }
      lastRepeatStart = undefined;
      items.push(...this.parseAtom(flags));
    }
    return { js: items.map((i) => i.js).join(''), rep: Math.max(1, ...items.map((i) => i.rep)) };
  }

  /** Reads `*`, `+`, `?` or a valid `{n,m}` at the cursor; returns undefined (cursor unchanged) otherwise. */
  private parseRepeatOp(ch: string): { min: number; max: number; counted: boolean } | undefined {
    if (ch === '*' || ch === '+' || ch === '?') {
      this.pos++;
      return { min: ch === '+' ? 1 : 0, max: ch === '?' ? 1 : -1, counted: false };
    }
    if (ch !== '{') return undefined;
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.rest());
    if (!m) return undefined;
    const minText = m[1] as string;
    const maxText = m[3];
    // Go refuses leading zeros and numbers of 8+ digits; then the `{` is a literal.
    const badNumber = (t: string): boolean => (t.length >= 2 && t.startsWith('0')) || t.length >= 8;
    if (badNumber(minText) || (maxText !== undefined && maxText !== '' && badNumber(maxText)))
      return undefined;
    const min = Number(minText);
    const max = m[2] === undefined ? min : maxText === '' || maxText === undefined ? -1 : Number(maxText);
    const start = this.pos;
    this.pos += Array.from(m[0]).length;
    if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) {
      throw new RegexpSyntaxError(ERR.invalidRepeatSize, this.text(start, this.pos));
    }
    return { min, max, counted: true };
  }

  private applyRepeat(
    items: Item[],
    flags: Flags,
    op: { min: number; max: number; counted: boolean },
    opStart: number,
    lastRepeatStart: number | undefined,
  ): void {
    let lazy = flags.nonGreedy;
    if (this.cps[this.pos] === '?') {
      this.pos++;
      lazy = !lazy;
    }
    if (lastRepeatStart !== undefined) {
      throw new RegexpSyntaxError(ERR.invalidRepeatOp, this.text(lastRepeatStart, this.pos));
    }
    const sub = items.pop();
    if (!sub) throw new RegexpSyntaxError(ERR.missingRepeatArgument, this.text(opStart, this.pos));
    let rep = sub.rep;
    if (op.counted && (op.min >= 2 || op.max >= 2)) {
      const m = op.max < 0 ? op.min : op.max;
      rep = m === 0 ? rep : rep * m;
      if (rep > MAX_REPEAT) throw new RegexpSyntaxError(ERR.invalidRepeatSize, this.text(opStart, this.pos));
    }
    let q: string;
    if (!op.counted) q = op.max === 1 ? '?' : op.min === 1 ? '+' : '*';
    else if (op.max === op.min) q = `{${op.min}}`;
    else q = op.max < 0 ? `{${op.min},}` : `{${op.min},${op.max}}`;
    items.push({ js: `(?:${sub.js})${q}${lazy ? '?' : ''}`, rep });
  }

  private parseAtom(flags: Flags): Item[] {
    const ch = this.cps[this.pos] as string;
    switch (ch) {
      case '(':
        return this.parseGroup(flags);
      case '[':
        return [{ js: emitClass(this.parseClass(flags)), rep: 1 }];
      case '.':
        this.pos++;
        return [{ js: flags.dotNL ? '[^]' : '[^\\n]', rep: 1 }];
      case '^':
        this.pos++;
        return [{ js: flags.multiLine ? '(?<![^\\n])' : '^', rep: 1 }];
      case '$':
        this.pos++;
        return [{ js: flags.multiLine ? '(?![^\\n])' : '$', rep: 1 }];
      case '\\':
        return this.parseEscapeAtom(flags);
      default:
        this.pos++;
        return [literal(ch.codePointAt(0) as number, flags)];
    }
  }

  private parseGroup(flags: Flags): Item[] {
    const open = this.pos;
    this.pos++;
    let inner: Flags = { ...flags };
    if (this.cps[this.pos] === '?') {
      const t = this.rest(open);
      const named = /^\(\?P?</.exec(t);
      if (named) {
        const end = t.indexOf('>');
        if (end < 0) throw new RegexpSyntaxError(ERR.invalidNamedCapture, t);
        const capture = t.slice(0, end + 1);
        const name = t.slice(named[0].length, end);
        if (!/^[\p{L}\p{Nd}_]+$/u.test(name)) throw new RegexpSyntaxError(ERR.invalidNamedCapture, capture);
        this.pos = open + Array.from(capture).length;
      } else {
        const result = this.parseFlags(open, flags);
        if (result.kind === 'set') {
          // `(?i)` changes the flags of the enclosing group from here on and produces no atom.
          Object.assign(flags, result.flags);
          return [];
        }
        inner = result.flags;
      }
    }
    const body = this.parseAlternation(inner);
    if (this.cps[this.pos] !== ')') throw new RegexpSyntaxError(ERR.missingParen, this.src);
    this.pos++;
    return [{ js: `(?:${body.js})`, rep: body.rep }];
  }

  private parseFlags(open: number, current: Flags): { kind: 'set' | 'group'; flags: Flags } {
    this.pos = open + 2;
    const flags = { ...current };
    let negate = false;
    let sawFlag = false;
    for (;;) {
      const ch = this.cps[this.pos++];
      const value = !negate;
      switch (ch) {
        case 'i':
          flags.foldCase = value;
          sawFlag = true;
          continue;
        case 'm':
          flags.multiLine = value;
          sawFlag = true;
          continue;
        case 's':
          flags.dotNL = value;
          sawFlag = true;
          continue;
        case 'U':
          flags.nonGreedy = value;
          sawFlag = true;
          continue;
        case '-':
          if (negate) break;
          negate = true;
          sawFlag = false;
          continue;
        case ':':
        case ')':
          if (negate && !sawFlag) break;
          return { kind: ch === ':' ? 'group' : 'set', flags };
        default:
          break;
      }
      const end = Math.min(this.pos, this.cps.length);
      throw new RegexpSyntaxError(ERR.invalidPerlOp, this.text(open, end));
    }
  }

  private parseEscapeAtom(flags: Flags): Item[] {
    const start = this.pos;
    const next = this.cps[this.pos + 1];
    if (next === undefined) throw new RegexpSyntaxError(ERR.trailingBackslash, '');
    switch (next) {
      case 'A':
        this.pos += 2;
        return [{ js: '^', rep: 1 }];
      case 'z':
        this.pos += 2;
        return [{ js: '$', rep: 1 }];
      case 'b':
        this.pos += 2;
        return [{ js: '\\b', rep: 1 }];
      case 'B':
        this.pos += 2;
        return [{ js: '\\B', rep: 1 }];
      case 'C':
        throw new RegexpSyntaxError(ERR.invalidEscape, '\\C');
      case 'Q': {
        this.pos += 2;
        const rest = this.rest();
        const end = rest.indexOf('\\E');
        const lit = end < 0 ? rest : rest.slice(0, end);
        this.pos += Array.from(lit).length + (end < 0 ? 0 : 2);
        return Array.from(lit).map((ch) => literal(ch.codePointAt(0) as number, flags));
      }
      default:
        break;
    }
    const cls = this.parseUnicodeClass(flags) ?? this.parsePerlClass(flags);
    if (cls) return [{ js: emitClass({ ...cls, negated: false }), rep: 1 }];
    this.pos = start;
    return [literal(this.parseEscape(), flags)];
  }

  /** Reads `\pL`, `\p{Greek}`, `\P{^Greek}`... at the cursor, or returns undefined if not there. */
  private parseUnicodeClass(flags: Flags): ClassSpec | undefined {
    const kind = this.cps[this.pos + 1];
    if (this.cps[this.pos] !== '\\' || (kind !== 'p' && kind !== 'P')) return undefined;
    const start = this.pos;
    let negated = kind === 'P';
    let name: string;
    let seqEnd: number;
    if (this.cps[this.pos + 2] !== '{') {
      name = this.cps[this.pos + 2] ?? '';
      seqEnd = Math.min(this.pos + 3, this.cps.length);
    } else {
      const close = this.cps.indexOf('}', this.pos);
      if (close < 0) throw new RegexpSyntaxError(ERR.invalidCharRange, this.rest(start));
      name = this.text(this.pos + 3, close);
      seqEnd = close + 1;
    }
    const seq = this.text(start, seqEnd);
    if (name.startsWith('^')) {
      negated = !negated;
      name = name.slice(1);
    }
    const property = jsProperty(name, flags.foldCase);
    if (property === undefined) throw new RegexpSyntaxError(ERR.invalidCharRange, seq);
    this.pos = seqEnd;
    if (property === 'Any') {
      return { ranges: negated ? [] : [[0, 0x10ffff]], properties: [], negated: false };
    }
    return { ranges: [], properties: property.map((p) => `\\${negated ? 'P' : 'p'}{${p}}`), negated: false };
  }

  /** Reads `\d \D \s \S \w \W` at the cursor, or returns undefined. */
  private parsePerlClass(flags: Flags): ClassSpec | undefined {
    const letter = this.cps[this.pos + 1];
    if (this.cps[this.pos] !== '\\' || letter === undefined) return undefined;
    const base = perlClassRanges(letter.toLowerCase());
    if (!base || !/[dswDSW]/.test(letter)) return undefined;
    this.pos += 2;
    return {
      ranges: groupRanges(base, letter !== letter.toLowerCase(), flags),
      properties: [],
      negated: false,
    };
  }

  /** Reads a single-character escape (after checking the special ones) and returns its code point. */
  private parseEscape(): number {
    const start = this.pos;
    this.pos++;
    const ch = this.cps[this.pos++];
    if (ch === undefined) throw new RegexpSyntaxError(ERR.trailingBackslash, '');
    const fail = (): never => {
      throw new RegexpSyntaxError(ERR.invalidEscape, this.text(start, Math.min(this.pos, this.cps.length)));
    };
    if (ch >= '1' && ch <= '7') {
      // A lone non-zero digit would be a backreference, which RE2 does not have.
      const d = this.cps[this.pos];
      if (d === undefined || d < '0' || d > '7') fail();
    }
    if (ch >= '0' && ch <= '7') {
      let v = Number(ch);
      for (let i = 1; i < 3; i++) {
        const d = this.cps[this.pos];
        if (d === undefined || d < '0' || d > '7') break;
        v = v * 8 + Number(d);
        this.pos++;
      }
      return v;
    }
    switch (ch) {
      case 'x':
        return this.parseHexEscape(fail);
      case 'a':
        return 0x07;
      case 'f':
        return 0x0c;
      case 'n':
        return 0x0a;
      case 'r':
        return 0x0d;
      case 't':
        return 0x09;
      case 'v':
        return 0x0b;
      default: {
        const cp = ch.codePointAt(0) as number;
        if (cp < 0x80 && !/[0-9A-Za-z]/.test(ch)) return cp;
        return fail();
      }
    }
  }

  private parseHexEscape(fail: () => never): number {
    const first = this.cps[this.pos++];
    if (first === undefined) return fail();
    if (first === '{') {
      let v = 0;
      let digits = 0;
      for (;;) {
        const d = this.cps[this.pos++];
        if (d === undefined) return fail();
        if (d === '}') break;
        if (!/^[0-9a-fA-F]$/.test(d)) return fail();
        v = v * 16 + parseInt(d, 16);
        if (v > 0x10ffff) return fail();
        digits++;
      }
      if (digits === 0) return fail();
      return v;
    }
    const second = this.cps[this.pos++];
    if (second === undefined || !/^[0-9a-fA-F]$/.test(first) || !/^[0-9a-fA-F]$/.test(second)) return fail();
    return parseInt(first + second, 16);
  }

  private parseClass(flags: Flags): ClassSpec {
    const start = this.pos;
    this.pos++;
    const missing = (): never => {
      throw new RegexpSyntaxError(ERR.missingBracket, this.rest(start));
    };
    let negated = false;
    if (this.cps[this.pos] === '^') {
      negated = true;
      this.pos++;
    }
    const ranges: CodeRange[] = [];
    const properties: string[] = [];
    let first = true;
    for (;;) {
      const ch = this.cps[this.pos];
      if (ch === undefined) missing();
      if (ch === ']' && !first) break;
      first = false;
      if (ch === '[' && this.cps[this.pos + 1] === ':') {
        const named = this.parseNamedClass(flags);
        if (named) {
          ranges.push(...named);
          continue;
        }
      }
      const uni = this.parseUnicodeClass(flags);
      if (uni) {
        ranges.push(...uni.ranges);
        properties.push(...uni.properties);
        continue;
      }
      const perl = this.parsePerlClass(flags);
      if (perl) {
        ranges.push(...perl.ranges);
        continue;
      }
      const rangeStart = this.pos;
      const lo = this.parseClassChar(missing);
      let hi = lo;
      if (
        this.cps[this.pos] === '-' &&
        this.cps[this.pos + 1] !== undefined &&
        this.cps[this.pos + 1] !== ']'
      ) {
        this.pos++;
        hi = this.parseClassChar(missing);
        if (hi < lo) throw new RegexpSyntaxError(ERR.invalidCharRange, this.text(rangeStart, this.pos));
      }
      ranges.push(...(flags.foldCase ? foldRanges([[lo, hi]]) : [[lo, hi] as CodeRange]));
    }
    this.pos++;
    return { ranges, properties, negated };
  }

  private parseClassChar(missing: () => never): number {
    const ch = this.cps[this.pos];
    if (ch === undefined) return missing();
    if (ch === '\\') return this.parseEscape();
    this.pos++;
    return ch.codePointAt(0) as number;
  }

  /** Reads `[:alpha:]` or `[:^alpha:]`; returns undefined (cursor unchanged) when the text is not one. */
  private parseNamedClass(flags: Flags): CodeRange[] | undefined {
    const rest = this.rest();
    const end = rest.indexOf(':]', 2);
    if (end < 0) return undefined;
    const whole = rest.slice(0, end + 2);
    let name = rest.slice(2, end);
    const negated = name.startsWith('^');
    if (negated) name = name.slice(1);
    const base = posixClassRanges(name);
    if (!base) throw new RegexpSyntaxError(ERR.invalidCharRange, whole);
    this.pos += Array.from(whole).length;
    return groupRanges(base, negated, flags);
  }
}

// RE2 folds a class group before negating it, so (?i)\W excludes the Kelvin sign like \w includes it.
function groupRanges(base: readonly CodeRange[], negated: boolean, flags: Flags): CodeRange[] {
  const folded = flags.foldCase ? foldRanges(base) : [...base];
  return negated ? complementRanges(folded) : folded;
}

function literal(cp: number, flags: Flags): Item {
  if (flags.foldCase) {
    const orbit = foldOrbit(cp);
    if (orbit.length > 1)
      return { js: emitClass({ ranges: orbit.map((o) => [o, o]), properties: [], negated: false }), rep: 1 };
  }
  return { js: escapeCodePoint(cp), rep: 1 };
}
