// Token kinds of the PromQL lexer and how Prometheus names them in error messages.
import { goQuote, goQuotePrefix, utf8Length } from './go-format';

/** Binary operators, spelled as Prometheus prints them. */
export type BinaryOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '^'
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | '</'
  | '>/'
  | 'and'
  | 'or'
  | 'unless'
  | 'atan2';

/** Aggregation operators; limitk and limit_ratio need experimental functions. */
export type AggregateOp =
  | 'sum'
  | 'avg'
  | 'count'
  | 'min'
  | 'max'
  | 'group'
  | 'stddev'
  | 'stdvar'
  | 'topk'
  | 'bottomk'
  | 'count_values'
  | 'quantile'
  | 'limitk'
  | 'limit_ratio';

const OPERATORS = {
  ADD: '+',
  SUB: '-',
  MUL: '*',
  DIV: '/',
  MOD: '%',
  POW: '^',
  EQLC: '==',
  NEQ: '!=',
  LSS: '<',
  LTE: '<=',
  GTR: '>',
  GTE: '>=',
  TRIM_UPPER: '</',
  TRIM_LOWER: '>/',
  LAND: 'and',
  LOR: 'or',
  LUNLESS: 'unless',
  ATAN2: 'atan2',
  EQL_REGEX: '=~',
  NEQ_REGEX: '!~',
  AT: '@',
} as const;

const AGGREGATORS = {
  SUM: 'sum',
  AVG: 'avg',
  COUNT: 'count',
  MIN: 'min',
  MAX: 'max',
  GROUP: 'group',
  STDDEV: 'stddev',
  STDVAR: 'stdvar',
  TOPK: 'topk',
  BOTTOMK: 'bottomk',
  COUNT_VALUES: 'count_values',
  QUANTILE: 'quantile',
  LIMITK: 'limitk',
  LIMIT_RATIO: 'limit_ratio',
} as const;

const KEYWORDS = {
  BOOL: 'bool',
  BY: 'by',
  GROUP_LEFT: 'group_left',
  GROUP_RIGHT: 'group_right',
  FILL: 'fill',
  FILL_LEFT: 'fill_left',
  FILL_RIGHT: 'fill_right',
  IGNORING: 'ignoring',
  OFFSET: 'offset',
  SMOOTHED: 'smoothed',
  ANCHORED: 'anchored',
  ON: 'on',
  WITHOUT: 'without',
} as const;

const PREPROCESSORS = {
  START: 'start',
  END: 'end',
  STEP: 'step',
  RANGE: 'range',
  MAX_OF: 'max_of',
  MIN_OF: 'min_of',
} as const;

const PUNCTUATION = {
  LEFT_PAREN: '(',
  RIGHT_PAREN: ')',
  LEFT_BRACE: '{',
  RIGHT_BRACE: '}',
  LEFT_BRACKET: '[',
  RIGHT_BRACKET: ']',
  COMMA: ',',
  EQL: '=',
  COLON: ':',
} as const;

/** Operator token kinds (Go's IsOperator range). */
export type OperatorToken = keyof typeof OPERATORS;
/** Aggregator token kinds. */
export type AggregatorToken = keyof typeof AGGREGATORS;
/** Keyword token kinds (Go's IsKeyword range). */
export type KeywordToken = keyof typeof KEYWORDS;
/** Tokens for start/end/step/range/max_of/min_of. */
export type PreprocessorToken = keyof typeof PREPROCESSORS;

/** Every token kind the lexer emits. */
export type TokenType =
  | 'EOF'
  | 'ERROR'
  | 'COMMENT'
  | 'IDENTIFIER'
  | 'METRIC_IDENTIFIER'
  | 'STRING'
  | 'NUMBER'
  | 'DURATION'
  | keyof typeof PUNCTUATION
  | OperatorToken
  | AggregatorToken
  | KeywordToken
  | PreprocessorToken;

/** A lexed token: its kind, start offset (UTF-16) and source text. */
export interface Token {
  readonly type: TokenType;
  readonly pos: number;
  readonly val: string;
}

/** KEYWORD_TOKENS maps a lower-cased word to its token kind (Go's `key` table, inf/nan included). */
export const KEYWORD_TOKENS: ReadonlyMap<string, TokenType> = new Map<string, TokenType>([
  ...Object.entries({ LAND: 'and', LOR: 'or', LUNLESS: 'unless', ATAN2: 'atan2' }).map(
    ([t, w]) => [w, t as TokenType] as const,
  ),
  ...Object.entries(AGGREGATORS).map(([t, w]) => [w, t as TokenType] as const),
  ...Object.entries(KEYWORDS).map(([t, w]) => [w, t as TokenType] as const),
  ...Object.entries(PREPROCESSORS).map(([t, w]) => [w, t as TokenType] as const),
  ['inf', 'NUMBER'],
  ['nan', 'NUMBER'],
]);

const TYPE_STRINGS: ReadonlyMap<TokenType, string> = new Map<TokenType, string>(
  [PUNCTUATION, OPERATORS, AGGREGATORS, KEYWORDS, PREPROCESSORS].flatMap(
    (table) => Object.entries(table) as Array<[TokenType, string]>,
  ),
);

/** isOperatorToken is Go's ItemType.IsOperator. */
export function isOperatorToken(t: TokenType): t is OperatorToken {
  return Object.hasOwn(OPERATORS, t);
}

/** isAggregatorToken is Go's ItemType.IsAggregator. */
export function isAggregatorToken(t: TokenType): t is AggregatorToken {
  return Object.hasOwn(AGGREGATORS, t);
}

/** isKeywordToken is Go's ItemType.IsKeyword. */
export function isKeywordToken(t: TokenType): t is KeywordToken {
  return Object.hasOwn(KEYWORDS, t);
}

/** aggregateOpOf maps an aggregator token to its operator name. */
export function aggregateOpOf(t: AggregatorToken): AggregateOp {
  return AGGREGATORS[t];
}

/** binaryOpOf maps a binary-operator token to the operator as printed. */
export function binaryOpOf(t: OperatorToken): BinaryOp | undefined {
  const op = OPERATORS[t];
  return op === '=~' || op === '!~' || op === '@' ? undefined : op;
}

/** tokenString is Go's Item.String(). */
function tokenString(tok: Token): string {
  const t = tok.type;
  if (t === 'EOF') return 'EOF';
  if (t === 'ERROR') return tok.val;
  if (t === 'IDENTIFIER' || t === 'METRIC_IDENTIFIER') return goQuote(tok.val);
  if (isKeywordToken(t)) return `<${tok.val}>`;
  if (isOperatorToken(t)) return `<op:${tok.val}>`;
  if (isAggregatorToken(t)) return `<aggr:${tok.val}>`;
  if (utf8Length(tok.val) > 10) return goQuotePrefix(tok.val, 10) + '...';
  return goQuote(tok.val);
}

const TYPE_DESCRIPTIONS: Partial<Record<TokenType, string>> = {
  ERROR: 'error',
  EOF: 'end of input',
  COMMENT: 'comment',
  IDENTIFIER: 'identifier',
  METRIC_IDENTIFIER: 'metric identifier',
  STRING: 'string',
  NUMBER: 'number',
  DURATION: 'duration',
};

/** describeToken is Go's Item.desc(), as used in "unexpected X" messages. */
export function describeToken(tok: Token): string {
  if (TYPE_STRINGS.has(tok.type)) return tokenString(tok);
  if (tok.type === 'EOF') return 'end of input';
  return `${TYPE_DESCRIPTIONS[tok.type] ?? tok.type} ${tokenString(tok)}`;
}
