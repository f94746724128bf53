// Expressions: operator precedence (iterative, so long chains cannot overflow the stack), operands, calls, aggregations.
import {
  PARAM_AGGREGATORS,
  type AggregateExpr,
  type AggregateOp,
  type BinaryExpr,
  type BinaryOp,
  type Call,
  type Expr,
  type VectorMatching,
} from './ast';
import { FUNCTIONS, type FunctionSignature } from './functions';
import { goQuote } from './go-format';
import { numberLiteral } from './parse-durations';
import { parsePostfix } from './parse-postfix';
import { parseVectorSelector, unquoteToken } from './parse-selector';
import { tokenEnd, type ErrorContext, type ParserState } from './parser-state';
import { aggregateOpOf, isAggregatorToken, type Token, type TokenType } from './tokens';

const BINARY: Partial<Record<TokenType, { op: BinaryOp; prec: number; right: boolean }>> = {
  LOR: { op: 'or', prec: 1, right: false },
  LAND: { op: 'and', prec: 2, right: false },
  LUNLESS: { op: 'unless', prec: 2, right: false },
  EQLC: { op: '==', prec: 3, right: false },
  NEQ: { op: '!=', prec: 3, right: false },
  LSS: { op: '<', prec: 3, right: false },
  LTE: { op: '<=', prec: 3, right: false },
  GTR: { op: '>', prec: 3, right: false },
  GTE: { op: '>=', prec: 3, right: false },
  TRIM_UPPER: { op: '</', prec: 3, right: false },
  TRIM_LOWER: { op: '>/', prec: 3, right: false },
  ADD: { op: '+', prec: 4, right: false },
  SUB: { op: '-', prec: 4, right: false },
  MUL: { op: '*', prec: 5, right: false },
  DIV: { op: '/', prec: 5, right: false },
  MOD: { op: '%', prec: 5, right: false },
  ATAN2: { op: 'atan2', prec: 5, right: false },
  POW: { op: '^', prec: 6, right: true },
};

/** Unary operators bind like `*`: tighter than + and comparisons, looser than `^`. */
const UNARY_PREC = 5;

const AGGREGATION: ErrorContext = { context: 'aggregation', expected: '' };
const GROUPING_OPEN: ErrorContext = { context: 'grouping opts', expected: '"("' };
const GROUPING_LABEL: ErrorContext = { context: 'grouping opts', expected: 'label' };
const GROUPING_NEXT: ErrorContext = { context: 'grouping opts', expected: '"," or ")"' };

/** Keywords and names that may be used as grouping labels (Prometheus's maybe_label). */
const LABEL_TOKENS: ReadonlySet<TokenType> = new Set<TokenType>([
  'AVG', 'BOOL', 'BOTTOMK', 'BY', 'COUNT', 'COUNT_VALUES', 'GROUP', 'GROUP_LEFT', 'GROUP_RIGHT', 'FILL', 'FILL_LEFT',
  'FILL_RIGHT', 'IDENTIFIER', 'IGNORING', 'LAND', 'LOR', 'LUNLESS', 'MAX', 'METRIC_IDENTIFIER', 'MIN', 'OFFSET', 'ON',
  'QUANTILE', 'STDDEV', 'STDVAR', 'SUM', 'TOPK', 'START', 'END', 'ATAN2', 'LIMITK', 'LIMIT_RATIO', 'STEP', 'RANGE',
  'ANCHORED', 'SMOOTHED', 'MAX_OF', 'MIN_OF',
]); // prettier-ignore

/** Keywords that are plain metric names at the start of an operand (Prometheus's metric_identifier). */
const NAME_KEYWORDS: ReadonlySet<TokenType> = new Set<TokenType>([
  'BY', 'FILL', 'FILL_LEFT', 'FILL_RIGHT', 'LAND', 'LOR', 'LUNLESS', 'OFFSET', 'WITHOUT', 'ANCHORED', 'SMOOTHED',
]); // prettier-ignore

/** Keywords that call a function when followed by "(" and are metric names otherwise. */
const FUNCTION_KEYWORDS: ReadonlySet<TokenType> = new Set<TokenType>([
  'START',
  'END',
  'STEP',
  'RANGE',
  'MAX_OF',
  'MIN_OF',
]);

/** Shared by every binary expression without on/ignoring/group_x labels (most of them). */
const NO_LABELS: readonly string[] = Object.freeze([]);

type OpEntry =
  | { unary: true; tok: Token; prec: number }
  | { unary: false; tok: Token; prec: number; op: BinaryOp; returnBool: boolean; matching: VectorMatching };

/** parseExpression parses a full expression up to the first token that cannot continue it. */
export function parseExpression(p: ParserState): Expr {
  const operands: Expr[] = [];
  const ops: OpEntry[] = [];
  const reduceTop = (): void => {
    const top = ops.pop() as OpEntry;
    const rhs = operands.pop() as Expr;
    if (top.unary) operands.push(unaryExpr(top.tok, rhs));
    else operands.push(binaryExpr(p, top, operands.pop() as Expr, rhs));
  };
  for (;;) {
    while (p.at('ADD', 'SUB')) ops.push({ unary: true, tok: p.consume(), prec: UNARY_PREC });
    operands.push(parsePostfix(p, parsePrimary(p)));
    const info = BINARY[p.peek().type];
    if (!info) break;
    while (ops.length > 0) {
      const top = ops[ops.length - 1] as OpEntry;
      if (top.prec > info.prec || (top.prec === info.prec && !info.right)) reduceTop();
      else break;
    }
    const tok = p.consume();
    const { returnBool, matching } = parseBinModifiers(p);
    ops.push({ unary: false, tok, prec: info.prec, op: info.op, returnBool, matching });
  }
  while (ops.length > 0) reduceTop();
  return operands[0] as Expr;
}

function unaryExpr(tok: Token, e: Expr): Expr {
  if (e.kind === 'NumberLiteral') {
    if (tok.type === 'SUB') e.value = -e.value;
    e.start = tok.pos;
    return e;
  }
  return { kind: 'UnaryExpr', op: tok.type === 'SUB' ? '-' : '+', expr: e, start: tok.pos, end: e.end };
}

function binaryExpr(
  p: ParserState,
  entry: { op: BinaryOp; returnBool: boolean; matching: VectorMatching },
  lhs: Expr,
  rhs: Expr,
): BinaryExpr {
  const node: BinaryExpr = {
    kind: 'BinaryExpr',
    op: entry.op,
    lhs,
    rhs,
    returnBool: entry.returnBool,
    vectorMatching: entry.matching,
    start: lhs.start,
    end: rhs.end,
  };
  const m = entry.matching;
  if (!p.options.binopFillModifiers && (m.fillLeft !== null || m.fillRight !== null)) {
    p.addError(node.start, node.end, 'binop fill modifiers are experimental and not enabled');
  }
  return node;
}

function parseBinModifiers(p: ParserState): { returnBool: boolean; matching: VectorMatching } {
  const returnBool = p.at('BOOL');
  if (returnBool) p.consume();
  const matching: VectorMatching = {
    card: 'one-to-one',
    matchingLabels: NO_LABELS,
    on: false,
    include: NO_LABELS,
    fillLeft: null,
    fillRight: null,
  };
  if (p.at('ON', 'IGNORING')) {
    matching.on = p.consume().type === 'ON';
    matching.matchingLabels = parseGroupingLabels(p);
    if (p.at('GROUP_LEFT', 'GROUP_RIGHT')) {
      matching.card = p.consume().type === 'GROUP_LEFT' ? 'many-to-one' : 'one-to-many';
      if (p.at('LEFT_PAREN')) matching.include = parseGroupingLabels(p);
    }
  }
  if (p.at('FILL')) {
    p.consume();
    matching.fillLeft = matching.fillRight = parseFillValue(p);
  } else if (p.at('FILL_LEFT')) {
    p.consume();
    matching.fillLeft = parseFillValue(p);
    if (p.at('FILL_RIGHT')) {
      p.consume();
      matching.fillRight = parseFillValue(p);
    }
  } else if (p.at('FILL_RIGHT')) {
    p.consume();
    matching.fillRight = parseFillValue(p);
    if (p.at('FILL_LEFT')) {
      p.consume();
      matching.fillLeft = parseFillValue(p);
    }
  }
  return { returnBool, matching };
}

function parseFillValue(p: ParserState): number {
  p.expect('LEFT_PAREN');
  const sign = p.at('ADD', 'SUB') ? p.consume() : null;
  if (!p.at('NUMBER', 'DURATION')) p.fail();
  const value = numberLiteral(p, p.consume()).value;
  p.expect('RIGHT_PAREN');
  return sign?.type === 'SUB' ? -value : value;
}

/** parseGroupingLabels parses `(label, "label", ...)` after by/without/on/ignoring/group_x. */
function parseGroupingLabels(p: ParserState): string[] {
  if (!p.at('LEFT_PAREN')) p.fail(GROUPING_OPEN);
  p.consume();
  const labels: string[] = [];
  if (p.at('RIGHT_PAREN')) {
    p.consume();
    return labels;
  }
  for (;;) {
    labels.push(parseGroupingLabel(p));
    if (p.at('COMMA')) {
      p.consume();
      if (p.at('RIGHT_PAREN')) break;
      continue;
    }
    if (p.at('RIGHT_PAREN')) break;
    p.fail(GROUPING_NEXT);
  }
  p.consume();
  return labels;
}

function parseGroupingLabel(p: ParserState): string {
  const t = p.peek();
  if (LABEL_TOKENS.has(t.type)) return p.consume().val;
  if (t.type !== 'STRING') return p.fail(GROUPING_LABEL);
  p.consume();
  const name = unquoteToken(p, t);
  // Prometheus accepts any non-empty valid UTF-8; lone surrogates stand for invalid bytes here.
  if (name === '' || /\p{Cs}/u.test(name)) {
    p.addError(t.pos, tokenEnd(t), `invalid label name for grouping: ${goQuote(name)}`);
  }
  return name;
}

/** parsePrimary parses one operand without its postfix modifiers. */
function parsePrimary(p: ParserState): Expr {
  const t = p.peek();
  switch (t.type) {
    case 'NUMBER':
    case 'DURATION':
      return numberLiteral(p, p.consume());
    case 'STRING':
      p.consume();
      return { kind: 'StringLiteral', value: unquoteToken(p, t), start: t.pos, end: tokenEnd(t) };
    case 'LEFT_PAREN': {
      p.consume();
      p.enter();
      const inner = parseExpression(p);
      const close = p.expect('RIGHT_PAREN');
      p.leave();
      return { kind: 'ParenExpr', expr: inner, start: t.pos, end: tokenEnd(close) };
    }
    case 'LEFT_BRACE':
      return parseVectorSelector(p, null);
    case 'IDENTIFIER':
      p.consume();
      return p.at('LEFT_PAREN') ? parseFunctionCall(p, t) : parseVectorSelector(p, t);
    case 'METRIC_IDENTIFIER':
      return parseVectorSelector(p, p.consume());
  }
  if (isAggregatorToken(t.type)) {
    p.consume();
    return p.at('LEFT_PAREN', 'BY', 'WITHOUT')
      ? parseAggregate(p, t, aggregateOpOf(t.type))
      : parseVectorSelector(p, t);
  }
  if (FUNCTION_KEYWORDS.has(t.type)) {
    p.consume();
    return p.at('LEFT_PAREN') ? parseFunctionCall(p, t) : parseVectorSelector(p, t);
  }
  if (NAME_KEYWORDS.has(t.type)) return parseVectorSelector(p, p.consume());
  return p.fail();
}

/** parseCallBody parses `(arg, ...)`; a trailing comma is reported but tolerated, as Prometheus does. */
function parseCallBody(p: ParserState): { args: Expr[]; end: number } {
  p.expect('LEFT_PAREN');
  p.enter();
  const args: Expr[] = [];
  let more = !p.at('RIGHT_PAREN');
  while (more) {
    args.push(parseExpression(p));
    for (;;) {
      if (p.at('RIGHT_PAREN')) {
        more = false;
        break;
      }
      if (!p.at('COMMA')) p.fail();
      const comma = p.consume();
      if (!p.at('RIGHT_PAREN', 'COMMA')) break;
      p.addError(comma.pos, tokenEnd(comma), 'trailing commas not allowed in function call args');
    }
  }
  const end = tokenEnd(p.consume());
  p.leave();
  return { args, end };
}

function parseFunctionCall(p: ParserState, name: Token): Call {
  const body = parseCallBody(p);
  let func: FunctionSignature | undefined = FUNCTIONS.get(name.val);
  if (func === undefined) {
    p.addError(name.pos, tokenEnd(name), `unknown function with name ${goQuote(name.val)}`);
    func = { name: name.val, argTypes: [], variadic: 0, returnType: 'vector', experimental: false };
  } else if (func.experimental && !p.options.experimentalFunctions) {
    p.addError(name.pos, tokenEnd(name), `function ${goQuote(name.val)} is not enabled`);
  }
  return { kind: 'Call', func, args: body.args, start: name.pos, end: body.end };
}

function parseAggregate(p: ParserState, opTok: Token, op: AggregateOp): AggregateExpr {
  let grouping: string[] = [];
  let without = false;
  // Inside the aggregation, syntax errors read "... in aggregation" unless a nearer context applies.
  p.pushContext(AGGREGATION);
  let modifier = false;
  if (p.at('BY', 'WITHOUT')) {
    without = p.consume().type === 'WITHOUT';
    grouping = parseGroupingLabels(p);
    modifier = true;
  }
  if (!p.at('LEFT_PAREN')) p.fail();
  const body = parseCallBody(p);
  p.popContext();
  let end = body.end;
  if (!modifier && p.at('BY', 'WITHOUT')) {
    without = p.consume().type === 'WITHOUT';
    grouping = parseGroupingLabels(p);
    end = p.lastEnd;
  }
  return newAggregate(p, op, grouping, without, body.args, opTok.pos, end);
}

function newAggregate(
  p: ParserState,
  op: AggregateOp,
  grouping: string[],
  without: boolean,
  args: Expr[],
  start: number,
  end: number,
): AggregateExpr {
  const node: AggregateExpr = {
    kind: 'AggregateExpr',
    op,
    expr: args[args.length - 1] ?? { kind: 'NumberLiteral', value: 0, duration: false, start, end },
    param: null,
    grouping,
    without,
    start,
    end,
  };
  if (args.length === 0) {
    p.addError(start, end, 'no arguments for aggregate expression provided');
    return node;
  }
  let desired = 1;
  if (PARAM_AGGREGATORS.has(op)) {
    if (!p.options.experimentalFunctions && (op === 'limitk' || op === 'limit_ratio')) {
      p.addError(
        start,
        end,
        `${op}() is experimental and must be enabled with --enable-feature=promql-experimental-functions`,
      );
      return node;
    }
    desired = 2;
    node.param = args[0] as Expr;
  }
  if (args.length !== desired) {
    p.addError(
      start,
      end,
      `wrong number of arguments for aggregate expression provided, expected ${desired}, got ${args.length}`,
    );
  }
  return node;
}
