import { describe, expect, it } from 'vitest';
import { aggregate, formatFloatF } from './aggregate';
import { quantile as quantileOf } from './functions/stats';
import { formatLabels } from './labels';
import type { Vector } from './values';

const input: Vector = [
  { labels: { __name__: 'x', job: 'a', i: '1' }, value: 1 },
  { labels: { __name__: 'x', job: 'a', i: '2' }, value: 3 },
  { labels: { __name__: 'x', job: 'b', i: '1' }, value: 10 },
  { labels: { __name__: 'x', job: 'b', i: '2' }, value: NaN },
];

function run(
  op: Parameters<typeof aggregate>[1]['op'],
  grouping: string[],
  without: boolean,
  param: number | string | null = null,
): string[] {
  return aggregate(input, { op, grouping, without, param, annotate: () => undefined }).map(
    (s) => `${formatLabels(s.labels)} ${s.value}`,
  );
}

describe('aggregate', () => {
  it.each([
    ['sum', [], false, null, ['{} NaN']],
    ['sum', ['job'], false, null, ['{job="a"} 4', '{job="b"} NaN']],
    ['avg', ['job'], false, null, ['{job="a"} 2', '{job="b"} NaN']],
    ['count', ['i'], true, null, ['{job="a"} 2', '{job="b"} 2']],
    ['min', ['job'], false, null, ['{job="a"} 1', '{job="b"} 10']],
    ['max', ['job'], false, null, ['{job="a"} 3', '{job="b"} 10']],
    ['group', [], false, null, ['{} 1']],
    ['stdvar', ['job'], false, null, ['{job="a"} 1', '{job="b"} NaN']],
    ['stddev', ['job'], false, null, ['{job="a"} 1', '{job="b"} NaN']],
    ['topk', [], false, 2, ['{__name__="x", i="1", job="b"} 10', '{__name__="x", i="2", job="a"} 3']],
    ['bottomk', ['job'], false, 1, ['{__name__="x", i="1", job="a"} 1', '{__name__="x", i="1", job="b"} 10']],
    ['quantile', ['job'], false, 0.5, ['{job="a"} 2', '{job="b"} NaN']],
    [
      'count_values',
      ['job'],
      false,
      'v',
      ['{job="a", v="1"} 1', '{job="a", v="3"} 1', '{job="b", v="10"} 1', '{job="b", v="NaN"} 1'],
    ],
  ] as const)('%s by/without %j (without=%s)', (op, grouping, without, param, want) => {
    expect(run(op, [...grouping], without, param)).toEqual(want);
  });

  it('warns about a quantile outside [0, 1]', () => {
    const notes: string[] = [];
    aggregate(input, {
      op: 'quantile',
      grouping: [],
      without: false,
      param: 2,
      annotate: (_l, m) => notes.push(m),
    });
    expect(notes).toEqual(['PromQL warning: quantile value should be between 0 and 1, got 2']);
  });

  it('rejects a NaN k', () => {
    expect(() => run('topk', [], false, NaN)).toThrow('Parameter value is NaN');
  });

  it.each([
    [0.5, [1, 2, 3, 4], 2.5],
    [0, [5, 1], 1],
    [1, [5, 1], 5],
    [-1, [1], -Infinity],
  ])('quantileOf(%d, %j) = %d', (q, values, want) => {
    expect(quantileOf(q, values)).toBe(want);
  });

  it.each([
    [1e21, '1000000000000000000000'],
    [1e-7, '0.0000001'],
    [1.5, '1.5'],
    [-Infinity, '-Inf'],
  ])('formatFloatF(%d) = %s', (f, want) => {
    expect(formatFloatF(f)).toBe(want);
  });
});
