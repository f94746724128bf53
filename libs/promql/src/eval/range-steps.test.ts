import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../storage';
import { Engine } from './engine';
import type { MatrixSeries } from './values';

// Series with irregular spacing, gaps, a staleness marker and a reset, so that range selectors see windows
// grow, shrink, empty and refill from one step to the next.
function storage(): MemoryStorage {
  const s = new MemoryStorage();
  let c = 0;
  for (let i = 0; i <= 120; i++) {
    const t = i * 15_000 + (i % 7) * 1_000;
    c += i === 60 ? -c : (i % 5) + 1;
    if (i < 40 || i > 55) s.append({ __name__: 'req_total', job: 'a', instance: '1' }, t, c);
    if (i % 3 === 0) s.append({ __name__: 'req_total', job: 'a', instance: '2' }, t, i);
    if (i === 80) s.append({ __name__: 'req_total', job: 'b', instance: '3' }, t, NaN, true);
    else if (i > 20) s.append({ __name__: 'req_total', job: 'b', instance: '3' }, t, 2 * i);
  }
  return s;
}

const EXPRESSIONS = [
  'req_total',
  'rate(req_total[1m])',
  'sum by (job) (rate(req_total[2m]))',
  'max_over_time(req_total[45s])',
  'count_over_time(req_total[5m] offset 3m)',
  'rate(req_total[1m] @ 900)',
  'max_over_time(rate(req_total[1m])[5m:30s])',
  // Nested subqueries evaluate the inner one at times going back and forth.
  'max_over_time(min_over_time(rate(req_total[1m])[2m:15s])[5m:30s])',
  'max_over_time(last_over_time(req_total[10m])[2m:15s] @ 600)',
  'rate(req_total[1m]) * on (instance) group_left req_total',
  'topk(1, req_total) or -req_total',
];

// pointsAt is the range result's points at time t, as (labels, value) pairs sorted by labels.
function pointsAt(series: MatrixSeries[], t: number): string[] {
  const out: string[] = [];
  for (const s of series) {
    for (let i = 0; i < s.length; i++) if (s.t[i] === t) out.push(`${JSON.stringify(s.labels)} ${s.v[i]}`);
  }
  return out.sort();
}

describe('range queries', () => {
  const engine = new Engine(storage());
  it.each(EXPRESSIONS)('%s: every step equals the instant query at that time', (q) => {
    for (const stepMs of [15_000, 40_000]) {
      const start = 30_000;
      const end = 1_800_000;
      const range = engine.rangeQuery(q, start, end, stepMs).value.value;
      for (let t = start; t <= end; t += stepMs) {
        const v = engine.instantQuery(q, t).value;
        if (v.type !== 'vector') throw new Error(`unexpected ${v.type}`);
        const want = v.value.map((s) => `${JSON.stringify(s.labels)} ${s.value}`).sort();
        expect(pointsAt(range, t), `${q} at ${t}`).toEqual(want);
      }
    }
  });
});
