// Postfix modifiers: `[range]`, `[range:step]`, `offset`, `@`, `anchored`, `smoothed`. They bind tighter than any operator.
import type { DurationExpr, Expr, MatrixSelector, SubqueryExpr, TimeModifiers } from './ast';
import { formatFloatFixed } from './go-format';
import { numberLiteral, parseOffsetDuration, parsePositiveDurationExpr } from './parse-durations';
import { secondsToMs, timestampFromSeconds } from './numbers';
import { tokenEnd, type ErrorContext, type ParserState } from './parser-state';
import type { Token } from './tokens';

const RANGE_START: ErrorContext = {
  context: 'subquery or range selector',
  expected: 'number, duration, step(), or range()',
};
const RANGE_NEXT: ErrorContext = { context: 'subquery or range', expected: '":" or "]"' };
const STEP_START: ErrorContext = {
  context: 'subquery selector',
  expected: 'number, duration, step(), range(), or "]"',
};
const STEP_END: ErrorContext = { context: 'subquery selector', expected: '"]"' };
const OFFSET: ErrorContext = { context: 'offset', expected: 'number, duration, step(), or range()' };
const AT: ErrorContext = { context: '@', expected: 'timestamp' };

const INT64_LIMIT = 9223372036854775807;

/** parsePostfix applies every modifier that follows an operand. */
export function parsePostfix(p: ParserState, operand: Expr): Expr {
  let e = operand;
  for (;;) {
    const t = p.peek();
    if (t.type === 'LEFT_BRACKET') {
      e = parseBrackets(p, e);
      continue;
    }
    if (t.type !== 'OFFSET' && t.type !== 'AT' && t.type !== 'ANCHORED' && t.type !== 'SMOOTHED') return e;
    p.consume();
    if (t.type === 'OFFSET') parseOffset(p, e);
    else if (t.type === 'AT') parseAt(p, e);
    else setExtendedRange(p, e, t);
  }
}

function splitDuration(e: Expr): { ms: number; expr: DurationExpr | null } {
  if (e.kind === 'NumberLiteral') return { ms: secondsToMs(e.value), expr: null };
  return { ms: 0, expr: e.kind === 'DurationExpr' ? e : null };
}

function parseBrackets(p: ParserState, e: Expr): Expr {
  const open = p.consume();
  p.pushContext(RANGE_START);
  const range = parsePositiveDurationExpr(p);
  p.popContext();
  if (p.at('RIGHT_BRACKET')) return matrixSelector(p, e, open, p.consume(), range);
  if (!p.at('COLON')) p.fail(RANGE_NEXT);
  p.consume();
  let step: Expr | null = null;
  if (!p.at('RIGHT_BRACKET')) {
    p.pushContext(STEP_START);
    step = parsePositiveDurationExpr(p);
    p.popContext();
    if (!p.at('RIGHT_BRACKET')) p.fail(STEP_END);
  }
  const close = p.consume();
  const r = splitDuration(range);
  const s = step === null ? { ms: 0, expr: null } : splitDuration(step);
  const sq: SubqueryExpr = {
    kind: 'SubqueryExpr',
    expr: e,
    range: r.ms,
    rangeExpr: r.expr,
    step: s.ms,
    stepExpr: s.expr,
    offset: 0,
    offsetExpr: null,
    timestamp: null,
    startOrEnd: null,
    start: e.start,
    end: tokenEnd(close),
  };
  return sq;
}

function matrixSelector(p: ParserState, e: Expr, open: Token, close: Token, range: Expr): MatrixSelector {
  let problem = '';
  if (e.kind !== 'VectorSelector') problem = 'ranges only allowed for vector selectors';
  else if (e.offset !== 0 || e.offsetExpr !== null) problem = 'no offset modifiers allowed before range';
  else if (e.timestamp !== null || e.startOrEnd !== null) problem = 'no @ modifiers allowed before range';
  if (problem) p.addError(open.pos, tokenEnd(close), problem);
  const r = splitDuration(range);
  return {
    kind: 'MatrixSelector',
    vectorSelector: e,
    range: r.ms,
    rangeExpr: r.expr,
    start: e.start,
    end: tokenEnd(close),
  };
}

/** modifierTarget finds the node that stores offset/@ for e, reporting Prometheus's error when there is none. */
function modifierTarget(
  p: ParserState,
  e: Expr,
  wrongKind: string,
): (TimeModifiers & { end: number }) | null {
  if (e.kind === 'VectorSelector' || e.kind === 'SubqueryExpr') return e;
  if (e.kind === 'MatrixSelector') {
    const vs = e.vectorSelector;
    if (vs.kind !== 'VectorSelector') {
      p.addError(e.start, e.end, 'ranges only allowed for vector selectors');
      return null;
    }
    return vs;
  }
  p.addError(e.start, e.end, wrongKind);
  return null;
}

function parseOffset(p: ParserState, e: Expr): void {
  p.pushContext(OFFSET);
  const d = parseOffsetDuration(p);
  p.popContext();
  const target = modifierTarget(
    p,
    e,
    'offset modifier must be preceded by an instant vector selector or range vector selector or a subquery',
  );
  if (!target) return;
  if (target.offset !== 0 || target.offsetExpr !== null)
    p.addError(e.start, e.end, 'offset may not be set multiple times');
  else if (d.kind === 'NumberLiteral') target.offset = secondsToMs(d.value);
  else if (d.kind === 'DurationExpr') target.offsetExpr = d;
  e.end = p.lastEnd;
}

function parseAt(p: ParserState, e: Expr): void {
  p.pushContext(AT);
  parseAtValue(p, e);
  p.popContext();
}

function parseAtValue(p: ParserState, e: Expr): void {
  const t = p.peek();
  if (t.type === 'START' || t.type === 'END') {
    p.consume();
    p.expect('LEFT_PAREN');
    const close = p.expect('RIGHT_PAREN');
    const target = atTarget(p, e);
    if (target) {
      target.startOrEnd = t.type === 'START' ? 'start' : 'end';
      e.end = tokenEnd(close);
    }
    return;
  }
  let sign = 1;
  if (t.type === 'ADD' || t.type === 'SUB') {
    p.consume();
    if (t.type === 'SUB') sign = -1;
  }
  if (!p.at('NUMBER', 'DURATION')) p.fail();
  const num = numberLiteral(p, p.consume());
  const ts = sign * num.value;
  if (!Number.isFinite(ts) || ts >= INT64_LIMIT || ts <= -INT64_LIMIT) {
    p.addError(e.start, e.end, `timestamp out of bounds for @ modifier: ${formatFloatFixed(ts, 6)}`);
  }
  const target = atTarget(p, e);
  if (target) {
    target.timestamp = timestampFromSeconds(ts);
    e.end = p.lastEnd;
  }
}

function atTarget(p: ParserState, e: Expr): (TimeModifiers & { end: number }) | null {
  const target = modifierTarget(
    p,
    e,
    '@ modifier must be preceded by an instant vector selector or range vector selector or a subquery',
  );
  if (target && (target.timestamp !== null || target.startOrEnd !== null)) {
    p.addError(e.start, e.end, '@ <timestamp> may not be set multiple times');
    return null;
  }
  return target;
}

function setExtendedRange(p: ParserState, e: Expr, kw: Token): void {
  const name = kw.type === 'ANCHORED' ? 'anchored' : 'smoothed';
  if (!p.options.extendedRangeSelectors) {
    p.addError(e.start, e.end, `${name} modifier is experimental and not enabled`);
    return;
  }
  const vs = e.kind === 'MatrixSelector' ? e.vectorSelector : e;
  if (e.kind === 'MatrixSelector' && vs.kind !== 'VectorSelector') return;
  if (vs.kind === 'VectorSelector') {
    if (name === 'anchored') vs.anchored = true;
    else vs.smoothed = true;
    if (vs.anchored && vs.smoothed)
      p.addError(e.start, e.end, 'anchored and smoothed modifiers cannot be used together');
    return;
  }
  if (e.kind === 'SubqueryExpr')
    p.addError(e.start, e.end, `${name} modifier is not supported for subqueries`);
  else p.addError(e.start, e.end, `${name} modifier not implemented`);
}
