import { describe, expect, it } from 'vitest';
import { fingerprint } from '@vigil/model';
import type { Alert } from './alert';
import { decodeStoredAlert, encodeStoredAlert } from './codec';

const T0 = Date.parse('2024-05-01T12:00:00Z');
const ALERT: Alert = {
  labels: { alertname: 'DiskFull', instance: 'db1' },
  annotations: { summary: 'disk is full' },
  startsAt: T0,
  endsAt: T0 + 300_000,
  generatorURL: 'http://prom/graph',
  updatedAt: T0 + 1,
  timeout: true,
  fingerprint: fingerprint({ alertname: 'DiskFull', instance: 'db1' }),
};

function withField(field: string, value: unknown): string {
  const json = JSON.parse(encodeStoredAlert(ALERT)) as Record<string, unknown>;
  json[field] = value;
  return JSON.stringify(json);
}

describe('stored alert codec', () => {
  it('round-trips an alert', () => {
    expect(decodeStoredAlert(ALERT.fingerprint, encodeStoredAlert(ALERT))).toEqual({
      ok: true,
      alert: ALERT,
    });
  });

  it.each<[string, string, string, string?]>([
    ['not JSON', '{', 'not JSON'],
    ['an array', '[]', 'not a JSON object'],
    ['another version', withField('v', 2), 'unknown format version 2'],
    ['labels not an object', withField('labels', 'x'), 'labels is not an object'],
    ['a numeric label value', withField('labels', { a: 1 }), 'labels.a is not a string'],
    ['a fractional time', withField('startsAt', 1.5), 'startsAt is not an integer of ms'],
    ['timeout missing', withField('timeout', undefined), 'timeout is not a boolean'],
    ['no labels', withField('labels', {}), 'at least one label pair required'],
    ['end before start', withField('endsAt', T0 - 1), 'start time must be before end time'],
    [
      'the wrong key',
      encodeStoredAlert(ALERT),
      'stored under 0000000000000000 but its labels hash to',
      '0000000000000000',
    ],
  ])('rejects %s', (_name, text, reason, key) => {
    const got = decodeStoredAlert(key ?? ALERT.fingerprint, text);
    expect(got.ok).toBe(false);
    if (!got.ok) expect(got.reason).toContain(reason);
  });
});
