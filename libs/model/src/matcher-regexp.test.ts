import { describe, expect, it } from 'vitest';
import { compileRe2 } from './matcher-regexp';

// Patterns are anchored the way Alertmanager anchors matcher regexes.
const anchored = (p: string): RegExp => compileRe2(`^(?:${p})$`);

// [Go pattern, input, does Go's regexp match it]
const semantics: [string, string, boolean][] = [
  ['a.c', 'a\rc', true],
  ['a.c', 'a\nc', false],
  ['(?s)a.c', 'a\nc', true],
  ['\\s', '\v', false],
  ['\\s', '\u00a0', false],
  ['\\s', '\f', true],
  ['\\d', '٣', false],
  ['\\w+', 'héllo', false],
  ['[[:alpha:]]+', 'abcXYZ', true],
  ['[[:^alpha:]]', '1', true],
  ['[[:^alpha:]]', 'a', false],
  ['[[:word:]]+', 'a_1', true],
  ['\\pL+', 'héllo', true],
  ['\\p{Greek}+', 'αβγ', true],
  ['\\P{Greek}', 'a', true],
  ['\\p{^Greek}', 'α', false],
  ['[\\p{Lu}\\d]+', 'AB12', true],
  ['(?i)kelvin', '\u212aELVIN', true],
  ['(?i)straße', 'STRAẞE', true],
  ['(?i)[a-c]+', 'AbC', true],
  ['(?i)[^k]', 'K', false],
  ['(?i)\\W', '\u212a', false],
  ['a(?i)b', 'aB', true],
  ['a(?i)b', 'AB', false],
  ['(?i:a)b', 'Ab', true],
  ['(?i:a)b', 'AB', false],
  ['(?i)a|b', 'B', true],
  ['(a(?i)b)c', 'aBc', true],
  ['(a(?i)b)c', 'aBC', false],
  ['(?i)a(?-i)b', 'Ab', true],
  ['(?i)a(?-i)b', 'AB', false],
  ['(?m)^b$', 'a\nb\nc', false],
  ['a\\nb', 'a\nb', true],
  ['(?m)a$\\n^b', 'a\nb', true],
  ['\\Aabc\\z', 'abc', true],
  ['\\Qa.b\\E+', 'a.bbb', true],
  ['\\Qa.b\\E', 'axb', false],
  ['\\x41\\x{1F642}', 'A🙂', true],
  ['\\101\\0', 'A\0', true],
  ['a{2,3}', 'aaa', true],
  ['a{2,3}', 'aaaa', false],
  ['a{,2}', 'a{,2}', true],
  ['a{', 'a{', true],
  ['x{2}?', 'xx', true],
  ['(?U)a+', 'aaa', true],
  ['^*a', 'a', true],
  ['[]a]+', ']a]', true],
  ['[^]a]', 'b', true],
  ['[a-]+', 'a-', true],
  ['\\.\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\^\\$\\\\', '.*+?()[]{}|^$\\', true],
  ['\\_\\-\\/', '_-/', true],
  ['(?P<name>a)(?<other>b)', 'ab', true],
  ['[a-c-e]+', 'b-e', true],
  ['(foo|bar)baz', 'barbaz', true],
  ['.', '🙂', true],
  ['\\b', '', false],
  ['a\\bb', 'ab', false],
  ['(|a)', '', true],
];

// [Go pattern, Go's error message]
const errors: [string, string][] = [
  ['a**', 'invalid nested repetition operator: `**`'],
  ['a*??', 'invalid nested repetition operator: `*??`'],
  ['a{2}{3}', 'invalid nested repetition operator: `{2}{3}`'],
  ['*', 'missing argument to repetition operator: `*`'],
  ['a|+b', 'missing argument to repetition operator: `+`'],
  ['{2}', 'missing argument to repetition operator: `{2}`'],
  ['(?i)*', 'missing argument to repetition operator: `*`'],
  ['x{1001}', 'invalid repeat count: `{1001}`'],
  ['x{3,2}', 'invalid repeat count: `{3,2}`'],
  ['(x{500}){3}', 'invalid repeat count: `{3}`'],
  ['(?=x)', 'invalid or unsupported Perl syntax: `(?=`'],
  ['(?!x)', 'invalid or unsupported Perl syntax: `(?!`'],
  ['(?#c)', 'invalid or unsupported Perl syntax: `(?#`'],
  ['(?i-)', 'invalid or unsupported Perl syntax: `(?i-)`'],
  ['(?<=x)', 'invalid named capture: `(?<=x))$`'],
  ['(?P<a-b>x)', 'invalid named capture: `(?P<a-b>`'],
  ['[a', 'missing closing ]: `[a)$`'],
  ['[z-a]', 'invalid character class range: `z-a`'],
  ['[[:nope:]]', 'invalid character class range: `[:nope:]`'],
  ['\\p{Nope}', 'invalid character class range: `\\p{Nope}`'],
  ['\\1', 'invalid escape sequence: `\\1`'],
  ['\\Z', 'invalid escape sequence: `\\Z`'],
  ['\\C', 'invalid escape sequence: `\\C`'],
  ['[\\b]', 'invalid escape sequence: `\\b`'],
  ['\\x{}', 'invalid escape sequence: `\\x{}`'],
  ['\\xZZ', 'invalid escape sequence: `\\xZZ`'],
  ['a)', 'unexpected ): `^(?:a))$`'],
  ['(a', 'missing closing ): `^(?:(a)$`'],
];

describe('compileRe2', () => {
  it.each(semantics)('%j on %j matches: %s', (pattern, input, expected) => {
    expect(anchored(pattern).test(input)).toBe(expected);
  });

  it.each(errors)('rejects %j', (pattern, message) => {
    expect(() => anchored(pattern)).toThrow(`error parsing regexp: ${message}`);
  });
});
