// Escapes and character classes of RE2 syntax, read by the structural parser (regexp-parse.ts) at its cursor.
import { RegexpSyntaxError, type CharSet, type RegexpErrorCode, type ReNode } from './regexp-ast';
import {
  cleanRanges,
  foldRanges,
  negateRanges,
  perlGroup,
  posixGroup,
  type CharGroup,
  type Ranges,
} from './regexp-charclass';
import { propertyFoldExtras, unicodeClass } from './regexp-unicode';

/** Parse flags that (?imsU) switch; `oneLine` is the opposite of (?m). */
export interface Flags {
  fold: boolean;
  dotNL: boolean;
  oneLine: boolean;
  nonGreedy: boolean;
}

/** A character class being read: the union of ranges, escapes and complemented sets. */
interface ClassBuilder {
  ranges: Ranges;
  escapes: string[];
  complements: CharSet[];
}

function isAlnum(c: string | undefined): boolean {
  return c !== undefined && /^[0-9A-Za-z]$/.test(c);
}

function unhex(cp: number): number {
  const c = String.fromCodePoint(cp);
  return /^[0-9a-fA-F]$/.test(c) ? parseInt(c, 16) : -1;
}

const CONTROL_ESCAPES: Readonly<Record<string, number>> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };

/** ClassReader holds the pattern, the cursor and the flags, and reads escapes and classes. */
export abstract class ClassReader {
  protected i = 0;

  constructor(
    protected readonly src: string,
    protected flags: Flags,
  ) {}

  protected fail(code: RegexpErrorCode, from: number, to: number): never {
    throw new RegexpSyntaxError(code, this.src.slice(from, to));
  }

  protected failWhole(code: RegexpErrorCode): never {
    throw new RegexpSyntaxError(code, this.src);
  }

  /** Reads one code point at p; a lone surrogate is Go's invalid UTF-8 (the error quotes the rest). */
  protected runeAt(p: number): { cp: number; next: number } {
    const cp = this.src.codePointAt(p) as number;
    if (cp >= 0xd800 && cp <= 0xdfff) this.fail('invalid UTF-8', p, this.src.length);
    return { cp, next: p + (cp > 0xffff ? 2 : 1) };
  }

  /** Go's checkUTF8 on src[from, to): the error quotes that text from the bad code unit on. */
  protected checkUTF8(from: number, to: number): void {
    for (let p = from; p < to; p++) {
      const c = this.src.charCodeAt(p);
      const pair = c >= 0xd800 && c <= 0xdbff && (this.src.charCodeAt(p + 1) & 0xfc00) === 0xdc00;
      if (pair) p++;
      else if (c >= 0xd800 && c <= 0xdfff) this.fail('invalid UTF-8', p, to);
    }
  }

  protected literal(cp: number): ReNode {
    return { op: 'literal', cp, fold: this.flags.fold };
  }

  /** Parses a single-character escape at p (the backslash): octal, hex, C escapes or escaped punctuation. */
  protected parseEscape(p: number): { cp: number; next: number } {
    if (p + 1 >= this.src.length) throw new RegexpSyntaxError('trailing backslash at end of expression', '');
    const { cp, next } = this.runeAt(p + 1);
    const c = String.fromCodePoint(cp);
    let q = next;
    const bad = (): never => this.fail('invalid escape sequence', p, q);
    if (cp < 0x80 && !isAlnum(c)) return { cp, next: q };
    if (c >= '0' && c <= '7') {
      const isOctal = (x: string | undefined): boolean => x !== undefined && x >= '0' && x <= '7';
      // A lone non-zero digit would be a backreference, which RE2 does not have.
      if (c !== '0' && !isOctal(this.src[q])) bad();
      let r = cp - 0x30;
      for (let k = 1; k < 3 && isOctal(this.src[q]); k++, q++) r = r * 8 + (this.src.charCodeAt(q) - 0x30);
      return { cp: r, next: q };
    }
    if (c === 'x') return this.parseHexEscape(p, q);
    if (Object.hasOwn(CONTROL_ESCAPES, c)) return { cp: CONTROL_ESCAPES[c] as number, next: q };
    return bad();
  }

  /** Parses what follows `\x`: two hex digits or `{hex…}` up to U+10FFFF. */
  private parseHexEscape(p: number, start: number): { cp: number; next: number } {
    let q = start;
    const bad = (): never => this.fail('invalid escape sequence', p, q);
    const read = (): number => {
      if (q >= this.src.length) bad();
      const r = this.runeAt(q);
      q = r.next;
      return r.cp;
    };
    const first = read();
    if (first === 0x7b) {
      let r = 0;
      let digits = 0;
      for (let d = read(); d !== 0x7d; d = read()) {
        const v = unhex(d);
        if (v < 0) bad();
        r = r * 16 + v;
        if (r > 0x10ffff) bad();
        digits++;
      }
      if (digits === 0) bad();
      return { cp: r, next: q };
    }
    const x = unhex(first);
    const y = q < this.src.length ? unhex(read()) : -1;
    if (x < 0 || y < 0) bad();
    return { cp: x * 16 + y, next: q };
  }

  /** Parses `[...]` at the cursor. */
  protected parseClass(): ReNode {
    const classStart = this.i;
    let p = this.i + 1;
    let negated = false;
    if (this.src[p] === '^') {
      negated = true;
      p++;
    }
    const b: ClassBuilder = { ranges: [], escapes: [], complements: [] };
    let first = true;
    while (p >= this.src.length || this.src[p] !== ']' || first) {
      first = false;
      if (this.src.startsWith('[:', p) && p + 2 < this.src.length) {
        const close = this.src.indexOf(':]', p + 2);
        if (close >= 0) {
          const group = posixGroup(this.src.slice(p, close + 2));
          if (!group) this.fail('invalid character class range', p, close + 2);
          this.addGroup(b, group);
          p = close + 2;
          continue;
        }
      }
      if (this.src[p] === '\\' && (this.src[p + 1] === 'p' || this.src[p + 1] === 'P')) {
        p = this.parseUnicodeClass(p, b);
        continue;
      }
      const perl = perlGroup(this.src.slice(p, p + 2));
      if (perl) {
        this.addGroup(b, perl);
        p += 2;
        continue;
      }
      const rangeStart = p;
      const lo = this.classChar(p, classStart);
      let hi = lo.cp;
      p = lo.next;
      // [a-] means a or -: a '-' just before the closing ']' is a literal.
      if (this.src[p] === '-' && p + 1 < this.src.length && this.src[p + 1] !== ']') {
        const h = this.classChar(p + 1, classStart);
        hi = h.cp;
        p = h.next;
        if (hi < lo.cp) this.fail('invalid character class range', rangeStart, p);
      }
      const r: Ranges = [[lo.cp, hi]];
      b.ranges.push(...(this.flags.fold ? foldRanges(r) : r));
    }
    this.i = p + 1;
    return this.classNode(b, negated);
  }

  private classChar(p: number, classStart: number): { cp: number; next: number } {
    if (p >= this.src.length) this.fail('missing closing ]', classStart, this.src.length);
    if (this.src[p] === '\\') return this.parseEscape(p);
    return this.runeAt(p);
  }

  /** Parses \pX, \p{Name}, \PX or \P{^Name} at p into b; returns the position after it. */
  protected parseUnicodeClass(p: number, b: ClassBuilder): number {
    let negated = this.src[p + 1] === 'P';
    let name: string;
    let end: number;
    if (p + 2 >= this.src.length) {
      name = '';
      end = p + 2;
    } else if (this.src[p + 2] !== '{') {
      const { cp, next } = this.runeAt(p + 2);
      name = String.fromCodePoint(cp);
      end = next;
    } else {
      const close = this.src.indexOf('}', p);
      if (close < 0) {
        this.checkUTF8(p, this.src.length);
        this.fail('invalid character class range', p, this.src.length);
      }
      this.checkUTF8(p + 3, close);
      name = this.src.slice(p + 3, close);
      end = close + 1;
    }
    if (name.startsWith('^')) {
      negated = !negated;
      name = name.slice(1);
    }
    const cls = unicodeClass(name);
    if (!cls) this.fail('invalid character class range', p, end);
    if (cls.kind === 'ranges') {
      const r = this.flags.fold ? foldRanges(cls.ranges) : cls.ranges;
      b.ranges.push(...(negated ? negateRanges(r) : r));
      return end;
    }
    // Under (?i) Go adds the code points folding into the class, then negates.
    const extras = this.flags.fold ? propertyFoldExtras(cls.properties) : [];
    const escapes = cls.properties.map((prop) => `\\p{${prop}}`);
    if (negated === cls.negated) {
      b.escapes.push(...escapes);
      b.ranges.push(...extras);
    } else if (cls.properties.length === 1 && extras.length === 0) {
      b.escapes.push(`\\P{${cls.properties[0] as string}}`);
    } else {
      b.complements.push({ ranges: cleanRanges(extras), escapes });
    }
    return end;
  }

  /** Go's appendGroup: RE2 folds a group before negating it, so (?i)\W excludes the Kelvin sign \w folds in. */
  private addGroup(b: ClassBuilder, group: CharGroup): void {
    const r = this.flags.fold ? foldRanges(group.ranges) : group.ranges;
    b.ranges.push(...(group.negated ? negateRanges(r) : r));
  }

  /** Reads \p{…} or a Perl group (\d) outside brackets at the cursor, or returns undefined. */
  protected parseClassEscape(): ReNode | undefined {
    const p = this.i;
    const b: ClassBuilder = { ranges: [], escapes: [], complements: [] };
    if (this.src[p + 1] === 'p' || this.src[p + 1] === 'P') {
      this.i = this.parseUnicodeClass(p, b);
      return this.classNode(b, false);
    }
    const perl = perlGroup(this.src.slice(p, p + 2));
    if (!perl) return undefined;
    this.addGroup(b, perl);
    this.i = p + 2;
    return this.classNode(b, false);
  }

  private classNode(b: ClassBuilder, negated: boolean): ReNode {
    const set: CharSet = { ranges: cleanRanges(b.ranges), escapes: b.escapes };
    return { op: 'class', set, complements: b.complements, negated };
  }
}
