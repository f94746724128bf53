// Reading a request body the way go-openapi's JSON consumer does (a json.Decoder): only the first JSON value is
// read (trailing bytes are ignored), and a malformed body is refused with Go's scanner message.

/** GoJsonScan is the first JSON value of a body, or why Go's decoder would refuse it. */
export type GoJsonScan =
  { kind: 'value'; value: unknown } | { kind: 'empty' } | { kind: 'error'; message: string };

class ScanError extends Error {}

const GO_ESCAPES: Record<number, string> = {
  7: '\\a',
  8: '\\b',
  9: '\\t',
  10: '\\n',
  11: '\\v',
  12: '\\f',
  13: '\\r',
};

/** goQuoteChar renders a byte as Go's encoding/json does in syntax errors: `'x'`, `'\n'`, `'"'`. */
export function goQuoteChar(ch: string): string {
  if (ch === "'") return "'\\''";
  if (ch === '"') return `'"'`;
  const cp = ch.codePointAt(0) ?? 0;
  // Go reports the first UTF-8 byte, read as a Latin-1 rune.
  const byte = cp < 0x80 ? cp : (Buffer.from(ch)[0] ?? 0);
  if (byte < 0x20 || byte === 0x7f) {
    return `'${GO_ESCAPES[byte] ?? `\\x${byte.toString(16).padStart(2, '0')}`}'`;
  }
  if (byte === '\\'.charCodeAt(0)) return "'\\\\'";
  if (byte >= 0x80 && byte < 0xa1) return `'\\u${byte.toString(16).padStart(4, '0')}'`;
  if (byte === 0xad) return "'\\u00ad'";
  return `'${String.fromCharCode(byte)}'`;
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);

class Scanner {
  pos = 0;
  constructor(private readonly s: string) {}

  private peek(): string | undefined {
    return this.s[this.pos];
  }

  private next(): string {
    const c = this.s[this.pos];
    if (c === undefined) throw new ScanError('unexpected EOF');
    this.pos++;
    return c;
  }

  private fail(c: string, context: string): never {
    const cp = this.s.codePointAt(this.pos - 1) ?? c.charCodeAt(0);
    throw new ScanError(`invalid character ${goQuoteChar(String.fromCodePoint(cp))} ${context}`);
  }

  private skipSpace(): void {
    while (isSpace(this.peek())) this.pos++;
  }

  value(): void {
    this.skipSpace();
    const c = this.next();
    switch (c) {
      case '{':
        return this.object();
      case '[':
        return this.array();
      case '"':
        return this.string();
      case 't':
        return this.literal('true');
      case 'f':
        return this.literal('false');
      case 'n':
        return this.literal('null');
      default:
        if (c === '-' || isDigit(c)) return this.number(c);
        this.fail(c, 'looking for beginning of value');
    }
  }

  private object(): void {
    this.skipSpace();
    let c = this.next();
    if (c === '}') return;
    for (;;) {
      if (c !== '"') this.fail(c, 'looking for beginning of object key string');
      this.string();
      this.skipSpace();
      c = this.next();
      if (c !== ':') this.fail(c, 'after object key');
      this.value();
      this.skipSpace();
      c = this.next();
      if (c === '}') return;
      if (c !== ',') this.fail(c, 'after object key:value pair');
      this.skipSpace();
      c = this.next();
    }
  }

  private array(): void {
    this.skipSpace();
    if (this.peek() === ']') {
      this.pos++;
      return;
    }
    for (;;) {
      this.value();
      this.skipSpace();
      const c = this.next();
      if (c === ']') return;
      if (c !== ',') this.fail(c, 'after array element');
    }
  }

  private string(): void {
    for (;;) {
      const c = this.next();
      if (c === '"') return;
      if (c === '\\') {
        const e = this.next();
        if (e === 'u') {
          for (let i = 0; i < 4; i++) {
            const h = this.next();
            if (!isHex(h)) this.fail(h, 'in \\u hexadecimal character escape');
          }
        } else if (!'"\\/bfnrt'.includes(e)) {
          this.fail(e, 'in string escape code');
        }
        continue;
      }
      if (c < ' ') this.fail(c, 'in string literal');
    }
  }

  private number(first: string): void {
    let c: string | undefined = first;
    if (c === '-') {
      c = this.next();
      if (!isDigit(c)) this.fail(c, 'in numeric literal');
    }
    if (c !== '0') while (isDigit(this.peek())) this.pos++;
    if (this.peek() === '.') {
      this.pos++;
      const d = this.next();
      if (!isDigit(d)) this.fail(d, 'after decimal point in numeric literal');
      while (isDigit(this.peek())) this.pos++;
    }
    const e = this.peek();
    if (e === 'e' || e === 'E') {
      this.pos++;
      let d = this.next();
      if (d === '+' || d === '-') d = this.next();
      if (!isDigit(d)) this.fail(d, 'in exponent of numeric literal');
      while (isDigit(this.peek())) this.pos++;
    }
  }

  private literal(word: string): void {
    for (let i = 1; i < word.length; i++) {
      const c = this.next();
      if (c !== word[i]) this.fail(c, `in literal ${word} (expecting '${word[i]}')`);
    }
  }

  /** atEnd tells whether only whitespace is left. */
  onlySpaceLeft(): boolean {
    this.skipSpace();
    return this.pos >= this.s.length;
  }
}

/**
 * scanGoJson reads the first JSON value of a body as Go's json.Decoder does: an empty (or all-space) body is `empty`,
 * a malformed one an `error` with Go's message ("unexpected EOF", "invalid character 'x' looking for beginning of
 * value"), and bytes after the first value are ignored.
 */
export function scanGoJson(body: string): GoJsonScan {
  const scanner = new Scanner(body);
  if (scanner.onlySpaceLeft()) return { kind: 'empty' };
  const start = scanner.pos;
  try {
    scanner.value();
  } catch (err) {
    if (err instanceof ScanError) return { kind: 'error', message: err.message };
    throw err;
  }
  return { kind: 'value', value: JSON.parse(body.slice(start, scanner.pos)) as unknown };
}
