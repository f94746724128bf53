import { describe, expect, it } from 'vitest';
import { Intervener, UnknownTimeIntervalError } from './intervener';
import type { TimeInterval } from './time-interval';

const sydney = 'Australia/Sydney';
const eveningsAndWeekends: Record<string, TimeInterval[]> = {
  evenings: [
    {
      times: [
        { startMinute: 0, endMinute: 540 },
        { startMinute: 1020, endMinute: 1440 },
      ],
      location: sydney,
    },
  ],
  weekends: [
    {
      weekdays: [
        { begin: 6, end: 6 },
        { begin: 0, end: 0 },
      ],
      location: sydney,
    },
  ],
};

describe('Intervener', () => {
  // Sydney is UTC+11 in January.
  it.each([
    ['outside working hours', '2023-12-31T13:00:00Z', ['evenings']],
    ['during working hours', '2023-12-31T22:00:00Z', []],
    ['on a weekend morning', '2024-01-05T23:00:00Z', ['weekends']],
    ['on a weekend evening', '2024-01-06T06:00:00Z', ['evenings', 'weekends']],
    ['10:00 UTC on a weekday', '2024-01-01T10:00:00Z', ['evenings']],
    ['10:00 UTC on a Saturday', '2024-01-06T10:00:00Z', ['evenings', 'weekends']],
  ])('%s (%s): active %j', (_name, at, expected) => {
    const iv = new Intervener(eveningsAndWeekends);
    expect(iv.activeIntervals(['evenings', 'weekends'], new Date(at))).toEqual(expected);
    expect(iv.isActive(['evenings', 'weekends'], new Date(at))).toBe(expected.length > 0);
  });

  it('names an interval once even when several of its entries match', () => {
    const iv = new Intervener(new Map([['always', [{}, {}]]]));
    expect(iv.activeIntervals(['always', 'always'], 0)).toEqual(['always']);
  });

  it('rejects an unknown interval name with Alertmanager’s message', () => {
    const iv = new Intervener(eveningsAndWeekends);
    expect(() => iv.isActive(['evenings', 'holidays'], 0)).toThrow(new UnknownTimeIntervalError('holidays'));
    expect(() => iv.isActive(['holidays'], 0)).toThrow("time interval holidays doesn't exist in config");
  });

  it('no names means not active', () => {
    expect(new Intervener({}).isActive([], 0)).toBe(false);
  });
});
