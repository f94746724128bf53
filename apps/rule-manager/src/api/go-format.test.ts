import { describe, expect, it } from 'vitest';
import { formatGoFloatE, formatGoTime } from './go-format';

describe('formatGoFloatE', () => {
  it.each([
    [1, '1e+00'],
    [15, '1.5e+01'],
    [0, '0e+00'],
    [-0.25, '-2.5e-01'],
    [1234567.89, '1.23456789e+06'],
    [1e-300, '1e-300'],
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
  ])('%d prints as %s', (v, text) => {
    expect(formatGoFloatE(v)).toBe(text);
  });
});

describe('formatGoTime', () => {
  it.each([
    [undefined, '0001-01-01T00:00:00Z'],
    [0, '1970-01-01T00:00:00Z'],
    [1_500, '1970-01-01T00:00:01.5Z'],
    [1_010, '1970-01-01T00:00:01.01Z'],
    [60_123, '1970-01-01T00:01:00.123Z'],
  ])('%s prints as %s', (ms, text) => {
    expect(formatGoTime(ms)).toBe(text);
  });
});
