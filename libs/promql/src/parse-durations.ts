// Number/duration literals and duration expressions (ranges, subquery steps, offsets).
import type { DurationExpr, DurationOp, Expr, NumberLiteral } from './ast';
import {
  DurationSyntaxError,
  NumberSyntaxError,
  durationOutOfRange,
  msToSeconds,
  parseDurationMs,
  parseNumberLiteral,
} from './numbers';
import { tokenEnd, type ParserState } from './parser-state';
import type { Token, TokenType } from './tokens';

/** numberLiteral builds the literal for a consumed NUMBER or DURATION token, recording bad syntax. */
export function numberLiteral(p: ParserState, t: Token): NumberLiteral {
  const node: NumberLiteral = {
    kind: 'NumberLiteral',
    value: 0,
    duration: t.type === 'DURATION',
    start: t.pos,
    end: tokenEnd(t),
  };
  try {
    if (t.type === 'DURATION') node.value = msToSeconds(parseDurationMs(t.val));
    else node.value = parseNumberLiteral(t.val);
  } catch (err) {
    if (err instanceof DurationSyntaxError) p.addError(t.pos, tokenEnd(t), err.message);
    else if (err instanceof NumberSyntaxError)
      p.addError(t.pos, tokenEnd(t), `error parsing number: ${err.message}`);
    else throw err;
  }
  return node;
}

/** zeroLiteral is what Prometheus substitutes after a duration error (no position). */
function zeroLiteral(): NumberLiteral {
  return { kind: 'NumberLiteral', value: 0, duration: false, start: 0, end: 0 };
}

interface DurationParts {
  op: DurationOp;
  lhs?: Expr | null;
  rhs?: Expr | null;
  startPos?: number;
  endPos?: number;
  wrapped?: boolean;
}

/** makeDurationExpr builds a DurationExpr with Prometheus's position rules for it. */
function makeDurationExpr(parts: DurationParts): DurationExpr {
  const lhs = parts.lhs ?? null;
  const rhs = parts.rhs ?? null;
  const startPos = parts.startPos ?? 0;
  let start: number;
  let end: number;
  if (lhs === null && rhs === null) [start, end] = [startPos, parts.endPos ?? 0];
  else if (rhs === null) [start, end] = [startPos, (lhs as Expr).end];
  else if (lhs === null) [start, end] = [startPos, rhs.end];
  else [start, end] = [lhs.start, rhs.end];
  return { kind: 'DurationExpr', op: parts.op, lhs, rhs, wrapped: parts.wrapped ?? false, start, end };
}

function requireDurationExprs(p: ParserState, e: Expr): void {
  if (!p.options.durationExpressions)
    p.addError(e.start, e.end, 'experimental duration expression is not enabled');
}

function checkedLiteral(p: ParserState, t: Token): NumberLiteral {
  const nl = numberLiteral(p, t);
  if (durationOutOfRange(nl.value)) {
    p.addError(nl.start, nl.end, 'duration out of range');
    return zeroLiteral();
  }
  return nl;
}

function wrapParen(e: Expr, start: number, end: number): Expr {
  if (e.kind === 'DurationExpr') {
    e.wrapped = true;
    return e;
  }
  return makeDurationExpr({ op: '+', rhs: e, wrapped: true, startPos: start, endPos: end });
}

function applyUnary(p: ParserState, op: Token, e: Expr, wrapped: boolean): Expr {
  if (wrapped) e = wrapParen(e, e.start, e.end);
  if (e.kind === 'DurationExpr') {
    return op.type === 'SUB' ? makeDurationExpr({ op: '-', rhs: e, startPos: op.pos }) : e;
  }
  if (e.kind === 'NumberLiteral') {
    if (op.type === 'SUB') e.value = -e.value;
    if (durationOutOfRange(e.value)) {
      p.addError(op.pos, tokenEnd(op), 'duration out of range');
      return zeroLiteral();
    }
    e.start = op.pos;
    return e;
  }
  p.addError(op.pos, tokenEnd(op), 'expected number literal or duration expression');
  return zeroLiteral();
}

/** parseStepOrRange parses `step()` / `range()` after its keyword was consumed. */
function parseStepOrRange(p: ParserState, kw: Token): DurationExpr {
  p.expect('LEFT_PAREN');
  const close = p.expect('RIGHT_PAREN');
  return makeDurationExpr({
    op: kw.type === 'STEP' ? 'step' : 'range',
    startPos: kw.pos,
    endPos: tokenEnd(close),
  });
}

/** parseMinMaxOf parses `min_of(a, b)` / `max_of(a, b)` after its keyword was consumed. */
function parseMinMaxOf(p: ParserState, kw: Token): DurationExpr {
  p.enter();
  p.expect('LEFT_PAREN');
  const a = parseDurationExpr(p);
  p.expect('COMMA');
  const b = parseDurationExpr(p);
  const close = p.expect('RIGHT_PAREN');
  p.leave();
  return makeDurationExpr({
    op: kw.type === 'MAX_OF' ? 'max_of' : 'min_of',
    lhs: a,
    rhs: b,
    startPos: kw.pos,
    endPos: tokenEnd(close),
  });
}

/** parseDurationOperand parses one operand of a duration expression. */
function parseDurationOperand(p: ParserState): Expr {
  const t = p.peek();
  switch (t.type) {
    case 'NUMBER':
    case 'DURATION':
      return checkedLiteral(p, p.consume());
    case 'STEP':
    case 'RANGE': {
      const de = parseStepOrRange(p, p.consume());
      requireDurationExprs(p, de);
      return de;
    }
    case 'MAX_OF':
    case 'MIN_OF': {
      const de = parseMinMaxOf(p, p.consume());
      requireDurationExprs(p, de);
      return de;
    }
    case 'LEFT_PAREN': {
      const open = p.consume();
      p.enter();
      const inner = parseDurationExpr(p);
      const close = p.expect('RIGHT_PAREN');
      p.leave();
      requireDurationExprs(p, inner);
      return wrapParen(inner, open.pos, tokenEnd(close));
    }
    default:
      return p.fail();
  }
}

const DURATION_BINARY: Partial<Record<TokenType, { op: DurationOp; prec: number; right: boolean }>> = {
  ADD: { op: '+', prec: 4, right: false },
  SUB: { op: '-', prec: 4, right: false },
  MUL: { op: '*', prec: 5, right: false },
  DIV: { op: '/', prec: 5, right: false },
  MOD: { op: '%', prec: 5, right: false },
  POW: { op: '^', prec: 6, right: true },
};

type OpEntry =
  { unary: true; tok: Token; prec: number } | { unary: false; tok: Token; prec: number; op: DurationOp };

function reduceBinary(p: ParserState, op: DurationOp, opTok: Token, lhs: Expr, rhs: Expr): Expr {
  requireDurationExprs(p, lhs);
  if ((op === '/' || op === '%') && rhs.kind === 'NumberLiteral' && rhs.value === 0) {
    p.addError(opTok.pos, tokenEnd(opTok), op === '/' ? 'division by zero' : 'modulo by zero');
    return zeroLiteral();
  }
  return makeDurationExpr({ op, lhs, rhs });
}

/**
 * parseDurationExpr parses a duration expression with Prometheus's precedence (unary binds like `*`,
 * `^` is right-associative). `prefix` holds unary operators already consumed by the caller.
 */
export function parseDurationExpr(p: ParserState, prefix: Token[] = []): Expr {
  const operands: Expr[] = [];
  const ops: OpEntry[] = prefix.map((tok) => ({ unary: true, tok, prec: 5 }));
  const reduceTop = (): void => {
    const top = ops.pop() as OpEntry;
    const rhs = operands.pop() as Expr;
    if (top.unary) operands.push(applyUnary(p, top.tok, rhs, false));
    else operands.push(reduceBinary(p, top.op, top.tok, operands.pop() as Expr, rhs));
  };
  for (;;) {
    while (p.at('ADD', 'SUB')) ops.push({ unary: true, tok: p.consume(), prec: 5 });
    operands.push(parseDurationOperand(p));
    const info = DURATION_BINARY[p.peek().type];
    if (!info) break;
    while (ops.length > 0) {
      const top = ops[ops.length - 1] as OpEntry;
      if (top.prec > info.prec || (top.prec === info.prec && !info.right)) reduceTop();
      else break;
    }
    ops.push({ unary: false, tok: p.consume(), prec: info.prec, op: info.op });
  }
  while (ops.length > 0) reduceTop();
  return operands[0] as Expr;
}

/** parsePositiveDurationExpr parses a range or step; literals must be greater than zero. */
export function parsePositiveDurationExpr(p: ParserState): Expr {
  const e = parseDurationExpr(p);
  if (e.kind === 'NumberLiteral' && e.value <= 0) {
    p.addError(e.start, e.end, 'duration must be greater than 0');
    return zeroLiteral();
  }
  return e;
}

/**
 * parseOffsetDuration parses what follows `offset`. A literal, `step()`, `range()`, `min_of(...)`,
 * `max_of(...)` or a signed/parenthesised form of those ends the offset (so `foo offset 5m - 1` is
 * `(foo offset 5m) - 1`); only an offset starting with a bare `(` continues as arithmetic.
 */
export function parseOffsetDuration(p: ParserState): Expr {
  const t = p.peek();
  switch (t.type) {
    case 'NUMBER':
    case 'DURATION':
      return checkedLiteral(p, p.consume());
    case 'STEP':
    case 'RANGE': {
      const de = parseStepOrRange(p, p.consume());
      requireDurationExprs(p, de);
      return de;
    }
    case 'MAX_OF':
    case 'MIN_OF': {
      const de = parseMinMaxOf(p, p.consume());
      requireDurationExprs(p, de);
      return de;
    }
    case 'LEFT_PAREN':
      return parseDurationExpr(p);
    case 'ADD':
    case 'SUB':
      return parseSignedOffset(p, p.consume());
    default:
      return p.fail();
  }
}

function parseSignedOffset(p: ParserState, op: Token): Expr {
  const t = p.peek();
  switch (t.type) {
    case 'NUMBER':
    case 'DURATION': {
      const nl = numberLiteral(p, p.consume());
      if (op.type === 'SUB') nl.value = -nl.value;
      if (durationOutOfRange(nl.value)) {
        p.addError(op.pos, tokenEnd(op), 'duration out of range');
        return zeroLiteral();
      }
      nl.start = op.pos;
      return nl;
    }
    case 'STEP':
    case 'RANGE':
    case 'MAX_OF':
    case 'MIN_OF': {
      const kw = p.consume();
      const inner =
        kw.type === 'STEP' || kw.type === 'RANGE' ? parseStepOrRange(p, kw) : parseMinMaxOf(p, kw);
      // Prometheus keeps a unary plus node here that prints as nothing; dropping it keeps print/parse round trips exact.
      const de =
        op.type === 'SUB'
          ? makeDurationExpr({ op: '-', rhs: inner, startPos: op.pos })
          : { ...inner, start: op.pos };
      requireDurationExprs(p, de);
      return de;
    }
    case 'LEFT_PAREN': {
      p.consume();
      p.enter();
      const inner = parseDurationExpr(p);
      p.expect('RIGHT_PAREN');
      p.leave();
      return applyUnary(p, op, inner, true);
    }
    default:
      return parseDurationExpr(p, [op]);
  }
}
