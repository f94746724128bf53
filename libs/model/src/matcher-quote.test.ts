import { describe, expect, it } from 'vitest';
import { goQuote, goUnquote } from './matcher-quote';

describe('goQuote', () => {
  it.each([
    ['plain', '"plain"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['\x07\b\f\n\r\t\v', '"\\a\\b\\f\\n\\r\\t\\v"'],
    ['\x00\x7f', '"\\x00\\x7f"'],
    ['é🙂', '"é🙂"'],
    ['\u00a0\u200b', '"\\u00a0\\u200b"'],
    ['\u{e0001}', '"\\U000e0001"'],
  ])('quotes %j as %s', (input, expected) => {
    expect(goQuote(input)).toBe(expected);
  });
});

describe('goUnquote', () => {
  it.each([
    ['"plain"', 'plain'],
    ['"\\xf0\\x9f\\x99\\x82"', '🙂'],
    ['"\\U0001f642"', '🙂'],
    ['"\\u00e9"', 'é'],
    ['"\\101"', 'A'],
    ['"\\a\\b\\f\\n\\r\\t\\v\\\\\\""', '\x07\b\f\n\r\t\v\\"'],
  ])('reads %s', (input, expected) => {
    expect(goUnquote(input)).toBe(expected);
  });

  it.each(['"\\w"', '"\\xf0\\x9f"', '"a\nb"', '"\\\'"', '"\\400"', '"\\ud800"', 'unquoted', '"a"b"'])(
    'rejects %j',
    (input) => {
      expect(() => goUnquote(input)).toThrow();
    },
  );
});
