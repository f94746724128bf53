import { describe, expect, it } from 'vitest';
import { formatMatchers } from './matcher';
import { parseMatcherUtf8, parseMatchersUtf8 } from './matcher-parse';

// [input, expected matchers as Alertmanager prints them]
const valid: [string, string][] = [
  ['', '{}'],
  ['{}', '{}'],
  ['{foo=bar}', '{foo="bar"}'],
  ['{foo=bar,}', '{foo="bar"}'],
  ['{foo!=bar}', '{foo!="bar"}'],
  ['{foo=~[a-z]+}', '{foo=~"[a-z]+"}'],
  ['{foo!~[a-z]+}', '{foo!~"[a-z]+"}'],
  ['{foo=🙂}', '{foo="🙂"}'],
  ['{foo=🙂bar}', '{foo="🙂bar"}'],
  ['foo=bar', '{foo="bar"}'],
  ['foo=bar,', '{foo="bar"}'],
  ['foo!~[a-z]+', '{foo!~"[a-z]+"}'],
  ['{"foo"="bar"}', '{foo="bar"}'],
  ['{"foo"="bar",}', '{foo="bar"}'],
  ['{"foo"=~"\\\\d+"}', '{foo=~"\\\\d+"}'],
  ['{"foo"="\\xf0\\x9f\\x99\\x82"}', '{foo="🙂"}'],
  ['{"foo"="\\U0001f642"}', '{foo="🙂"}'],
  ['{"foo"="bar\\n"}', '{foo="bar\\n"}'],
  ['{"foo"="bar\\t"}', '{foo="bar\t"}'],
  ['{"foo"="\\"bar\\""}', '{foo="\\"bar\\""}'],
  ['{"foo"="bar\\\\"}', '{foo="bar\\\\"}'],
  ['"foo"="bar",', '{foo="bar"}'],
  ['{foo=bar,bar!=baz}', '{foo="bar",bar!="baz"}'],
  ['foo="bar", bar!="baz"', '{foo="bar",bar!="baz"}'],
  ['{ foo = "bar" }', '{foo="bar"}'],
  ['{"foo bar"="baz"}', '{"foo bar"="baz"}'],
  ['{"service.name"=~"api|web"}', '{service.name=~"api|web"}'],
];

// [input, Alertmanager's error message]
const invalid: [string, string][] = [
  [',', '0:1: unexpected ,: expected label name'],
  ['{,}', '1:2: unexpected ,: expected label name'],
  ['{', '0:1: end of input: expected close brace'],
  ['}', '0:1: }: expected opening brace'],
  ['foo=bar}', '0:8: }: expected opening brace'],
  ['{foo=bar', '0:8: end of input: expected close brace'],
  ['{foo=:"bar"}', '6:11: unexpected "bar": expected a comma or close brace'],
  ['{foo="bar\\w"}', '5:12: "bar\\w": invalid input'],
  ['{"foo"=~"\\d+"}', '8:13: "\\d+": invalid input'],
  ['{foo=bar\\n}', '8:9: \\: invalid input: expected a comma or close brace'],
  ['{"foo"="\\xf0\\x9f"}', '7:17: "\\xf0\\x9f": invalid input'],
  ['foo!bar', "3:4: !: expected one of '=~': expected an operator such as '=', '!=', '=~' or '!~'"],
  [
    'foo!',
    "3:4: unexpected end of input, expected one of '=~': expected an operator such as '=', '!=', '=~' or '!~'",
  ],
  ['{foo="bar}', '5:10: "bar}: missing end ": expected label value'],
  ['{foo=}', '5:6: unexpected }: expected label value'],
  ['{foo=~"[a"}', 'failed to create matcher: error parsing regexp: missing closing ]: `[a)$`'],
  ['{foo=bar}baz', '9:12: baz: expected end of input'],
];

describe('parseMatchersUtf8', () => {
  it.each(valid)('parses %j', (input, expected) => {
    expect(formatMatchers(parseMatchersUtf8(input))).toBe(expected);
  });

  it.each(invalid)('rejects %j', (input, message) => {
    expect(() => parseMatchersUtf8(input)).toThrow(message);
  });

  it('keeps unicode values exactly', () => {
    const [m] = parseMatchersUtf8('{"foo"="\\U0001f642"}');
    expect(m?.value).toBe('🙂');
  });
});

describe('parseMatcherUtf8', () => {
  it.each([
    ['', 'no matchers'],
    ['{}', 'no matchers'],
    ['foo=bar,bar=baz', 'expected 1 matcher, found 2'],
    ['foo="\\xf0\\x9f"', '4:14: "\\xf0\\x9f": invalid input'],
  ])('rejects %j', (input, message) => {
    expect(() => parseMatcherUtf8(input)).toThrow(message);
  });

  it.each([
    ['{foo=bar,}', 'foo="bar"'],
    ['"foo"="bar"', 'foo="bar"'],
    ['foo=~[a-z]+', 'foo=~"[a-z]+"'],
  ])('parses %j', (input, expected) => {
    expect(parseMatcherUtf8(input).toString()).toBe(expected);
  });
});
