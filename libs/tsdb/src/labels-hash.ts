// Fast label-set identity for the append path: an order-independent 32-bit hash and an equality check that
// need no sorting or string building (Prometheus hashes label sets the same way for its series map).
import type { Labels } from '@vigil/model';

function strHash(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h;
}

/** labelsHash hashes the non-empty labels of a set, independent of property order. */
export function labelsHash(labels: Labels): number {
  let sum = 0;
  let n = 0;
  for (const name in labels) {
    const value = labels[name] as string;
    if (value === '') continue;
    let h = strHash(0x811c9dc5, name);
    h = Math.imul(h ^ 0xff, 16777619);
    h = strHash(h, value);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    sum = (sum + h) | 0;
    n++;
  }
  return (sum ^ Math.imul(n, 0x9e3779b1)) >>> 0;
}

/** sameLabels tells whether `input` (empty values ignored) equals `stored` (which has no empty values). */
export function sameLabels(input: Labels, stored: Labels, storedCount: number): boolean {
  let n = 0;
  for (const name in input) {
    const value = input[name] as string;
    if (value === '') continue;
    if (stored[name] !== value) return false;
    n++;
  }
  return n === storedCount;
}
