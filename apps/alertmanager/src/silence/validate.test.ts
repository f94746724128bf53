import { describe, expect, it } from 'vitest';
import type { SilenceMatcher } from './silence';
import { validateSilence } from './validate';

const T = Date.parse('2024-01-01T00:00:00Z');
const eq = (name: string, value: string): SilenceMatcher => ({ name, type: '=', value });
const re = (name: string, value: string): SilenceMatcher => ({ name, type: '=~', value });
const ne = (name: string, value: string): SilenceMatcher => ({ name, type: '!=', value });
const nre = (name: string, value: string): SilenceMatcher => ({ name, type: '!~', value });

describe('validateSilence', () => {
  it.each<[string, SilenceMatcher[], number, number, string | undefined]>([
    ['one equality matcher', [eq('alertname', 'DiskFull')], T, T + 1, undefined],
    ['a regex that does not match ""', [re('job', 'api|web')], T, T + 1, undefined],
    ['an empty matcher beside a real one', [eq('a', ''), eq('b', 'x')], T, T + 1, undefined],
    [
      'only negative matchers (Alertmanager lets them through)',
      [ne('a', 'x'), nre('b', 'y')],
      T,
      T + 1,
      undefined,
    ],
    ['end equal to start', [eq('a', 'x')], T, T, undefined],
    ['UTF-8 label name', [eq('service.name', 'x')], T, T + 1, undefined],
    ['no matchers', [], T, T + 1, 'matcher set 0 is empty'],
    [
      'only a matcher for ""',
      [eq('a', '')],
      T,
      T + 1,
      'matcher set 0: at least one matcher must not match the empty string',
    ],
    [
      'a regex matching ""',
      [re('a', '.*')],
      T,
      T + 1,
      'matcher set 0: at least one matcher must not match the empty string',
    ],
    [
      'an optional regex',
      [re('a', 'x?'), eq('b', '')],
      T,
      T + 1,
      'matcher set 0: at least one matcher must not match the empty string',
    ],
    ['empty label name', [eq('', 'x')], T, T + 1, 'invalid label matcher 0 in set 0: invalid label name ""'],
    [
      'a bad regex',
      [eq('a', 'x'), re('b', '(')],
      T,
      T + 1,
      'invalid label matcher 1 in set 0: invalid regular expression "(": error parsing regexp: missing closing ): `(`',
    ],
    [
      'a regex only valid once anchored',
      [re('b', 'a)|(b')],
      T,
      T + 1,
      'invalid label matcher 0 in set 0: invalid regular expression "a)|(b": error parsing regexp: unexpected ): `a)|(b`',
    ],
    [
      'a lone surrogate value',
      [eq('a', '\uD800')],
      T,
      T + 1,
      'invalid label matcher 0 in set 0: invalid label value "\\ufffd"',
    ],
    ['zero start', [eq('a', 'x')], 0, T, 'invalid zero start timestamp'],
    ['zero end', [eq('a', 'x')], T, 0, 'invalid zero end timestamp'],
    ['end before start', [eq('a', 'x')], T, T - 1, 'end time must not be before start time'],
  ])('%s', (_name, matchers, startsAt, endsAt, expected) => {
    expect(validateSilence({ matchers, startsAt, endsAt })).toBe(expected);
  });
});
