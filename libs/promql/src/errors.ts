// Parse errors with Prometheus's "line:col: parse error: message" formatting.
import { utf8Length } from './go-format';

/** ParseErrorItem is one problem found in a query. */
export interface ParseErrorItem {
  /** Start of the offending range (UTF-16 offset into the query). */
  start: number;
  /** End of the offending range (UTF-16 offset, exclusive). */
  end: number;
  /** The message without position, e.g. `unexpected <op:+>`. */
  message: string;
  /** 1-based line of `start`. */
  line: number;
  /** 1-based column of `start`, counted in UTF-8 bytes as Prometheus counts it. */
  column: number;
}

/** positionLabel is Prometheus's PositionRange.StartPosInput: "line:col", "unknown position" for an empty query. */
function positionLabel(query: string, start: number): { label: string; line: number; column: number } {
  if (query === '') return { label: 'unknown position', line: 1, column: 1 };
  if (start < 0 || start > query.length) return { label: 'invalid position', line: 1, column: 1 };
  const before = query.slice(0, start);
  const lastBreak = before.lastIndexOf('\n');
  let line = 1;
  for (let i = before.indexOf('\n'); i >= 0; i = before.indexOf('\n', i + 1)) line++;
  const column = utf8Length(before.slice(lastBreak + 1)) + 1;
  return { label: `${line}:${column}`, line, column };
}

/** makeErrorItem builds an item for [start, end) of query. */
export function makeErrorItem(query: string, start: number, end: number, message: string): ParseErrorItem {
  const { line, column } = positionLabel(query, start);
  return { start, end, message, line, column };
}

/** ParseError is thrown by parseExpr; its message is the first error formatted as Prometheus formats it. */
export class ParseError extends Error {
  readonly errors: ParseErrorItem[];

  constructor(query: string, errors: ParseErrorItem[]) {
    const first = errors[0];
    super(
      first
        ? `${positionLabel(query, first.start).label}: parse error: ${first.message}`
        : 'error contains no error message',
    );
    this.name = 'ParseError';
    this.errors = errors;
  }
}
