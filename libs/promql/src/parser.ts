// parseExpr: PromQL text to a type-checked tree, or a ParseError formatted as Prometheus formats it.
import type { Expr } from './ast';
import { checkExpr } from './check';
import { ParseError, makeErrorItem } from './errors';
import { resolveOptions, type ParserOptions } from './options';
import { parseExpression } from './parse-expr';
import { AbortParse, ParserState } from './parser-state';

function parseTree(p: ParserState): Expr | null {
  try {
    if (p.at('EOF')) {
      p.addError(0, 0, 'no expression found in input');
      return null;
    }
    const expr = parseExpression(p);
    if (!p.at('EOF')) p.fail(undefined);
    return expr;
  } catch (err) {
    if (err instanceof AbortParse) return null;
    throw err;
  }
}

function isStackOverflow(err: unknown): boolean {
  return err instanceof RangeError && /call stack/i.test(err.message);
}

/** parseExpr parses and type-checks a PromQL expression; throws ParseError listing what is wrong. */
export function parseExpr(input: string, options?: ParserOptions): Expr {
  const resolved = resolveOptions(options);
  if (input.length > resolved.maxLength) {
    const item = makeErrorItem(
      input,
      0,
      0,
      `query is too long: ${input.length} characters, the limit is ${resolved.maxLength}`,
    );
    throw new ParseError(input, [item]);
  }
  const p = new ParserState(input, resolved);
  let expr: Expr | null;
  try {
    expr = parseTree(p);
  } catch (err) {
    // Safety net behind maxDepth: a caller already deep in its own stack can still run out of it.
    if (!isStackOverflow(err)) throw err;
    throw new ParseError(input, [
      makeErrorItem(input, 0, 0, 'expression nests too deeply for the available stack'),
    ]);
  }
  if (p.errors.length > 0 || expr === null) throw new ParseError(input, p.errors);
  // Type checking runs only on syntactically valid input, as in Prometheus.
  checkExpr(expr, input, (start, end, message) => p.addError(start, end, message));
  if (p.errors.length > 0) throw new ParseError(input, p.errors);
  return expr;
}
