// Label matchers (=, !=, =~, !~) with RE2 regexes anchored at both ends, as Prometheus's labels.Matcher.
import { compileRe2, RegexpSyntaxError } from '@vigil/model';
import { goQuote } from './go-format';

/** MatchType is the matcher operator. */
export type MatchType = '=' | '!=' | '=~' | '!~';

/** MatcherError says why a matcher could not be built (Go's regexp error text for bad regexes). */
export class MatcherError extends Error {}

/** Matcher tests one label value; regexes are RE2 and must match the whole value. */
export class Matcher {
  readonly #re: RegExp | null;

  /** Use newMatcher; the constructor exists for the class shape only. */
  private constructor(
    readonly type: MatchType,
    readonly name: string,
    readonly value: string,
    re: RegExp | null,
  ) {
    this.#re = re;
  }

  /** create builds a matcher; throws MatcherError when a regex does not compile. */
  static create(type: MatchType, name: string, value: string): Matcher {
    if (type === '=' || type === '!=') return new Matcher(type, name, value, null);
    try {
      // Prometheus parses with syntax.Perl|syntax.DotNL and compiles `^(?s:value)$`; errors quote the value alone.
      return new Matcher(type, name, value, compileRe2(value, { anchored: true, dotNL: true }));
    } catch (err) {
      if (err instanceof RegexpSyntaxError) throw new MatcherError(err.message);
      throw new MatcherError(`error compiling regexp: ${(err as Error).message}`);
    }
  }

  /** matches reports whether a label value (missing labels are "") satisfies the matcher. */
  matches(value: string): boolean {
    switch (this.type) {
      case '=':
        return value === this.value;
      case '!=':
        return value !== this.value;
      case '=~':
        return (this.#re as RegExp).test(value);
      case '!~':
        return !(this.#re as RegExp).test(value);
    }
  }

  /** toString prints the matcher as Prometheus does: `name="value"`, quoting names that need it. */
  toString(): string {
    return formatMatcher(this);
  }
}

/** newMatcher builds a Matcher; throws MatcherError for a regex RE2 rejects. */
export function newMatcher(type: MatchType, name: string, value: string): Matcher {
  return Matcher.create(type, name, value);
}

/** needsQuotedName reports whether a label name must be quoted in a selector (not `[a-zA-Z_][a-zA-Z0-9_]*`). */
export function needsQuotedName(name: string): boolean {
  return !/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name);
}

/** formatMatcher is Go's Matcher.String(). */
export function formatMatcher(m: { type: MatchType; name: string; value: string }): string {
  const name = needsQuotedName(m.name) ? goQuote(m.name) : m.name;
  return `${name}${m.type}${goQuote(m.value)}`;
}
