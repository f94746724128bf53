import { describe, expect, it } from 'vitest';
import { formatDuration, formatTime } from './time';

const NS = 1_000_000_000n;

describe('formatDuration (time.Duration.String)', () => {
  it.each([
    [0n, '0s'],
    [1n, '1ns'],
    [1100n, '1.1µs'],
    [2_200_000n, '2.2ms'],
    [3_300_000_000n, '3.3s'],
    [(4n * 60n + 5n) * NS, '4m5s'],
    [(4n * 60n + 5n) * NS + 1_000_000n, '4m5.001s'],
    [((5n * 60n + 6n) * 60n + 7n) * NS + 1_000_000n, '5h6m7.001s'],
    [8n * 60n * NS + 1n, '8m0.000000001s'],
    [1800n * NS, '30m0s'],
    [-1n, '-1ns'],
    [9223372036854775807n, '2562047h47m16.854775807s'],
    [-9223372036854775808n, '-2562047h47m16.854775808s'],
  ])('%d ns is %s', (d, want) => {
    expect(formatDuration(d)).toBe(want);
  });
});

describe('formatTime (time.Time.Format in UTC)', () => {
  const t = 1435065584128n * 1_000_000n; // 2015-06-23 13:19:44.128 UTC, a Tuesday
  it.each([
    ['2006-01-02T15:04:05Z07:00', '2015-06-23T13:19:44Z'],
    ['2006-01-02 15:04:05.999999999 -0700 MST', '2015-06-23 13:19:44.128 +0000 UTC'],
    ['Mon Jan _2 3:04PM', 'Tue Jun 23 1:19PM'],
    ['Monday, January 2, 06 .000000 ,00', 'Tuesday, June 23, 15 .128000 ,12'],
    ['002 __2 pm', '174 174 pm'],
    ['Janx Monx _2006', 'Janx Monx _2015'],
  ])('%s', (layout, want) => {
    expect(formatTime(t, layout)).toBe(want);
  });

  it('handles dates before the epoch and leap days', () => {
    expect(formatTime(-1_000_000_000n, '2006-01-02 15:04:05')).toBe('1969-12-31 23:59:59');
    expect(formatTime(951_782_400n * NS, '2006-01-02 Mon 002')).toBe('2000-02-29 Tue 060');
  });
});
