import { describe, expect, it } from 'vitest';
import { decodeEntry, encodeEntry } from './codec';
import type { NflogEntry } from './entry';

const entry: NflogEntry = {
  groupKey: '{}/{team="db"}:{alertname="DiskFull"}',
  receiver: { groupName: 'ops', integration: 'webhook', idx: 1 },
  timestamp: 1_700_000_000_000,
  firingAlerts: ['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb'],
  resolvedAlerts: ['cccccccccccccccc'],
  receiverData: { threadTs: '123.456', count: 3 },
  expiresAt: 1_700_000_600_000,
};

describe('notification log entry codec', () => {
  it('reads back what it writes', () => {
    expect(decodeEntry(encodeEntry(entry))).toEqual({ ok: true, value: entry });
  });

  const valid = JSON.parse(encodeEntry(entry)) as Record<string, unknown>;
  it.each([
    ['not JSON', '{', /not JSON/],
    ['an array', '[]', /not a JSON object/],
    ['another format version', JSON.stringify({ ...valid, v: 2 }), /format version 2/],
    ['a numeric group key', JSON.stringify({ ...valid, groupKey: 1 }), /groupKey/],
    [
      'a negative index',
      JSON.stringify({ ...valid, receiver: { groupName: 'a', integration: 'b', idx: -1 } }),
      /idx/,
    ],
    ['a string timestamp', JSON.stringify({ ...valid, timestamp: '2024-01-01' }), /timestamp/],
    ['a missing expiry', JSON.stringify({ ...valid, expiresAt: undefined }), /expiresAt/],
    ['numbers among fingerprints', JSON.stringify({ ...valid, firingAlerts: [1] }), /firingAlerts/],
    ['an object in receiver data', JSON.stringify({ ...valid, receiverData: { a: {} } }), /receiverData\.a/],
  ])('rejects %s', (_name, text, reason) => {
    const decoded = decodeEntry(text);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.reason).toMatch(reason);
  });
});
