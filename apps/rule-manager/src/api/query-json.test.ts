import { parseHistogramLiteral } from '@vigil/promql';
import { describe, expect, it } from 'vitest';
import { resultJson, seriesJson } from './query-json';

describe('native histograms in query results', () => {
  // Schema 0: bucket 0 is (0.5, 1], bucket 1 is (1, 2]; empty buckets are left out, as Prometheus does.
  const { h } = parseHistogramLiteral('{{schema:0 sum:5 count:4 buckets:[1 0 3]}}');

  it('writes a vector sample as `histogram` with count, sum and boundary-coded buckets', () => {
    expect(resultJson({ type: 'vector', value: [{ labels: { a: 'b' }, value: 0, h }] }, 1500)).toEqual({
      resultType: 'vector',
      result: [
        {
          metric: { a: 'b' },
          histogram: [
            1.5,
            {
              count: '4',
              sum: '5',
              buckets: [
                [0, '0.5', '1', '1'],
                [0, '2', '4', '3'],
              ],
            },
          ],
        },
      ],
    });
  });

  it('writes histogram points of a matrix series as `histograms`, float points as `values`', () => {
    const json = seriesJson({
      labels: {},
      t: Float64Array.of(1000, 2000),
      v: Float64Array.of(7, 0),
      length: 2,
      h: [undefined, h],
    });
    expect(json).toEqual({
      metric: {},
      values: [[1, '7']],
      histograms: [
        [
          2,
          {
            count: '4',
            sum: '5',
            buckets: [
              [0, '0.5', '1', '1'],
              [0, '2', '4', '3'],
            ],
          },
        ],
      ],
    });
  });
});
