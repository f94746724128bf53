// String literal decoding as Prometheus's strutil.Unquote does it (Go escapes, three quote styles).
import { RAW_BYTE_BASE } from './go-format';

/** UnquoteError is strutil.ErrSyntax ("invalid syntax"). */
export class UnquoteError extends Error {
  constructor() {
    super('invalid syntax');
  }
}

/**
 * bytesToString decodes UTF-8 bytes; bytes that are not valid UTF-8 become raw-byte surrogates
 * (see RAW_BYTE_BASE), as Go keeps them as bytes.
 */
function bytesToString(bytes: number[]): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b0 = bytes[i] as number;
    let cp = -1;
    let size = 1;
    if (b0 < 0x80) cp = b0;
    else {
      const need = b0 >= 0xf0 && b0 <= 0xf4 ? 3 : b0 >= 0xe0 ? 2 : b0 >= 0xc2 && b0 < 0xe0 ? 1 : -1;
      if (need > 0 && i + need < bytes.length) {
        let v = b0 & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
        let ok = true;
        for (let k = 1; k <= need; k++) {
          const b = bytes[i + k];
          if (b === undefined || (b & 0xc0) !== 0x80) {
            ok = false;
            break;
          }
          v = (v << 6) | (b & 0x3f);
        }
        const min = need === 1 ? 0x80 : need === 2 ? 0x800 : 0x10000;
        if (ok && v >= min && v <= 0x10ffff && !(v >= 0xd800 && v <= 0xdfff)) {
          cp = v;
          size = need + 1;
        }
      }
    }
    out += cp >= 0 ? String.fromCodePoint(cp) : String.fromCharCode(RAW_BYTE_BASE + b0);
    i += size;
  }
  return out;
}

function pushUtf8(bytes: number[], cp: number): void {
  if (cp < 0x80) bytes.push(cp);
  else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  else
    bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
}

const SIMPLE_ESCAPES: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92 };

/** unquote decodes a quoted PromQL string token ("...", '...' or `...`) into its value. */
export function unquote(token: string): string {
  if (token.length < 2) throw new UnquoteError();
  const quote = token[0] as string;
  if (quote !== token[token.length - 1]) throw new UnquoteError();
  const body = token.slice(1, -1);
  if (quote === '`') {
    if (body.includes('`')) throw new UnquoteError();
    return body;
  }
  if (quote !== '"' && quote !== "'") throw new UnquoteError();
  if (body.includes('\n')) throw new UnquoteError();
  if (!body.includes('\\') && !body.includes(quote)) return body;

  const bytes: number[] = [];
  let i = 0;
  while (i < body.length) {
    const cp = body.codePointAt(i) as number;
    const ch = String.fromCodePoint(cp);
    if (ch === quote) throw new UnquoteError();
    if (ch !== '\\') {
      pushUtf8(bytes, cp >= 0xd800 && cp <= 0xdfff ? 0xfffd : cp);
      i += ch.length;
      continue;
    }
    const c = body[i + 1];
    if (c === undefined) throw new UnquoteError();
    i += 2;
    if (Object.hasOwn(SIMPLE_ESCAPES, c)) {
      bytes.push(SIMPLE_ESCAPES[c] as number);
      continue;
    }
    if (c === 'x' || c === 'u' || c === 'U') {
      const n = c === 'x' ? 2 : c === 'u' ? 4 : 8;
      const digits = body.slice(i, i + n);
      if (digits.length < n || !/^[0-9a-fA-F]+$/.test(digits)) throw new UnquoteError();
      i += n;
      const v = parseInt(digits, 16);
      if (c === 'x') bytes.push(v);
      else {
        if (v > 0x10ffff) throw new UnquoteError();
        pushUtf8(bytes, v >= 0xd800 && v <= 0xdfff ? 0xfffd : v);
      }
      continue;
    }
    if (c >= '0' && c <= '7') {
      const digits = body.slice(i, i + 2);
      if (digits.length < 2 || !/^[0-7]{2}$/.test(digits)) throw new UnquoteError();
      const v = parseInt(c + digits, 8);
      if (v > 255) throw new UnquoteError();
      i += 2;
      bytes.push(v);
      continue;
    }
    if (c === "'" || c === '"') {
      if (c !== quote) throw new UnquoteError();
      bytes.push(c.charCodeAt(0));
      continue;
    }
    throw new UnquoteError();
  }
  return bytesToString(bytes);
}
