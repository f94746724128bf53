import { describe, expect, it } from 'vitest';
import type { Labels, QueryResult, Sample } from '@vigil/model';
import { RecordingRule } from './recording-rule';
import { vector } from './test-support';

const TS = Date.UTC(2024, 0, 1);

async function run(labels: Labels, result: QueryResult, limit = 0, queryOffsetMs = 0): Promise<Sample[]> {
  const rule = new RecordingRule({
    name: 'job:requests:rate5m',
    expr: 'sum by (job) (rate(requests[5m]))',
    labels,
  });
  return rule.evaluate({ ts: TS, queryOffsetMs, limit, query: async () => result });
}

describe('RecordingRule', () => {
  it.each<{ name: string; labels: Labels; result: QueryResult; want: Sample[] }>([
    {
      name: 'renames the series and keeps its labels',
      labels: {},
      result: vector({ labels: { __name__: 'requests', job: 'api' }, v: 4 }),
      want: [{ labels: { __name__: 'job:requests:rate5m', job: 'api' }, t: TS, v: 4 }],
    },
    {
      name: 'rule labels override result labels',
      labels: { job: 'fixed', team: 'core' },
      result: vector({ labels: { job: 'api' }, v: 1 }),
      want: [{ labels: { __name__: 'job:requests:rate5m', job: 'fixed', team: 'core' }, t: TS, v: 1 }],
    },
    {
      name: 'an empty rule label removes the label',
      labels: { job: '' },
      result: vector({ labels: { job: 'api', instance: 'x' }, v: 1 }),
      want: [{ labels: { __name__: 'job:requests:rate5m', instance: 'x' }, t: TS, v: 1 }],
    },
    {
      name: 'a scalar becomes one sample',
      labels: { team: 'core' },
      result: { type: 'scalar', t: TS, v: 42 } as QueryResult,
      want: [{ labels: { __name__: 'job:requests:rate5m', team: 'core' }, t: TS, v: 42 }],
    },
    { name: 'an empty vector writes nothing', labels: {}, result: vector(), want: [] },
  ])('$name', async ({ labels, result, want }) => {
    expect(await run(labels, result)).toEqual(want);
  });

  it('stamps samples with the query time (ts - query offset)', async () => {
    const out = await run({}, vector({ labels: { job: 'a' } }), 0, 60_000);
    expect(out[0]?.t).toBe(TS - 60_000);
  });

  it.each<{ name: string; labels: Labels; result: QueryResult; error: string }>([
    {
      name: 'series equal once renamed',
      labels: {},
      result: vector({ labels: { __name__: 'a', job: 'x' } }, { labels: { __name__: 'b', job: 'x' } }),
      error: 'vector contains metrics with the same labelset after applying rule labels',
    },
    {
      name: 'series equal once rule labels apply',
      labels: { job: 'all' },
      result: vector({ labels: { job: 'x' } }, { labels: { job: 'y' } }),
      error: 'vector contains metrics with the same labelset after applying rule labels',
    },
    {
      name: 'a string result',
      labels: {},
      result: { type: 'string', t: TS, v: 'x' } as QueryResult,
      error: 'rule result is not a vector or scalar',
    },
  ])('fails on $name', async ({ labels, result, error }) => {
    await expect(run(labels, result)).rejects.toThrow(error);
  });

  it.each([
    { limit: 0, n: 5, error: undefined },
    { limit: 2, n: 2, error: undefined },
    { limit: 2, n: 3, error: 'exceeded limit of 2 with 3 series' },
  ])('limit $limit with $n series → $error', async ({ limit, n, error }) => {
    const result = vector(...Array.from({ length: n }, (_, i) => ({ labels: { job: `j${i}` } })));
    if (error) await expect(run({}, result, limit)).rejects.toThrow(error);
    else expect(await run({}, result, limit)).toHaveLength(n);
  });
});
