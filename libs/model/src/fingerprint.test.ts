import { describe, expect, it } from 'vitest';
import { Fnv1a64, compareFingerprints, fingerprint } from './fingerprint';

// Reference FNV-1a 64 written straight from its definition with BigInt, independent of the two-halves code.
function referenceFnv(bytes: Iterable<number>): string {
  let h = 0xcbf29ce484222325n;
  for (const b of bytes) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

function referenceFingerprint(labels: Record<string, string>): string {
  const bytes: number[] = [];
  const enc = new TextEncoder();
  for (const name of Object.keys(labels).sort()) {
    bytes.push(...enc.encode(name), 0xff, ...enc.encode(labels[name]), 0xff);
  }
  return referenceFnv(bytes);
}

describe('Fnv1a64', () => {
  it.each([
    ['', 'cbf29ce484222325'],
    ['a', 'af63dc4c8601ec8c'],
    ['foobar', '85944171f73967e8'],
  ])('hashes %j to the published FNV-1a 64 vector', (input, expected) => {
    expect(new Fnv1a64().addString(input).hex()).toBe(expected);
  });

  it('agrees with a BigInt implementation on every byte value', () => {
    const bytes = Array.from({ length: 256 }, (_, i) => i);
    const h = new Fnv1a64();
    for (const b of bytes) h.addByte(b);
    expect(h.hex()).toBe(referenceFnv(bytes));
    expect(h.value().toString(16).padStart(16, '0')).toBe(h.hex());
  });
});

describe('fingerprint', () => {
  it.each([
    [{}],
    [{ alertname: 'HighLatency' }],
    [{ alertname: 'HighLatency', instance: 'host:9100', job: 'node' }],
    [{ b: '1', a: '2' }],
    [{ 'service.name': 'api', team: 'Ωmega 🙂' }],
    [{ empty: '' }],
  ])('of %j matches the definition', (labels) => {
    expect(fingerprint(labels)).toBe(referenceFingerprint(labels));
    expect(fingerprint(labels)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('is the FNV offset basis for the empty set', () => {
    expect(fingerprint({})).toBe('cbf29ce484222325');
  });

  it('does not depend on insertion order', () => {
    expect(fingerprint({ a: '1', b: '2' })).toBe(fingerprint({ b: '2', a: '1' }));
  });

  it('separates names from values', () => {
    expect(fingerprint({ ab: 'c' })).not.toBe(fingerprint({ a: 'bc' }));
  });

  it('orders as unsigned numbers', () => {
    expect(compareFingerprints('00000000000000ff', 'f000000000000000')).toBeLessThan(0);
  });
});

describe('fingerprint of non-ASCII labels', () => {
  const utf8 = (labels: Record<string, string>) =>
    Object.keys(labels)
      .sort()
      .flatMap((k) => [
        ...new TextEncoder().encode(k),
        0xff,
        ...new TextEncoder().encode(labels[k] ?? ''),
        0xff,
      ]);

  it.each([
    [{ alertname: 'Überlast', instance: 'host-ä:9100' }],
    [{ 'service.name': '日本語', job: 'x' }],
    [{ a: 'mixed ascii then é then ascii', b: '😀' }],
  ])('matches the definition for %j', (labels) => {
    expect(fingerprint(labels)).toBe(referenceFnv(utf8(labels)));
  });
});
