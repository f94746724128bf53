import { describe, expect, it } from 'vitest';
import { newMatcher } from './matcher';
import { MemoryStorage } from './storage';

describe('MemoryStorage', () => {
  const s = new MemoryStorage();
  s.append({ __name__: 'a', job: 'x' }, 0, 1);
  s.append({ __name__: 'a', job: 'x' }, 10, 2);
  s.append({ __name__: 'a', job: 'x' }, 20, NaN, true);
  s.append({ __name__: 'a', job: 'y' }, 5, 3);

  it.each([
    ['all of a', [newMatcher('=', '__name__', 'a')], 0, 100, 2],
    ['by label', [newMatcher('=', 'job', 'y')], 0, 100, 1],
    ['missing label matches empty', [newMatcher('=', 'other', '')], 0, 100, 2],
    ['regex', [newMatcher('=~', 'job', 'x|z')], 0, 100, 1],
    ['no samples in range', [newMatcher('=', 'job', 'y')], 6, 100, 0],
  ])('%s', (_name, matchers, minT, maxT, want) => {
    expect(s.select(matchers, minT, maxT)).toHaveLength(want);
  });

  it('returns samples in [minT, maxT] with staleness flags', () => {
    const [x] = s.select([newMatcher('=', 'job', 'x')], 10, 20);
    expect([...(x?.t ?? [])]).toEqual([10, 20]);
    expect([...(x?.stale ?? [])]).toEqual([0, 1]);
  });

  it('drops out-of-order samples', () => {
    expect(s.append({ __name__: 'a', job: 'x' }, 15, 9)).toBe(false);
  });
});

describe('MemoryStorage indexes and ordering', () => {
  const names = (data: { labels: Record<string, string> }[]): string[] =>
    data.map((d) => `${d.labels['__name__'] ?? ''}/${d.labels['i'] ?? ''}`);

  it.each([
    ['equality matcher', [newMatcher('=', '__name__', 'm')], ['m/1', 'm/2', 'm/3']],
    ['regex over several values', [newMatcher('=~', '__name__', 'm|n')], ['m/1', 'm/2', 'm/3', 'n/0', 'n/9']],
    ['negative regex only', [newMatcher('!~', 'i', '2|9')], ['m/1', 'm/3', 'n/0', 'z/']],
    ['not-equal plus equality', [newMatcher('=', '__name__', 'n'), newMatcher('!=', 'i', '0')], ['n/9']],
    ['regex and label absent', [newMatcher('=~', '__name__', '.+'), newMatcher('=', 'i', '')], ['z/']],
    ['no such value', [newMatcher('=', '__name__', 'nope')], []],
  ])('returns series in label order: %s', (_name, matchers, want) => {
    const s = new MemoryStorage();
    // Created out of label order, so the storage has to sort them.
    for (const [n, i] of [['n', '9'], ['m', '3'], ['z', ''], ['m', '1'], ['n', '0'], ['m', '2']] as const) {
      s.append(i === '' ? { __name__: n } : { __name__: n, i }, 1, 1);
    }
    expect(names(s.select(matchers, 0, 10))).toEqual(want);
  });

  it('keeps order when series are added between selects', () => {
    const s = new MemoryStorage();
    const all = [newMatcher('=~', '__name__', '.+')];
    s.append({ __name__: 'b' }, 1, 1);
    expect(names(s.select(all, 0, 10))).toEqual(['b/']);
    s.append({ __name__: 'c' }, 1, 1);
    s.append({ __name__: 'a' }, 1, 1);
    expect(names(s.select(all, 0, 10))).toEqual(['a/', 'b/', 'c/']);
  });

  it('returns samples that later appends do not change', () => {
    const s = new MemoryStorage();
    const l = { __name__: 'g' };
    for (let t = 0; t < 10; t++) s.append(l, t, t * 2);
    const [before] = s.select([newMatcher('=', '__name__', 'g')], 0, 100);
    for (let t = 10; t < 100; t++) s.append(l, t, t * 2, t === 50);
    expect([...(before?.v ?? [])]).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expect(before?.stale).toBeUndefined();
    const [after] = s.select([newMatcher('=', '__name__', 'g')], 45, 55);
    expect([...(after?.t ?? [])]).toEqual([45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55]);
    expect([...(after?.stale ?? [])]).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
  });

  it('files samples by label values even when the caller reuses and changes its label object', () => {
    const s = new MemoryStorage();
    const l: Record<string, string> = { __name__: 'r', i: '1' };
    s.append(l, 1, 1);
    l['i'] = '2';
    s.append(l, 2, 2);
    const got = s.select([newMatcher('=', '__name__', 'r')], 0, 10);
    expect(got.map((d) => [d.labels['i'], [...d.t]])).toEqual([
      ['1', [1]],
      ['2', [2]],
    ]);
  });
});
