import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_DEPTH, ParseError, formatExpr, parseExpr } from './index';

function messageOf(input: string, options = {}): string {
  try {
    parseExpr(input, options);
  } catch (err) {
    if (err instanceof ParseError) return err.message;
    throw err;
  }
  return 'parsed';
}

describe('hostile input fails cleanly', () => {
  it('caps nesting depth instead of overflowing the stack', () => {
    const depth = DEFAULT_MAX_DEPTH + 1;
    const message = `1:${depth + 1}: parse error: expression nests too deeply: more than ${DEFAULT_MAX_DEPTH} levels of parentheses, calls or aggregations`;
    expect(messageOf('('.repeat(100_000))).toBe(message);
    expect(messageOf('('.repeat(depth) + '1' + ')'.repeat(depth))).toBe(message);
    expect(messageOf('('.repeat(depth - 1) + '1' + ')'.repeat(depth - 1))).toBe('parsed');
    expect(messageOf('sum('.repeat(depth) + 'x' + ')'.repeat(depth))).toMatch(/nests too deeply/);
    expect(messageOf('x[' + '('.repeat(depth) + '1s' + ')'.repeat(depth) + ']')).toMatch(/nests too deeply/);
  });

  it('turns a stack overflow past a raised depth limit into a ParseError', () => {
    const n = 50_000;
    expect(messageOf('sum('.repeat(n) + 'x' + ')'.repeat(n), { maxDepth: Infinity })).toBe(
      '1:1: parse error: expression nests too deeply for the available stack',
    );
  });

  it('honours a custom depth limit', () => {
    expect(messageOf('((1))', { maxDepth: 1 })).toMatch(/more than 1 levels/);
    expect(messageOf('((1))', { maxDepth: 2 })).toBe('parsed');
  });

  it('rejects queries over the length limit before lexing them', () => {
    expect(messageOf('x'.repeat(10 * 1024 * 1024))).toBe(
      '1:1: parse error: query is too long: 10485760 characters, the limit is 1048576',
    );
    expect(messageOf('1' + '+1'.repeat(10), { maxLength: 5 })).toMatch(/query is too long/);
  });

  it('handles long flat input in linear time', () => {
    const started = Date.now();
    const e = parseExpr(Array(100_000).fill('a').join(' or '));
    expect(formatExpr(e)).toHaveLength(100_000 * 5 - 4);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('checks deep trees without recursion', () => {
    const input = '(' + '-{a="b"}-1'.repeat(10_000) + ')' + '[1m:]'.repeat(1000);
    expect(messageOf(input)).toBe(
      '1:1: parse error: subquery is only allowed on instant vector, got matrix instead',
    );
  });

  it.each([
    ['lone surrogate in a string', 'foo{a="\ud800"}', '1:7: parse error: invalid UTF-8 rune'],
    ['replacement character in a string', '"\ufffd"', '1:1: parse error: invalid UTF-8 rune'],
    ['lone surrogate outside strings', 'foo\udc00', "1:4: parse error: unexpected character: '�'"],
    ['NUL byte', 'foo\u0000', "1:4: parse error: unexpected character: '\\x00'"],
    ['only whitespace', ' \t\r\n', '1:1: parse error: no expression found in input'],
    ['empty input', '', 'unknown position: parse error: no expression found in input'],
  ])('%s', (_name, input, message) => {
    expect(messageOf(input)).toBe(message);
  });

  it('accepts NUL inside strings, as Prometheus does', () => {
    expect(parseExpr('"a\u0000b"')).toMatchObject({ value: 'a\0b' });
  });
});
