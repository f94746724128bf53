import { describe, expect, it } from 'vitest';
import { goFloatToInt, parseGoInt, resolvePlainTag } from './yaml-scalar';

describe('resolvePlainTag', () => {
  it.each([
    ['', '!!null'],
    ['~', '!!null'],
    ['Null', '!!null'],
    ['true', '!!bool'],
    ['FALSE', '!!bool'],
    ['yes', '!!str'],
    ['5', '!!int'],
    ['-0x1F', '!!int'],
    ['0o17', '!!int'],
    ['1.5', '!!float'],
    ['1e3', '!!float'],
    ['.inf', '!!float'],
    ['2001-12-14', '!!timestamp'],
    ['5m', '!!str'],
    ['1_000', '!!int'],
    ['_1', '!!str'],
    ['.5', '!!float'],
    ['99999999999999999999', '!!float'],
    ['18446744073709551615', '!!int'],
    ['1e400', '!!str'],
    ['abc', '!!str'],
  ])('%j is %s', (value, tag) => {
    expect(resolvePlainTag(value)).toBe(tag);
  });
});

describe('parseGoInt', () => {
  it.each([
    ['42', 42n],
    ['+7', 7n],
    ['-0x10', -16n],
    ['010', 8n],
    ['0b101', 5n],
    ['0x_ff', 255n],
    ['9223372036854775807', 9223372036854775807n],
    ['9223372036854775808', undefined],
    ['1_000', 1000n],
    ['08', undefined],
    ['1.0', undefined],
    ['', undefined],
  ])('%j reads as %s', (value, want) => {
    expect(parseGoInt(value)).toBe(want);
  });
});

describe('goFloatToInt', () => {
  it.each([
    ['1.9', 1n],
    ['-2.5', -2n],
    ['1e3', 1000n],
    ['.inf', undefined],
    ['1e30', undefined],
  ])('%j truncates to %s', (value, want) => {
    expect(goFloatToInt(value)).toBe(want);
  });
});
