import { describe, expect, it } from 'vitest';
import { AlertBuffer } from './alert-buffer';

type Batch = { id: string; alerts: number[] };

function fill(capacity: number, sizes: number[]): { buffer: AlertBuffer<number, Batch>; dropped: number } {
  const buffer = new AlertBuffer<number, Batch>(capacity);
  let dropped = 0;
  let next = 0;
  sizes.forEach((size, i) => {
    dropped += buffer.push({ id: `b${i}`, alerts: Array.from({ length: size }, () => next++) });
  });
  return { buffer, dropped };
}

function contents(buffer: AlertBuffer<number, Batch>): [string, number[]][] {
  return buffer.takeBatches(Infinity).map((b) => [b.id, b.alerts]);
}

describe('AlertBuffer', () => {
  it.each([
    [
      'fits',
      10,
      [3, 3],
      0,
      [
        ['b0', [0, 1, 2]],
        ['b1', [3, 4, 5]],
      ],
    ],
    [
      'drops the oldest alerts of the oldest batch',
      5,
      [3, 3],
      1,
      [
        ['b0', [1, 2]],
        ['b1', [3, 4, 5]],
      ],
    ],
    [
      'drops whole old batches',
      4,
      [2, 1, 3],
      2,
      [
        ['b1', [2]],
        ['b2', [3, 4, 5]],
      ],
    ],
    ['keeps the newest alerts of an oversized batch', 2, [5], 3, [['b0', [3, 4]]]],
    ['ignores empty batches', 3, [0, 2], 0, [['b1', [0, 1]]]],
  ] as const)('%s', (_name, capacity, sizes, dropped, expected) => {
    const filled = fill(capacity, [...sizes]);
    expect(filled.dropped).toBe(dropped);
    expect(filled.buffer.alertCount).toBe(expected.reduce((n, [, a]) => n + a.length, 0));
    expect(contents(filled.buffer)).toEqual(expected);
  });

  it('takes alerts across batches, splitting one', () => {
    const { buffer } = fill(100, [2, 3, 2]);
    expect(buffer.takeAlerts(4)).toEqual([0, 1, 2, 3]);
    expect(buffer.alertCount).toBe(3);
    expect(contents(buffer)).toEqual([
      ['b1', [4]],
      ['b2', [5, 6]],
    ]);
  });

  it('puts taken batches back in front and trims the oldest when over capacity', () => {
    const { buffer } = fill(5, [2, 2]);
    const taken = buffer.takeBatches(1);
    buffer.push({ id: 'b2', alerts: [10, 11, 12] });
    expect(buffer.putBack(taken)).toBe(2);
    expect(contents(buffer)).toEqual([
      ['b1', [2, 3]],
      ['b2', [10, 11, 12]],
    ]);
  });

  it('rejects a capacity below one', () => {
    expect(() => new AlertBuffer(0)).toThrow(/capacity/);
  });
});
