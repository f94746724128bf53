import { describe, expect, it } from 'vitest';
import {
  checkPostableSilence,
  parseDateTime,
  silenceMatcherToApi,
  type PostableSilenceCheck,
} from './postable';

const NOW = Date.parse('2024-01-01T12:00:00Z');
const valid = {
  matchers: [{ name: 'alertname', value: 'DiskFull', isRegex: false }],
  startsAt: '2024-01-01T11:00:00Z',
  endsAt: '2024-01-01T13:00:00Z',
  createdBy: 'ops',
  comment: 'swap disk',
};

function without(field: string): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...valid };
  delete copy[field];
  return copy;
}

describe('checkPostableSilence', () => {
  it('turns a valid body into a SilenceInput', () => {
    expect(checkPostableSilence({ ...valid, id: 'abc', annotations: { k: 'v' } }, NOW)).toEqual({
      ok: true,
      input: {
        id: 'abc',
        matchers: [{ name: 'alertname', type: '=', value: 'DiskFull' }],
        startsAt: Date.parse('2024-01-01T11:00:00Z'),
        endsAt: Date.parse('2024-01-01T13:00:00Z'),
        createdBy: 'ops',
        comment: 'swap disk',
        annotations: { k: 'v' },
      },
    });
  });

  it.each([
    [{ isRegex: false }, '='],
    [{ isRegex: false, isEqual: false }, '!='],
    [{ isRegex: true }, '=~'],
    [{ isRegex: true, isEqual: true }, '=~'],
    [{ isRegex: true, isEqual: false }, '!~'],
  ])('matcher flags %j mean %s', (flags, type) => {
    const result = checkPostableSilence({ ...valid, matchers: [{ name: 'a', value: 'b', ...flags }] }, NOW);
    expect(result.ok && result.input.matchers[0]?.type).toBe(type);
  });

  it('allows empty createdBy and comment, as Alertmanager does', () => {
    expect(checkPostableSilence({ ...valid, createdBy: '', comment: '' }, NOW).ok).toBe(true);
  });

  it('treats Go’s zero start as "now"', () => {
    const result = checkPostableSilence({ ...valid, startsAt: '0001-01-01T00:00:00Z' }, NOW);
    expect(result.ok && result.input.startsAt).toBeUndefined();
  });

  it.each<[string, unknown, Omit<Extract<PostableSilenceCheck, { ok: false }>, 'ok'>]>([
    ['no comment', without('comment'), { status: 422, code: 602, message: 'comment in body is required' }],
    [
      'no createdBy',
      without('createdBy'),
      { status: 422, code: 602, message: 'createdBy in body is required' },
    ],
    [
      'neither: comment is reported first',
      { ...without('comment'), createdBy: undefined },
      { status: 422, code: 602, message: 'comment in body is required' },
    ],
    ['no endsAt', without('endsAt'), { status: 422, code: 602, message: 'endsAt in body is required' }],
    ['no matchers', without('matchers'), { status: 422, code: 602, message: 'matchers in body is required' }],
    [
      'empty matchers',
      { ...valid, matchers: [] },
      { status: 422, code: 612, message: 'matchers in body should have at least 1 items' },
    ],
    [
      'matcher without isRegex',
      { ...valid, matchers: [{ name: 'a', value: 'b' }] },
      { status: 422, code: 602, message: 'matchers.0.isRegex in body is required' },
    ],
    [
      'matcher without name',
      { ...valid, matchers: [{ value: 'b', isRegex: false }] },
      { status: 422, code: 602, message: 'matchers.0.name in body is required' },
    ],
    ['no startsAt', without('startsAt'), { status: 422, code: 602, message: 'startsAt in body is required' }],
    [
      'start after end',
      { ...valid, startsAt: '2024-01-01T14:00:00Z' },
      { status: 400, message: 'Failed to create silence: start time must be before end time' },
    ],
    [
      'start equal to end',
      { ...valid, startsAt: valid.endsAt },
      { status: 400, message: 'Failed to create silence: start time must be before end time' },
    ],
    [
      'end in the past',
      { ...valid, startsAt: '2024-01-01T10:00:00Z', endsAt: '2024-01-01T11:59:59Z' },
      { status: 400, message: "Failed to create silence: end time can't be in the past" },
    ],
  ])('%s', (_name, body, expected) => {
    expect(checkPostableSilence(body, NOW)).toEqual({ ok: false, ...expected });
  });

  it.each([
    ['not an object', []],
    ['a number for createdBy', { ...valid, createdBy: 5 }],
    ['a bad date', { ...valid, startsAt: 'yesterday' }],
    ['a string for isRegex', { ...valid, matchers: [{ name: 'a', value: 'b', isRegex: 'no' }] }],
  ])('refuses %s as undecodable (400)', (_name, body) => {
    const result = checkPostableSilence(body, NOW);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.status).toBe(400);
    expect(!result.ok && result.message).toMatch(/^parsing silence body from "" failed, because /);
  });
});

describe('parseDateTime', () => {
  it.each([
    ['2024-01-01T12:00:00Z', Date.parse('2024-01-01T12:00:00Z')],
    ['2024-01-01T12:00:00.123456789Z', Date.parse('2024-01-01T12:00:00.123Z')],
    ['2024-01-01T13:00:00+01:00', Date.parse('2024-01-01T12:00:00Z')],
    ['2024-01-01T13:00:00+0100', Date.parse('2024-01-01T12:00:00Z')],
    ['2024-01-01T12:00:00', Date.parse('2024-01-01T12:00:00Z')],
    ['2024-01-01', undefined],
    ['2024-13-01T12:00:00Z', undefined],
    ['now', undefined],
  ])('%s', (text, expected) => {
    expect(parseDateTime(text)).toBe(expected);
  });
});

describe('silenceMatcherToApi', () => {
  it.each([
    ['=', false, true],
    ['!=', false, false],
    ['=~', true, true],
    ['!~', true, false],
  ] as const)('%s → isRegex %s, isEqual %s', (type, isRegex, isEqual) => {
    expect(silenceMatcherToApi({ name: 'a', type, value: 'b' })).toEqual({
      name: 'a',
      value: 'b',
      isRegex,
      isEqual,
    });
  });
});
