import { describe, expect, it } from 'vitest';
import { goQuote } from './matcher-quote';

describe('goQuote', () => {
  it.each([
    ['plain', '"plain"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['tab\there\nnl', '"tab\\there\\nnl"'],
    ['\u0000\u007f', '"\\x00\\x7f"'],
    ['é ü 日本', '"é ü 日本"'],
    ['\u00a0\u200b', '"\\u00a0\\u200b"'],
    ['🙂', '"🙂"'],
  ])('%j quotes as %s', (input, want) => {
    expect(goQuote(input)).toBe(want);
  });
});
