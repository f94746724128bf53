// Tokens of Alertmanager's UTF-8 matchers syntax (matcher/parse): braces, commas, the four operators,
// double-quoted strings and unquoted runs of non-reserved characters. Positions are in code points ("columns"),
// which is how Alertmanager reports them in errors.

import { GO_SPACE_CLASS } from './matcher';

/** TokenKind names a token of the matchers syntax. */
export type TokenKind =
  | 'EOF'
  | 'OpenBrace'
  | 'CloseBrace'
  | 'Comma'
  | 'Equals'
  | 'NotEquals'
  | 'Matches'
  | 'NotMatches'
  | 'Quoted'
  | 'Unquoted';

/** A token with its text and position (offsets in UTF-16 units, columns in code points). */
export interface Token {
  kind: TokenKind;
  value: string;
  offsetStart: number;
  offsetEnd: number;
  columnStart: number;
  columnEnd: number;
}

const SPACE_RE = new RegExp(`^[${GO_SPACE_CLASS}]$`, 'u');
const RESERVED_RE = new RegExp(`^[${GO_SPACE_CLASS}{}!=~,\\\\"'\`]$`, 'u');

/** MatcherParseError is a syntax error in matcher text, worded as Alertmanager words it. */
export class MatcherParseError extends Error {}

/** MatcherLexer splits matcher text into tokens on demand. */
export class MatcherLexer {
  private start = 0;
  private pos = 0;
  private width = 0;
  private column = 0;
  private cols = 0;
  private failure: MatcherParseError | undefined;

  constructor(readonly input: string) {}

  /** scan returns the next token, an EOF token at the end, or throws the lexing error (again on each call). */
  scan(): Token {
    if (this.failure) throw this.failure;
    for (let ch = this.next(); ch !== undefined; ch = this.next()) {
      if (ch === '{') return this.emit('OpenBrace');
      if (ch === '}') return this.emit('CloseBrace');
      if (ch === ',') return this.emit('Comma');
      if (ch === '=' || ch === '!') {
        this.rewind();
        return this.guard(() => this.scanOperator());
      }
      if (ch === '"') {
        this.rewind();
        return this.guard(() => this.scanQuoted());
      }
      if (!RESERVED_RE.test(ch)) {
        this.rewind();
        return this.scanUnquoted();
      }
      if (SPACE_RE.test(ch)) {
        this.skip();
        continue;
      }
      const p = this.position();
      this.failure = new MatcherParseError(
        `${p.columnStart}:${p.columnEnd}: ${this.input.slice(p.offsetStart, p.offsetEnd)}: invalid input`,
      );
      throw this.failure;
    }
    return { kind: 'EOF', value: '', ...this.position() };
  }

  /** peek returns the next token without consuming it. */
  peek(): Token {
    const saved = [this.start, this.pos, this.width, this.column, this.cols] as const;
    try {
      return this.scan();
    } finally {
      [this.start, this.pos, this.width, this.column, this.cols] = saved;
    }
  }

  /** position is the span of the token being read. */
  position(): Pick<Token, 'offsetStart' | 'offsetEnd' | 'columnStart' | 'columnEnd'> {
    return { offsetStart: this.start, offsetEnd: this.pos, columnStart: this.column, columnEnd: this.cols };
  }

  private guard(scan: () => Token): Token {
    try {
      return scan();
    } catch (err) {
      if (err instanceof MatcherParseError) this.failure = err;
      throw err;
    }
  }

  private scanOperator(): Token {
    if (this.accept('!')) {
      if (this.accept('=')) return this.emit('NotEquals');
      if (this.accept('~')) return this.emit('NotMatches');
      throw this.expected('=~');
    }
    if (this.accept('=')) {
      if (this.accept('~')) return this.emit('Matches');
      return this.emit('Equals');
    }
    throw this.expected('!=');
  }

  private scanQuoted(): Token {
    this.next();
    let escaped = false;
    for (let ch = this.next(); ch !== undefined; ch = this.next()) {
      if (escaped) {
        escaped = false;
      } else if (ch === '\\') {
        escaped = true;
      } else if (ch === '"') {
        this.rewind();
        break;
      }
    }
    if (this.next() !== '"') {
      this.rewind();
      const p = this.position();
      throw new MatcherParseError(
        `${p.columnStart}:${p.columnEnd}: ${this.input.slice(p.offsetStart, p.offsetEnd)}: missing end "`,
      );
    }
    return this.emit('Quoted');
  }

  private scanUnquoted(): Token {
    for (let ch = this.next(); ch !== undefined; ch = this.next()) {
      if (RESERVED_RE.test(ch)) {
        this.rewind();
        break;
      }
    }
    return this.emit('Unquoted');
  }

  private expected(chars: string): MatcherParseError {
    const p = this.position();
    if (p.offsetEnd >= this.input.length) {
      return new MatcherParseError(
        `${p.columnStart}:${p.columnEnd}: unexpected end of input, expected one of '${chars}'`,
      );
    }
    return new MatcherParseError(
      `${p.columnStart}:${p.columnEnd}: ${this.input.slice(p.offsetStart, p.offsetEnd)}: expected one of '${chars}'`,
    );
  }

  private accept(ch: string): boolean {
    if (this.next() === ch) return true;
    this.rewind();
    return false;
  }

  private emit(kind: TokenKind): Token {
    const t: Token = { kind, value: this.input.slice(this.start, this.pos), ...this.position() };
    this.start = this.pos;
    this.column = this.cols;
    return t;
  }

  private next(): string | undefined {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return undefined;
    }
    const ch = String.fromCodePoint(this.input.codePointAt(this.pos) as number);
    this.width = ch.length;
    this.pos += ch.length;
    this.cols++;
    return ch;
  }

  private rewind(): void {
    this.pos -= this.width;
    // At the end of input nothing was read, so there is no column to give back.
    if (this.width > 0) this.cols--;
  }

  private skip(): void {
    this.start = this.pos;
    this.column = this.cols;
  }
}
