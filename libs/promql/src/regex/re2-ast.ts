// The parsed form of an RE2 regular expression and Go's regexp/syntax errors.
import type { Ranges } from './char-class';

/** A unicode property escape kept symbolic inside a class (\p{Greek} → "Script=Greek"). */
export interface PropertyItem {
  property: string;
  negated: boolean;
}

/** ReNode is the parsed regular expression. */
export type ReNode =
  | { op: 'empty' }
  | { op: 'literal'; cp: number; fold: boolean }
  | { op: 'class'; ranges: Ranges; props: PropertyItem[]; negated: boolean }
  | { op: 'anyChar' }
  | { op: 'anyNotNL' }
  | { op: 'beginLine' }
  | { op: 'endLine' }
  | { op: 'beginText' }
  | { op: 'endText' }
  | { op: 'wordBoundary' }
  | { op: 'noWordBoundary' }
  | { op: 'group'; sub: ReNode }
  | { op: 'repeat'; min: number; max: number; greedy: boolean; counted: boolean; sub: ReNode }
  | { op: 'concat'; subs: ReNode[] }
  | { op: 'alternate'; subs: ReNode[] };

/** Go's regexp/syntax error codes. */
export type Re2ErrorCode =
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
  | 'expression nests too deeply';

/** Re2SyntaxError is Go's *syntax.Error: "error parsing regexp: <code>: `<expr>`". */
export class Re2SyntaxError extends Error {
  constructor(
    readonly code: Re2ErrorCode,
    readonly expr: string,
  ) {
    super(`error parsing regexp: ${code}: \`${expr}\``);
  }
}

/** Parse flags that (?imsU) switch. */
export interface Flags {
  fold: boolean;
  dotNL: boolean;
  oneLine: boolean;
  nonGreedy: boolean;
}

/** A character-class fragment: explicit ranges plus symbolic unicode properties. */
export interface ClassItem {
  ranges: Ranges;
  props: PropertyItem[];
}
