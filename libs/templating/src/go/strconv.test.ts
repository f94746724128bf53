import { describe, expect, it } from 'vitest';
import {
  GoNumError,
  canBackquote,
  formatFloat,
  parseFloat,
  parseInt64,
  parseUint64,
  quote,
  unquote,
  type FloatFormat,
} from './strconv';

describe('formatFloat', () => {
  it.each([
    [1234567.89, 'g', -1, '1.23456789e+06'],
    [100000, 'g', -1, '100000'],
    [1e6, 'g', -1, '1e+06'],
    [0.0001, 'g', -1, '0.0001'],
    [0.00001, 'g', -1, '1e-05'],
    [1e21, 'g', -1, '1e+21'],
    [5e-324, 'g', -1, '5e-324'],
    [-0, 'g', -1, '-0'],
    [0, 'e', 3, '0.000e+00'],
    [1234.5678, 'e', 3, '1.235e+03'],
    [15, 'e', 0, '2e+01'],
    [1e100, 'e', 6, '1.000000e+100'],
    [0.125, 'f', 2, '0.12'],
    [0.135, 'f', 2, '0.14'],
    [2.675, 'f', 2, '2.67'],
    [0.5, 'f', 0, '0'],
    [1.5, 'f', 0, '2'],
    [2.5, 'f', 0, '2'],
    [1e-5, 'f', 2, '0.00'],
    [0.009, 'f', 2, '0.01'],
    [1e15, 'f', 6, '1000000000000000.000000'],
    [0.1, 'f', -1, '0.1'],
    [1234567, 'g', 4, '1.235e+06'],
    [0.0001234, 'g', 3, '0.000123'],
    [1.5, 'g', 4, '1.5'],
    [0, 'g', 4, '0'],
    [NaN, 'g', -1, 'NaN'],
    [Infinity, 'f', 2, '+Inf'],
    [-Infinity, 'e', 2, '-Inf'],
    [1.5, 'x', -1, '0x1.8p+00'],
    [-2.25, 'X', -1, '-0X1.2P+01'],
    [8, 'b', -1, '4503599627370496p-49'],
  ] as [number, FloatFormat, number, string][])('%d %s %d → %s', (v, fmt, prec, want) => {
    expect(formatFloat(v, fmt, prec)).toBe(want);
  });
});

describe('parseFloat', () => {
  it.each([
    ['1.5', 1.5],
    ['.5', 0.5],
    ['1e3', 1000],
    ['-0', -0],
    ['+Inf', Infinity],
    ['-infinity', -Infinity],
    ['0x1p-2', 0.25],
    ['0x1.8p1', 3],
    ['1_000.5', 1000.5],
    ['0x_1p0', 1],
    ['5.', 5],
  ])('%s is %d', (s, want) => {
    expect(parseFloat(s)).toBe(want);
  });

  it('reads NaN', () => {
    expect(parseFloat('NaN')).toBeNaN();
  });

  it.each([
    ['one', 'strconv.ParseFloat: parsing "one": invalid syntax'],
    [' 1', 'strconv.ParseFloat: parsing " 1": invalid syntax'],
    ['', 'strconv.ParseFloat: parsing "": invalid syntax'],
    ['1__000', 'strconv.ParseFloat: parsing "1__000": invalid syntax'],
    ['_1', 'strconv.ParseFloat: parsing "_1": invalid syntax'],
    ['.', 'strconv.ParseFloat: parsing ".": invalid syntax'],
    ['1e', 'strconv.ParseFloat: parsing "1e": invalid syntax'],
    ['+nan', 'strconv.ParseFloat: parsing "+nan": invalid syntax'],
    ['0x10', 'strconv.ParseFloat: parsing "0x10": invalid syntax'],
    ['1e400', 'strconv.ParseFloat: parsing "1e400": value out of range'],
  ])('%j fails: %s', (s, msg) => {
    expect(() => parseFloat(s)).toThrow(GoNumError);
    expect(() => parseFloat(s)).toThrow(msg);
  });
});

describe('integer literals', () => {
  it.each([
    ['42', 42n, 42n],
    ['-42', -42n, undefined],
    ['0x1F', 31n, 31n],
    ['017', 15n, 15n],
    ['0o17', 15n, 15n],
    ['0b101', 5n, 5n],
    ['1_000', 1000n, 1000n],
    ['08', undefined, undefined],
    ['9223372036854775808', undefined, 9223372036854775808n],
    ['1__0', undefined, undefined],
  ])('%s', (s, i64, u64) => {
    expect(parseInt64(s)).toBe(i64);
    expect(parseUint64(s)).toBe(u64);
  });
});

describe('quoting', () => {
  it.each([
    ['plain', '"plain"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['tab\tnl\n', '"tab\\tnl\\n"'],
    ['\x00\x7f', '"\\x00\\x7f"'],
    ['é☃', '"é☃"'],
    ['\u00a0\u200b', '"\\u00a0\\u200b"'],
  ])('quote(%j) = %s', (s, want) => {
    expect(quote(s)).toBe(want);
  });

  it.each([
    ['"a\\tb"', 'a\tb'],
    ['`raw\\n`', 'raw\\n'],
    ['"\\u00e9\\x41\\101"', 'éAA'],
    ['"\\xc3\\xa9"', 'é'],
  ])('unquote(%s)', (s, want) => {
    expect(unquote(s)).toBe(want);
  });

  it.each(['"\\q"', '"unterminated', "'ab'"])('unquote rejects %s', (s) => {
    expect(() => unquote(s)).toThrow('invalid syntax');
  });

  it('knows what can be backquoted', () => {
    expect([canBackquote('a b'), canBackquote('a`b'), canBackquote('a\nb'), canBackquote('a\tb')]).toEqual([
      true,
      false,
      false,
      true,
    ]);
  });
});
