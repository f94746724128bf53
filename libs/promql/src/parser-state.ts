// Token stream, error list and error-context stack shared by the parser modules.
import { makeErrorItem, type ParseErrorItem } from './errors';
import { Lexer } from './lexer';
import type { ResolvedOptions } from './options';
import { describeToken, type Token, type TokenType } from './tokens';

/** Thrown internally to stop parsing at the first syntax or lexer error (Prometheus reports only the first). */
export class AbortParse extends Error {}

/**
 * A syntax-error context: the place in the grammar that reports errors, e.g. "in grouping opts,
 * expected label". Prometheus's yacc grammar names these through its `error` productions; the
 * innermost open context names a syntax error.
 */
export interface ErrorContext {
  readonly context: string;
  readonly expected: string;
}

/** tokenEnd is the end offset of a token's source text. */
export function tokenEnd(t: Token): number {
  return t.pos + t.val.length;
}

/** ParserState holds everything one parse shares: lexer, lookahead, errors, contexts and nesting depth. */
export class ParserState {
  readonly input: string;
  readonly options: ResolvedOptions;
  readonly errors: ParseErrorItem[] = [];
  private readonly lexer: Lexer;
  private lookahead: Token | null = null;
  private readonly contexts: ErrorContext[] = [];
  private depth = 0;
  /** End of the last consumed token (Prometheus's "lastClosing" for modifiers). */
  lastEnd = 0;

  constructor(input: string, options: ResolvedOptions) {
    this.input = input;
    this.options = options;
    this.lexer = new Lexer(input);
  }

  /** peek returns the next token without consuming it; lexing happens lazily, as in Prometheus. */
  peek(): Token {
    if (this.lookahead === null) {
      let t: Token;
      do t = this.lexer.nextItem();
      while (t.type === 'COMMENT');
      if (t.type === 'ERROR') {
        this.addError(this.lexer.start, this.input.length, t.val);
        throw new AbortParse();
      }
      this.lookahead = t;
    }
    return this.lookahead;
  }

  /** at reports whether the next token has one of the given types. */
  at(...types: TokenType[]): boolean {
    return types.includes(this.peek().type);
  }

  /** consume takes the next token. */
  consume(): Token {
    const t = this.peek();
    this.lookahead = null;
    this.lastEnd = tokenEnd(t);
    return t;
  }

  /** expect consumes a token of the given type or fails with the current context. */
  expect(type: TokenType): Token {
    if (this.peek().type !== type) this.fail();
    return this.consume();
  }

  /** addError records a non-fatal error for [start, end). */
  addError(start: number, end: number, message: string): void {
    this.errors.push(makeErrorItem(this.input, start, end, message));
  }

  /** fail reports the next token as unexpected in the innermost context and stops parsing. */
  fail(context: ErrorContext | undefined = this.contexts[this.contexts.length - 1]): never {
    const t = this.peek();
    let msg = `unexpected ${describeToken(t)}`;
    if (context?.context) msg += ` in ${context.context}`;
    if (context?.expected) msg += `, expected ${context.expected}`;
    this.addError(t.pos, tokenEnd(t), msg);
    throw new AbortParse();
  }

  // Contexts and depth need no unwinding on errors: the first error ends the parse.

  /** pushContext opens an error context; popContext closes it. */
  pushContext(context: ErrorContext): void {
    this.contexts.push(context);
  }

  /** popContext closes the innermost error context. */
  popContext(): void {
    this.contexts.pop();
  }

  /** enter goes one nesting level deeper, failing cleanly past the configured maximum depth; leave goes back. */
  enter(): void {
    if (++this.depth > this.options.maxDepth) {
      const t = this.peek();
      this.addError(
        t.pos,
        tokenEnd(t),
        `expression nests too deeply: more than ${this.options.maxDepth} levels of parentheses, calls or aggregations`,
      );
      throw new AbortParse();
    }
  }

  /** leave ends a nesting level started with enter. */
  leave(): void {
    this.depth--;
  }
}
