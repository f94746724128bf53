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
