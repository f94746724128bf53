import { describe, expect, it } from 'vitest';
import { decodeStoredSilence, encodeStoredSilence } from './codec';
import type { StoredSilence } from './silence-store';

const stored: StoredSilence = {
  silence: {
    id: '8c6bb0a5-2a80-4d3e-9b8e-2f1b2b8f5d0e',
    matchers: [
      { name: 'alertname', type: '=', value: 'DiskFull' },
      { name: 'instance', type: '=~', value: 'web-.*' },
    ],
    startsAt: 1_700_000_000_000,
    endsAt: 1_700_003_600_000,
    updatedAt: 1_700_000_000_000,
    createdBy: 'ops',
    comment: 'disk swap',
    annotations: { ticket: 'OPS-1' },
  },
  expiresAt: 1_700_435_600_000,
};

describe('stored silence codec', () => {
  it('round-trips', () => {
    expect(decodeStoredSilence(encodeStoredSilence(stored))).toEqual({ ok: true, value: stored });
  });

  it('round-trips without annotations', () => {
    const { annotations: _a, ...silence } = stored.silence;
    const plain = { ...stored, silence };
    expect(decodeStoredSilence(encodeStoredSilence(plain))).toEqual({ ok: true, value: plain });
  });

  const good = JSON.parse(encodeStoredSilence(stored)) as Record<string, unknown>;
  it.each<[string, string, string]>([
    ['not JSON', '{', 'not JSON: '],
    ['not an object', '[1]', 'not a JSON object'],
    ['an unknown format', JSON.stringify({ ...good, v: 2 }), 'unknown format version 2'],
    ['no id', JSON.stringify({ ...good, id: '' }), 'id: must be a non-empty string'],
    [
      'a string time',
      JSON.stringify({ ...good, endsAt: '2024-01-01T00:00:00Z' }),
      'endsAt: must be a number of ms',
    ],
    ['no createdBy', JSON.stringify({ ...good, createdBy: null }), 'createdBy: must be a string'],
    ['no matchers', JSON.stringify({ ...good, matchers: [] }), 'matchers: must be a non-empty list'],
    [
      'a bad operator',
      JSON.stringify({ ...good, matchers: [{ name: 'a', type: '==', value: 'b' }] }),
      'matchers[0]: unknown matcher type "=="',
    ],
    [
      'a bad regex',
      JSON.stringify({ ...good, matchers: [{ name: 'a', type: '=~', value: '(' }] }),
      'matchers[0]: invalid regular expression',
    ],
    [
      'bad annotations',
      JSON.stringify({ ...good, annotations: { a: 1 } }),
      'annotations: must map strings to strings',
    ],
  ])('rejects %s', (_name, text, reason) => {
    const result = decodeStoredSilence(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason.startsWith(reason)).toBe(true);
  });
});
