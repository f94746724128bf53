import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseTimeInterval, parseTimeIntervals, TimeIntervalError } from './parse';
import type { TimeInterval } from './time-interval';

describe('parseTimeInterval accepts', () => {
  it.each<[string, string, TimeInterval]>([
    [
      'weekday range and times',
      `{weekdays: ['monday:friday'], times: [{start_time: '09:00', end_time: '17:00'}]}`,
      { weekdays: [{ begin: 1, end: 5 }], times: [{ startMinute: 540, endMinute: 1020 }] },
    ],
    [
      'single weekdays, any case',
      `{weekdays: ['Saturday', 'SUNDAY']}`,
      {
        weekdays: [
          { begin: 6, end: 6 },
          { begin: 0, end: 0 },
        ],
      },
    ],
    [
      '24:00 as an end',
      `{times: [{start_time: '00:00', end_time: '24:00'}]}`,
      { times: [{ startMinute: 0, endMinute: 1440 }] },
    ],
    ['negative days of month', `{days_of_month: ['-3:-1']}`, { daysOfMonth: [{ begin: -3, end: -1 }] }],
    ['positive to negative day', `{days_of_month: ['1:-1']}`, { daysOfMonth: [{ begin: 1, end: -1 }] }],
    [
      'unquoted numeric day',
      `{days_of_month: [1, 15]}`,
      {
        daysOfMonth: [
          { begin: 1, end: 1 },
          { begin: 15, end: 15 },
        ],
      },
    ],
    ['month names in any case', `{months: ['January:december']}`, { months: [{ begin: 1, end: 12 }] }],
    [
      'month numbers',
      `{months: ['3:5', 7]}`,
      {
        months: [
          { begin: 3, end: 5 },
          { begin: 7, end: 7 },
        ],
      },
    ],
    ['month numbers are not range-checked', `{months: ['13']}`, { months: [{ begin: 13, end: 13 }] }],
    [
      'years and a location',
      `{years: ['2020:2022'], location: 'Australia/Sydney'}`,
      { years: [{ begin: 2020, end: 2022 }], location: 'Australia/Sydney' },
    ],
    ['Local location', `{location: Local}`, { location: 'Local' }],
    ['UTC location', `{location: UTC}`, { location: 'UTC' }],
    ['empty list kept as a constraint', `{times: []}`, { times: [] }],
    ['null fields ignored', `{weekdays: null, location: null}`, {}],
  ])('%s', (_name, yaml, expected) => {
    expect(parseTimeInterval(parse(yaml))).toEqual(expected);
  });
});

describe('parseTimeInterval rejects with Alertmanager’s message', () => {
  it.each([
    [`{times: [{start_time: '01:99', end_time: '02:00'}]}`, "couldn't parse timestamp 01:99, invalid format"],
    [`{times: [{start_time: '99:99', end_time: '02:00'}]}`, "couldn't parse timestamp 99:99, invalid format"],
    [`{times: [{start_time: '12:30', end_time: '24:01'}]}`, "couldn't parse timestamp 24:01, invalid format"],
    [`{times: [{start_time: '9:00', end_time: '10:00'}]}`, "couldn't parse timestamp 9:00, invalid format"],
    [
      `{times: [{start_time: '17:31', end_time: '17:31'}]}`,
      'start time cannot be equal or greater than end time',
    ],
    [
      `{times: [{start_time: '22:00', end_time: '02:00'}]}`,
      'start time cannot be equal or greater than end time',
    ],
    [
      `{times: [{start_time: '24:00', end_time: '17:41'}]}`,
      'start time cannot be equal or greater than end time',
    ],
    [`{times: [{start_time: '14:03'}]}`, 'both start and end times must be provided'],
    [
      `{times: [{start_time: '14:03', end_time: '15:00', tz: x}]}`,
      'field tz not found in type timeinterval.yamlTimeRange',
    ],
    [`{weekdays: ['friday:monday']}`, 'start day cannot be before end day'],
    [`{weekdays: ['saturday:sunday']}`, 'start day cannot be before end day'],
    [`{weekdays: ['blurgsday:flurgsday']}`, 'blurgsday is not a valid weekday'],
    [`{weekdays: ['1:3']}`, '1 is not a valid weekday'],
    [`{weekdays: ['-2:-1']}`, '-2 is not a valid weekday'],
    [`{weekdays: ['monday:tuesday:friday']}`, "couldn't parse range monday:tuesday:friday, invalid format"],
    [`{days_of_month: ['0']}`, '0 is not a valid day of the month: out of range'],
    [`{days_of_month: ['-50:-20']}`, '-50 is not a valid day of the month: out of range'],
    [`{days_of_month: ['1:50']}`, '50 is not a valid day of the month: out of range'],
    [`{days_of_month: ['-15:5']}`, 'end day must be negative if start day is negative'],
    [`{days_of_month: ['10:-25']}`, 'end day -25 is always before start day 10'],
    [`{days_of_month: ['28:-1']}`, 'end day -1 is always before start day 28'],
    [`{days_of_month: ['-1:-3']}`, 'end day -3 is always before start day -1'],
    [`{days_of_month: ['first']}`, 'strconv.Atoi: parsing "first": invalid syntax'],
    [`{months: ['martius:june']}`, 'martius is not a valid month'],
    [`{months: ['march:junius']}`, 'junius is not a valid month'],
    [`{months: ['december:january']}`, 'end month january is before start month december'],
    [`{years: ['2022:2020']}`, 'end year 2020 is before start year 2022'],
    [`{years: ['next']}`, 'strconv.Atoi: parsing "next": invalid syntax'],
    [`{location: 'Mars/Olympus_Mons'}`, 'unknown time zone Mars/Olympus_Mons'],
    [`{location: 'europe/berlin'}`, 'unknown time zone europe/berlin'],
    [`{location: 'utc'}`, 'unknown time zone utc'],
    [`{weekday: ['monday']}`, 'field weekday not found in type timeinterval.TimeInterval'],
    [`{weekdays: monday}`, 'cannot unmarshal !!str `monday` into []timeinterval.WeekdayRange'],
    [`{weekdays: [{a: 1}]}`, 'cannot unmarshal !!map into string'],
  ])('%s', (yaml, message) => {
    expect(() => parseTimeInterval(parse(yaml))).toThrow(new TimeIntervalError(message));
  });
});

describe('parseTimeIntervals', () => {
  it('reads every entry of a named interval', () => {
    const raw = parse(`
- weekdays: ['saturday', 'sunday']
- times: [{start_time: '17:00', end_time: '24:00'}]
  location: Europe/Berlin
`);
    expect(parseTimeIntervals(raw)).toEqual([
      {
        weekdays: [
          { begin: 6, end: 6 },
          { begin: 0, end: 0 },
        ],
      },
      { times: [{ startMinute: 1020, endMinute: 1440 }], location: 'Europe/Berlin' },
    ]);
  });

  it('rejects a mapping where a list belongs', () => {
    expect(() => parseTimeIntervals({ weekdays: ['monday'] })).toThrow(TimeIntervalError);
  });
});
