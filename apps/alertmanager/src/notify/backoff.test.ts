import { describe, expect, it } from 'vitest';
import { ExponentialBackoff } from './backoff';

describe('ExponentialBackoff', () => {
  // The interval before jitter: 500 ms × 1.5ⁿ, capped at 60 s.
  const intervals = Array.from({ length: 16 }, (_, n) => Math.min(500 * 1.5 ** n, 60_000));

  it.each([
    ['lowest', 0, 0.5],
    ['middle', 0.5, 1],
    ['highest', 0.999999, 1.5],
  ])('keeps each wait within ±50%% of the interval (%s jitter)', (_name, r, factor) => {
    const b = new ExponentialBackoff({ random: () => r });
    for (const interval of intervals) expect(b.next()).toBeCloseTo(interval * factor, 0);
  });

  it('starts at 500 ms and stops growing at 60 s', () => {
    const b = new ExponentialBackoff({ random: () => 0.5 });
    const waits = Array.from({ length: 20 }, () => b.next());
    expect(waits.slice(0, 4)).toEqual([500, 750, 1125, 1687.5]);
    expect(Math.max(...waits)).toBe(60_000);
    expect(waits.at(-1)).toBe(60_000);
  });
});
