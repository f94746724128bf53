// The parsed form of a Go (RE2) regular expression, and Go's regexp/syntax errors.
import type { Ranges } from './regexp-charclass';

/** A union of code point ranges and JavaScript property escapes (`\p{L}`, `\P{Cn}`, `\p{Script=Greek}`). */
export interface CharSet {
  ranges: Ranges;
  escapes: string[];
}

/**
 * ReNode is a parsed regular expression. A class matches the code points of `set` or outside any of
 * `complements` (what a negated multi-property escape such as `(?i)\P{Lu}` needs), or the opposite if negated.
 */
export type ReNode =
  | { op: 'empty' }
  | { op: 'literal'; cp: number; fold: boolean }
  | { op: 'class'; set: CharSet; complements: CharSet[]; negated: boolean }
  | { op: 'anyChar' }
  | { op: 'anyNotNL' }
  | { op: 'beginLine' }
  | { op: 'endLine' }
  | { op: 'beginText' }
  | { op: 'endText' }
  | { op: 'wordBoundary' }
  | { op: 'noWordBoundary' }
  | { op: 'capture'; index: number; name: string | undefined; sub: ReNode }
  | { op: 'repeat'; min: number; max: number; greedy: boolean; counted: boolean; sub: ReNode }
  | { op: 'concat'; subs: ReNode[] }
  | { op: 'alternate'; subs: ReNode[] };

/** Go's regexp/syntax error codes (ErrorCode strings). */
export type RegexpErrorCode =
  | 'invalid character class'
  | 'invalid character class range'
  | 'invalid escape sequence'
  | 'invalid named capture'
  | 'invalid or unsupported Perl syntax'
  | 'invalid nested repetition operator'
  | 'invalid repeat count'
  | 'invalid UTF-8'
  | 'missing closing ]'
  | 'missing closing )'
  | 'missing argument to repetition operator'
  | 'trailing backslash at end of expression'
  | 'unexpected )'
  | 'expression nests too deeply'
  | 'expression too large';

/** RegexpSyntaxError is Go's *syntax.Error for a pattern regexp.Compile rejects: "error parsing regexp: <code>: `<expr>`". */
export class RegexpSyntaxError extends Error {
  constructor(
    readonly code: RegexpErrorCode,
    readonly expr: string,
  ) {
    super(`error parsing regexp: ${code}: \`${expr}\``);
  }
}
