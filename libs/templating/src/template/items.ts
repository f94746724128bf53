// Lexer tokens (items) and how Go prints them in "unexpected X in Y" parse errors.
import { quote } from '../go/strconv';

/** ItemType is the kind of a lexed token; keywords come last, as in Go (they print as `<word>`). */
export type ItemType =
  | 'error'
  | 'bool'
  | 'char'
  | 'charConstant'
  | 'comment'
  | 'complex'
  | 'assign'
  | 'declare'
  | 'eof'
  | 'field'
  | 'identifier'
  | 'leftDelim'
  | 'leftParen'
  | 'number'
  | 'pipe'
  | 'rawString'
  | 'rightDelim'
  | 'rightParen'
  | 'space'
  | 'string'
  | 'text'
  | 'variable'
  | Keyword;

/** Keyword is a reserved word of the template language. */
export type Keyword =
  | 'block'
  | 'break'
  | 'continue'
  | 'dot'
  | 'define'
  | 'else'
  | 'end'
  | 'if'
  | 'nil'
  | 'range'
  | 'template'
  | 'with';

/** KEYWORDS maps reserved words (and `.`) to their item types. */
export const KEYWORDS: Record<string, Keyword> = {
  '.': 'dot',
  block: 'block',
  break: 'break',
  continue: 'continue',
  define: 'define',
  else: 'else',
  end: 'end',
  if: 'if',
  range: 'range',
  nil: 'nil',
  template: 'template',
  with: 'with',
};

const KEYWORD_SET = new Set<string>(Object.values(KEYWORDS));

/** Item is one token. */
export interface Item {
  typ: ItemType;
  pos: number;
  val: string;
  line: number;
}

/** itemString prints an item as Go's item.String does, for "unexpected X in Y" messages. */
export function itemString(i: Item): string {
  if (i.typ === 'eof') return 'EOF';
  if (i.typ === 'error') return i.val;
  if (KEYWORD_SET.has(i.typ)) return `<${i.val}>`;
  if (new TextEncoder().encode(i.val).length > 10)
    return quote(Array.from(i.val).slice(0, 10).join('')) + '...';
  return quote(i.val);
}
