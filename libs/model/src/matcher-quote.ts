// Go's string quoting rules (strconv.Quote / strconv.Unquote), which Alertmanager uses to print and read
// matchers and label sets. JSON.stringify differs for non-printable and non-ASCII characters.

const PRINTABLE_RE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

const SHORT_ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};

/** goQuote quotes a string as Go's strconv.Quote does: `"a\"b\n"`, non-printable runes as \x, \u or \U. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const short = SHORT_ESCAPES[ch];
    if (short !== undefined) {
      out += short;
      continue;
    }
    const cp = ch.codePointAt(0) as number;
    if (cp >= 0xd800 && cp <= 0xdfff) {
      // A lone surrogate cannot come from UTF-8 input; Go would print the replacement character.
      out += '\\ufffd';
    } else if (PRINTABLE_RE.test(ch)) {
      out += ch;
    } else if (cp < 0x80) {
      out += `\\x${cp.toString(16).padStart(2, '0')}`;
    } else if (cp < 0x10000) {
      out += `\\u${cp.toString(16).padStart(4, '0')}`;
    } else {
      out += `\\U${cp.toString(16).padStart(8, '0')}`;
    }
  }
  return `${out}"`;
}

/** GoUnquoteError says that a string is not a valid Go double-quoted string literal. */
export class GoUnquoteError extends Error {}

const SIMPLE_UNESCAPES: Record<string, number> = {
  a: 0x07,
  b: 0x08,
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  v: 0x0b,
  '\\': 0x5c,
  '"': 0x22,
};

const utf8Encoder = new TextEncoder();
const strictUtf8Decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * goUnquote reads a Go double-quoted string literal as strconv.Unquote does, including \x and octal byte
 * escapes. It throws GoUnquoteError on bad syntax and when the bytes are not valid UTF-8.
 */
export function goUnquote(literal: string): string {
  if (literal.length < 2 || !literal.startsWith('"') || !literal.endsWith('"')) {
    throw new GoUnquoteError('invalid syntax');
  }
  const body = literal.slice(1, -1);
  const bytes: number[] = [];
  const cps = Array.from(body);
  for (let i = 0; i < cps.length; i++) {
    const ch = cps[i] as string;
    if (ch === '\n' || ch === '"') throw new GoUnquoteError('invalid syntax');
    if (ch !== '\\') {
      for (const b of utf8Encoder.encode(ch)) bytes.push(b);
      continue;
    }
    const esc = cps[++i];
    if (esc === undefined) throw new GoUnquoteError('invalid syntax');
    const simple = SIMPLE_UNESCAPES[esc];
    if (simple !== undefined) {
      bytes.push(simple);
    } else if (esc === 'x') {
      bytes.push(readHex(cps, i + 1, 2));
      i += 2;
    } else if (esc === 'u' || esc === 'U') {
      const n = esc === 'u' ? 4 : 8;
      const cp = readHex(cps, i + 1, n);
      i += n;
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw new GoUnquoteError('invalid syntax');
      for (const b of utf8Encoder.encode(String.fromCodePoint(cp))) bytes.push(b);
    } else if (esc >= '0' && esc <= '7') {
      let v = 0;
      for (let k = 0; k < 3; k++) {
        const d = cps[i + k];
        if (d === undefined || d < '0' || d > '7') throw new GoUnquoteError('invalid syntax');
        v = v * 8 + Number(d);
      }
      if (v > 255) throw new GoUnquoteError('invalid syntax');
      bytes.push(v);
      i += 2;
    } else {
      throw new GoUnquoteError('invalid syntax');
    }
  }
  try {
    return strictUtf8Decoder.decode(new Uint8Array(bytes));
  } catch {
    throw new GoUnquoteError('quoted string contains invalid UTF-8 code points');
  }
}

function readHex(cps: string[], start: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const d = cps[start + k];
    if (d === undefined || !/^[0-9a-fA-F]$/.test(d)) throw new GoUnquoteError('invalid syntax');
    v = v * 16 + parseInt(d, 16);
  }
  return v;
}
