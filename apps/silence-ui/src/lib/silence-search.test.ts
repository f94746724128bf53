import { describe, expect, it } from 'vitest';
import type { GettableAlert, GettableSilence } from '../api/types';
import { mutedCounts, readQuery, silenceMatchesQuery } from './silence-search';

function silence(
  id: string,
  matchers: GettableSilence['matchers'],
  over: Partial<GettableSilence> = {},
): GettableSilence {
  return {
    id,
    status: { state: 'active' },
    updatedAt: '2024-05-01T12:00:00.000Z',
    matchers,
    startsAt: '2024-05-01T12:00:00.000Z',
    endsAt: '2024-05-01T14:00:00.000Z',
    createdBy: 'alice',
    comment: 'Disk swap INC-42',
    ...over,
  };
}

const S1 = silence('s1', [
  { name: 'alertname', value: 'DiskFull', isRegex: false, isEqual: true },
  { name: 'instance', value: 'db.*', isRegex: true, isEqual: true },
]);
const S2 = silence('s2', [{ name: 'team', value: 'web', isRegex: false, isEqual: false }], {
  createdBy: 'bob',
  comment: 'load test',
});

describe('readQuery', () => {
  it.each([
    ['', 'all'],
    ['  ', 'all'],
    ['alice', 'text'],
    ['instance="db1"', 'matchers'],
    ['instance=~"db("', 'error'],
  ])('%j is %s', (input, kind) => {
    expect(readQuery(input).kind).toBe(kind);
  });
});

describe('silenceMatchesQuery', () => {
  it.each([
    ['', ['s1', 's2']],
    ['ALICE', ['s1']],
    ['inc-42', ['s1']],
    ['load', ['s2']],
    ['s2', ['s2']],
    ['diskfull', ['s1']],
    ['alertname="DiskFull"', ['s1']],
    ['instance="db1"', ['s1']],
    ['instance="web1"', []],
    ['instance=~"db.*"', ['s1']],
    ['instance=~"db.+"', []],
    ['team!="web"', ['s2']],
    ['alertname="DiskFull", instance="db7"', ['s1']],
    ['alertname="DiskFull", team="web"', []],
    ['instance=~"("', []],
  ])('%j finds %j', (input, ids) => {
    const q = readQuery(input);
    expect([S1, S2].filter((s) => silenceMatchesQuery(s, q)).map((s) => s.id)).toEqual(ids);
  });
});

describe('mutedCounts', () => {
  it('counts the alerts each silence mutes', () => {
    const a = (silencedBy: string[]) => ({ status: { silencedBy } }) as unknown as GettableAlert;
    const counts = mutedCounts([a(['s1']), a(['s1', 's2']), a([])]);
    expect(Object.fromEntries(counts)).toEqual({ s1: 2, s2: 1 });
  });
});
