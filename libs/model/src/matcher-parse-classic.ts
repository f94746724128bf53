// Alertmanager's classic matchers parser (pkg/labels/parse.go): legacy label names, values quoted or not,
// only \n \" \\ as escapes, splitting on commas outside quotes. Still used as the fallback for inputs the
// UTF-8 parser rejects.

import { newMatcher, type MatchType, type Matcher } from './matcher';
import { MatcherParseError } from './matcher-lexer';

// Go's \s in RE2 is [\t\n\f\r ]; `(?s).*?` is a lazy match of anything.
const MATCHER_RE =
  /^[\t\n\f\r ]*([a-zA-Z_:][a-zA-Z0-9_:]*)[\t\n\f\r ]*(=~|=|!=|!~)[\t\n\f\r ]*([^]*?)[\t\n\f\r ]*$/;

/** parseMatchersClassic parses a comma-separated matcher list as pkg/labels.ParseMatchers does. */
export function parseMatchersClassic(input: string): Matcher[] {
  let s = input.startsWith('{') ? input.slice(1) : input;
  s = s.endsWith('}') ? s.slice(0, -1) : s;
  const tokens: string[] = [];
  let insideQuotes = false;
  let escaped = false;
  let token = '';
  for (const ch of s) {
    if (ch === ',' && !insideQuotes) {
      tokens.push(token);
      token = '';
      continue;
    }
    if (ch === '"') {
      if (!escaped) insideQuotes = !insideQuotes;
      else escaped = false;
    } else if (ch === '\\') {
      escaped = !escaped;
    } else {
      escaped = false;
    }
    token += ch;
  }
  const last = goTrimSpace(token);
  if (last !== '') tokens.push(last);
  return tokens.map(parseMatcherClassic);
}

/** parseMatcherClassic parses one matcher as pkg/labels.ParseMatcher does; throws MatcherParseError. */
export function parseMatcherClassic(input: string): Matcher {
  const m = MATCHER_RE.exec(input);
  if (!m) throw new MatcherParseError(`bad matcher format: ${input}`);
  const name = m[1] as string;
  const op = m[2] as MatchType;
  const raw = m[3] as string;
  let rawValue = raw;
  let expectTrailingQuote = false;
  if (rawValue.startsWith('"')) {
    rawValue = rawValue.slice(1);
    expectTrailingQuote = true;
  }
  let value = '';
  let escaped = false;
  const chars = Array.from(rawValue);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    const isLast = i === chars.length - 1;
    if (escaped) {
      escaped = false;
      if (ch === 'n') value += '\n';
      else if (ch === '"' || ch === '\\') value += ch;
      else value += `\\${ch}`;
      continue;
    }
    if (ch === '\\') {
      // A backslash as the very last character is taken literally.
      if (!isLast) escaped = true;
      else value += '\\';
    } else if (ch === '"') {
      if (!expectTrailingQuote || !isLast) {
        throw new MatcherParseError(`matcher value contains unescaped double quote: ${raw}`);
      }
      expectTrailingQuote = false;
    } else {
      value += ch;
    }
  }
  if (expectTrailingQuote)
    throw new MatcherParseError(`matcher value contains unescaped double quote: ${raw}`);
  return newMatcher(op, name, value);
}

/** goTrimSpace trims Go's unicode.IsSpace characters from both ends, as strings.TrimSpace does. */
export function goTrimSpace(s: string): string {
  return s
    .replace(/^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u, '')
    .replace(/[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/u, '');
}
