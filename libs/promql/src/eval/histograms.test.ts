import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../storage';
import { Engine } from './engine';
import { parseHistogramLiteral } from './histogram/notation';

const h = (text: string) => parseHistogramLiteral(text).h;

describe('native histograms through the engine', () => {
  const storage = new MemoryStorage();
  for (let i = 0; i <= 10; i++) {
    storage.appendHistogram(
      { __name__: 'lat', job: 'a' },
      i * 60_000,
      h(`{{count:${4 * i} sum:${2 * i} buckets:[${i} ${2 * i} ${i}]}}`),
    );
    storage.append({ __name__: 'req_total', job: 'a' }, i * 60_000, 10 * i);
  }
  const engine = new Engine(storage);

  it('returns histogram samples from selectors and keeps float-only series free of them', () => {
    const v = engine.instantQuery('{job="a"}', 600_000).value;
    expect(v.type).toBe('vector');
    const samples = v.type === 'vector' ? v.value : [];
    const lat = samples.find((s) => s.labels['__name__'] === 'lat');
    const req = samples.find((s) => s.labels['__name__'] === 'req_total');
    expect(lat?.h?.count).toBe(40);
    expect(req?.h).toBeUndefined();
    expect(req?.value).toBe(100);
  });

  it('computes rates, quantiles and counts of histograms', () => {
    const rate = engine.instantQuery('histogram_count(rate(lat[5m]))', 600_000).value;
    expect(rate.type === 'vector' && rate.value[0]?.value).toBeCloseTo(4 / 60, 9);
    const q = engine.instantQuery('histogram_quantile(0.5, lat)', 600_000).value;
    expect(q.type === 'vector' && q.value[0]?.value).toBeCloseTo(Math.SQRT2, 12);
  });

  it('returns histogram points in range queries, parallel to the timestamps', () => {
    const r = engine.rangeQuery('sum(lat)', 0, 120_000, 60_000).value.value;
    expect(r).toHaveLength(1);
    expect(Array.from(r[0]?.t ?? [])).toEqual([0, 60_000, 120_000]);
    expect(r[0]?.h?.map((x) => x?.count)).toEqual([0, 4, 8]);
  });

  it('reports binary operators that cannot combine a histogram and a float', () => {
    const res = engine.instantQuery('lat + req_total', 600_000);
    expect(res.value.type === 'vector' && res.value.value).toEqual([]);
    expect(res.infos).toEqual([
      'PromQL info: incompatible sample types encountered for binary operator "+": histogram + float (1:1)',
    ]);
  });
});
