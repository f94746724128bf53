import { parseExpr } from '@vigil/promql';
import { describe, expect, it } from 'vitest';
import { prettify } from './prettify';

describe('prettify', () => {
  it.each([
    ['sum(rate(x[5m]))by(job)', 'sum by (job) (rate(x[5m]))'],
    [
      '-max_over_time(sum without (method, code) (rate(http_requests_total{job="worker",instance!="i-0",code!="404"}[2m] offset 5m))[30m:1m])',
      [
        '-max_over_time(',
        '  sum without (method, code) (',
        '    rate(http_requests_total{code!="404",instance!="i-0",job="worker"}[2m] offset 5m)',
        '  )[30m:1m]',
        ')',
      ].join('\n'),
    ],
    [
      'sum by (job, instance) (rate(http_requests_total{job="api",code=~"5.."}[5m])) / sum by (job, instance) (rate(http_requests_total{job="api"}[5m])) > 0.05',
      [
        '    sum by (job, instance) (rate(http_requests_total{code=~"5..",job="api"}[5m]))',
        '  /',
        '    sum by (job, instance) (rate(http_requests_total{job="api"}[5m]))',
        '>',
        '  0.05',
      ].join('\n'),
    ],
    [
      'topk(5, sum by (instance) (rate(http_requests_total{job="api",code=~"5..",method="GET",handler!="/healthz"}[5m])))',
      [
        'topk(',
        '  5,',
        '  sum by (instance) (',
        '    rate(http_requests_total{code=~"5..",handler!="/healthz",job="api",method="GET"}[5m])',
        '  )',
        ')',
      ].join('\n'),
    ],
  ])('%s', (query, want) => {
    expect(prettify(parseExpr(query))).toBe(want);
  });
});
