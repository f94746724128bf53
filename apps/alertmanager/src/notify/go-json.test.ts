import { describe, expect, it } from 'vitest';
import { GoStruct, encodeGoJson, formatGoTime } from './go-json';

describe('encodeGoJson', () => {
  it.each([
    ['HTML-sensitive characters', 'a<b>&c', '"a\\u003cb\\u003e\\u0026c"'],
    ['line and paragraph separators', '\u2028\u2029', '"\\u2028\\u2029"'],
    ['control characters', '\n\t\u0001', '"\\n\\t\\u0001"'],
    ['non-ASCII text as is', 'é☃', '"é☃"'],
    ['a lone surrogate as U+FFFD', 'a\ud800b', '"a\ufffdb"'],
  ])('escapes %s as Go does', (_name, input, out) => {
    expect(encodeGoJson(input)).toBe(out);
  });

  it('sorts map keys by their bytes, numeric-looking ones included', () => {
    expect(encodeGoJson({ b: '1', '10': 'x', '2': 'y', A: 'z', a: '' })).toBe(
      '{"10":"x","2":"y","A":"z","a":"","b":"1"}',
    );
  });

  it('keeps struct fields in declaration order', () => {
    expect(
      encodeGoJson(
        new GoStruct([
          ['z', 1],
          ['a', [true, null]],
          ['m', {}],
        ]),
      ),
    ).toBe('{"z":1,"a":[true,null],"m":{}}');
  });
});

describe('formatGoTime', () => {
  it.each([
    ['the zero time', 0, '0001-01-01T00:00:00Z'],
    ['whole seconds', Date.parse('2024-01-01T00:00:00Z'), '2024-01-01T00:00:00Z'],
    ['a fraction, trailing zeros trimmed', Date.parse('2024-01-01T00:00:00.120Z'), '2024-01-01T00:00:00.12Z'],
    ['milliseconds', Date.parse('2024-01-01T00:00:00.005Z'), '2024-01-01T00:00:00.005Z'],
  ])('writes %s', (_name, ms, out) => {
    expect(formatGoTime(ms)).toBe(out);
  });
});
