import { describe, expect, it } from 'vitest';
import { DurationError, formatDuration, parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['0', 0],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['90s', 90_000],
    ['1y', 365 * 86_400_000],
    ['2w1d', 15 * 86_400_000],
    ['250ms', 250],
    ['1m500ms', 60_500],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '1', '5x', '1m1h', '-5m', '1.5h', ' 5m', '5m5m'])('rejects %j', (text) => {
    expect(() => parseDuration(text)).toThrow(DurationError);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [300_000, '5m'],
    [5_400_000, '1h30m'],
    [90_000, '1m30s'],
    [15 * 86_400_000, '2w1d'],
    [60_500, '1m500ms'],
  ])('%d ms prints as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
