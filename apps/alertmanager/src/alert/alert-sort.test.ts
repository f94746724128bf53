import { describe, expect, it } from 'vitest';
import type { Labels } from '@vigil/model';
import { compareLabelSets, labelSetBefore, sortAlerts } from './alert-sort';

const a1 = { labels: { job: 'j1', instance: 'i1', alertname: 'an1' } };
const a2 = { labels: { job: 'j1', instance: 'i1', alertname: 'an2' } };
const a3 = { labels: { job: 'j2', instance: 'i1', alertname: 'an1' } };
const a4 = { labels: { alertname: 'an1' } };
const a5 = { labels: { alertname: 'an2' } };

describe('sortAlerts (Alertmanager AlertSlice order)', () => {
  const b1 = { labels: { instance: 'b' } as Labels };
  const b2 = { labels: { instance: 'a', z: '1' } as Labels };
  it.each<[{ labels: Labels }[], { labels: Labels }[]]>([
    [
      [a2, a1],
      [a1, a2],
    ],
    [
      [a3, a2, a1],
      [a1, a2, a3],
    ],
    [
      [a4, a2, a4],
      [a2, a4, a4],
    ],
    [
      [a5, a4],
      [a4, a5],
    ],
    [
      [b1, b2],
      [b2, b1],
    ],
    [
      [a4, b1],
      [b1, a4],
    ],
  ])('%#', (input, want) => {
    expect(sortAlerts([...input])).toEqual(want);
  });
});

describe('labelSetBefore', () => {
  it.each<[Labels, Labels, boolean]>([
    [{ a: '1' }, { a: '1', b: '1' }, true],
    [{ a: '1', b: '1' }, { a: '1' }, false],
    [{ a: '1' }, { a: '2' }, true],
    [{ a: '2' }, { a: '1' }, false],
    [{ a: '1' }, { b: '1' }, false],
    [{ b: '1' }, { a: '1' }, true],
    [{ a: '1' }, { a: '1' }, false],
  ])('%j before %j is %s', (a, b, want) => {
    expect(labelSetBefore(a, b)).toBe(want);
    if (compareLabelSets(a, b) !== 0) expect(labelSetBefore(b, a)).toBe(!want);
  });
});
