import { describe, expect, it } from 'vitest';
import type { Alert } from './alert';
import { mergeAlerts, overlapsStored } from './merge';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const MIN = 60_000;

function alert(startsAt: number, endsAt: number, updatedAt: number, timeout = false): Alert {
  return {
    labels: { alertname: 'A' },
    annotations: {},
    startsAt,
    endsAt,
    generatorURL: '',
    updatedAt,
    timeout,
    fingerprint: 'x',
  };
}

// Alertmanager's TestAlertMerge: A is always the older alert; merging either way round gives the same result.
const mergeCases: [string, Alert, Alert, Alert][] = [
  [
    'both timeout: start from A, end from B',
    alert(NOW - 2 * MIN, NOW + 2 * MIN, NOW, true),
    alert(NOW - MIN, NOW + 3 * MIN, NOW + MIN, true),
    alert(NOW - 2 * MIN, NOW + 3 * MIN, NOW + MIN, true),
  ],
  [
    'A timeout, B explicit: the explicit earlier end wins',
    alert(NOW - MIN, NOW + 3 * MIN, NOW, true),
    alert(NOW, NOW + 2 * MIN, NOW + MIN),
    alert(NOW - MIN, NOW + 2 * MIN, NOW + MIN),
  ],
  [
    'A explicit, B timeout: the later explicit end wins, flag from B',
    alert(NOW - MIN, NOW + 3 * MIN, NOW),
    alert(NOW, NOW + 2 * MIN, NOW + MIN, true),
    alert(NOW - MIN, NOW + 3 * MIN, NOW + MIN, true),
  ],
  [
    'both explicit, A ends later',
    alert(NOW - MIN, NOW + 3 * MIN, NOW),
    alert(NOW, NOW + 2 * MIN, NOW + MIN),
    alert(NOW - MIN, NOW + 3 * MIN, NOW + MIN),
  ],
  [
    'both explicit, B ends later',
    alert(NOW - MIN, NOW + 3 * MIN, NOW),
    alert(NOW - MIN, NOW + 4 * MIN, NOW + MIN),
    alert(NOW - MIN, NOW + 4 * MIN, NOW + MIN),
  ],
  [
    'A resolved, B firing: B fires on',
    alert(NOW - 3 * MIN, NOW - MIN, NOW),
    alert(NOW - 2 * MIN, NOW + MIN, NOW + MIN),
    alert(NOW - 3 * MIN, NOW + MIN, NOW + MIN),
  ],
  [
    'B resolves A: the resolution wins over a later end',
    alert(NOW - 2 * MIN, NOW + 3 * MIN, NOW),
    alert(NOW - 2 * MIN, NOW, NOW + MIN),
    alert(NOW - 2 * MIN, NOW, NOW + MIN),
  ],
  [
    'both resolved: earliest start, latest end',
    alert(NOW - 3 * MIN, NOW - MIN, NOW - MIN),
    alert(NOW - 4 * MIN, NOW - 2 * MIN, NOW + MIN),
    alert(NOW - 4 * MIN, NOW - MIN, NOW + MIN),
  ],
];

describe('mergeAlerts', () => {
  it.each(mergeCases)('%s', (_name, a, b, want) => {
    expect(mergeAlerts(a, b, NOW)).toEqual(want);
    expect(mergeAlerts(b, a, NOW)).toEqual(want);
  });

  it('takes the incoming alert as the base on equal updatedAt', () => {
    const stored = { ...alert(NOW - MIN, NOW + MIN, NOW), annotations: { v: 'old' } };
    const incoming = { ...alert(NOW - MIN, NOW + 2 * MIN, NOW), annotations: { v: 'new' } };
    expect(mergeAlerts(stored, incoming, NOW).annotations).toEqual({ v: 'new' });
  });

  it('leaves its inputs unchanged', () => {
    const a = alert(NOW - 2 * MIN, NOW + 2 * MIN, NOW, true);
    const b = alert(NOW - MIN, NOW + 3 * MIN, NOW + MIN, true);
    const before = [structuredClone(a), structuredClone(b)];
    mergeAlerts(a, b, NOW);
    expect([a, b]).toEqual(before);
  });
});

describe('overlapsStored', () => {
  const stored = alert(NOW - 10 * MIN, NOW + 10 * MIN, NOW);
  it.each<[string, number, number, boolean]>([
    ['end inside the stored span', NOW - 20 * MIN, NOW, true],
    ['start inside the stored span', NOW, NOW + 20 * MIN, true],
    ['same start, later end (a plain resend)', NOW - 10 * MIN, NOW + 20 * MIN, false],
    ['same span', NOW - 10 * MIN, NOW + 10 * MIN, false],
    ['entirely after', NOW + 11 * MIN, NOW + 20 * MIN, false],
    ['entirely before', NOW - 30 * MIN, NOW - 20 * MIN, false],
    ['covers the stored span', NOW - 20 * MIN, NOW + 20 * MIN, false],
    ['no end, start inside', NOW, 0, true],
  ])('%s → %s', (_name, startsAt, endsAt, want) => {
    expect(overlapsStored(stored, alert(startsAt, endsAt, NOW + MIN))).toBe(want);
  });
});
