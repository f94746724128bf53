import { newMatcher, type MatchType } from '@vigil/promql';
import { describe, expect, it } from 'vitest';
import { MemPostings, intersect, selectPostings, subtract, union } from './postings';

const SERIES: Record<string, string>[] = [
  { __name__: 'up', job: 'api', instance: 'a:1' },
  { __name__: 'up', job: 'api', instance: 'b:1' },
  { __name__: 'up', job: 'db', instance: 'c:1', env: 'prod' },
  { __name__: 'http_requests_total', job: 'api', status: '200', env: 'prod' },
  { __name__: 'http_requests_total', job: 'api', status: '500', env: 'dev' },
  { __name__: 'http_requests_total', job: 'web', status: '404' },
  { __name__: 'node_load1', instance: 'a:1' },
  { job: 'orphan' },
];

function index(): MemPostings {
  const p = new MemPostings();
  SERIES.forEach((l, i) => p.add(i + 1, l));
  return p;
}

type M = [MatchType, string, string];

describe('selectPostings', () => {
  it.each<[string, M[]]>([
    ['equality', [['=', '__name__', 'up']]],
    [
      'two equalities',
      [
        ['=', '__name__', 'up'],
        ['=', 'job', 'api'],
      ],
    ],
    ['missing value', [['=', 'job', 'nope']]],
    ['not equal', [['!=', 'job', 'api']]],
    ['not equal on absent label', [['!=', 'env', 'prod']]],
    ['regex', [['=~', 'job', 'a.*|db']]],
    ['negative regex', [['!~', 'status', '5..']]],
    ['match-all regex', [['=~', 'env', '.*']]],
    ['empty equality selects series without the label', [['=', 'env', '']]],
    ['non-empty regex', [['=~', 'env', '.+']]],
    ['not-empty', [['!=', 'env', '']]],
    ['regex matching empty', [['=~', 'env', 'prod|']]],
    ['negative regex matching empty', [['!~', 'env', '']]],
    [
      'name plus negative',
      [
        ['=', '__name__', 'http_requests_total'],
        ['!=', 'status', '200'],
      ],
    ],
    [
      'only negatives',
      [
        ['!=', 'job', 'api'],
        ['!~', 'instance', 'a.*'],
      ],
    ],
    [
      'nothing matches',
      [
        ['=~', 'job', 'x+'],
        ['=', '__name__', 'up'],
      ],
    ],
    ['no matchers', []],
  ])('%s agrees with a brute-force filter', (_name, ms) => {
    const matchers = ms.map(([type, name, value]) => newMatcher(type, name, value));
    const want = SERIES.flatMap((l, i) => (matchers.every((m) => m.matches(l[m.name] ?? '')) ? [i + 1] : []));
    expect(Array.from(selectPostings(index(), matchers))).toEqual(want);
  });

  it('forgets deleted series', () => {
    const p = index();
    p.delete(new Set([1, 3]), (ref) => SERIES[ref - 1]);
    expect(Array.from(selectPostings(p, [newMatcher('=', '__name__', 'up')]))).toEqual([2]);
    expect([...p.labelValuesOf('env')].sort()).toEqual(['dev', 'prod']);
  });
});

describe('postings set operations', () => {
  it.each([
    [
      [1, 3, 5, 7],
      [3, 4, 5],
      [3, 5],
      [1, 7],
      [1, 3, 4, 5, 7],
    ],
    [[], [1], [], [], [1]],
    [[2], [2], [2], [], [2]],
  ])('%j with %j', (a, b, and, minus, or) => {
    expect(intersect(a, b)).toEqual(and);
    expect(subtract(a, b)).toEqual(minus);
    expect(Array.from(union([a, b]))).toEqual(or);
  });
});

describe('MemPostings', () => {
  it('keeps lists sorted when refs arrive out of order (WAL replay)', () => {
    const p = new MemPostings();
    p.add(6, { job: 'a' });
    p.add(5, { job: 'a' });
    p.add(7, { job: 'b' });
    expect(Array.from(p.allPostings())).toEqual([5, 6, 7]);
    expect(Array.from(selectPostings(p, [newMatcher('!=', 'job', 'b')]))).toEqual([5, 6]);
  });
});
