// The PromQL lexer: a state machine with the same modes and messages as Prometheus's lex.go, pulled one token at a time.
import { RUNE_ERROR, goQuote, goQuoteRune, goUnicode } from './go-format';
import { EOF, Scanner, isAlpha, isAlphaNumeric, isDigit, isEndOfLine, isSpace } from './scanner';
import { KEYWORD_TOKENS, type Token, type TokenType } from './tokens';

type StateFn = (l: Lexer) => StateFn | null;

const DIGITS = '0123456789';
const HEX_DIGITS = '0123456789abcdefABCDEF';
const DURATION_KEYWORDS: ReadonlyMap<string, TokenType> = new Map<string, TokenType>([
  ['step', 'STEP'],
  ['range', 'RANGE'],
  ['max_of', 'MAX_OF'],
  ['min_of', 'MIN_OF'],
]);

function isDurationKeywordStart(r: number): boolean {
  const lower = r | 0x20;
  return isAlpha(r) && (lower === 0x73 || lower === 0x72 || lower === 0x6d);
}

function digitVal(r: number): number {
  if (r >= 0x30 && r <= 0x39) return r - 0x30;
  if (r >= 0x61 && r <= 0x66) return r - 0x61 + 10;
  if (r >= 0x41 && r <= 0x46) return r - 0x41 + 10;
  return 16;
}

/** Lexer turns a query into tokens on demand; positions are UTF-16 offsets into the input. */
export class Lexer extends Scanner {
  private state: StateFn | null = lexStatements;

  private parenDepth = 0;
  private braceOpen = false;
  private bracketOpen = false;
  private gotColon = false;
  private gotDuration = false;
  private stringOpen = 0;

  /** nextItem scans and returns the next token (EOF forever at the end, ERROR once on bad input). */
  nextItem(): Token {
    this.item = null;
    if (this.state === null) {
      this.emit('EOF');
    } else {
      while (this.item === null && this.state !== null) this.state = this.state(this);
      if (this.item === null) this.emit('EOF');
    }
    return this.item as unknown as Token;
  }

  private peekFollowedByLeftParen(): boolean {
    for (let p = this.pos; p < this.input.length; p++) {
      const c = this.input.charCodeAt(p);
      if (!isSpace(c)) return c === 0x28;
    }
    return false;
  }

  // --- states (the methods below are the Go state functions) ---

  statements(): StateFn | null {
    if (this.braceOpen) return lexInsideBraces;
    if (this.input.startsWith('#', this.pos)) return lexLineComment;
    const r = this.next();
    if (r === EOF) {
      if (this.parenDepth !== 0) return this.errorf('unclosed left parenthesis');
      if (this.bracketOpen) return this.errorf('unclosed left bracket');
      this.emit('EOF');
      return null;
    }
    if (isSpace(r)) return lexSpace;
    const single: Record<number, TokenType> = {
      0x2c: 'COMMA',
      0x2a: 'MUL',
      0x2f: 'DIV',
      0x25: 'MOD',
      0x2b: 'ADD',
      0x2d: 'SUB',
      0x5e: 'POW',
      0x40: 'AT',
    };
    const simple = single[r];
    if (simple) {
      this.emit(simple);
      return lexStatements;
    }
    switch (r) {
      case 0x3d: {
        const t = this.peek();
        if (t === 0x3d) {
          this.next();
          this.emit('EQLC');
        } else if (t === 0x7e) {
          return this.errorf(`unexpected character after '=': ${goQuoteRune(t)}`);
        } else this.emit('EQL');
        return lexStatements;
      }
      case 0x21: {
        const t = this.next();
        if (t !== 0x3d) return this.errorf(`unexpected character after '!': ${goQuoteRune(t)}`);
        this.emit('NEQ');
        return lexStatements;
      }
      case 0x3c:
      case 0x3e: {
        const t = this.peek();
        const lt = r === 0x3c;
        if (t === 0x3d) {
          this.next();
          this.emit(lt ? 'LTE' : 'GTE');
        } else if (t === 0x2f) {
          this.next();
          this.emit(lt ? 'TRIM_UPPER' : 'TRIM_LOWER');
        } else this.emit(lt ? 'LSS' : 'GTR');
        return lexStatements;
      }
      case 0x22:
      case 0x27:
        this.stringOpen = r;
        return lexString;
      case 0x60:
        this.stringOpen = r;
        return lexRawString;
      case 0x28:
        this.emit('LEFT_PAREN');
        this.parenDepth++;
        return lexStatements;
      case 0x29:
        this.emit('RIGHT_PAREN');
        this.parenDepth--;
        if (this.parenDepth < 0) return this.errorf(`unexpected right parenthesis ${goQuoteRune(r)}`);
        return lexStatements;
      case 0x7b:
        this.emit('LEFT_BRACE');
        this.braceOpen = true;
        return lexInsideBraces;
      case 0x5b:
        if (this.bracketOpen) return this.errorf(`unexpected left bracket ${goQuoteRune(r)}`);
        this.gotColon = false;
        this.emit('LEFT_BRACKET');
        if (isSpace(this.peek())) this.skipSpaces();
        this.bracketOpen = true;
        return lexDurationExpr;
      case 0x5d:
        if (!this.bracketOpen) return this.errorf(`unexpected right bracket ${goQuoteRune(r)}`);
        this.emit('RIGHT_BRACKET');
        this.bracketOpen = false;
        return lexStatements;
    }
    if (isDigit(r) || (r === 0x2e && isDigit(this.peek()))) {
      this.backup();
      return lexNumberOrDuration;
    }
    if (isAlpha(r) || r === 0x3a) {
      if (!this.bracketOpen) {
        this.backup();
        return lexKeywordOrIdentifier;
      }
      if (r === 0x3a) {
        if (this.gotColon) return this.errorf(`unexpected colon ${goQuoteRune(r)}`);
        this.emit('COLON');
        this.gotColon = true;
        return lexStatements;
      }
      if (isDurationKeywordStart(r) && this.scanDurationKeyword()) return lexStatements;
      return this.errorf(`unexpected character: ${goQuoteRune(r)}, expected ${goQuoteRune(0x3a)}`);
    }
    return this.errorf(`unexpected character: ${goQuoteRune(r)}`);
  }

  insideBraces(): StateFn | null {
    if (this.input.startsWith('#', this.pos)) return lexLineComment;
    const r = this.next();
    if (r === EOF) return this.errorf('unexpected end of input inside braces');
    if (isSpace(r)) return lexSpace;
    if (isAlpha(r)) {
      this.backup();
      return lexIdentifier;
    }
    switch (r) {
      case 0x2c:
        this.emit('COMMA');
        return lexInsideBraces;
      case 0x22:
      case 0x27:
        this.stringOpen = r;
        return lexString;
      case 0x60:
        this.stringOpen = r;
        return lexRawString;
      case 0x3d:
        if (this.next() === 0x7e) this.emit('EQL_REGEX');
        else {
          this.backup();
          this.emit('EQL');
        }
        return lexInsideBraces;
      case 0x21: {
        const nr = this.next();
        if (nr === 0x7e) this.emit('NEQ_REGEX');
        else if (nr === 0x3d) this.emit('NEQ');
        else return this.errorf(`unexpected character after '!' inside braces: ${goQuoteRune(nr)}`);
        return lexInsideBraces;
      }
      case 0x7b:
        return this.errorf(`unexpected left brace ${goQuoteRune(r)}`);
      case 0x7d:
        this.emit('RIGHT_BRACE');
        this.braceOpen = false;
        return lexStatements;
    }
    return this.errorf(`unexpected character inside braces: ${goQuoteRune(r)}`);
  }

  escape(): StateFn | null {
    let ch = this.next();
    let n: number;
    let base: number;
    let max: number;
    switch (ch) {
      case 0x61:
      case 0x62:
      case 0x66:
      case 0x6e:
      case 0x72:
      case 0x74:
      case 0x76:
      case 0x5c:
      case this.stringOpen:
        return lexString;
      case 0x78:
        ch = this.next();
        [n, base, max] = [2, 16, 255];
        break;
      case 0x75:
        ch = this.next();
        [n, base, max] = [4, 16, 0x10ffff];
        break;
      case 0x55:
        ch = this.next();
        [n, base, max] = [8, 16, 0x10ffff];
        break;
      case EOF:
        return this.errorf('escape sequence not terminated');
      default:
        if (ch >= 0x30 && ch <= 0x37) {
          [n, base, max] = [3, 8, 255];
          break;
        }
        return this.errorf(`unknown escape sequence ${goUnicode(ch)}`);
    }
    let x = 0;
    while (n > 0) {
      const d = digitVal(ch);
      if (d >= base) {
        if (ch === EOF) return this.errorf('escape sequence not terminated');
        return this.errorf(`illegal character ${goUnicode(ch)} in escape sequence`);
      }
      x = x * base + d;
      n--;
      if (n > 0) ch = this.next();
    }
    if (x > max || (x >= 0xd800 && x < 0xe000))
      return this.errorf('escape sequence is an invalid Unicode code point');
    return lexString;
  }

  string(): StateFn | null {
    for (;;) {
      const r = this.next();
      if (r === 0x5c) return lexEscape;
      if (r === RUNE_ERROR) return this.errorf('invalid UTF-8 rune');
      if (r === EOF || r === 0x0a) return this.errorf('unterminated quoted string');
      if (r === this.stringOpen) break;
    }
    this.emit('STRING');
    return lexStatements;
  }

  rawString(): StateFn | null {
    for (;;) {
      const r = this.next();
      if (r === RUNE_ERROR) return this.errorf('invalid UTF-8 rune');
      if (r === EOF) return this.errorf('unterminated raw string');
      if (r === this.stringOpen) break;
    }
    this.emit('STRING');
    return lexStatements;
  }

  space(): StateFn {
    while (isSpace(this.peek())) this.next();
    this.ignore();
    return lexStatements;
  }

  lineComment(): StateFn {
    this.pos += 1;
    let r = this.next();
    while (!isEndOfLine(r) && r !== EOF) r = this.next();
    this.backup();
    this.emit('COMMENT');
    return lexStatements;
  }

  numberOrDuration(): StateFn | null {
    if (this.scanNumber()) {
      this.emit('NUMBER');
      return lexStatements;
    }
    if (this.acceptRemainingDuration()) {
      this.backup();
      this.emit('DURATION');
      return lexStatements;
    }
    return this.errorf(`bad number or duration syntax: ${goQuote(this.input.slice(this.start, this.pos))}`);
  }

  private acceptRemainingDuration(): boolean {
    if (!this.accept('smhdwy')) return false;
    this.accept('s');
    while (this.accept(DIGITS)) {
      while (this.accept(DIGITS));
      if (!this.accept('smhdw')) return false;
      this.accept('s');
    }
    return !isAlphaNumeric(this.next());
  }

  private scanNumber(): boolean {
    const initial = this.pos;
    let digits = DIGITS;
    if (this.accept('0') && this.accept('xX')) {
      this.accept('_');
      digits = HEX_DIGITS;
    }
    this.accept('.');
    this.accept(digits);
    let dotConsumed = false;
    let exponentConsumed = false;
    while (this.is(digits + '._eE')) {
      if (this.is('.') && dotConsumed) {
        this.accept('.');
        return false;
      }
      if (this.is('eE') && exponentConsumed) {
        this.accept('eE');
        return false;
      }
      if (this.accept('.')) {
        dotConsumed = true;
        if (this.accept('_.')) return false;
        if (digits.length > 10) return false;
        continue;
      }
      if (this.accept('eE')) {
        exponentConsumed = true;
        this.accept('+-');
        if (this.accept('._eE') || this.peek() === EOF) return false;
        continue;
      }
      if (this.accept('_')) {
        if (this.accept('._eE') || this.peek() === EOF) return false;
        continue;
      }
      this.acceptRun(digits);
    }
    if (this.pos === initial) return false;
    return !isAlphaNumeric(this.peek());
  }

  identifier(): StateFn {
    while (isAlphaNumeric(this.next()));
    this.backup();
    this.emit('IDENTIFIER');
    return lexStatements;
  }

  keywordOrIdentifier(): StateFn {
    for (;;) {
      const r = this.next();
      if (isAlphaNumeric(r) || r === 0x3a) continue;
      this.backup();
      break;
    }
    const word = this.input.slice(this.start, this.pos);
    const kw = KEYWORD_TOKENS.get(word.toLowerCase());
    if (kw !== undefined) {
      // fill/fill_left/fill_right are modifiers only before "(", so they stay usable as metric names.
      const isFill = kw === 'FILL' || kw === 'FILL_LEFT' || kw === 'FILL_RIGHT';
      this.emit(isFill && !this.peekFollowedByLeftParen() ? 'IDENTIFIER' : kw);
    } else this.emit(word.includes(':') ? 'METRIC_IDENTIFIER' : 'IDENTIFIER');
    return lexStatements;
  }

  private scanDurationKeyword(): boolean {
    while (isAlpha(this.next()));
    this.backup();
    const tok = DURATION_KEYWORDS.get(this.input.slice(this.start, this.pos).toLowerCase());
    if (tok === undefined) return false;
    this.emit(tok);
    return true;
  }

  durationExpr(): StateFn | null {
    const r = this.next();
    if (r === EOF) return this.errorf('unexpected end of input in duration expression');
    if (isSpace(r)) {
      this.skipSpaces();
      return lexDurationExpr;
    }
    const ops: Record<number, TokenType> = {
      0x2b: 'ADD',
      0x2d: 'SUB',
      0x2a: 'MUL',
      0x2f: 'DIV',
      0x25: 'MOD',
      0x5e: 'POW',
      0x2c: 'COMMA',
    };
    const op = ops[r];
    if (op) {
      this.emit(op);
      return lexDurationExpr;
    }
    switch (r) {
      case 0x5d:
        this.emit('RIGHT_BRACKET');
        this.bracketOpen = false;
        this.gotColon = false;
        return lexStatements;
      case 0x3a:
        this.emit('COLON');
        if (!this.gotDuration) return this.errorf('unexpected colon before duration in duration expression');
        if (this.gotColon) return this.errorf('unexpected repeated colon in duration expression');
        this.gotColon = true;
        return lexDurationExpr;
      case 0x28:
        this.emit('LEFT_PAREN');
        this.parenDepth++;
        return lexDurationExpr;
      case 0x29:
        this.emit('RIGHT_PAREN');
        this.parenDepth--;
        if (this.parenDepth < 0) return this.errorf(`unexpected right parenthesis ${goQuoteRune(r)}`);
        return lexDurationExpr;
    }
    if (isDurationKeywordStart(r)) {
      if (this.scanDurationKeyword()) return lexDurationExpr;
      return this.errorf(`unexpected character in duration expression: ${goQuoteRune(r)}`);
    }
    if (isDigit(r) || (r === 0x2e && isDigit(this.peek()))) {
      this.backup();
      this.gotDuration = true;
      return lexNumberOrDuration;
    }
    return this.errorf(`unexpected character in duration expression: ${goQuoteRune(r)}`);
  }
}

const lexStatements: StateFn = (l) => l.statements();
const lexInsideBraces: StateFn = (l) => l.insideBraces();
const lexEscape: StateFn = (l) => l.escape();
const lexString: StateFn = (l) => l.string();
const lexRawString: StateFn = (l) => l.rawString();
const lexSpace: StateFn = (l) => l.space();
const lexLineComment: StateFn = (l) => l.lineComment();
const lexNumberOrDuration: StateFn = (l) => l.numberOrDuration();
const lexIdentifier: StateFn = (l) => l.identifier();
const lexKeywordOrIdentifier: StateFn = (l) => l.keywordOrIdentifier();
const lexDurationExpr: StateFn = (l) => l.durationExpr();
