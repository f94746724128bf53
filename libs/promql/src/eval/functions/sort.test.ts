import { describe, expect, it } from 'vitest';
import { compareLabelSets, naturalLess, sortByLabel, sortByValue } from './sort';
import type { LabelSet, VectorSample } from '../types';

describe('naturalLess (facette/natsort as pinned by Prometheus)', () => {
  it.each<[string, string, boolean]>([
    ['a2', 'a10', true],
    ['a10', 'a2', false],
    ['abc', 'abd', true],
    ['x1y', 'x1z', true],
    ['1', '01', true],
    ['', 'a', false],
    ['a', 'a1', true],
    ['a1', 'a', false],
    // Digit runs beyond int64 compare as strings.
    ['99999999999999999999', '100000000000000000000', false],
    ['é', 'z', false],
  ])('%j < %j is %s', (a, b, want) => {
    expect(naturalLess(a, b)).toBe(want);
  });
});

describe('compareLabelSets', () => {
  it.each<[LabelSet, LabelSet, number]>([
    [{ a: '1' }, { a: '2' }, -1],
    [{ a: '1' }, { b: '1' }, -1],
    [{ a: '1' }, { a: '1', b: '1' }, -1],
    [{ a: '1', b: '2' }, { a: '1', b: '2' }, 0],
  ])('%j vs %j', (a, b, want) => {
    expect(Math.sign(compareLabelSets(a, b))).toBe(want);
  });
});

const s = (value: number, labels: LabelSet = {}): VectorSample => ({ labels, value });

describe('sort and sort_desc', () => {
  const input = [s(3), s(NaN), s(1), s(2)];
  it('sorts ascending with NaN last', () => {
    expect(sortByValue(input, false).map((x) => x.value)).toEqual([1, 2, 3, NaN]);
  });
  it('sorts descending with NaN last', () => {
    expect(sortByValue(input, true).map((x) => x.value)).toEqual([3, 2, 1, NaN]);
  });
});

describe('sort_by_label', () => {
  const input = [
    s(1, { instance: 'host10', job: 'b' }),
    s(2, { instance: 'host2', job: 'a' }),
    s(3, { instance: 'host2', job: 'b' }),
  ];
  it('uses natural order and the full label set as tie-break', () => {
    expect(sortByLabel(input, ['instance'], false).map((x) => x.value)).toEqual([2, 3, 1]);
  });
  it('reverses for the _desc variant', () => {
    expect(sortByLabel(input, ['instance'], true).map((x) => x.value)).toEqual([1, 3, 2]);
  });
});
