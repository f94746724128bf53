// Go's fmt/strconv output, reproduced because Prometheus's messages and String() forms are built from it.

/** RUNE_ERROR is U+FFFD, what Go decodes an invalid UTF-8 byte to. */
export const RUNE_ERROR = 0xfffd;

/**
 * Bytes that are not valid UTF-8 (made by `\xff`-style escapes) are kept in strings as lone
 * surrogates U+DC80..U+DCFF, one per byte, so they survive a print and re-parse unchanged.
 */
export const RAW_BYTE_BASE = 0xdc00;

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** isPrint reports whether Go's strconv.IsPrint accepts the code point (graphic or ASCII space). */
export function isPrint(cp: number): boolean {
  if (cp < 0x80) return cp >= 0x20 && cp < 0x7f;
  if (cp >= 0xd800 && cp <= 0xdfff) return false;
  return PRINTABLE.test(String.fromCodePoint(cp));
}

/** rawByteOf returns the byte a lone surrogate stands for, or -1 for any other code unit. */
export function rawByteOf(cp: number): number {
  return cp >= RAW_BYTE_BASE + 0x80 && cp <= RAW_BYTE_BASE + 0xff ? cp - RAW_BYTE_BASE : -1;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

function escapeRune(cp: number, quote: number): string {
  if (cp === quote || cp === 0x5c) return '\\' + String.fromCodePoint(cp);
  if (isPrint(cp)) return String.fromCodePoint(cp);
  switch (cp) {
    case 0x07:
      return '\\a';
    case 0x08:
      return '\\b';
    case 0x0c:
      return '\\f';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    case 0x0b:
      return '\\v';
  }
  if (cp < 0x20 || cp === 0x7f) return '\\x' + hex(cp, 2);
  if (cp >= 0xd800 && cp <= 0xdfff) cp = RUNE_ERROR;
  if (cp < 0x10000) return '\\u' + hex(cp, 4);
  return '\\U' + hex(cp, 8);
}

/** goQuote is strconv.Quote: a double-quoted Go string literal with Go's escapes. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    const raw = rawByteOf(cp);
    out += raw >= 0 ? '\\x' + hex(raw, 2) : escapeRune(cp, 0x22);
  }
  return out + '"';
}

/** goQuotePrefix is fmt's %.Nq: the first n runes of s, quoted. */
export function goQuotePrefix(s: string, n: number): string {
  return goQuote(Array.from(s).slice(0, n).join(''));
}

/** goQuoteRune is strconv.QuoteRune (fmt's %q of a rune): a single-quoted Go rune literal. */
export function goQuoteRune(cp: number): string {
  if (cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) cp = RUNE_ERROR;
  return "'" + escapeRune(cp, 0x27) + "'";
}

/** goUnicode is fmt's %#U: `U+0063 'c'`, without the quoted form when not printable. */
export function goUnicode(cp: number): string {
  const base = 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
  return isPrint(cp) ? `${base} '${String.fromCodePoint(cp)}'` : base;
}

/** utf8Length counts the bytes of s in UTF-8 (raw-byte surrogates count as one byte). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) {
      n += 4;
      i++;
    } else if (rawByteOf(c) >= 0) n += 1;
    else n += 3;
  }
  return n;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** shortestDigits splits |v| into its shortest round-trip decimal digits and the decimal point position. */
function shortestDigits(v: number): { digits: string; point: number } {
  const [mant = '0', exp = '0'] = Math.abs(v).toExponential().split('e');
  const digits = mant.replace('.', '');
  return { digits, point: Number(exp) + 1 };
}

function specialFloat(v: number): string | undefined {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return undefined;
}

function sign(v: number): string {
  return v < 0 || Object.is(v, -0) ? '-' : '';
}

function plainDigits(digits: string, point: number): string {
  if (point <= 0) return '0.' + '0'.repeat(-point) + digits;
  if (point >= digits.length) return digits + '0'.repeat(point - digits.length);
  return digits.slice(0, point) + '.' + digits.slice(point);
}

/** formatFloatF is strconv.FormatFloat(v, 'f', -1, 64): shortest digits, never an exponent. */
export function formatFloatF(v: number): string {
  const special = specialFloat(v);
  if (special !== undefined) return special;
  if (v === 0) return sign(v) + '0';
  const { digits, point } = shortestDigits(v);
  return sign(v) + plainDigits(digits, point);
}

/** formatFloatG is fmt's %v for a float64 (strconv 'g' with shortest digits). */
export function formatFloatG(v: number): string {
  const special = specialFloat(v);
  if (special !== undefined) return special;
  if (v === 0) return sign(v) + '0';
  const { digits, point } = shortestDigits(v);
  const exp = point - 1;
  if (exp < -4 || exp >= 6) {
    const mant = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    const e = Math.abs(exp).toString().padStart(2, '0');
    return `${sign(v)}${mant}e${exp < 0 ? '-' : '+'}${e}`;
  }
  return sign(v) + plainDigits(digits, point);
}

/** formatFloatFixed is fmt's %.Nf (N decimals). */
export function formatFloatFixed(v: number, decimals: number): string {
  const special = specialFloat(v);
  if (special !== undefined) return special;
  if (Math.abs(v) < 1e21) {
    const s = Math.abs(v).toFixed(decimals);
    return sign(v) + s;
  }
  // Doubles this large are integers, and toFixed would switch to exponent form.
  const int = BigInt(Math.abs(v)).toString();
  return sign(v) + int + (decimals > 0 ? '.' + '0'.repeat(decimals) : '');
}
