// Go regexp (RE2) semantics of the translator, in the three ways Vigil compiles patterns: anchored as Alertmanager
// anchors matcher regexes (`^(?:…)$` written into the pattern), anchored with DotNL as Prometheus's label
// matchers, and unanchored as the template functions match.
import { describe, expect, it } from 'vitest';
import { compileRe2, RegexpSyntaxError, translateRe2 } from './regexp';

// Patterns are anchored the way Alertmanager anchors matcher regexes.
const anchored = (p: string): RegExp => compileRe2(`^(?:${p})$`);

function errorOf(compile: () => unknown): string {
  try {
    compile();
  } catch (err) {
    if (err instanceof RegexpSyntaxError) return err.message;
    throw err;
  }
  throw new Error('compiled');
}

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
  // (?i) folds Unicode classes as Go's FoldCategory does: \p{Lu} gains the lower-case letters that have an
  // upper case (not ĸ), and \P{Lu} loses them.
  ['(?i)\\p{Lu}', 'a', true],
  ['(?i)\\p{Lu}', '\u0138', false],
  ['(?i)\\P{Lu}', 'a', false],
  ['(?i)\\P{Lu}', '\u0138', true],
  ['(?i)[\\P{Lu}1]', '1', true],
  ['(?i)[\\P{Lu}1]', 'a', false],
  ['(?i)[^\\P{Lu}1]', 'a', true],
  ['(?i)[^\\P{Lu}1]', '1', false],
  ['(?i)\\p{Greek}', '\u00b5', true],
  ['(?i)[[:^lower:]]', '\u017f', false],
  ['(?i)\\p{ascii}', '\u212a', true],
  ['(?i)ΐ', '\u1fd3', true],
  ['\\p{Letter}\\p{upper case-let ter}\\p{Assigned}', 'aBc', true],
  ['\\p{^Any}', 'a', false],
  ['\\p{Any}', '\n', true],
  ['[\\s\\S]', '\n', true],
  ['\\Q\\\\E', '\\', true],
  ['a{01}', 'a{01}', true],
  ['x{9876543210', 'x{9876543210', true],
  ['(?:[a-z]{4}){0,250}', 'abcd', true],
  ['(?:a*)*b', 'b', true],
];

// [Go pattern, Go's error message]; the quoted expression is that of the anchored pattern where Go quotes it whole.
const errors: [string, string][] = [
  ['a**', 'invalid nested repetition operator: `**`'],
  ['a*??', 'invalid nested repetition operator: `*??`'],
  ['a{2}{3}', 'invalid nested repetition operator: `{2}{3}`'],
  ['*', 'missing argument to repetition operator: `*`'],
  ['a|+b', 'missing argument to repetition operator: `+`'],
  ['{2}', 'missing argument to repetition operator: `{2}`'],
  ['(?i)*', 'missing argument to repetition operator: `*`'],
  ['\\Q\\E*', 'missing argument to repetition operator: `*`'],
  ['x{1001}', 'invalid repeat count: `{1001}`'],
  ['x{3,2}', 'invalid repeat count: `{3,2}`'],
  ['(x{500}){3}', 'invalid repeat count: `{3}`'],
  ['x{1000000000}', 'invalid repeat count: `{1000000000}`'],
  ['x{1,9876543210}', 'invalid repeat count: `{1,9876543210}`'],
  ['(?:[a-z]{4}){0,251}', 'invalid repeat count: `{0,251}`'],
  ['(?=x)', 'invalid or unsupported Perl syntax: `(?=`'],
  ['(?!x)', 'invalid or unsupported Perl syntax: `(?!`'],
  ['(?#c)', 'invalid or unsupported Perl syntax: `(?#`'],
  ['(?i-)', 'invalid or unsupported Perl syntax: `(?i-)`'],
  ['(?<=x)', 'invalid named capture: `(?<=x))$`'],
  ['(?P<a-b>x)', 'invalid named capture: `(?P<a-b>`'],
  ['(?P<ñ>x)', 'invalid named capture: `(?P<ñ>`'],
  ['[a', 'missing closing ]: `[a)$`'],
  ['[z-a]', 'invalid character class range: `z-a`'],
  ['(?i)[a-Z]', 'invalid character class range: `a-Z`'],
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

describe('compileRe2 (Alertmanager anchoring)', () => {
  it.each(semantics)('%j on %j matches: %s', (pattern, input, expected) => {
    expect(anchored(pattern).test(input)).toBe(expected);
  });

  it.each(errors)('rejects %j', (pattern, message) => {
    expect(() => anchored(pattern)).toThrow(`error parsing regexp: ${message}`);
  });

  it('gives Go error codes and expressions', () => {
    expect(() => compileRe2('a(')).toThrow(RegexpSyntaxError);
    try {
      compileRe2('[z-a]');
    } catch (err) {
      expect(err).toMatchObject({ code: 'invalid character class range', expr: 'z-a' });
    }
  });
});

describe('compileRe2 (Prometheus label matchers: anchored, DotNL)', () => {
  const prometheus = (p: string): RegExp => compileRe2(p, { anchored: true, dotNL: true });

  it.each([
    ['a.b', 'a\nb', true],
    ['(?-s:a.b)', 'a\nb', false],
    ['foo|bar', 'foobar', false],
    ['', '', true],
    ['', 'a', false],
    ['a$\\nb', 'a\nb', false],
  ])('%j on %j: %s', (pattern, input, expected) => {
    expect(prometheus(pattern).test(input)).toBe(expected);
  });

  it.each([
    ['(', 'missing closing ): `(`'],
    ['a)(', 'unexpected ): `a)(`'],
    ['[a', 'missing closing ]: `[a`'],
  ])('%j quotes the pattern as given: %s', (pattern, message) => {
    expect(errorOf(() => prometheus(pattern))).toBe(`error parsing regexp: ${message}`);
  });
});

describe('compileRe2 (unanchored, as templates match)', () => {
  it.each([
    ['^(?i)abc$', 'ABC', true],
    ['(?i)straße', 'STRASSE', false],
    ['(?s:a.)b', 'a\nb', true],
    ['a.b', 'a\nb', false],
    ['(?m)^b$', 'a\nb\nc', true],
    ['^b$', 'a\nb\nc', false],
    ['\\Aa\\z', 'a', true],
    ['[[:word:]]+-[^[:alpha:]]', 'ab_1-2', true],
    ['\\p{Han}', '漢', true],
    ['x{2,3}?y', 'xxy', true],
    // `(?<name>x)` is Go 1.22+ syntax (Prometheus 3); Go 1.19 rejected it.
    ['(?<name>x)', 'x', true],
    ['(?P<n>a)|(?P<n>b)', 'b', true],
    // \b is ASCII in Go even under (?i): the Kelvin sign is no word character.
    ['(?i)\\bk', '\u212a', false],
    ['(?i)\\bk', 'xK', false],
    ['(?i)\\bk', ' K', true],
  ])('%s matches %j: %s', (re, s, want) => {
    expect(compileRe2(re).test(s)).toBe(want);
  });

  it('mixes case-sensitive and case-insensitive parts', () => {
    const re = compileRe2('a(?i:b[c-d])e');
    expect(['abce', 'aBCe', 'aBDe'].map((s) => re.test(s))).toEqual([true, true, true]);
    expect(['Abce', 'abcE'].map((s) => re.test(s))).toEqual([false, false]);
  });

  it.each([
    ['(?i', 'error parsing regexp: invalid or unsupported Perl syntax: `(?i`'],
    ['x{2}{3}', 'error parsing regexp: invalid nested repetition operator: `{2}{3}`'],
  ])('rejects %s', (re, want) => {
    expect(() => compileRe2(re)).toThrow(RegexpSyntaxError);
    expect(() => compileRe2(re)).toThrow(want);
  });
});

describe('translateRe2', () => {
  it('keeps capture groups with Go numbering and names when asked', () => {
    const t = translateRe2('(?P<user>\\w+)@(\\w+)(?:x)(y)?', { captures: true });
    expect(t.subexpNames).toEqual([undefined, 'user', undefined, undefined]);
    expect(new RegExp(t.source, 'u').exec('me@hostx')?.slice(1)).toEqual(['me', 'host', undefined]);
  });

  it('makes every group non-capturing by default', () => {
    expect(new RegExp(translateRe2('(a)(b)').source, 'u').exec('ab')?.length).toBe(1);
  });
});

describe('limits', () => {
  it.each([
    ['('.repeat(999) + ')'.repeat(999), undefined],
    ['(?:'.repeat(999) + ')*'.repeat(999), undefined],
    ['(' + '|'.repeat(12345) + ')', undefined],
    ['('.repeat(1000) + ')'.repeat(1000), 'expression nests too deeply'],
    ['(?:'.repeat(1000) + ')*'.repeat(1000), 'expression nests too deeply'],
    ['('.repeat(5000), 'missing closing )'],
    ['(' + '(xx?)'.repeat(1000) + '){1000}', 'expression too large'],
    ['(xx?){1000}'.repeat(1000), 'expression too large'],
  ])('pattern %#', (pattern, code) => {
    if (code === undefined) expect(() => compileRe2(pattern)).not.toThrow();
    else expect(errorOf(() => compileRe2(pattern))).toBe(`error parsing regexp: ${code}: \`${pattern}\``);
  });

  it('rejects invalid UTF-8 (lone surrogates) as Go does', () => {
    expect(errorOf(() => compileRe2('a\ud800b'))).toBe('error parsing regexp: invalid UTF-8: `\ud800b`');
    expect(errorOf(() => compileRe2('(?P<a\ud800b>x)'))).toBe(
      'error parsing regexp: invalid UTF-8: `\ud800b`',
    );
  });
});
