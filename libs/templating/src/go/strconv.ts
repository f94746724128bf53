// Go's strconv as far as templates need it: float formatting with Go's exact rounding, number parsing,
// and quoting. Floats are formatted from their exact binary value so results match Go digit for digit.

/** A decimal digit string `d` with the decimal point `dp` digits from its start (value = 0.d × 10^dp). */
interface Decimal {
  d: string;
  dp: number;
}

/** GoNumError mirrors strconv.NumError's message: `strconv.ParseFloat: parsing "x": invalid syntax`. */
export class GoNumError extends Error {
  constructor(fn: string, input: string, reason: 'invalid syntax' | 'value out of range') {
    super(`strconv.${fn}: parsing ${quote(input)}: ${reason}`);
  }
}

const view = new DataView(new ArrayBuffer(8));

/** exactDecimal returns the exact decimal expansion of a finite, non-zero |x|. */
function exactDecimal(x: number): Decimal {
  view.setFloat64(0, Math.abs(x));
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biasedExp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp2: number;
  if (biasedExp === 0) {
    exp2 = -1074;
  } else {
    mant |= 1n << 52n;
    exp2 = biasedExp - 1075;
  }
  let digits: string;
  let dp: number;
  if (exp2 >= 0) {
    digits = (mant << BigInt(exp2)).toString();
    dp = digits.length;
  } else {
    digits = (mant * 5n ** BigInt(-exp2)).toString();
    dp = digits.length + exp2;
  }
  return { d: digits.replace(/0+$/, ''), dp };
}

/** shortestDecimal returns the shortest digits that read back as |x| (what Go's 'g' with precision -1 uses). */
function shortestDecimal(x: number): Decimal {
  const [mant = '', exp = '0'] = Math.abs(x).toExponential().split('e');
  const d = mant.replace('.', '').replace(/0+$/, '');
  return { d, dp: Number(exp) + 1 };
}

/** roundDecimal rounds to nd digits, half to even on exact ties, as strconv's decimal.Round does. */
function roundDecimal(a: Decimal, nd: number): Decimal {
  if (nd < 0 || nd >= a.d.length) return a;
  const next = a.d.charCodeAt(nd) - 48;
  let up: boolean;
  if (next === 5 && nd + 1 === a.d.length) {
    up = nd > 0 && (a.d.charCodeAt(nd - 1) - 48) % 2 === 1;
  } else {
    up = next >= 5;
  }
  if (!up) {
    const d = a.d.slice(0, nd).replace(/0+$/, '');
    return { d, dp: d === '' ? 0 : a.dp };
  }
  for (let i = nd - 1; i >= 0; i--) {
    const c = a.d.charCodeAt(i);
    if (c < 57) return { d: a.d.slice(0, i) + String.fromCharCode(c + 1), dp: a.dp };
  }
  return { d: '1', dp: a.dp + 1 };
}

function digitAt(a: Decimal, i: number): string {
  return i >= 0 && i < a.d.length ? (a.d[i] as string) : '0';
}

function fmtE(neg: boolean, a: Decimal, prec: number, fmt: 'e' | 'E'): string {
  let out = neg ? '-' : '';
  out += a.d.length === 0 ? '0' : a.d[0];
  if (prec > 0) {
    out += '.';
    for (let i = 1; i <= prec; i++) out += digitAt(a, i);
  }
  const exp = a.d.length === 0 ? 0 : a.dp - 1;
  const abs = Math.abs(exp);
  return `${out}${fmt}${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
}

function fmtF(neg: boolean, a: Decimal, prec: number): string {
  let out = neg ? '-' : '';
  if (a.dp > 0) {
    for (let i = 0; i < a.dp; i++) out += digitAt(a, i);
  } else {
    out += '0';
  }
  if (prec > 0) {
    out += '.';
    for (let i = 1; i <= prec; i++) out += digitAt(a, a.dp + i - 1);
  }
  return out;
}

/** FloatFormat is one of strconv.FormatFloat's formats. */
export type FloatFormat = 'e' | 'E' | 'f' | 'g' | 'G' | 'b' | 'x' | 'X';

/** formatFloat is strconv.FormatFloat(v, fmt, prec, 64): prec -1 means the shortest exact representation. */
export function formatFloat(v: number, fmt: FloatFormat, prec: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const neg = v < 0 || Object.is(v, -0);
  if (fmt === 'b') return formatBinary(v, neg);
  if (fmt === 'x' || fmt === 'X') return formatHexFloat(v, neg, prec, fmt);
  const shortest = prec < 0;
  let digs: Decimal;
  if (v === 0) {
    digs = { d: '', dp: 0 };
  } else if (shortest) {
    digs = shortestDecimal(v);
  } else {
    const exact = exactDecimal(v);
    if (fmt === 'e' || fmt === 'E') digs = roundDecimal(exact, prec + 1);
    else if (fmt === 'f') digs = roundDecimal(exact, exact.dp + prec);
    else digs = roundDecimal(exact, prec === 0 ? 1 : prec);
  }
  if (shortest) {
    if (fmt === 'e' || fmt === 'E') prec = Math.max(digs.d.length - 1, 0);
    else if (fmt === 'f') prec = Math.max(digs.d.length - digs.dp, 0);
    else prec = digs.d.length;
  }
  if (fmt === 'e' || fmt === 'E') return fmtE(neg, digs, prec, fmt);
  if (fmt === 'f') return fmtF(neg, digs, prec);
  // %g / %G
  if (!shortest && prec === 0) prec = 1;
  let eprec = prec;
  if (eprec > digs.d.length && digs.d.length >= digs.dp) eprec = digs.d.length;
  if (shortest) eprec = 6;
  const exp = digs.dp - 1;
  if (exp < -4 || exp >= eprec) {
    if (prec > digs.d.length) prec = digs.d.length;
    return fmtE(neg, digs, prec - 1, fmt === 'g' ? 'e' : 'E');
  }
  if (prec > digs.dp) prec = digs.d.length;
  return fmtF(neg, digs, Math.max(prec - digs.dp, 0));
}

function floatBits(v: number): { mant: bigint; exp: number } {
  view.setFloat64(0, Math.abs(v));
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased !== 0) mant |= 1n << 52n;
  return { mant, exp: (biased === 0 ? 1 : biased) - 1075 };
}

function formatBinary(v: number, neg: boolean): string {
  const { mant, exp } = floatBits(v);
  return `${neg ? '-' : ''}${mant}p${exp >= 0 ? '+' : ''}${exp}`;
}

function formatHexFloat(v: number, neg: boolean, prec: number, fmt: 'x' | 'X'): string {
  let { mant, exp } = floatBits(v);
  if (mant === 0n) {
    exp = 0;
  } else {
    // Normalise so the leading 1 sits at bit 60, leaving 15 hex digits after the point.
    while (mant < 1n << 60n) {
      mant <<= 1n;
      exp--;
    }
    exp += 60;
  }
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(60 - prec * 4);
    const extra = mant & ((1n << shift) - 1n);
    const half = 1n << (shift - 1n);
    mant >>= shift;
    if (extra > half || (extra === half && (mant & 1n) === 1n)) mant++;
    mant <<= shift;
    if (mant >= 1n << 61n) {
      mant >>= 1n;
      exp++;
    }
  }
  let frac = (mant & ((1n << 60n) - 1n)).toString(16).padStart(15, '0');
  if (prec < 0) frac = frac.replace(/0+$/, '');
  else frac = frac.slice(0, prec).padEnd(prec, '0');
  const lead = mant === 0n ? '0' : '1';
  let out = `${neg ? '-' : ''}0x${lead}${frac === '' ? '' : '.' + frac}p${exp >= 0 ? '+' : '-'}${String(Math.abs(exp)).padStart(2, '0')}`;
  if (fmt === 'X') out = out.toUpperCase();
  return out;
}

const DEC_FLOAT = /^[+-]?(?:[0-9_]*\.?[0-9_]*)(?:[eE][+-]?[0-9_]+)?$/;
const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F_]*)(?:\.([0-9a-fA-F_]*))?[pP]([+-]?[0-9_]+)$/;
const SPECIAL_FLOAT = /^([+-]?)(inf|infinity|nan)$/i;

/** underscoreOK is Go's rule: underscores only between digits, or between a base prefix and a digit. */
function underscoreOK(sIn: string): boolean {
  let s = sIn;
  let saw = '^';
  let i = 0;
  if (s[0] === '+' || s[0] === '-') s = s.slice(1);
  let hex = false;
  const p = s[1]?.toLowerCase();
  if (s.length >= 2 && s[0] === '0' && (p === 'b' || p === 'o' || p === 'x')) {
    i = 2;
    saw = '0';
    hex = p === 'x';
  }
  for (; i < s.length; i++) {
    const c = s[i] as string;
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** parseFloat is strconv.ParseFloat(s, 64), with Go's error messages. */
export function parseFloat(s: string): number {
  const special = SPECIAL_FLOAT.exec(s);
  if (special) {
    if ((special[2] as string).toLowerCase() === 'nan') {
      if (special[1] !== '') throw new GoNumError('ParseFloat', s, 'invalid syntax');
      return NaN;
    }
    return special[1] === '-' ? -Infinity : Infinity;
  }
  if (s.includes('_') && !underscoreOK(s)) throw new GoNumError('ParseFloat', s, 'invalid syntax');
  let v: number;
  const hex = HEX_FLOAT.exec(s);
  if (hex) {
    const intPart = (hex[2] as string).replace(/_/g, '');
    const fracPart = (hex[3] ?? '').replace(/_/g, '');
    if (intPart === '' && fracPart === '') throw new GoNumError('ParseFloat', s, 'invalid syntax');
    const mant = BigInt('0x' + (intPart + fracPart || '0'));
    v = Number(mant) * 2 ** (Number((hex[4] as string).replace(/_/g, '')) - 4 * fracPart.length);
    if (hex[1] === '-') v = -v;
  } else if (DEC_FLOAT.test(s) && /\d/.test(s.split(/[eE]/)[0] as string)) {
    v = Number(s.replace(/_/g, ''));
  } else {
    throw new GoNumError('ParseFloat', s, 'invalid syntax');
  }
  if (!Number.isFinite(v)) throw new GoNumError('ParseFloat', s, 'value out of range');
  return v;
}

const INT_BODY: Record<number, RegExp> = {
  2: /^[01]+(?:_[01]+)*$/,
  8: /^[0-7]+(?:_[0-7]+)*$/,
  10: /^\d+(?:_\d+)*$/,
  16: /^[0-9a-fA-F]+(?:_[0-9a-fA-F]+)*$/,
};

/** parseIntLiteral reads an integer literal as strconv.ParseInt(s, 0, 64) would, without the range check. */
function parseIntLiteral(s: string, signed: boolean): bigint | undefined {
  let body = s;
  let neg = false;
  if (body.startsWith('+') || body.startsWith('-')) {
    if (!signed) return undefined;
    neg = body[0] === '-';
    body = body.slice(1);
  }
  let base = 10;
  const prefix = body.slice(0, 2).toLowerCase();
  if (prefix === '0x' || prefix === '0o' || prefix === '0b') {
    base = prefix === '0x' ? 16 : prefix === '0o' ? 8 : 2;
    body = body.slice(2);
    if (body.startsWith('_')) body = body.slice(1);
  } else if (body.length > 1 && body[0] === '0') {
    base = 8;
    body = body.slice(1);
    if (body.startsWith('_')) body = body.slice(1);
  }
  const re = INT_BODY[base] as RegExp;
  if (!re.test(body)) return undefined;
  const digits = body.replace(/_/g, '');
  const prefixes: Record<number, string> = { 2: '0b', 8: '0o', 10: '', 16: '0x' };
  const n = BigInt(prefixes[base] + digits);
  return neg ? -n : n;
}

/** parseInt64 is strconv.ParseInt(s, 0, 64); undefined when Go would return an error. */
export function parseInt64(s: string): bigint | undefined {
  const n = parseIntLiteral(s, true);
  if (n === undefined || n > 0x7fffffffffffffffn || n < -0x8000000000000000n) return undefined;
  return n;
}

/** parseUint64 is strconv.ParseUint(s, 0, 64); undefined when Go would return an error. */
export function parseUint64(s: string): bigint | undefined {
  const n = parseIntLiteral(s, false);
  if (n === undefined || n > 0xffffffffffffffffn) return undefined;
  return n;
}

const QUOTE_ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
};

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** isPrint approximates Go's strconv.IsPrint with Unicode general categories. */
export function isPrint(ch: string): boolean {
  return PRINTABLE.test(ch);
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

function quoteWith(s: string, q: '"' | "'", asciiOnly: boolean): string {
  let out = q;
  for (const ch of s) {
    if (ch === q) {
      out += '\\' + q;
      continue;
    }
    const esc = QUOTE_ESCAPES[ch];
    if (esc !== undefined) {
      out += esc;
      continue;
    }
    const cp = ch.codePointAt(0) as number;
    if (cp >= 0xd800 && cp <= 0xdfff) {
      out += '\\ufffd';
      continue;
    }
    if (isPrint(ch) && (!asciiOnly || cp < 0x80)) {
      out += ch;
      continue;
    }
    if (cp < 0x80) out += `\\x${hex(cp, 2)}`;
    else if (cp < 0x10000) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return out + q;
}

/** quote is strconv.Quote. */
export function quote(s: string): string {
  return quoteWith(s, '"', false);
}

/** quoteASCII is strconv.QuoteToASCII (Go's `%+q`). */
export function quoteASCII(s: string): string {
  return quoteWith(s, '"', true);
}

/** quoteRune is strconv.QuoteRune. */
export function quoteRune(cp: number, asciiOnly = false): string {
  if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || cp < 0) cp = 0xfffd;
  return quoteWith(String.fromCodePoint(cp), "'", asciiOnly);
}

/** canBackquote is strconv.CanBackquote: no backquotes and no control characters other than tab. */
export function canBackquote(s: string): boolean {
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (ch === '`' || cp === 0xfeff || cp === 0xfffd) return false;
    if (cp < 0x20 && ch !== '\t') return false;
    if (cp === 0x7f) return false;
  }
  return true;
}

/** GoSyntaxError is strconv.ErrSyntax. */
export class GoSyntaxError extends Error {
  constructor() {
    super('invalid syntax');
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

/** unquoteChar is strconv.UnquoteChar: decodes one (possibly escaped) character; returns it and the rest. */
export function unquoteChar(s: string, q: string): { value: number; tail: string; multibyte: boolean } {
  const first = s.codePointAt(0);
  if (first === undefined) throw new GoSyntaxError();
  const ch = String.fromCodePoint(first);
  if (ch === q && (q === "'" || q === '"')) throw new GoSyntaxError();
  if (ch !== '\\') return { value: first, tail: s.slice(ch.length), multibyte: first >= 0x80 };
  if (s.length <= 1) throw new GoSyntaxError();
  const c = s[1] as string;
  let tail = s.slice(2);
  const simple = SIMPLE_ESCAPES[c];
  if (simple !== undefined) return { value: simple.charCodeAt(0), tail, multibyte: false };
  switch (c) {
    case 'x':
    case 'u':
    case 'U': {
      const n = c === 'x' ? 2 : c === 'u' ? 4 : 8;
      const digits = tail.slice(0, n);
      if (digits.length < n || !/^[0-9a-fA-F]+$/.test(digits)) throw new GoSyntaxError();
      tail = tail.slice(n);
      const v = parseInt(digits, 16);
      if (c === 'x') return { value: v, tail, multibyte: false };
      if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw new GoSyntaxError();
      return { value: v, tail, multibyte: true };
    }
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7': {
      const digits = c + tail.slice(0, 2);
      if (!/^[0-7]{3}$/.test(digits)) throw new GoSyntaxError();
      const v = parseInt(digits, 8);
      if (v > 255) throw new GoSyntaxError();
      return { value: v, tail: tail.slice(2), multibyte: false };
    }
    case "'":
    case '"':
      if (c !== q) throw new GoSyntaxError();
      return { value: c.charCodeAt(0), tail, multibyte: false };
    default:
      throw new GoSyntaxError();
  }
}

/**
 * unquote is strconv.Unquote for "..." and `...` literals (template strings). Byte escapes (`\xff`) that do not
 * form valid UTF-8 become U+FFFD, the closest a JS string can get.
 */
export function unquote(s: string): string {
  const q = s[0];
  if (s.length < 2 || q !== s[s.length - 1]) throw new GoSyntaxError();
  const body = s.slice(1, -1);
  if (q === '`') {
    if (body.includes('`')) throw new GoSyntaxError();
    return body.replace(/\r/g, '');
  }
  if (q !== '"' && q !== "'") throw new GoSyntaxError();
  if (q === '"' && !body.includes('\\') && !body.includes('"') && !body.includes('\n')) return body;
  const bytes: number[] = [];
  let out = '';
  const flush = (): void => {
    if (bytes.length > 0) {
      out += new TextDecoder().decode(new Uint8Array(bytes));
      bytes.length = 0;
    }
  };
  let rest = body;
  let count = 0;
  while (rest.length > 0) {
    if (rest[0] === '\n') throw new GoSyntaxError();
    const { value, tail, multibyte } = unquoteChar(rest, q);
    rest = tail;
    count++;
    if (!multibyte && value >= 0x80) {
      bytes.push(value);
    } else {
      flush();
      out += String.fromCodePoint(value);
    }
    if (q === "'" && count > 1) throw new GoSyntaxError();
  }
  flush();
  return out;
}
