import { describe, expect, it } from 'vitest';
import { MatcherError, formatMatcher, newMatcher, parseExpr } from './index';

function regexError(pattern: string): string {
  try {
    newMatcher('=~', 'l', pattern);
  } catch (err) {
    if (err instanceof MatcherError) return err.message;
    throw err;
  }
  throw new Error(`${JSON.stringify(pattern)} compiled`);
}

describe('regex matchers use RE2 syntax, fully anchored', () => {
  it.each([
    ['foo|bar', 'foo', true],
    ['foo|bar', 'foobar', false],
    ['fo+', 'xfoo', false],
    ['.*', '', true],
    ['', '', true],
    ['', 'a', false],
    ['a.b', 'a\nb', true],
    ['(?-s:a.b)', 'a\nb', false],
    ['(?i)abc', 'ABC', true],
    ['(?i)abc', 'abcd', false],
    ['a(?i)b', 'aB', true],
    ['a(?i:b)c', 'aBC', false],
    ['(?i)k', '\u212a', true],
    ['(?i)[^k]', 'K', false],
    ['(?i)[a-c]+', 'AbC', true],
    ['(?i)\\W', 'ſ', false],
    ['\\d+', '123', true],
    ['\\d+', '١٢٣', false],
    ['\\s', '\v', false],
    ['\\s+', ' \t\n\f\r', true],
    ['\\w+', 'a_Z9', true],
    ['[[:alpha:]]+', 'abcXYZ', true],
    ['[[:^digit:]]+', 'abc', true],
    ['[[:digit:]]', 'a', false],
    ['\\pL+', 'äöü', true],
    ['\\p{Greek}+', 'αβγ', true],
    ['\\p{^Greek}', 'α', false],
    ['\\PL', 'a', false],
    ['[\\p{Lu}\\d]+', 'A1B2', true],
    ['\\p{Letter}', 'x', true],
    ['(?P<name>x)+(?<n>y)(?P<name>z)', 'xxyz', true],
    ['\\Qa.b\\E', 'a.b', true],
    ['\\Qa.b\\E', 'axb', false],
    ['a\\z', 'a', true],
    ['\\Aa$', 'a', true],
    ['(?m)a$\\n^b', 'a\nb', true],
    ['a$\\nb', 'a\nb', false],
    ['x{2,3}', 'xxx', true],
    ['x{2,3}', 'xxxx', false],
    ['x{2,}', 'xxxxxx', true],
    ['x{0}', '', true],
    ['a{,3}', 'a{,3}', true],
    ['{', '{', true],
    ['a{01}', 'a{01}', true],
    ['\\x41\\101\\x{1F600}', 'AA😀', true],
    ['[\\d\\-a-c]+', '-1b', true],
    ['[]a]+', ']a', true],
    ['[^]a]', ']', false],
    ['(?U)a+b', 'aaab', true],
    ['^*a', 'a', true],
    ['\\bfoo\\b', 'foo', true],
    ['a\\B', 'a', false],
    ['\\.\\*\\_\\-', '.*_-', true],
    ['[\\x{10000}-\\x{10FFFF}]', '😀', true],
  ])('%j on %j: %s', (pattern, value, matches) => {
    expect(newMatcher('=~', 'l', pattern).matches(value)).toBe(matches);
    expect(newMatcher('!~', 'l', pattern).matches(value)).toBe(!matches);
  });

  it.each([
    ['(', 'missing closing ): `(`'],
    [')', 'unexpected ): `)`'],
    ['a)(', 'unexpected ): `a)(`'],
    ['[a', 'missing closing ]: `[a`'],
    ['[]', 'missing closing ]: `[]`'],
    ['[z-a]', 'invalid character class range: `z-a`'],
    ['*', 'missing argument to repetition operator: `*`'],
    ['(*)', 'missing argument to repetition operator: `*`'],
    ['a|*', 'missing argument to repetition operator: `*`'],
    ['a**', 'invalid nested repetition operator: `**`'],
    ['a*+?', 'invalid nested repetition operator: `*+?`'],
    ['a{2}{3}', 'invalid nested repetition operator: `{2}{3}`'],
    ['x{1001}', 'invalid repeat count: `{1001}`'],
    ['x{2,1}', 'invalid repeat count: `{2,1}`'],
    ['x{1000000000}', 'invalid repeat count: `{1000000000}`'],
    ['(x{10}){200}', 'invalid repeat count: `{200}`'],
    ['\\1', 'invalid escape sequence: `\\1`'],
    ['(a)\\1', 'invalid escape sequence: `\\1`'],
    ['\\8', 'invalid escape sequence: `\\8`'],
    ['\\C', 'invalid escape sequence: `\\C`'],
    ['\\q', 'invalid escape sequence: `\\q`'],
    ['\\é', 'invalid escape sequence: `\\é`'],
    ['[\\b]', 'invalid escape sequence: `\\b`'],
    ['\\xZ1', 'invalid escape sequence: `\\xZ1`'],
    ['\\x{110000}', 'invalid escape sequence: `\\x{110000`'],
    ['\\x{}', 'invalid escape sequence: `\\x{}`'],
    ['a\\', 'trailing backslash at end of expression: ``'],
    ['(?P<>x)', 'invalid named capture: `(?P<>`'],
    ['(?P<a-b>x)', 'invalid named capture: `(?P<a-b>`'],
    ['(?P<name', 'invalid named capture: `(?P<name`'],
    ['(?<=a)b', 'invalid named capture: `(?<=a)b`'],
    ['(?P=name)', 'invalid or unsupported Perl syntax: `(?P`'],
    ['(?=a)', 'invalid or unsupported Perl syntax: `(?=`'],
    ['(?!a)', 'invalid or unsupported Perl syntax: `(?!`'],
    ['(?#c)', 'invalid or unsupported Perl syntax: `(?#`'],
    ['(?i', 'invalid or unsupported Perl syntax: `(?i`'],
    ['(?i-)', 'invalid or unsupported Perl syntax: `(?i-)`'],
    ['(?--i)', 'invalid or unsupported Perl syntax: `(?--`'],
    ['\\p{Foo}', 'invalid character class range: `\\p{Foo}`'],
    ['\\p{Greek', 'invalid character class range: `\\p{Greek`'],
    ['[[:foo:]]', 'invalid character class range: `[:foo:]`'],
  ])('%j is rejected: %s', (pattern, message) => {
    expect(regexError(pattern)).toBe(`error parsing regexp: ${message}`);
  });

  it('rejects regexes that nest too deeply', () => {
    expect(regexError('('.repeat(1001) + ')'.repeat(1001))).toMatch(
      /^error parsing regexp: expression nests too deeply/,
    );
  });

  it('rejects invalid UTF-8 (lone surrogates)', () => {
    expect(regexError('a\ud800')).toBe('error parsing regexp: invalid UTF-8: `\ud800`');
  });
});

describe('matchers', () => {
  it.each([
    ['=', 'a', 'a', true],
    ['=', 'a', '', false],
    ['!=', 'a', 'b', true],
    ['!=', '', '', false],
  ] as const)('%s %j on %j: %s', (type, value, input, matches) => {
    expect(newMatcher(type, 'l', value).matches(input)).toBe(matches);
  });

  it.each([
    ['job', '=', 'api', 'job="api"'],
    ['foo.bar', '!~', 'a|b', '"foo.bar"!~"a|b"'],
    ['0x', '=', '', '"0x"=""'],
    ['', '=', 'v', '""="v"'],
    ['_0', '=~', '\n"', '_0=~"\\n\\""'],
  ] as const)('%j %s %j prints as %s', (name, type, value, printed) => {
    expect(formatMatcher(newMatcher(type, name, value))).toBe(printed);
  });

  it('come out of selectors compiled', () => {
    const e = parseExpr('{__name__=~"job:.*", env!~"(?i)DEV|test"}');
    if (e.kind !== 'VectorSelector') throw new Error('not a selector');
    const [name, env] = e.matchers;
    expect(name?.matches('job:up')).toBe(true);
    expect(env?.matches('dev')).toBe(false);
    expect(env?.matches('prod')).toBe(true);
  });
});
