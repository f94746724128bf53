// Vector selectors: `name`, `name{...}`, `{...}` with =, !=, =~, !~ matchers and quoted names.
import type { VectorSelector } from './ast';
import { goQuote } from './go-format';
import { MatcherError, newMatcher, type MatchType, type Matcher } from './matcher';
import { tokenEnd, type ErrorContext, type ParserState } from './parser-state';
import type { Token, TokenType } from './tokens';
import { UnquoteError, unquote } from './unquote';

const MATCHER_START: ErrorContext = { context: 'label matching', expected: 'identifier or "}"' };
const MATCHER_OP: ErrorContext = { context: 'label matching', expected: 'label matching operator' };
const MATCHER_VALUE: ErrorContext = { context: 'label matching', expected: 'string' };
const MATCHER_NEXT: ErrorContext = { context: 'label matching', expected: '"," or "}"' };

const MATCH_OPS: Partial<Record<TokenType, MatchType>> = {
  EQL: '=',
  NEQ: '!=',
  EQL_REGEX: '=~',
  NEQ_REGEX: '!~',
};

/** METRIC_NAME_LABEL is the label holding the metric name. */
export const METRIC_NAME_LABEL = '__name__';

/** unquoteToken decodes a consumed STRING token, recording Prometheus's error if it cannot be decoded. */
export function unquoteToken(p: ParserState, t: Token): string {
  try {
    return unquote(t.val);
  } catch (err) {
    if (!(err instanceof UnquoteError)) throw err;
    p.addError(t.pos, tokenEnd(t), `error unquoting string ${goQuote(t.val)}: ${err.message}`);
    return '';
  }
}

function buildMatcher(
  p: ParserState,
  type: MatchType,
  name: string,
  value: string,
  start: number,
  end: number,
): Matcher | null {
  try {
    return newMatcher(type, name, value);
  } catch (err) {
    if (!(err instanceof MatcherError)) throw err;
    p.addError(start, end, err.message);
    return null;
  }
}

function parseMatcherValue(p: ParserState, name: string, nameTok: Token): Matcher | null {
  const opTok = p.peek();
  const type = MATCH_OPS[opTok.type];
  if (type === undefined) return p.fail(MATCHER_OP);
  p.consume();
  if (!p.at('STRING')) p.fail(MATCHER_VALUE);
  const valueTok = p.consume();
  return buildMatcher(p, type, name, unquoteToken(p, valueTok), nameTok.pos, tokenEnd(valueTok));
}

function parseOneMatcher(p: ParserState): Matcher | null {
  const t = p.peek();
  if (t.type === 'IDENTIFIER') {
    p.consume();
    return parseMatcherValue(p, t.val, t);
  }
  if (t.type === 'STRING') {
    p.consume();
    const name = unquoteToken(p, t);
    if (MATCH_OPS[p.peek().type] !== undefined) return parseMatcherValue(p, name, t);
    // A lone quoted string names the metric: {"my.metric"}.
    return buildMatcher(p, '=', METRIC_NAME_LABEL, name, t.pos, tokenEnd(t));
  }
  return p.fail(MATCHER_START);
}

/** parseLabelMatchers parses `{...}` (the next token is the brace) and returns its matchers and extent. */
export function parseLabelMatchers(p: ParserState): { matchers: Matcher[]; start: number; end: number } {
  const open = p.expect('LEFT_BRACE');
  const matchers: Matcher[] = [];
  for (;;) {
    if (p.at('RIGHT_BRACE')) break;
    const m = parseOneMatcher(p);
    if (m) matchers.push(m);
    if (p.at('COMMA')) {
      p.consume();
      continue;
    }
    if (!p.at('RIGHT_BRACE')) p.fail(MATCHER_NEXT);
  }
  const close = p.consume();
  return { matchers, start: open.pos, end: tokenEnd(close) };
}

/** makeVectorSelector assembles a selector; a name outside braces becomes a trailing `__name__` matcher. */
export function makeVectorSelector(
  name: string,
  matchers: Matcher[],
  start: number,
  end: number,
): VectorSelector {
  const all = name === '' ? matchers : [...matchers, newMatcher('=', METRIC_NAME_LABEL, name)];
  return {
    kind: 'VectorSelector',
    name,
    matchers: all,
    offset: 0,
    offsetExpr: null,
    timestamp: null,
    startOrEnd: null,
    anchored: false,
    smoothed: false,
    bypassEmptyMatcherCheck: false,
    start,
    end,
  };
}

/** parseVectorSelector parses a selector after its metric name (if any) was consumed. */
export function parseVectorSelector(p: ParserState, nameTok: Token | null): VectorSelector {
  if (nameTok !== null && !p.at('LEFT_BRACE')) {
    return makeVectorSelector(nameTok.val, [], nameTok.pos, tokenEnd(nameTok));
  }
  const braces = parseLabelMatchers(p);
  return makeVectorSelector(nameTok?.val ?? '', braces.matchers, nameTok?.pos ?? braces.start, braces.end);
}
