import { describe, expect, it } from 'vitest';
import { fingerprint } from '@vigil/model';
import { normalizeAlerts, type AlertInput } from './intake';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const RESOLVE_TIMEOUT = 5 * 60_000;

function intake(inputs: AlertInput[], mode?: 'classic' | 'utf8') {
  return normalizeAlerts(inputs, {
    now: NOW,
    resolveTimeoutMs: RESOLVE_TIMEOUT,
    ...(mode ? { labelNameMode: mode } : {}),
  });
}

describe('normalizeAlerts times', () => {
  it.each<[string, AlertInput, { startsAt: number; endsAt: number; timeout: boolean }]>([
    [
      'no times: now, now + resolve_timeout',
      { labels: { a: 'b' } },
      { startsAt: NOW, endsAt: NOW + RESOLVE_TIMEOUT, timeout: true },
    ],
    [
      'only startsAt',
      { labels: { a: 'b' }, startsAt: '2024-05-01T11:00:00Z' },
      { startsAt: NOW - 3_600_000, endsAt: NOW + RESOLVE_TIMEOUT, timeout: true },
    ],
    [
      'only endsAt: startsAt = endsAt',
      { labels: { a: 'b' }, endsAt: '2024-05-01T11:00:00Z' },
      { startsAt: NOW - 3_600_000, endsAt: NOW - 3_600_000, timeout: false },
    ],
    [
      "Go's zero time counts as missing",
      { labels: { a: 'b' }, startsAt: '0001-01-01T00:00:00Z', endsAt: '0001-01-01T00:00:00Z' },
      { startsAt: NOW, endsAt: NOW + RESOLVE_TIMEOUT, timeout: true },
    ],
    [
      'both set, with an offset and nanoseconds',
      { labels: { a: 'b' }, startsAt: '2024-05-01T13:00:00.123456789+02:00', endsAt: '2024-05-01T12:30:00Z' },
      { startsAt: NOW - 3_600_000 + 123, endsAt: NOW + 1_800_000, timeout: false },
    ],
  ])('%s', (_name, input, want) => {
    const r = intake([input]);
    expect(r.errors).toEqual([]);
    expect(r.alerts[0]).toMatchObject({ ...want, updatedAt: NOW });
  });

  it('counts firing and resolved alerts before validation', () => {
    const r = intake([
      { labels: { a: '1' } },
      { labels: {}, endsAt: '2024-05-01T11:00:00Z' },
      { labels: { a: '3' }, startsAt: '2024-05-01T10:00:00Z', endsAt: '2024-05-01T11:00:00Z' },
    ]);
    expect([r.firing, r.resolved, r.alerts.length, r.errors.length]).toEqual([1, 2, 2, 1]);
  });
});

describe('normalizeAlerts validation (Alertmanager error texts)', () => {
  it.each<[string, AlertInput, string, ('classic' | 'utf8')?]>([
    ['no labels', { labels: {} }, 'at least one label pair required'],
    ['only empty label values', { labels: { a: '' } }, 'at least one label pair required'],
    [
      'end before start',
      { labels: { a: 'b' }, startsAt: '2024-05-01T11:00:00Z', endsAt: '2024-05-01T10:00:00Z' },
      'start time must be before end time',
    ],
    ['empty label name', { labels: { '': 'x' } }, 'invalid label set: invalid name ""'],
    [
      'classic mode rejects a dotted name',
      { labels: { 'a.b': 'x' } },
      'invalid label set: invalid name "a.b"',
      'classic',
    ],
    [
      'empty annotation name',
      { labels: { a: 'b' }, annotations: { '': 'x' } },
      'invalid annotations: invalid name ""',
    ],
    [
      'unparsable time',
      { labels: { a: 'b' }, startsAt: 'yesterday' },
      'invalid startsAt "yesterday": not an RFC 3339 time',
    ],
  ])('%s', (_name, input, want, mode) => {
    const r = intake([input], mode);
    expect(r.alerts).toEqual([]);
    expect(r.errors).toEqual([want]);
  });

  it('accepts UTF-8 label names by default', () => {
    expect(intake([{ labels: { 'a.b': 'x', ünïcode: 'y' } }]).errors).toEqual([]);
  });

  it('stores the valid alerts of a request and reports each invalid one in order', () => {
    const r = intake([
      { labels: { a: '1' } },
      { labels: {} },
      { labels: { a: '2' } },
      { labels: { '': 'x' } },
    ]);
    expect(r.alerts.map((a) => a.labels)).toEqual([{ a: '1' }, { a: '2' }]);
    expect(r.errors).toEqual(['at least one label pair required', 'invalid label set: invalid name ""']);
  });

  it('drops empty label values but keeps empty annotations, and fingerprints what is left', () => {
    const [a] = intake([
      { labels: { a: 'b', c: '' }, annotations: { s: '' }, generatorURL: 'http://x/graph' },
    ]).alerts;
    expect(a).toMatchObject({ labels: { a: 'b' }, annotations: { s: '' }, generatorURL: 'http://x/graph' });
    expect(a?.fingerprint).toBe(fingerprint({ a: 'b' }));
  });

  it('replaces lone surrogates as Go decodes them', () => {
    const [a] = intake([{ labels: { a: 'x\uD800' } }]).alerts;
    expect(a?.labels).toEqual({ a: 'x\uFFFD' });
  });
});
