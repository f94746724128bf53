// Go regular expressions (RE2 syntax, what Prometheus and Alertmanager matchers and template functions use) as
// JavaScript `u`-mode RegExps with the same meaning. Patterns Go's regexp.Compile rejects throw
// RegexpSyntaxError with Go's message.
//
// Differences handled: RE2's \d \s \w \b and POSIX classes are ASCII-only; `.` excludes only \n; `$` is end of
// text unless (?m); flags (?imsU) may change mid-pattern; \A \z \Q…\E \x{…} octal escapes, \p{Greek} and named
// groups (?P<n>…) exist; lookarounds, backreferences and repetition counts over 1000 do not.
import { emitRe2 } from './regexp-emit';
import { parseRe2 } from './regexp-parse';

export { RegexpSyntaxError, type RegexpErrorCode } from './regexp-ast';

/** Re2Options says how a Go pattern becomes a JavaScript RegExp. */
export interface Re2Options {
  /** Parse with syntax.DotNL as well: `.` matches `\n` unless (?-s) (Prometheus's label matchers). */
  dotNL?: boolean;
  /** Match whole strings only (`^(?:…)$` around the translation); errors still quote the pattern as given. */
  anchored?: boolean;
  /** Keep Go's capture groups as JavaScript ones, numbered alike (all groups are non-capturing otherwise). */
  captures?: boolean;
}

/** Re2Translation is a Go pattern as JavaScript source (for the `u` flag) and its capture groups' names. */
export interface Re2Translation {
  source: string;
  /** Names by group index, as Go's SubexpNames; undefined for unnamed groups and for index 0 (the match). */
  subexpNames: Array<string | undefined>;
}

/** translateRe2 translates a Go pattern to JavaScript `u`-mode source; throws RegexpSyntaxError where Go fails. */
export function translateRe2(pattern: string, options: Re2Options = {}): Re2Translation {
  const { node, subexpNames } = parseRe2(pattern, { dotNL: options.dotNL ?? false });
  const body = emitRe2(node, options.captures ?? false);
  return { source: options.anchored ? `^(?:${body})$` : body, subexpNames };
}

/**
 * compileRe2 compiles a Go pattern (regexp.Compile; with `anchored` and `dotNL`, Prometheus's label matcher) into
 * an equivalent RegExp with the `u` flag. Throws RegexpSyntaxError with Go's message when Go would reject it.
 */
export function compileRe2(pattern: string, options: Re2Options = {}): RegExp {
  return new RegExp(translateRe2(pattern, options).source, 'u');
}
