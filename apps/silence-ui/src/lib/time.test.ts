import { describe, expect, it } from 'vitest';
import {
  DURATION_PRESETS,
  formatDurationInput,
  formatSpan,
  fromLocalInput,
  parseDurationInput,
  presetFor,
  silenceTiming,
  toLocalInput,
} from './time';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('formatSpan', () => {
  it.each([
    [0, '0s'],
    [999, '0s'],
    [45 * S, '45s'],
    [12 * M + 5 * S, '12m 5s'],
    [3 * H + 12 * M + 30 * S, '3h 12m'],
    [3 * H + 30 * S, '3h'],
    [2 * D + 4 * H, '2d 4h'],
    [9 * D + 1 * H, '1w 2d'],
    [-5 * M, '5m'],
  ])('prints %i ms as %s', (ms, text) => {
    expect(formatSpan(ms)).toBe(text);
  });
});

describe('duration presets', () => {
  it('are increasing and each found again by its length', () => {
    const lengths = DURATION_PRESETS.map((p) => p.ms);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
    for (const p of DURATION_PRESETS) {
      expect(presetFor(p.ms)).toBe(p);
      expect(parseDurationInput(p.label)).toEqual({ ok: true, ms: p.ms });
      expect(formatDurationInput(p.ms)).toBe(p.label === '1w' ? '1w' : p.label);
    }
    expect(presetFor(90 * M)).toBeUndefined();
  });
});

describe('parseDurationInput', () => {
  it.each([
    ['90m', 90 * M],
    ['2h30m', 2 * H + 30 * M],
    [' 1d ', D],
    ['1w2d', 9 * D],
  ])('reads %j', (text, ms) => {
    expect(parseDurationInput(text)).toEqual({ ok: true, ms });
  });

  it.each([['0'], ['2 hours'], ['30m2h'], ['-1h'], ['']])('refuses %j', (text) => {
    expect(parseDurationInput(text).ok).toBe(false);
  });

  it('prints lengths to the minute', () => {
    expect(formatDurationInput(2 * H + 30 * M + 20 * S)).toBe('2h30m');
    expect(formatDurationInput(10 * S)).toBe('1m');
  });
});

describe('datetime-local values', () => {
  it('print and read a local time', () => {
    const t = new Date(2024, 4, 1, 14, 30).getTime();
    expect(toLocalInput(t)).toBe('2024-05-01T14:30');
    expect(fromLocalInput('2024-05-01T14:30')).toBe(t);
    expect(fromLocalInput('2024-05-01T14:30:15')).toBe(t + 15 * S);
  });

  it.each([[''], ['2024-05-01'], ['2024-02-30T10:00'], ['yesterday']])('refuse %j', (text) => {
    expect(fromLocalInput(text)).toBeUndefined();
  });
});

describe('silenceTiming', () => {
  const start = 1_000 * H;
  it.each([
    [start - 30 * M, 'starts in 30m'],
    [start + 1 * M, 'ends in 1h 59m'],
    [start + 2 * H + 3 * D, 'ended 3d ago'],
  ])('at %i says %s', (now, text) => {
    expect(silenceTiming(start, start + 2 * H, now)).toBe(text);
  });
});
