import { describe, expect, it } from 'vitest';
import type { GettableSilence } from '../api/types';
import {
  checkForm,
  copyForm,
  formFromSilence,
  newForm,
  rowError,
  rowsFromFilter,
  toPostable,
  type SilenceForm,
} from './silence-form';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const H = 3_600_000;

function form(over: Partial<SilenceForm> = {}): SilenceForm {
  return {
    ...newForm([{ name: 'alertname', op: '=', value: 'DiskFull' }], NOW, 'alice'),
    comment: 'disk swap, INC-42',
    ...over,
  };
}

describe('rowError', () => {
  it.each([
    [{ name: 'team', op: '=', value: 'db' }, undefined],
    [{ name: 'team', op: '!~', value: 'a|b' }, undefined],
    [{ name: 'service name', op: '=', value: 'x' }, undefined],
    [{ name: '', op: '=', value: 'x' }, /label name is empty/],
    [{ name: 'team', op: '=~', value: 'db(' }, /invalid regular expression: .*missing closing \)/],
    [{ name: 'team', op: '=~', value: '(?<=x)' }, /invalid regular expression/],
  ] as const)('%j', (row, expected) => {
    const err = rowError(row);
    if (expected === undefined) expect(err).toBeUndefined();
    else expect(err).toMatch(expected);
  });
});

describe('checkForm', () => {
  it('accepts a complete form', () => {
    const c = checkForm(form(), NOW);
    expect(c).toMatchObject({ ok: true, errors: {}, rowErrors: [undefined] });
    expect(c.matchers.map(String)).toEqual(['alertname="DiskFull"']);
  });

  it.each<[string, Partial<SilenceForm>, string, RegExp]>([
    ['no matchers', { matchers: [] }, 'matchers', /at least one matcher/],
    [
      'only empty matchers',
      { matchers: [{ name: 'a', op: '=~', value: '.*' }] },
      'matchers',
      /must not match the empty string/,
    ],
    ['no creator', { createdBy: '  ' }, 'createdBy', /who/],
    ['no comment', { comment: '' }, 'comment', /why/],
    ['end before start', { endsAt: NOW - 1 }, 'endsAt', /after the start/],
    ['end in the past', { startsAt: NOW - 3 * H, endsAt: NOW - H }, 'endsAt', /in the past/],
    ['no end', { endsAt: Number.NaN }, 'endsAt', /end time/],
  ])('refuses %s', (_, over, field, message) => {
    const c = checkForm(form(over), NOW);
    expect(c.ok).toBe(false);
    expect(c.errors[field as keyof typeof c.errors]).toMatch(message);
  });

  it('keeps the valid rows for the preview while one row is wrong', () => {
    const c = checkForm(
      form({
        matchers: [
          { name: 'alertname', op: '=', value: 'A' },
          { name: 'x', op: '=~', value: '(' },
        ],
      }),
      NOW,
    );
    expect(c.ok).toBe(false);
    expect(c.rowErrors[1]).toMatch(/regular expression/);
    expect(c.matchers.map(String)).toEqual(['alertname="A"']);
  });

  it('allows a silence made only of negative matchers, as Alertmanager does', () => {
    expect(checkForm(form({ matchers: [{ name: 'team', op: '!=', value: 'db' }] }), NOW).ok).toBe(true);
  });
});

describe('toPostable', () => {
  it('builds the API body with all four operators', () => {
    const body = toPostable(
      form({
        id: 'abc',
        matchers: [
          { name: 'a', op: '=', value: '1' },
          { name: 'b', op: '!=', value: '2' },
          { name: 'c', op: '=~', value: '3|4' },
          { name: 'd', op: '!~', value: '5' },
        ],
      }),
    );
    expect(body).toEqual({
      id: 'abc',
      matchers: [
        { name: 'a', value: '1', isRegex: false, isEqual: true },
        { name: 'b', value: '2', isRegex: false, isEqual: false },
        { name: 'c', value: '3|4', isRegex: true, isEqual: true },
        { name: 'd', value: '5', isRegex: true, isEqual: false },
      ],
      startsAt: '2024-05-01T12:00:00.000Z',
      endsAt: '2024-05-01T14:00:00.000Z',
      createdBy: 'alice',
      comment: 'disk swap, INC-42',
    });
  });
});

describe('loading the editor', () => {
  const silence: GettableSilence = {
    id: 'sil-1',
    status: { state: 'expired' },
    updatedAt: '2024-04-01T00:00:00.000Z',
    matchers: [{ name: 'team', value: 'db.*', isRegex: true, isEqual: true }],
    startsAt: '2024-04-01T00:00:00.000Z',
    endsAt: '2024-04-01T04:00:00.000Z',
    createdBy: 'bob',
    comment: 'migration',
  };

  it('reads a deep link filter into rows', () => {
    expect(rowsFromFilter('{alertname="Disk", team=~"db.*"}')).toEqual({
      rows: [
        { name: 'alertname', op: '=', value: 'Disk' },
        { name: 'team', op: '=~', value: 'db.*' },
      ],
    });
    expect(rowsFromFilter('alertname=').rows).toEqual([{ name: 'alertname', op: '=', value: '' }]);
    expect(rowsFromFilter('alertname').error).toMatch(/operator/);
  });

  it('edits a silence in place (same id, same times)', () => {
    expect(formFromSilence(silence, true)).toMatchObject({
      id: 'sil-1',
      startsAt: Date.parse(silence.startsAt),
      endsAt: Date.parse(silence.endsAt),
      matchers: [{ name: 'team', op: '=~', value: 'db.*' }],
    });
  });

  it('recreates an expired silence from now, for the same length, as a new silence', () => {
    const f = copyForm(silence, NOW);
    expect(f.id).toBeUndefined();
    expect([f.startsAt, f.endsAt]).toEqual([NOW, NOW + 4 * H]);
    expect(f.comment).toBe('migration');
  });
});
