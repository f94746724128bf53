// Alertmanager's UTF-8 matchers parser (matcher/parse), the default since 0.27: `{foo="bar", baz=~"x.*"}`
// with or without braces, quoted or unquoted names and values, Go escapes in quoted strings.

import { goUnquote } from './matcher-quote';
import { MatcherLexer, MatcherParseError, type Token, type TokenKind } from './matcher-lexer';
import { newMatcher, type MatchType, type Matcher } from './matcher';

export { MatcherParseError } from './matcher-lexer';

class EndOfInput extends Error {}

const OPERATORS: Partial<Record<TokenKind, MatchType>> = {
  Equals: '=',
  NotEquals: '!=',
  Matches: '=~',
  NotMatches: '!~',
};

type Step = (lexer: MatcherLexer) => Step | undefined;

/** parseMatchersUtf8 parses a list of matchers with the UTF-8 parser; throws MatcherParseError. */
export function parseMatchersUtf8(input: string): Matcher[] {
  return new Utf8MatchersParser(input).parse();
}

/** parseMatcherUtf8 parses exactly one matcher with the UTF-8 parser; throws MatcherParseError. */
export function parseMatcherUtf8(input: string): Matcher {
  const ms = parseMatchersUtf8(input);
  if (ms.length === 1) return ms[0] as Matcher;
  if (ms.length === 0) throw new MatcherParseError('no matchers');
  throw new MatcherParseError(`expected 1 matcher, found ${ms.length}`);
}

class Utf8MatchersParser {
  private readonly matchers: Matcher[] = [];
  private hasOpenBrace = false;
  private readonly lexer: MatcherLexer;

  constructor(input: string) {
    this.lexer = new MatcherLexer(input);
  }

  parse(): Matcher[] {
    let step: Step | undefined = this.parseOpenBrace;
    while (step) step = step.call(this, this.lexer);
    return this.matchers;
  }

  private parseOpenBrace(l: MatcherLexer): Step | undefined {
    try {
      this.hasOpenBrace = this.accept(l, 'OpenBrace');
    } catch (err) {
      if (err instanceof EndOfInput) return this.parseEOF;
      throw err;
    }
    let hasCloseBrace: boolean;
    try {
      hasCloseBrace = this.acceptPeek(l, 'CloseBrace');
    } catch (err) {
      // With nothing after the open brace, let parseCloseBrace report the missing close brace.
      if (err instanceof EndOfInput) return this.parseCloseBrace;
      throw err;
    }
    return hasCloseBrace ? this.parseCloseBrace : this.parseMatcher;
  }

  private parseCloseBrace(l: MatcherLexer): Step | undefined {
    if (this.hasOpenBrace) {
      try {
        this.expect(l, 'CloseBrace');
      } catch (err) {
        throw new MatcherParseError(`0:${l.position().columnEnd}: ${describe(err)}: expected close brace`);
      }
    } else {
      let found = false;
      try {
        this.expect(l, 'CloseBrace');
        found = true;
      } catch {
        // Anything but a close brace is fine here; parseEOF looks at it next.
      }
      if (found) throw new MatcherParseError(`0:${l.position().columnEnd}: }: expected opening brace`);
    }
    return this.parseEOF;
  }

  private parseMatcher(l: MatcherLexer): Step | undefined {
    const nameToken = this.expectWith(l, 'expected label name', 'Quoted', 'Unquoted');
    const name = unquoteToken(nameToken);
    const opToken = this.expectWith(
      l,
      "expected an operator such as '=', '!=', '=~' or '!~'",
      'Equals',
      'NotEquals',
      'Matches',
      'NotMatches',
    );
    const valueToken = this.expectWith(l, 'expected label value', 'Unquoted', 'Quoted');
    const value = unquoteToken(valueToken);
    let matcher: Matcher;
    try {
      matcher = newMatcher(OPERATORS[opToken.kind] as MatchType, name, value);
    } catch (err) {
      throw new MatcherParseError(`failed to create matcher: ${(err as Error).message}`);
    }
    this.matchers.push(matcher);
    return this.parseEndOfMatcher;
  }

  private parseEndOfMatcher(l: MatcherLexer): Step | undefined {
    let t: Token;
    try {
      t = this.expectPeek(l, 'Comma', 'CloseBrace');
    } catch (err) {
      // At the end of input the optional open brace may still need its close brace.
      if (err instanceof EndOfInput) return this.parseCloseBrace;
      throw new MatcherParseError(`${describe(err)}: expected a comma or close brace`);
    }
    return t.kind === 'Comma' ? this.parseComma : this.parseCloseBrace;
  }

  private parseComma(l: MatcherLexer): Step | undefined {
    this.expectWith(l, 'expected a comma', 'Comma');
    let t: Token;
    try {
      t = this.expectPeek(l, 'CloseBrace', 'Unquoted', 'Quoted');
    } catch (err) {
      if (err instanceof EndOfInput) return this.parseCloseBrace;
      throw new MatcherParseError(`${describe(err)}: expected a matcher or close brace after comma`);
    }
    return t.kind === 'CloseBrace' ? this.parseCloseBrace : this.parseMatcher;
  }

  private parseEOF(l: MatcherLexer): Step | undefined {
    let t: Token;
    try {
      t = l.scan();
    } catch (err) {
      throw new MatcherParseError(`${describe(err)}: expected end of input`);
    }
    if (t.kind !== 'EOF') {
      throw new MatcherParseError(`${t.columnStart}:${t.columnEnd}: ${t.value}: expected end of input`);
    }
    return undefined;
  }

  private accept(l: MatcherLexer, kind: TokenKind): boolean {
    const ok = this.acceptPeek(l, kind);
    if (ok) l.scan();
    return ok;
  }

  private acceptPeek(l: MatcherLexer, kind: TokenKind): boolean {
    const t = l.peek();
    if (t.kind === 'EOF') throw new EndOfInput('end of input');
    return t.kind === kind;
  }

  private expect(l: MatcherLexer, ...kinds: TokenKind[]): Token {
    const t = this.expectPeek(l, ...kinds);
    l.scan();
    return t;
  }

  private expectWith(l: MatcherLexer, what: string, ...kinds: TokenKind[]): Token {
    try {
      return this.expect(l, ...kinds);
    } catch (err) {
      throw new MatcherParseError(`${describe(err)}: ${what}`);
    }
  }

  private expectPeek(l: MatcherLexer, ...kinds: TokenKind[]): Token {
    const t = l.peek();
    if (t.kind === 'EOF') throw new EndOfInput('end of input');
    if (!kinds.includes(t.kind))
      throw new MatcherParseError(`${t.columnStart}:${t.columnEnd}: unexpected ${t.value}`);
    return t;
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function unquoteToken(t: Token): string {
  if (t.kind !== 'Quoted') return t.value;
  try {
    return goUnquote(t.value);
  } catch {
    throw new MatcherParseError(`${t.columnStart}:${t.columnEnd}: ${t.value}: invalid input`);
  }
}
