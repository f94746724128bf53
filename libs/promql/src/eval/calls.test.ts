import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../storage';
import { Engine } from './engine';
import { formatLabels } from './labels';
import type { Value } from './values';

function engine(): Engine {
  const s = new MemoryStorage();
  for (let i = 0; i <= 10; i++) {
    s.append({ __name__: 'c_total', job: 'a', instance: 'i10' }, i * 60_000, i * 60);
    s.append({ __name__: 'c_total', job: 'a', instance: 'i9' }, i * 60_000, i * 120);
  }
  return new Engine(s);
}

function show(v: Value): string[] {
  if (v.type === 'scalar' || v.type === 'string') return [String(v.value)];
  if (v.type === 'matrix') throw new Error('matrix');
  return v.value.map((s) => `${formatLabels(s.labels)} ${s.value}`);
}

describe('function calls and query-level values', () => {
  it.each([
    ['time()', 120_000, ['120']],
    ['vector(1)', 0, ['{} 1']],
    ['scalar(c_total{instance="i9"})', 60_000, ['120']],
    ['scalar(c_total)', 60_000, ['NaN']],
    ['absent(nope{job="x", a=~"y"})', 0, ['{job="x"} 1']],
    ['absent(c_total)', 0, []],
    ['rate(c_total{instance="i10"}[5m])', 600_000, ['{instance="i10", job="a"} 1']],
    [
      'last_over_time(c_total{instance="i9"}[5m])',
      600_000,
      ['{__name__="c_total", instance="i9", job="a"} 1200'],
    ],
    [
      'sort_by_label(c_total, "instance")',
      0,
      ['{__name__="c_total", instance="i9", job="a"} 0', '{__name__="c_total", instance="i10", job="a"} 0'],
    ],
    [
      'sort_desc(c_total)',
      60_000,
      [
        '{__name__="c_total", instance="i9", job="a"} 120',
        '{__name__="c_total", instance="i10", job="a"} 60',
      ],
    ],
    ['limitk(1, c_total)', 0, ['{__name__="c_total", instance="i10", job="a"} 0']],
    ['clamp(c_total, 5, 1)', 0, []],
    ['timestamp(c_total{instance="i9"})', 90_000, ['{instance="i9", job="a"} 60']],
    ['c_total{instance="i9"}[3m:1m] offset (1m + 1m)', 300_000, []],
    ['start()', 5000, ['5']],
    ['step()', 5000, ['0']],
  ])('%s at %d', (q, t, want) => {
    const v = engine().instantQuery(q, t).value;
    if (v.type === 'matrix') {
      expect(v.value.map((s) => [...s.v.subarray(0, s.length)])).toEqual([[120, 240, 360]]);
      return;
    }
    expect(show(v)).toEqual(want);
  });

  it('step() and range() resolve to the range query step and span', () => {
    const r = engine().rangeQuery('vector(step()) + range()', 0, 120_000, 60_000);
    expect([...(r.value.value[0]?.v ?? [])]).toEqual([180, 180, 180]);
  });

  it('gives subqueries in range queries the same points as in instant queries', () => {
    const e = engine();
    const q = 'max_over_time(rate(c_total[2m])[5m:1m])';
    const range = e.rangeQuery(q, 300_000, 600_000, 30_000).value.value;
    for (const s of range) {
      for (let i = 0; i < s.length; i++) {
        const inst = e.instantQuery(q, s.t[i] as number).value;
        if (inst.type !== 'vector') throw new Error('vector');
        const same = inst.value.find((x) => formatLabels(x.labels) === formatLabels(s.labels));
        expect(same?.value).toBe(s.v[i]);
      }
    }
  });

  it('warns when a rate input may not be a counter, with the position of the argument', () => {
    const s = new MemoryStorage();
    s.append({ __name__: 'gauge' }, 0, 1);
    s.append({ __name__: 'gauge' }, 60_000, 2);
    const r = new Engine(s).instantQuery('rate(gauge[5m])', 60_000);
    expect(r.infos.join('\n')).toMatch(/metric might not be a counter.*\(1:6\)/);
  });
});

function histogramEngine(): Engine {
  const s = new MemoryStorage();
  const buckets: Array<[string, number]> = [
    ['0.1', 2],
    ['1', 1],
    ['10', 5],
    ['+Inf', 8],
  ];
  for (const [le, v] of buckets) s.append({ __name__: 'h_bucket', le }, 0, v);
  s.append({ __name__: 'bad', le: 'Hello' }, 0, 1);
  return new Engine(s);
}

describe('classic histogram functions', () => {
  it.each([
    ['histogram_quantiles(h_bucket, "q", 0, 0.5)', ['{q="0.0"} 0', '{q="0.5"} 7']],
    ['histogram_quantile(0.5, h_bucket)', ['{} 7']],
    ['histogram_fraction(0, 10, h_bucket)', ['{} 0.625']],
  ])('%s', (q, want) => {
    expect(show(histogramEngine().instantQuery(q, 0).value)).toEqual(want);
  });

  it('reports forced monotonicity as an info at the vector argument', () => {
    const r = histogramEngine().instantQuery('histogram_quantiles(h_bucket, "q", 0.5)', 0);
    expect(r.infos).toEqual([expect.stringMatching(/fixed for monotonicity .* \(1:21\)$/)]);
  });

  it('warns about a malformed le label and leaves the series out', () => {
    const r = histogramEngine().instantQuery('histogram_quantile(0.5, bad)', 0);
    expect(show(r.value)).toEqual([]);
    expect(r.warnings).toEqual([
      'PromQL warning: bucket label "le" is missing or has a malformed value of "Hello" for metric name "bad" (1:25)',
    ]);
  });

  it('fails when the quantile label makes output series collide', () => {
    const s = new MemoryStorage();
    for (const le of ['1', '+Inf']) {
      s.append({ __name__: 'h_bucket', x: 'a', le }, 0, 1);
      s.append({ __name__: 'h_bucket', x: 'b', le }, 0, 1);
    }
    expect(() => new Engine(s).instantQuery('histogram_quantiles(h_bucket, "x", 0.5)', 0)).toThrow(
      'same labelset',
    );
  });
});

describe('absent labels', () => {
  it.each([
    ['absent(nope{x!="1", x="2"})', ['{x="2"} 1']],
    ['absent(nope{x="1", x="2"})', ['{} 1']],
    ['absent_over_time(nope{job="j"}[5m])', ['{job="j"} 1']],
  ])('%s', (q, want) => {
    expect(show(new Engine(new MemoryStorage()).instantQuery(q, 0).value)).toEqual(want);
  });
});
