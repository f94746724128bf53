// Alertmanager's label matchers (pkg/labels): `=`, `!=`, `=~`, `!~`, regexes anchored as `^(?:…)$`, a missing
// label matching as "".

import { compareStrings, type Labels } from './labels';
import { goQuote } from './matcher-quote';
import { compileRe2 } from './regexp';

/** MatchType is a matcher's operator. */
export type MatchType = '=' | '!=' | '=~' | '!~';

/** The operators in Alertmanager's order (MatchEqual < MatchNotEqual < MatchRegexp < MatchNotRegexp). */
export const MATCH_TYPES: readonly MatchType[] = ['=', '!=', '=~', '!~'];

/** Go's unicode.IsSpace, as a class body (JavaScript's \s differs on U+0085 and U+FEFF). */
export const GO_SPACE_CLASS =
  '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

// Characters that force a matcher's name to be quoted when printed.
const RESERVED_RE = new RegExp(`[${GO_SPACE_CLASS}{}!=~,\\\\"'\`]`, 'u');

/** Matcher tests one label's value. Build it with newMatcher so that regexes are checked. */
export class Matcher {
  private constructor(
    readonly type: MatchType,
    readonly name: string,
    readonly value: string,
    private readonly re: RegExp | undefined,
  ) {}

  /** create builds a matcher; regex values compile as `^(?:value)$` and throw RegexpSyntaxError if Go would. */
  static create(type: MatchType, name: string, value: string): Matcher {
    const re = type === '=~' || type === '!~' ? compileRe2(`^(?:${value})$`) : undefined;
    return new Matcher(type, name, value, re);
  }

  /** matches tests a label value (pass "" for a missing label). */
  matches(value: string): boolean {
    switch (this.type) {
      case '=':
        return value === this.value;
      case '!=':
        return value !== this.value;
      case '=~':
        return (this.re as RegExp).test(value);
      case '!~':
        return !(this.re as RegExp).test(value);
    }
  }

  /** matchesLabels tests a label set; a missing label counts as "". */
  matchesLabels(labels: Labels): boolean {
    return this.matches(labels[this.name] ?? '');
  }

  /** toString prints the matcher as Alertmanager does: `foo="bar"`, `"foo bar"=~"x.*"`. */
  toString(): string {
    if (RESERVED_RE.test(this.name)) return `${goQuote(this.name)}${this.type}${goQuote(this.value)}`;
    return `${this.name}${this.type}"${openMetricsEscape(this.value)}"`;
  }

  /** equals tells whether two matchers have the same operator, name and value. */
  equals(other: Matcher): boolean {
    return this.type === other.type && this.name === other.name && this.value === other.value;
  }
}

/** newMatcher builds a matcher (labels.NewMatcher); throws RegexpSyntaxError for a bad regex. */
export function newMatcher(type: MatchType, name: string, value: string): Matcher {
  return Matcher.create(type, name, value);
}

function openMetricsEscape(s: string): string {
  return s.replace(/[\\\n"]/g, (ch) => (ch === '\n' ? '\\n' : `\\${ch}`));
}

/** matchersMatch tells whether every matcher matches the label set (labels.Matchers.Matches). */
export function matchersMatch(matchers: readonly Matcher[], labels: Labels): boolean {
  return matchers.every((m) => m.matchesLabels(labels));
}

/** formatMatchers prints matchers as Alertmanager does: `{a="1",b=~"x"}` (no spaces). */
export function formatMatchers(matchers: readonly Matcher[]): string {
  return `{${matchers.map((m) => m.toString()).join(',')}}`;
}

/** compareMatchers orders matchers by name, then value, then operator, as Alertmanager sorts them. */
export function compareMatchers(a: Matcher, b: Matcher): number {
  return (
    compareStrings(a.name, b.name) ||
    compareStrings(a.value, b.value) ||
    MATCH_TYPES.indexOf(a.type) - MATCH_TYPES.indexOf(b.type)
  );
}

/** sortMatchers returns the matchers in Alertmanager's order. */
export function sortMatchers(matchers: readonly Matcher[]): Matcher[] {
  return [...matchers].sort(compareMatchers);
}

/** ApiMatcher is a matcher in the API v2 shape (`{name, value, isRegex, isEqual}`). */
export interface ApiMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual?: boolean;
}

/** toApiMatcher converts a matcher to the API v2 shape. */
export function toApiMatcher(m: Matcher): Required<ApiMatcher> {
  return {
    name: m.name,
    value: m.value,
    isRegex: m.type === '=~' || m.type === '!~',
    isEqual: m.type === '=' || m.type === '=~',
  };
}

/** fromApiMatcher builds a matcher from the API v2 shape (`isEqual` defaults to true). */
export function fromApiMatcher(api: ApiMatcher): Matcher {
  const isEqual = api.isEqual ?? true;
  const type: MatchType = api.isRegex ? (isEqual ? '=~' : '!~') : isEqual ? '=' : '!=';
  return newMatcher(type, api.name, api.value);
}
