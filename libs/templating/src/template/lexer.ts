// text/template/parse's lexer: text, `{{ }}` actions with `{{- -}}` trim markers, `{{/* */}}` comments.
// Positions are UTF-16 offsets; errors convert them to Go's byte columns where needed.
import { isPrint, quote } from '../go/strconv';
import { KEYWORDS, type Item, type ItemType } from './items';

export { itemString, type Item, type ItemType } from './items';

const LEFT_DELIM = '{{';
const RIGHT_DELIM = '}}';
const LEFT_COMMENT = '/*';
const RIGHT_COMMENT = '*/';
const TRIM_MARKER_LEN = 2;
const EOF = -1;

function isSpace(r: number): boolean {
  return r === 0x20 || r === 0x09 || r === 0x0d || r === 0x0a;
}

const ALNUM = /^[\p{L}\p{Nd}_]$/u;

function isAlphaNumeric(r: number): boolean {
  return r !== EOF && ALNUM.test(String.fromCodePoint(r));
}

function hasLeftTrimMarker(s: string): boolean {
  return s.length >= 2 && s[0] === '-' && isSpace(s.charCodeAt(1));
}

function hasRightTrimMarker(s: string): boolean {
  return s.length >= 2 && isSpace(s.charCodeAt(0)) && s[1] === '-';
}

function rightTrimLength(s: string): number {
  return s.length - s.replace(/[ \t\r\n]+$/, '').length;
}

function leftTrimLength(s: string): number {
  return s.length - s.replace(/^[ \t\r\n]+/, '').length;
}

/** runeU formats a code point as Go's `%#U` does: `U+0041 'A'`. */
function runeU(r: number): string {
  const hex = r.toString(16).toUpperCase().padStart(4, '0');
  const ch = String.fromCodePoint(r);
  return isPrint(ch) ? `U+${hex} '${ch}'` : `U+${hex}`;
}

type StateFn = ((l: Lexer) => StateFn) | null;

/** LexOptions toggle keywords that can be shadowed by functions of the same name. */
export interface LexOptions {
  breakOK: boolean;
  continueOK: boolean;
}

/** Lexer produces items on demand (Go's lexer since 1.20 is a pull lexer too). */
export class Lexer {
  private item: Item = { typ: 'eof', pos: 0, val: 'EOF', line: 1 };
  private pos = 0;
  private start = 0;
  private atEOF = false;
  parenDepth = 0;
  private line = 1;
  private startLine = 1;
  private insideAction = false;

  constructor(
    private input: string,
    readonly options: LexOptions,
  ) {}

  /** nextItem returns the next token. */
  nextItem(): Item {
    this.item = { typ: 'eof', pos: this.pos, val: 'EOF', line: this.startLine };
    let state: StateFn = this.insideAction ? lexInsideAction : lexText;
    while (state) state = state(this);
    return this.item;
  }

  // ---- primitives ----

  next(): number {
    if (this.pos >= this.input.length) {
      this.atEOF = true;
      return EOF;
    }
    const r = this.input.codePointAt(this.pos) as number;
    this.pos += r > 0xffff ? 2 : 1;
    if (r === 0x0a) this.line++;
    return r;
  }

  peek(): number {
    const r = this.next();
    this.backup();
    return r;
  }

  backup(): void {
    if (!this.atEOF && this.pos > 0) {
      const c = this.input.charCodeAt(this.pos - 1);
      const w = c >= 0xdc00 && c <= 0xdfff && this.pos > 1 ? 2 : 1;
      this.pos -= w;
      if (c === 0x0a) this.line--;
    }
    this.atEOF = false;
  }

  /** take returns the pending input as an item of type t and starts a new one. */
  take(t: ItemType): Item {
    const i = { typ: t, pos: this.start, val: this.input.slice(this.start, this.pos), line: this.startLine };
    this.start = this.pos;
    this.startLine = this.line;
    return i;
  }

  emit(t: ItemType): StateFn {
    return this.emitItem(this.take(t));
  }

  emitItem(i: Item): StateFn {
    this.item = i;
    return null;
  }

  ignore(): void {
    this.line += countNewlines(this.input.slice(this.start, this.pos));
    this.start = this.pos;
    this.startLine = this.line;
  }

  accept(valid: string): boolean {
    const r = this.next();
    if (r !== EOF && valid.includes(String.fromCodePoint(r))) return true;
    this.backup();
    return false;
  }

  acceptRun(valid: string): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || !valid.includes(String.fromCodePoint(r))) break;
    }
    this.backup();
  }

  errorf(msg: string): StateFn {
    this.item = { typ: 'error', pos: this.start, val: msg, line: this.startLine };
    this.start = 0;
    this.pos = 0;
    this.input = '';
    return null;
  }

  atRightDelim(): { delim: boolean; trim: boolean } {
    const rest = this.input.slice(this.pos);
    if (hasRightTrimMarker(rest) && rest.startsWith(RIGHT_DELIM, TRIM_MARKER_LEN))
      return { delim: true, trim: true };
    if (rest.startsWith(RIGHT_DELIM)) return { delim: true, trim: false };
    return { delim: false, trim: false };
  }

  atTerminator(): boolean {
    const r = this.peek();
    if (isSpace(r)) return true;
    if (r === EOF) return true;
    if ('.,|:)('.includes(String.fromCodePoint(r))) return true;
    return this.input.startsWith(RIGHT_DELIM, this.pos);
  }

  // ---- state accessors used by the state functions ----

  get rest(): string {
    return this.input.slice(this.pos);
  }
  get position(): number {
    return this.pos;
  }
  set position(p: number) {
    this.pos = p;
  }
  get inputText(): string {
    return this.input;
  }
  get startPos(): number {
    return this.start;
  }
  addLines(n: number): void {
    this.line += n;
  }
  setInsideAction(v: boolean): void {
    this.insideAction = v;
  }
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

function lexText(l: Lexer): StateFn {
  const x = l.rest.indexOf(LEFT_DELIM);
  if (x >= 0) {
    if (x > 0) {
      l.position += x;
      let trimLength = 0;
      const delimEnd = l.position + LEFT_DELIM.length;
      if (hasLeftTrimMarker(l.inputText.slice(delimEnd))) {
        trimLength = rightTrimLength(l.inputText.slice(l.startPos, l.position));
      }
      l.position -= trimLength;
      l.addLines(countNewlines(l.inputText.slice(l.startPos, l.position)));
      const text = l.inputText.slice(l.startPos, l.position);
      const item = l.take('text');
      l.position += trimLength;
      l.ignore();
      if (text.length > 0) return l.emitItem(item);
    }
    return lexLeftDelim;
  }
  l.position = l.inputText.length;
  if (l.position > l.startPos) {
    l.addLines(countNewlines(l.inputText.slice(l.startPos, l.position)));
    return l.emit('text');
  }
  return l.emit('eof');
}

function lexLeftDelim(l: Lexer): StateFn {
  l.position += LEFT_DELIM.length;
  const trimSpace = hasLeftTrimMarker(l.rest);
  const afterMarker = trimSpace ? TRIM_MARKER_LEN : 0;
  if (l.inputText.startsWith(LEFT_COMMENT, l.position + afterMarker)) {
    l.position += afterMarker;
    l.ignore();
    return lexComment;
  }
  const item = l.take('leftDelim');
  l.setInsideAction(true);
  l.position += afterMarker;
  l.ignore();
  l.parenDepth = 0;
  return l.emitItem(item);
}

function lexComment(l: Lexer): StateFn {
  l.position += LEFT_COMMENT.length;
  const x = l.rest.indexOf(RIGHT_COMMENT);
  if (x < 0) return l.errorf('unclosed comment');
  l.position += x + RIGHT_COMMENT.length;
  const { delim, trim } = l.atRightDelim();
  if (!delim) return l.errorf('comment ends before closing delimiter');
  l.take('comment');
  if (trim) l.position += TRIM_MARKER_LEN;
  l.position += RIGHT_DELIM.length;
  if (trim) l.position += leftTrimLength(l.rest);
  l.ignore();
  return lexText;
}

function lexRightDelim(l: Lexer): StateFn {
  const { trim } = l.atRightDelim();
  if (trim) {
    l.position += TRIM_MARKER_LEN;
    l.ignore();
  }
  l.position += RIGHT_DELIM.length;
  const item = l.take('rightDelim');
  if (trim) {
    l.position += leftTrimLength(l.rest);
    l.ignore();
  }
  l.setInsideAction(false);
  return l.emitItem(item);
}

function lexInsideAction(l: Lexer): StateFn {
  const { delim } = l.atRightDelim();
  if (delim) {
    if (l.parenDepth === 0) return lexRightDelim;
    return l.errorf('unclosed left paren');
  }
  const r = l.next();
  if (r === EOF) return l.errorf('unclosed action');
  if (isSpace(r)) {
    l.backup();
    return lexSpace;
  }
  const ch = String.fromCodePoint(r);
  switch (ch) {
    case '=':
      return l.emit('assign');
    case ':':
      if (l.next() !== 0x3d) return l.errorf('expected :=');
      return l.emit('declare');
    case '|':
      return l.emit('pipe');
    case '"':
      return lexQuote;
    case '`':
      return lexRawQuote;
    case '$':
      return lexVariable;
    case "'":
      return lexChar;
    case '(':
      l.parenDepth++;
      return l.emit('leftParen');
    case ')':
      l.parenDepth--;
      if (l.parenDepth < 0) return l.errorf('unexpected right paren');
      return l.emit('rightParen');
    default:
      break;
  }
  if (ch === '.') {
    const nextCh = l.inputText[l.position];
    if (nextCh === undefined || nextCh < '0' || nextCh > '9') return lexField;
  }
  if (ch === '.' || ch === '+' || ch === '-' || (ch >= '0' && ch <= '9')) {
    l.backup();
    return lexNumber;
  }
  if (isAlphaNumeric(r)) {
    l.backup();
    return lexIdentifier;
  }
  if (r <= 0x7f && isPrint(ch)) return l.emit('char');
  return l.errorf(`unrecognized character in action: ${runeU(r)}`);
}

function lexSpace(l: Lexer): StateFn {
  let numSpaces = 0;
  while (isSpace(l.peek())) {
    l.next();
    numSpaces++;
  }
  const text = l.inputText;
  if (
    hasRightTrimMarker(text.slice(l.position - 1)) &&
    text.startsWith(RIGHT_DELIM, l.position - 1 + TRIM_MARKER_LEN)
  ) {
    l.backup();
    if (numSpaces === 1) return lexRightDelim;
  }
  return l.emit('space');
}

function lexIdentifier(l: Lexer): StateFn {
  for (;;) {
    const r = l.next();
    if (isAlphaNumeric(r)) continue;
    l.backup();
    const word = l.inputText.slice(l.startPos, l.position);
    if (!l.atTerminator()) return l.errorf(`bad character ${runeU(r)}`);
    const kw = KEYWORDS[word];
    if (kw !== undefined && kw !== 'dot') {
      if ((kw === 'break' && !l.options.breakOK) || (kw === 'continue' && !l.options.continueOK)) {
        return l.emit('identifier');
      }
      return l.emit(kw);
    }
    if (word[0] === '.') return l.emit('field');
    if (word === 'true' || word === 'false') return l.emit('bool');
    return l.emit('identifier');
  }
}

function lexField(l: Lexer): StateFn {
  return lexFieldOrVariable(l, 'field');
}

function lexVariable(l: Lexer): StateFn {
  if (l.atTerminator()) return l.emit('variable');
  return lexFieldOrVariable(l, 'variable');
}

function lexFieldOrVariable(l: Lexer, typ: 'field' | 'variable'): StateFn {
  if (l.atTerminator()) return l.emit(typ === 'variable' ? 'variable' : 'dot');
  let r: number;
  for (;;) {
    r = l.next();
    if (!isAlphaNumeric(r)) {
      l.backup();
      break;
    }
  }
  if (!l.atTerminator()) return l.errorf(`bad character ${runeU(r)}`);
  return l.emit(typ);
}

function lexChar(l: Lexer): StateFn {
  for (;;) {
    let r = l.next();
    if (r === 0x5c) {
      r = l.next();
      if (r !== EOF && r !== 0x0a) continue;
      return l.errorf('unterminated character constant');
    }
    if (r === EOF || r === 0x0a) return l.errorf('unterminated character constant');
    if (r === 0x27) break;
  }
  return l.emit('charConstant');
}

function scanNumber(l: Lexer): boolean {
  l.accept('+-');
  let digits = '0123456789_';
  if (l.accept('0')) {
    if (l.accept('xX')) digits = '0123456789abcdefABCDEF_';
    else if (l.accept('oO')) digits = '01234567_';
    else if (l.accept('bB')) digits = '01_';
  }
  l.acceptRun(digits);
  if (l.accept('.')) l.acceptRun(digits);
  if (digits.length === 11 && l.accept('eE')) {
    l.accept('+-');
    l.acceptRun('0123456789_');
  }
  if (digits.length === 23 && l.accept('pP')) {
    l.accept('+-');
    l.acceptRun('0123456789_');
  }
  l.accept('i');
  if (isAlphaNumeric(l.peek())) {
    l.next();
    return false;
  }
  return true;
}

function lexNumber(l: Lexer): StateFn {
  if (!scanNumber(l))
    return l.errorf(`bad number syntax: ${quote(l.inputText.slice(l.startPos, l.position))}`);
  const sign = l.peek();
  if (sign === 0x2b || sign === 0x2d) {
    if (!scanNumber(l) || l.inputText[l.position - 1] !== 'i') {
      return l.errorf(`bad number syntax: ${quote(l.inputText.slice(l.startPos, l.position))}`);
    }
    return l.emit('complex');
  }
  return l.emit('number');
}

function lexQuote(l: Lexer): StateFn {
  for (;;) {
    let r = l.next();
    if (r === 0x5c) {
      r = l.next();
      if (r !== EOF && r !== 0x0a) continue;
      return l.errorf('unterminated quoted string');
    }
    if (r === EOF || r === 0x0a) return l.errorf('unterminated quoted string');
    if (r === 0x22) break;
  }
  return l.emit('string');
}

function lexRawQuote(l: Lexer): StateFn {
  for (;;) {
    const r = l.next();
    if (r === EOF) return l.errorf('unterminated raw quoted string');
    if (r === 0x60) break;
  }
  return l.emit('rawString');
}
