// The lexer's cursor over the query: code points, token boundaries and Go's accept/backup helpers.
import { RUNE_ERROR } from './go-format';
import type { Token, TokenType } from './tokens';

/** EOF is what next() returns at the end of the input. */
export const EOF = -1;

/** isSpace reports the whitespace PromQL skips between tokens. */
export function isSpace(r: number): boolean {
  return r === 0x20 || r === 0x09 || r === 0x0a || r === 0x0d;
}

/** isEndOfLine reports the characters that end a comment. */
export function isEndOfLine(r: number): boolean {
  return r === 0x0d || r === 0x0a;
}

/** isDigit reports ASCII digits only, as Prometheus does. */
export function isDigit(r: number): boolean {
  return r >= 0x30 && r <= 0x39;
}

/** isAlpha reports ASCII letters and underscore. */
export function isAlpha(r: number): boolean {
  return r === 0x5f || (r >= 0x61 && r <= 0x7a) || (r >= 0x41 && r <= 0x5a);
}

/** isAlphaNumeric reports ASCII letters, digits and underscore. */
export function isAlphaNumeric(r: number): boolean {
  return isAlpha(r) || isDigit(r);
}

function contains(set: string, r: number): boolean {
  return r >= 0 && r < 0x80 && set.includes(String.fromCharCode(r));
}

/** Scanner walks the input one code point at a time and cuts tokens out of it. */
export class Scanner {
  readonly input: string;
  /** Start of the token being scanned; an ERROR is reported from here to the end of input. */
  start = 0;
  protected pos = 0;
  private width = 0;
  /** The token produced by the last state step, if any. */
  protected item: Token | null = null;

  constructor(input: string) {
    this.input = input;
  }

  // Lone surrogates decode to RUNE_ERROR, as invalid UTF-8 does in Go.
  protected next(): number {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const c = this.input.charCodeAt(this.pos);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = this.input.charCodeAt(this.pos + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        this.width = 2;
        this.pos += 2;
        return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
      }
      this.width = 1;
      this.pos += 1;
      return RUNE_ERROR;
    }
    this.width = 1;
    this.pos += 1;
    return c >= 0xdc00 && c <= 0xdfff ? RUNE_ERROR : c;
  }

  protected peek(): number {
    const r = this.next();
    this.backup();
    return r;
  }

  protected backup(): void {
    this.pos -= this.width;
  }

  protected emit(type: TokenType): void {
    this.item = { type, pos: this.start, val: this.input.slice(this.start, this.pos) };
    this.start = this.pos;
  }

  protected ignore(): void {
    this.start = this.pos;
  }

  protected accept(valid: string): boolean {
    if (contains(valid, this.next())) return true;
    this.backup();
    return false;
  }

  protected is(valid: string): boolean {
    return contains(valid, this.peek());
  }

  protected acceptRun(valid: string): void {
    while (contains(valid, this.next()));
    this.backup();
  }

  protected errorf(message: string): null {
    this.item = { type: 'ERROR', pos: this.start, val: message };
    return null;
  }

  protected skipSpaces(): void {
    while (isSpace(this.peek())) this.next();
    this.ignore();
  }
}
