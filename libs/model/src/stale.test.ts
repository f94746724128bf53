import { describe, expect, it } from 'vitest';
import { STALE_NAN, isStaleNaN } from './stale';

describe('stale markers', () => {
  it('carry the 0x7ff0000000000002 bit pattern', () => {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, STALE_NAN);
    expect(view.getBigUint64(0).toString(16)).toBe('7ff0000000000002');
  });

  it.each([
    [STALE_NAN, true],
    [Number.NaN, false],
    [0, false],
    [Infinity, false],
  ])('isStaleNaN(%s) → %s', (v, want) => {
    expect(isStaleNaN(v)).toBe(want);
  });

  it('survive being carried in sample objects, arrays and spreads', () => {
    const samples = [{ labels: {}, t: 0, v: STALE_NAN }];
    const moved = [...samples].map((s) => ({ ...s }));
    expect(isStaleNaN(moved[0]?.v ?? 0)).toBe(true);
  });
});
