// Go's fmt/format.go: flags, padding and the formatting of numbers and strings for one operand.
import {
  canBackquote,
  formatFloat,
  isPrint,
  quote,
  quoteASCII,
  quoteRune,
  type FloatFormat,
} from './strconv';
import type { Complex } from './value';

/** Flags are the flags, width and precision of one verb. */
export interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  plusV: boolean;
  sharpV: boolean;
  widPresent: boolean;
  precPresent: boolean;
  wid: number;
  prec: number;
}

/** clearFlags returns flags with nothing set. */
export function clearFlags(): Flags {
  return {
    plus: false,
    minus: false,
    sharp: false,
    space: false,
    zero: false,
    plusV: false,
    sharpV: false,
    widPresent: false,
    precPresent: false,
    wid: 0,
    prec: 0,
  };
}

function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function utf8Bytes(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/** Formatter writes formatted operands to `buf`; subclasses say how to complain about a bad verb. */
export abstract class Formatter {
  buf = '';
  f: Flags = clearFlags();

  /** badVerb writes `%!v(type=value)` for a verb the operand does not support. */
  abstract badVerb(verb: string): void;

  // ---- padding ----

  protected writePadding(n: number): void {
    if (n <= 0) return;
    this.buf += (this.f.zero && !this.f.minus ? '0' : ' ').repeat(n);
  }

  protected pad(s: string): void {
    if (!this.f.widPresent || this.f.wid === 0) {
      this.buf += s;
      return;
    }
    const width = this.f.wid - runeCount(s);
    if (!this.f.minus) {
      this.writePadding(width);
      this.buf += s;
    } else {
      this.buf += s;
      this.writePadding(width);
    }
  }

  protected truncate(s: string): string {
    if (!this.f.precPresent) return s;
    let n = this.f.prec;
    let i = 0;
    for (const ch of s) {
      if (n-- <= 0) return s.slice(0, i);
      i += ch.length;
    }
    return s;
  }

  // ---- basic formatters ----

  protected fmtBool(b: boolean, verb: string): void {
    if (verb === 't' || verb === 'v') this.pad(b ? 'true' : 'false');
    else this.badVerb(verb);
  }

  protected fmtIntegerBase(uIn: bigint, base: number, negative: boolean, verb: string, upper: boolean): void {
    let u = uIn;
    const f = this.f;
    let prec = 0;
    if (f.precPresent) {
      prec = f.prec;
      if (prec === 0 && u === 0n) {
        const oldZero = f.zero;
        f.zero = false;
        this.writePadding(f.wid);
        f.zero = oldZero;
        return;
      }
    } else if (f.zero && !f.minus && f.widPresent) {
      prec = f.wid;
      if (negative || f.plus || f.space) prec--;
    }
    if (u < 0n) u = -u;
    let digits = u.toString(base);
    if (upper) digits = digits.toUpperCase();
    if (digits.length < prec) digits = '0'.repeat(prec - digits.length) + digits;
    if (f.sharp) {
      if (base === 2) digits = '0b' + digits;
      else if (base === 8 && digits[0] !== '0') digits = '0' + digits;
      else if (base === 16) digits = (upper ? '0X' : '0x') + digits;
    }
    if (verb === 'O') digits = '0o' + digits;
    if (negative) digits = '-' + digits;
    else if (f.plus) digits = '+' + digits;
    else if (f.space) digits = ' ' + digits;
    const oldZero = f.zero;
    f.zero = false;
    this.pad(digits);
    f.zero = oldZero;
  }

  protected fmtInteger(v: bigint, signed: boolean, verb: string): void {
    const negative = signed && v < 0n;
    const mag = negative ? -v : v;
    switch (verb) {
      case 'v':
        if (this.f.sharpV && !signed) this.fmt0x64(mag, true);
        else this.fmtIntegerBase(mag, 10, negative, verb, false);
        return;
      case 'd':
        return this.fmtIntegerBase(mag, 10, negative, verb, false);
      case 'b':
        return this.fmtIntegerBase(mag, 2, negative, verb, false);
      case 'o':
      case 'O':
        return this.fmtIntegerBase(mag, 8, negative, verb, false);
      case 'x':
        return this.fmtIntegerBase(mag, 16, negative, verb, false);
      case 'X':
        return this.fmtIntegerBase(mag, 16, negative, verb, true);
      case 'c':
        return this.pad(String.fromCodePoint(validRune(v)));
      case 'q':
        return this.pad(quoteRune(validRune(v), this.f.plus));
      case 'U':
        return this.fmtUnicode(v);
      default:
        this.badVerb(verb);
    }
  }

  protected fmt0x64(v: bigint, leading0x: boolean): void {
    const sharp = this.f.sharp;
    this.f.sharp = leading0x;
    this.fmtIntegerBase(v, 16, false, 'v', false);
    this.f.sharp = sharp;
  }

  protected fmtUnicode(v: bigint): void {
    let hexDigits = (v < 0n ? -v : v).toString(16).toUpperCase();
    const prec = this.f.precPresent && this.f.prec > 4 ? this.f.prec : 4;
    if (hexDigits.length < prec) hexDigits = '0'.repeat(prec - hexDigits.length) + hexDigits;
    let s = 'U+' + hexDigits;
    if (this.f.sharp && v >= 0n && v <= 0x10ffffn) {
      const ch = String.fromCodePoint(Number(v));
      if (isPrint(ch)) s += ` '${ch}'`;
    }
    const oldZero = this.f.zero;
    this.f.zero = false;
    this.pad(s);
    this.f.zero = oldZero;
  }

  protected fmtFloatVerb(v: number, verb: string): void {
    switch (verb) {
      case 'v':
        return this.fmtFloat(v, 'g', -1, verb);
      case 'b':
      case 'g':
      case 'G':
      case 'x':
      case 'X':
        return this.fmtFloat(v, verb, -1, verb);
      case 'f':
      case 'e':
      case 'E':
        return this.fmtFloat(v, verb, 6, verb);
      case 'F':
        return this.fmtFloat(v, 'f', 6, verb);
      default:
        this.badVerb(verb);
    }
  }

  protected fmtFloat(v: number, fmt: FloatFormat, precIn: number, verb: string): void {
    const f = this.f;
    const prec = f.precPresent ? f.prec : precIn;
    let num = formatFloat(v, fmt, prec);
    if (num[0] !== '-' && num[0] !== '+') num = '+' + num;
    if (f.space && num[0] === '+' && !f.plus) num = ' ' + num.slice(1);
    if (num[1] === 'I' || num[1] === 'N') {
      const oldZero = f.zero;
      f.zero = false;
      if (num[1] === 'N' && !f.space && !f.plus) num = num.slice(1);
      this.pad(num);
      f.zero = oldZero;
      return;
    }
    if (f.sharp && fmt !== 'b') num = sharpFloat(num, fmt, prec, verb);
    if (f.plus || num[0] !== '+') {
      if (f.zero && !f.minus && f.widPresent && f.wid > num.length) {
        this.buf += num[0];
        this.writePadding(f.wid - num.length);
        this.buf += num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  protected fmtComplex(c: Complex, verb: string): void {
    if (!'vbgGxXfFeE'.includes(verb)) {
      this.badVerb(verb);
      return;
    }
    const oldPlus = this.f.plus;
    this.buf += '(';
    this.fmtFloatVerb(c.re, verb);
    this.f.plus = true;
    this.fmtFloatVerb(c.im, verb);
    this.buf += 'i)';
    this.f.plus = oldPlus;
  }

  protected fmtString(s: string, verb: string): void {
    switch (verb) {
      case 'v':
        if (this.f.sharpV) this.fmtQ(s);
        else this.pad(this.truncate(s));
        return;
      case 's':
        return this.pad(this.truncate(s));
      case 'x':
        return this.fmtSx(s, false);
      case 'X':
        return this.fmtSx(s, true);
      case 'q':
        return this.fmtQ(s);
      default:
        this.badVerb(verb);
    }
  }

  protected fmtSx(s: string, upper: boolean): void {
    let bytes = Array.from(utf8Bytes(s));
    if (this.f.precPresent && this.f.prec < bytes.length) bytes = bytes.slice(0, this.f.prec);
    const f = this.f;
    let out = '';
    bytes.forEach((b, i) => {
      if (f.space && i > 0) out += ' ';
      if (f.sharp && (f.space || i === 0)) out += upper ? '0X' : '0x';
      out += b.toString(16).padStart(2, '0');
    });
    if (upper) out = out.toUpperCase();
    if (bytes.length === 0 && f.widPresent) {
      this.writePadding(f.wid);
      return;
    }
    this.pad(out);
  }

  protected fmtQ(s: string): void {
    const t = this.truncate(s);
    if (this.f.sharp && canBackquote(t)) this.pad('`' + t + '`');
    else this.pad(this.f.plus ? quoteASCII(t) : quote(t));
  }
}

function validRune(v: bigint): number {
  return v < 0n || v > 0x10ffffn || (v >= 0xd800n && v <= 0xdfffn) ? 0xfffd : Number(v);
}

function sharpFloat(numIn: string, fmt: FloatFormat, prec: number, verb: string): string {
  let num = numIn;
  let digits = 0;
  if (verb === 'v' || fmt === 'g' || fmt === 'G' || fmt === 'x') digits = prec === -1 ? 6 : prec;
  let tail = '';
  let hasPoint = false;
  let sawNonzero = false;
  for (let i = 1; i < num.length; i++) {
    const c = num[i] as string;
    if (c === '.') {
      hasPoint = true;
    } else if (c === 'p' || c === 'P' || ((c === 'e' || c === 'E') && fmt !== 'x' && fmt !== 'X')) {
      tail = num.slice(i);
      num = num.slice(0, i);
      break;
    } else {
      if (c !== '0') sawNonzero = true;
      if (sawNonzero) digits--;
    }
  }
  if (!hasPoint) {
    if (num.length === 2 && num[1] === '0') digits--;
    num += '.';
  }
  while (digits > 0) {
    num += '0';
    digits--;
  }
  return num + tail;
}
