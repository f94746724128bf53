// Escapes and character classes of RE2 syntax, shared by the structural parser (re2-syntax.ts).
import { PERL_GROUPS, cleanRanges, foldRanges, negateRanges, posixGroup, type Ranges } from './char-class';
import {
  Re2SyntaxError,
  type ClassItem,
  type Flags,
  type PropertyItem,
  type Re2ErrorCode,
  type ReNode,
} from './re2-ast';
import { unicodeClass } from './unicode-names';

function isAlnum(c: string | undefined): boolean {
  return c !== undefined && /^[0-9A-Za-z]$/.test(c);
}

function unhex(c: string | undefined): number {
  return c !== undefined && /^[0-9a-fA-F]$/.test(c) ? parseInt(c, 16) : -1;
}

/** Re2Base holds the pattern, the cursor and the flags, and reads escapes and classes. */
export abstract class Re2Base {
  protected i = 0;
  protected flags: Flags = { fold: false, dotNL: true, oneLine: true, nonGreedy: false };

  constructor(protected readonly src: string) {}

  protected fail(code: Re2ErrorCode, from: number, to: number): never {
    throw new Re2SyntaxError(code, this.src.slice(from, to));
  }

  protected failWhole(code: Re2ErrorCode): never {
    throw new Re2SyntaxError(code, this.src);
  }

  /** Reads one code point at position p; lone surrogates are invalid UTF-8. */
  protected runeAt(p: number): { cp: number; next: number } {
    const cp = this.src.codePointAt(p) as number;
    if (cp >= 0xd800 && cp <= 0xdfff) this.fail('invalid UTF-8', p, this.src.length);
    return { cp, next: p + (cp > 0xffff ? 2 : 1) };
  }

  protected checkUTF8(from: number, to: number): void {
    for (let p = from; p < to; p++) {
      const c = this.src.charCodeAt(p);
      if (c >= 0xd800 && c <= 0xdbff) {
        const d = this.src.charCodeAt(p + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          p++;
          continue;
        }
      }
      if (c >= 0xd800 && c <= 0xdfff) this.fail('invalid UTF-8', p, this.src.length);
    }
  }

  protected literal(cp: number): ReNode {
    return { op: 'literal', cp, fold: this.flags.fold };
  }

  /** Parses a single-character escape at p (the backslash) and returns the code point. */
  protected parseEscape(p: number): { cp: number; next: number } {
    if (p + 1 >= this.src.length) throw new Re2SyntaxError('trailing backslash at end of expression', '');
    const { cp, next } = this.runeAt(p + 1);
    const c = String.fromCodePoint(cp);
    let q = next;
    const bad = (): never => this.fail('invalid escape sequence', p, q);
    if (cp < 0x80 && !isAlnum(c)) return { cp, next: q };
    if (c >= '0' && c <= '7') {
      const isOctal = (x: string | undefined): boolean => x !== undefined && x >= '0' && x <= '7';
      if (c !== '0' && !isOctal(this.src[q])) bad();
      let r = cp - 0x30;
      for (let k = 1; k < 3 && isOctal(this.src[q]); k++, q++) r = r * 8 + (this.src.charCodeAt(q) - 0x30);
      return { cp: r, next: q };
    }
    if (c === 'x') {
      if (q >= this.src.length) bad();
      const first = this.runeAt(q);
      q = first.next;
      if (first.cp === 0x7b) {
        let r = 0;
        let nhex = 0;
        for (;;) {
          if (q >= this.src.length) bad();
          const d = this.runeAt(q);
          q = d.next;
          if (d.cp === 0x7d) break;
          const v = unhex(String.fromCodePoint(d.cp));
          if (v < 0) bad();
          r = r * 16 + v;
          if (r > 0x10ffff) bad();
          nhex++;
        }
        if (nhex === 0) bad();
        return { cp: r, next: q };
      }
      const x = unhex(String.fromCodePoint(first.cp));
      let y = -1;
      if (q < this.src.length) {
        const second = this.runeAt(q);
        q = second.next;
        y = unhex(String.fromCodePoint(second.cp));
      }
      if (x < 0 || y < 0) bad();
      return { cp: x * 16 + y, next: q };
    }
    const controls: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
    if (Object.hasOwn(controls, c)) return { cp: controls[c] as number, next: q };
    return bad();
  }

  protected parseClass(): ReNode {
    const classStart = this.i;
    let p = this.i + 1;
    let negated = false;
    if (this.src[p] === '^') {
      negated = true;
      p++;
    }
    const ranges: Ranges = [];
    const props: PropertyItem[] = [];
    let first = true;
    while (p >= this.src.length || this.src[p] !== ']' || first) {
      first = false;
      if (this.src.startsWith('[:', p) && p + 2 < this.src.length) {
        const close = this.src.indexOf(':]', p + 2);
        if (close >= 0) {
          const name = this.src.slice(p, close + 2);
          const group = posixGroup(name);
          if (!group) this.fail('invalid character class range', p, close + 2);
          ranges.push(...this.groupItem(group.ranges, group.negated).ranges);
          p = close + 2;
          continue;
        }
      }
      if (this.src[p] === '\\' && (this.src[p + 1] === 'p' || this.src[p + 1] === 'P')) {
        const item = this.parseUnicodeClass(p);
        ranges.push(...item.ranges);
        props.push(...item.props);
        p = this.i;
        continue;
      }
      const perl = PERL_GROUPS.get(this.src.slice(p, p + 2));
      if (perl) {
        ranges.push(...this.groupItem(perl.ranges, perl.negated).ranges);
        p += 2;
        continue;
      }
      const rangeStart = p;
      const lo = this.classChar(p, classStart);
      let hi = lo.cp;
      p = lo.next;
      if (this.src[p] === '-' && p + 1 < this.src.length && this.src[p + 1] !== ']') {
        const h = this.classChar(p + 1, classStart);
        hi = h.cp;
        p = h.next;
        if (hi < lo.cp) this.fail('invalid character class range', rangeStart, p);
      }
      const r: Ranges = [[lo.cp, hi]];
      ranges.push(...(this.flags.fold ? foldRanges(r) : r));
    }
    this.i = p + 1;
    return { op: 'class', ranges: cleanRanges(ranges), props, negated };
  }

  protected classChar(p: number, classStart: number): { cp: number; next: number } {
    if (p >= this.src.length) this.fail('missing closing ]', classStart, this.src.length);
    if (this.src[p] === '\\') return this.parseEscape(p);
    return this.runeAt(p);
  }

  /** Parses \pX, \p{Name}, \PX, \P{^Name} at p. */
  protected parseUnicodeClass(p: number): ClassItem {
    let negated = this.src[p + 1] === 'P';
    let name: string;
    let seqEnd: number;
    if (p + 2 >= this.src.length) {
      name = '';
      seqEnd = p + 2;
    } else if (this.src[p + 2] !== '{') {
      const { cp, next } = this.runeAt(p + 2);
      name = String.fromCodePoint(cp);
      seqEnd = next;
    } else {
      const end = this.src.indexOf('}', p);
      if (end < 0) {
        this.checkUTF8(p, this.src.length);
        this.fail('invalid character class range', p, this.src.length);
      }
      this.checkUTF8(p + 3, end);
      name = this.src.slice(p + 3, end);
      seqEnd = end + 1;
    }
    if (name.startsWith('^')) {
      negated = !negated;
      name = name.slice(1);
    }
    const cls = unicodeClass(name);
    if (!cls) this.fail('invalid character class range', p, seqEnd);
    this.i = seqEnd;
    const neg = negated !== cls.negated;
    if (cls.kind === 'ranges') return { ranges: neg ? negateRanges(cls.ranges) : cls.ranges, props: [] };
    return { ranges: [], props: [{ property: cls.property, negated: neg }] };
  }

  protected groupItem(ranges: Ranges, negated: boolean): ClassItem {
    let r = this.flags.fold ? foldRanges(ranges) : ranges;
    if (negated) r = negateRanges(r);
    return { ranges: r, props: [] };
  }

  protected classFrom(item: ClassItem, negated: boolean): ReNode {
    return { op: 'class', ranges: cleanRanges(item.ranges), props: item.props, negated };
  }
}
