import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseTimeInterval } from './parse';
import { containsTime, containsTimeAny } from './time-interval';
import { daysInMonth, wallClock } from './wall-clock';

function interval(yaml: string) {
  return parseTimeInterval(parse(yaml));
}

describe('containsTime', () => {
  it.each([
    // Weekdays and times, no location: UTC.
    ['workdays', `{weekdays: ['monday:friday']}`, '2024-01-05T23:59:00Z', true],
    ['workdays', `{weekdays: ['monday:friday']}`, '2024-01-06T00:00:00Z', false],
    [
      'times end is exclusive',
      `{times: [{start_time: '09:00', end_time: '17:00'}]}`,
      '2024-01-05T16:59:59Z',
      true,
    ],
    [
      'times end is exclusive',
      `{times: [{start_time: '09:00', end_time: '17:00'}]}`,
      '2024-01-05T17:00:00Z',
      false,
    ],
    [
      'times start is inclusive',
      `{times: [{start_time: '09:00', end_time: '17:00'}]}`,
      '2024-01-05T09:00:00Z',
      true,
    ],
    [
      '24:00 covers the last minute',
      `{times: [{start_time: '23:00', end_time: '24:00'}]}`,
      '2024-01-05T23:59:59Z',
      true,
    ],
    [
      '24:00 stops at midnight',
      `{times: [{start_time: '23:00', end_time: '24:00'}]}`,
      '2024-01-06T00:00:00Z',
      false,
    ],
    ['whole day', `{times: [{start_time: '00:00', end_time: '24:00'}]}`, '2024-01-06T00:00:00Z', true],
    [
      'overnight as two ranges',
      `{times: [{start_time: '22:00', end_time: '24:00'}, {start_time: '00:00', end_time: '06:00'}]}`,
      '2024-01-06T03:00:00Z',
      true,
    ],
    ['empty times list matches nothing', `{times: []}`, '2024-01-06T03:00:00Z', false],
    ['no fields matches everything', `{}`, '2024-01-06T03:00:00Z', true],
    // Fields are AND-ed.
    [
      'weekday AND time',
      `{weekdays: [saturday], times: [{start_time: '09:00', end_time: '10:00'}]}`,
      '2024-01-06T09:30:00Z',
      true,
    ],
    [
      'weekday AND time',
      `{weekdays: [saturday], times: [{start_time: '09:00', end_time: '10:00'}]}`,
      '2024-01-07T09:30:00Z',
      false,
    ],
    ['month and year', `{months: ['november'], years: ['2021']}`, '2021-11-30T12:00:00Z', true],
    ['month and year', `{months: ['november'], years: ['2021']}`, '2022-11-30T12:00:00Z', false],
    ['month numbers', `{months: ['2:3']}`, '2021-03-31T23:59:00Z', true],
    ['month numbers', `{months: ['2:3']}`, '2021-04-01T00:00:00Z', false],
    // Negative days of month across month lengths and leap years.
    ['last day in a leap February', `{days_of_month: ['-1']}`, '2024-02-29T12:00:00Z', true],
    ['last day in a leap February', `{days_of_month: ['-1']}`, '2024-02-28T12:00:00Z', false],
    ['last day in a common February', `{days_of_month: ['-1']}`, '2023-02-28T12:00:00Z', true],
    ['last day in 1900 (not leap)', `{days_of_month: ['-1']}`, '1900-02-28T12:00:00Z', true],
    ['last day in 2000 (leap)', `{days_of_month: ['-1']}`, '2000-02-28T12:00:00Z', false],
    ['last three days of April', `{days_of_month: ['-3:-1']}`, '2024-04-28T00:00:00Z', true],
    ['last three days of April', `{days_of_month: ['-3:-1']}`, '2024-04-27T23:59:00Z', false],
    ['last three days of January', `{days_of_month: ['-3:-1']}`, '2024-01-29T00:00:00Z', true],
    ['last three days of January', `{days_of_month: ['-3:-1']}`, '2024-01-28T12:00:00Z', false],
    ['1:-1 is the whole month', `{days_of_month: ['1:-1']}`, '2024-02-29T12:00:00Z', true],
    ['20:-1 in January', `{days_of_month: ['20:-1']}`, '2021-01-31T12:00:00Z', true],
    ['31 never happens in April', `{days_of_month: ['31']}`, '2024-04-30T12:00:00Z', false],
    ['30:31 does not spill out of February', `{days_of_month: ['30:31']}`, '2021-02-28T13:00:00Z', false],
    ['30:31 does not spill into March', `{days_of_month: ['30:31']}`, '2021-03-01T13:00:00Z', false],
    ['1:31 clamps to February’s end', `{days_of_month: ['1:31']}`, '2021-02-28T13:00:00Z', true],
    ['-31:-29 is day 1 in a leap February', `{days_of_month: ['-31:-29']}`, '2024-02-01T12:00:00Z', true],
    ['-31:-29 is no day in a common February', `{days_of_month: ['-31:-29']}`, '2023-02-01T12:00:00Z', false],
    ['-31:-29 is days 1–3 in March', `{days_of_month: ['-31:-29']}`, '2023-03-03T12:00:00Z', true],
    ['-31:-29 is days 1–3 in March', `{days_of_month: ['-31:-29']}`, '2023-03-04T12:00:00Z', false],
    // Locations: the weekday and day are read on the zone's calendar.
    [
      'Saturday in UTC is Sunday in Sydney',
      `{weekdays: [sunday], location: Australia/Sydney}`,
      '2024-01-06T23:30:00Z',
      true,
    ],
    [
      'Monday 00:00 UTC is Sunday in New York',
      `{weekdays: [sunday], location: America/New_York}`,
      '2024-01-01T03:00:00Z',
      true,
    ],
    [
      'New York last day of March (spring-forward month)',
      `{days_of_month: ['-1'], location: America/New_York}`,
      '2021-03-31T16:00:00Z',
      true,
    ],
    [
      'New York last day of March (spring-forward month)',
      `{days_of_month: ['-1'], location: America/New_York}`,
      '2021-03-30T16:00:00Z',
      false,
    ],
    [
      'New Year in Sydney is still December in UTC',
      `{months: [january], years: ['2025'], location: Australia/Sydney}`,
      '2024-12-31T13:30:00Z',
      true,
    ],
    // Europe/Berlin spring forward, 2024-03-31: 02:00 CET jumps to 03:00 CEST.
    [
      'Berlin 01:59 CET before the jump',
      `{times: [{start_time: '01:00', end_time: '02:00'}], location: Europe/Berlin}`,
      '2024-03-31T00:59:00Z',
      true,
    ],
    [
      'Berlin 02:00–03:00 never exists that day',
      `{times: [{start_time: '02:00', end_time: '03:00'}], location: Europe/Berlin}`,
      '2024-03-31T01:00:00Z',
      false,
    ],
    [
      'Berlin 02:00–03:00 never exists that day',
      `{times: [{start_time: '02:00', end_time: '03:00'}], location: Europe/Berlin}`,
      '2024-03-31T00:59:59Z',
      false,
    ],
    [
      'Berlin the instant after the jump is 03:00 CEST',
      `{times: [{start_time: '03:00', end_time: '04:00'}], location: Europe/Berlin}`,
      '2024-03-31T01:00:00Z',
      true,
    ],
    [
      'Berlin 09:00 CEST after the jump',
      `{times: [{start_time: '09:00', end_time: '17:00'}], location: Europe/Berlin}`,
      '2024-03-31T07:00:00Z',
      true,
    ],
    [
      'Berlin 08:59 CEST after the jump',
      `{times: [{start_time: '09:00', end_time: '17:00'}], location: Europe/Berlin}`,
      '2024-03-31T06:59:00Z',
      false,
    ],
    // Europe/Berlin fall back, 2024-10-27: 03:00 CEST goes back to 02:00 CET, so 02:xx happens twice.
    [
      'Berlin first 02:30 (CEST)',
      `{times: [{start_time: '02:00', end_time: '03:00'}], location: Europe/Berlin}`,
      '2024-10-27T00:30:00Z',
      true,
    ],
    [
      'Berlin second 02:30 (CET)',
      `{times: [{start_time: '02:00', end_time: '03:00'}], location: Europe/Berlin}`,
      '2024-10-27T01:30:00Z',
      true,
    ],
    [
      'Berlin 03:00 CET after the repeat',
      `{times: [{start_time: '02:00', end_time: '03:00'}], location: Europe/Berlin}`,
      '2024-10-27T02:00:00Z',
      false,
    ],
    [
      'Berlin midnight starts the Sunday',
      `{weekdays: [sunday], location: Europe/Berlin}`,
      '2024-10-26T22:00:00Z',
      true,
    ],
    [
      'Berlin 23:59 CEST is still Saturday',
      `{weekdays: [sunday], location: Europe/Berlin}`,
      '2024-10-26T21:59:00Z',
      false,
    ],
    // America/New_York spring forward, 2024-03-10 02:00 EST -> 03:00 EDT; fall back 2024-11-03 02:00 EDT -> 01:00 EST.
    [
      'New York 01:59 EST',
      `{times: [{start_time: '01:00', end_time: '02:00'}], location: America/New_York}`,
      '2024-03-10T06:59:00Z',
      true,
    ],
    [
      'New York next minute is 03:00 EDT',
      `{times: [{start_time: '03:00', end_time: '04:00'}], location: America/New_York}`,
      '2024-03-10T07:00:00Z',
      true,
    ],
    [
      'New York first 01:30 (EDT)',
      `{times: [{start_time: '01:00', end_time: '02:00'}], location: America/New_York}`,
      '2024-11-03T05:30:00Z',
      true,
    ],
    [
      'New York second 01:30 (EST)',
      `{times: [{start_time: '01:00', end_time: '02:00'}], location: America/New_York}`,
      '2024-11-03T06:30:00Z',
      true,
    ],
    [
      'New York 02:00 EST',
      `{times: [{start_time: '01:00', end_time: '02:00'}], location: America/New_York}`,
      '2024-11-03T07:00:00Z',
      false,
    ],
    [
      'New York 24:00 end before midnight EST',
      `{times: [{start_time: '23:00', end_time: '24:00'}], location: America/New_York}`,
      '2024-11-04T04:59:00Z',
      true,
    ],
    [
      'New York midnight EST',
      `{times: [{start_time: '23:00', end_time: '24:00'}], location: America/New_York}`,
      '2024-11-04T05:00:00Z',
      false,
    ],
  ])('%s at %s: %s', (_name, yaml, at, expected) => {
    expect(containsTime(interval(yaml), new Date(at))).toBe(expected);
  });

  it('accepts epoch milliseconds as well as Date', () => {
    expect(containsTime(interval(`{weekdays: [saturday]}`), Date.parse('2024-01-06T12:00:00Z'))).toBe(true);
  });

  it.each([
    ['2021-01-10T13:00:00Z', true],
    ['2021-01-30T14:24:00Z', true],
    ['2021-01-09T13:00:00Z', false],
    ['2021-01-20T12:59:00Z', false],
    ['2021-02-02T13:00:00Z', false],
  ])('a full definition at %s: %s', (at, expected) => {
    const ti = interval(`
weekdays: ['monday:wednesday', 'saturday', 'sunday']
times: [{start_time: '13:00', end_time: '15:00'}]
days_of_month: ['1', '10', '20:-1']
years: ['2020:2023']
months: ['january:march']
`);
    expect(containsTime(ti, new Date(at))).toBe(expected);
  });
});

describe('containsTimeAny', () => {
  it.each([
    ['2024-01-06T12:00:00Z', true],
    ['2024-01-05T20:00:00Z', true],
    ['2024-01-05T12:00:00Z', false],
  ])('entries are OR-ed at %s: %s', (at, expected) => {
    const entries = [
      interval(`{weekdays: [saturday, sunday]}`),
      interval(`{times: [{start_time: '18:00', end_time: '24:00'}]}`),
    ];
    expect(containsTimeAny(entries, new Date(at))).toBe(expected);
  });

  it('an empty list of entries contains nothing', () => {
    expect(containsTimeAny([], new Date())).toBe(false);
  });
});

describe('Local location', () => {
  const saved = process.env['TZ'];
  afterEach(() => {
    if (saved === undefined) delete process.env['TZ'];
    else process.env['TZ'] = saved;
  });

  it('reads the wall time in the process zone', () => {
    process.env['TZ'] = 'Asia/Tokyo';
    const ti = interval(`{times: [{start_time: '09:00', end_time: '10:00'}], location: Local}`);
    expect(containsTime(ti, new Date('2024-01-06T00:30:00Z'))).toBe(true);
    expect(containsTime(ti, new Date('2024-01-06T09:30:00Z'))).toBe(false);
  });
});

describe('wall clock helpers', () => {
  it.each([
    [2024, 2, 29],
    [2023, 2, 28],
    [2000, 2, 29],
    [1900, 2, 28],
    [2024, 4, 30],
    [2024, 12, 31],
  ])('%d-%d has %d days', (year, month, days) => {
    expect(daysInMonth(year, month)).toBe(days);
  });

  it('reads midnight as hour 0 in a zone', () => {
    expect(wallClock(Date.parse('2024-01-05T23:00:00Z'), 'Europe/Berlin')).toEqual({
      year: 2024,
      month: 1,
      day: 6,
      weekday: 6,
      minuteOfDay: 0,
    });
  });
});
