import { describe, expect, it } from 'vitest';
import { formatFloatF, formatFloatFixed, formatFloatG, goQuote, goQuoteRune, goUnicode } from './go-format';
import { DurationSyntaxError, formatDurationMs, parseDurationMs, parseNumberLiteral } from './numbers';
import { unquote } from './unquote';

describe('Go float formatting', () => {
  it.each([
    [1, '1', '1'],
    [0.1, '0.1', '0.1'],
    [-0, '-0', '-0'],
    [1e21, '1000000000000000000000', '1e+21'],
    [1e6, '1000000', '1e+06'],
    [123456, '123456', '123456'],
    [1.5e-7, '0.00000015', '1.5e-07'],
    [0.0001, '0.0001', '0.0001'],
    [-23, '-23', '-23'],
    [Infinity, '+Inf', '+Inf'],
    [-Infinity, '-Inf', '-Inf'],
    [NaN, 'NaN', 'NaN'],
    [5e-324, '0.' + '0'.repeat(323) + '5', '5e-324'],
  ])('%d prints as %s (f) and %s (g)', (v, f, g) => {
    expect(formatFloatF(v)).toBe(f);
    expect(formatFloatG(v)).toBe(g);
  });

  it.each([
    [1.5, 3, '1.500'],
    [-100, 3, '-100.000'],
    [9223372036854775808, 6, '9223372036854775808.000000'],
    [NaN, 6, 'NaN'],
    [-Infinity, 6, '-Inf'],
  ])('%d with %d decimals is %s', (v, d, s) => {
    expect(formatFloatFixed(v, d)).toBe(s);
  });
});

describe('Go quoting', () => {
  it.each([
    ['plain', '"plain"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['\x07\b\f\n\r\t\v', '"\\a\\b\\f\\n\\r\\t\\v"'],
    ['\x00\x1f\x7f', '"\\x00\\x1f\\x7f"'],
    ['äöü 😀', '"äöü 😀"'],
    ['\u200b\u00ad', '"\\u200b\\u00ad"'],
    ['\udcff', '"\\xff"'],
  ])('%j quotes as %s', (s, q) => {
    expect(goQuote(s)).toBe(q);
  });

  it('quotes runes and code points as fmt does', () => {
    expect(goQuoteRune(0x27)).toBe("'\\''");
    expect(goQuoteRune(0)).toBe("'\\x00'");
    expect(goUnicode(0x63)).toBe("U+0063 'c'");
    expect(goUnicode(0x0a)).toBe('U+000A');
  });
});

describe('number literals', () => {
  it.each([
    ['0x_1F', 31],
    ['0777', 511],
    ['0_7', 7],
    ['9223372036854775807', 9223372036854775807],
    ['9223372036854775808', 9223372036854775808],
    ['1e-400', 0],
    ['Infinity', Infinity],
  ])('%j is %d', (text, value) => {
    expect(parseNumberLiteral(text)).toBe(value);
  });

  it.each([
    ['1e999', 'strconv.ParseFloat: parsing "1e999": value out of range'],
    ['0x', 'strconv.ParseFloat: parsing "0x": invalid syntax'],
    ['0x1e+5', 'strconv.ParseFloat: parsing "0x1e+5": invalid syntax'],
  ])('%j fails with %s', (text, message) => {
    expect(() => parseNumberLiteral(text)).toThrow(message);
  });
});

describe('durations', () => {
  it.each([
    ['0', 0],
    ['1h30m', 5_400_000],
    ['1y2w3d4h5m6s7ms', 31_536_000_000 + 1_209_600_000 + 259_200_000 + 14_400_000 + 300_000 + 6000 + 7],
    ['292y', 292 * 31_536_000_000],
  ])('%j is %d ms', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it.each([
    ['', 'empty duration string'],
    ['5m1h', 'not a valid duration string: "5m1h"'],
    ['5m5m', 'not a valid duration string: "5m5m"'],
    ['5y1hs', 'unknown unit "hs" in duration "5y1hs"'],
    ['1.5m', 'unknown unit "." in duration "1.5m"'],
    ['300y', 'duration out of range'],
  ])('%j fails with %s', (text, message) => {
    expect(() => parseDurationMs(text)).toThrow(new DurationSyntaxError(message));
  });

  it.each([
    [0, '0s'],
    [1, '1ms'],
    [5_400_000, '1h30m'],
    [31_536_000_000, '1y'],
    [31_536_000_000 + 86_400_000, '366d'],
    [1_209_600_000, '2w'],
    [1_296_000_000, '15d'],
    [-60_000, '-1m'],
  ])('%d ms prints as %s', (ms, text) => {
    expect(formatDurationMs(ms)).toBe(text);
  });
});

describe('unquote', () => {
  it.each([
    ['"a\\nb"', 'a\nb'],
    ["'it\\'s'", "it's"],
    ['`a\\nb`', 'a\\nb'],
    ['"\\xe2\\x82\\xac"', '€'],
    ['"\\xff"', '\udcff'],
    ['"\\377"', '\udcff'],
  ])('%j is %j', (token, value) => {
    expect(unquote(token)).toBe(value);
  });

  it.each(['"a', '"a\'', '"\\q"', "'\\\"'", '"\\x1"', '"a\nb"'])('%j is invalid', (token) => {
    expect(() => unquote(token)).toThrow('invalid syntax');
  });
});
