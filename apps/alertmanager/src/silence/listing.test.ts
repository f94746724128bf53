import { describe, expect, it } from 'vitest';
import { parseMatchersUtf8 } from '@vigil/model';
import { matchesFilter, sortSilences, withStatus } from './listing';
import type { Silence, SilenceMatcher } from './silence';

const NOW = Date.parse('2024-01-01T12:00:00Z');
const H = 3_600_000;

function silence(id: string, startsAt: number, endsAt: number, matchers: SilenceMatcher[] = []): Silence {
  return { id, matchers, startsAt, endsAt, updatedAt: NOW, createdBy: '', comment: '' };
}

describe('matchesFilter', () => {
  const sil = silence('s', NOW, NOW + H, [
    { name: 'alertname', type: '=', value: 'DiskFull' },
    { name: 'instance', type: '=~', value: 'web-.*' },
  ]);

  it.each([
    ['{}', true],
    ['alertname="DiskFull"', true],
    ['alertname="DiskFull", instance=~"web-.*"', true],
    ['instance=~"web-.*"', true],
    // Filters compare matchers; they do not evaluate them against each other.
    ['instance="web-1"', false],
    ['instance=~"web-.+"', false],
    ['alertname!="DiskFull"', false],
    ['alertname="DiskFull", job="x"', false],
  ])('filter %s: %s', (filter, expected) => {
    expect(matchesFilter(sil, parseMatchersUtf8(filter))).toBe(expected);
  });
});

describe('sortSilences', () => {
  it('orders active by soonest end, then pending by soonest start, then expired by latest end', () => {
    const sils = [
      silence('expired-early', NOW - 3 * H, NOW - 2 * H),
      silence('pending-late', NOW + 2 * H, NOW + 5 * H),
      silence('active-long', NOW - H, NOW + 9 * H),
      silence('expired-late', NOW - 3 * H, NOW - H),
      silence('active-short', NOW - H, NOW + H),
      silence('pending-soon', NOW + H, NOW + 9 * H),
      silence('ends-now', NOW - H, NOW),
    ].map((s) => withStatus(s, NOW));
    expect(sortSilences(sils).map((s) => s.id)).toEqual([
      'active-short',
      'active-long',
      'pending-soon',
      'pending-late',
      'ends-now',
      'expired-late',
      'expired-early',
    ]);
  });

  it('reports a silence ending right now as expired, as the API does', () => {
    expect(withStatus(silence('s', NOW - H, NOW), NOW).status.state).toBe('expired');
  });
});
