import { describe, expect, it } from 'vitest';
import { evalTimestamp, groupHash, groupKey, groupSlotOffsetNs } from './group-slot';
import { xxhash64 } from './xxhash64';

describe('xxhash64', () => {
  it.each([
    ['', 'ef46db3751d8e999'],
    ['a', 'd24ec4f1a98c6e5b'],
    ['abc', '44bc2cf5ad770999'],
    // Longer than one 32-byte stripe, with 4-byte and 1-byte tails.
    ['Nobody inspects the spammish repetition', 'fbcea83c8a378bf1'],
  ])('%j → %s', (input, want) => {
    expect(xxhash64(new TextEncoder().encode(input)).toString(16).padStart(16, '0')).toBe(want);
  });
});

describe('group slots', () => {
  it('keys groups as file;name', () => {
    expect(groupKey('rules/a.yml', 'g')).toBe('rules/a.yml;g');
  });

  it('hashes file and name as Prometheus stringlabels encodes {file, name}', () => {
    const enc = new TextEncoder();
    const bytes = Uint8Array.from([
      4,
      ...enc.encode('file'),
      5,
      ...enc.encode('a.yml'),
      4,
      ...enc.encode('name'),
      1,
      ...enc.encode('g'),
    ]);
    expect(groupHash('a.yml', 'g')).toBe(xxhash64(bytes));
    expect(groupHash('a.yml', 'g')).not.toBe(groupHash('a.yml', 'h'));
  });

  it('encodes names of 255 bytes and more with a 4-byte length', () => {
    const long = 'x'.repeat(300);
    const enc = new TextEncoder();
    const bytes = Uint8Array.from([
      4,
      ...enc.encode('file'),
      255,
      300 & 0xff,
      300 >> 8,
      0,
      ...enc.encode(long),
      4,
      ...enc.encode('name'),
      1,
      ...enc.encode('g'),
    ]);
    expect(groupHash(long, 'g')).toBe(xxhash64(bytes));
  });

  it.each([
    { file: 'a.yml', name: 'g', intervalMs: 60_000 },
    { file: 'rules/node.yml', name: 'node-alerts', intervalMs: 15_000 },
    { file: 'x', name: 'y', intervalMs: 1_000 },
  ])('places $file;$name on its own slot of the $intervalMs ms grid', ({ file, name, intervalMs }) => {
    const offsetNs = groupSlotOffsetNs(file, name, intervalMs);
    expect(offsetNs).toBe(groupHash(file, name) % BigInt(intervalMs * 1e6));
    const offsetMs = Number(offsetNs / 1_000_000n);
    const now = Date.UTC(2024, 5, 1, 10, 0, 0) + 123;
    const slot = evalTimestamp(now, intervalMs, offsetNs);
    expect(slot).toBeLessThanOrEqual(now);
    expect(slot).toBeGreaterThan(now - intervalMs);
    expect((((slot - offsetMs) % intervalMs) + intervalMs) % intervalMs).toBe(0);
    // Every instant within one slot maps to that slot; the next slot is one interval later.
    expect(evalTimestamp(slot, intervalMs, offsetNs)).toBe(slot);
    expect(evalTimestamp(slot + intervalMs - 1, intervalMs, offsetNs)).toBe(slot);
    expect(evalTimestamp(slot + intervalMs, intervalMs, offsetNs)).toBe(slot + intervalMs);
  });

  it('truncates the nanosecond slot to milliseconds', () => {
    // Offset 1.5 ms on a 10 ms grid: slots at 999_991.5, 1_000_001.5, … → 999_991, 1_000_001 in ms.
    expect(evalTimestamp(1_000_005, 10, 1_500_000n)).toBe(1_000_001);
    expect(evalTimestamp(1_000_001, 10, 1_500_000n)).toBe(1_000_001);
    expect(evalTimestamp(1_000_000, 10, 1_500_000n)).toBe(999_991);
  });
});

describe('group slots against a real Prometheus', () => {
  // Sample timestamps a Prometheus 2.42 (Debian build, `slicelabels`: Hash = xxhash of
  // name 0xff value 0xff …) wrote for recording rules of /tmp/promslot/rules.yml. Prometheus 3 hashes the
  // stringlabels encoding instead, but the xxhash and slot arithmetic are the same.
  function sliceLabelsHash(file: string, name: string): bigint {
    const enc = new TextEncoder();
    const bytes: number[] = [];
    for (const s of ['file', file, 'name', name]) bytes.push(...enc.encode(s), 0xff);
    return xxhash64(Uint8Array.from(bytes));
  }

  it.each([
    { name: 'slotcheck', intervalMs: 10_000, observed: [1795647799937, 1795647809937, 1795647819937] },
    { name: 'another-group', intervalMs: 7_000, observed: [1795647796017, 1795647803017, 1795647810017] },
  ])('$name every $intervalMs ms', ({ name, intervalMs, observed }) => {
    const offsetNs = sliceLabelsHash('/tmp/promslot/rules.yml', name) % BigInt(intervalMs * 1e6);
    for (const t of observed) expect(evalTimestamp(t + 1234, intervalMs, offsetNs)).toBe(t);
  });
});
