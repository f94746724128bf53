import { Engine, MemoryStorage, parseHistogramLiteral } from '@vigil/promql';
import { describe, expect, it } from 'vitest';
import { DatasourceError } from './datasource-error';
import { EngineDatasource } from './engine-datasource';

const T0 = 1_700_000_000_000;

function datasource(): { ds: EngineDatasource; storage: MemoryStorage } {
  const storage = new MemoryStorage();
  for (let i = 0; i <= 10; i++) {
    storage.append({ __name__: 'up', job: 'api' }, T0 + i * 15_000, 1);
    storage.append({ __name__: 'up', job: 'db' }, T0 + i * 15_000, i < 5 ? 1 : 0);
  }
  return { ds: new EngineDatasource(new Engine(storage)), storage };
}

async function failure(p: Promise<unknown>): Promise<DatasourceError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(DatasourceError);
    return err as DatasourceError;
  }
  throw new Error('expected the query to fail');
}

describe('EngineDatasource', () => {
  const at = T0 + 150_000;

  it.each([
    [
      'a vector, stamped with the query time',
      'up == 0',
      { type: 'vector', samples: [{ labels: { __name__: 'up', job: 'db' }, t: at, v: 0 }] },
    ],
    ['a scalar', 'scalar(sum(up))', { type: 'scalar', t: at, v: 1 }],
    ['a string', '"hello"', { type: 'string', t: at, v: 'hello' }],
    [
      'a matrix',
      'up{job="api"}[30s]',
      {
        type: 'matrix',
        series: [
          {
            labels: { __name__: 'up', job: 'api' },
            points: [
              { t: at - 15_000, v: 1 },
              { t: at, v: 1 },
            ],
          },
        ],
      },
    ],
    ['an empty vector', 'absent_metric', { type: 'vector', samples: [] }],
  ])('answers %s', async (_name, expr, expected) => {
    expect(await datasource().ds.query(expr, at)).toEqual(expected);
  });

  it('sees samples appended after it was built, as rule output written back is', async () => {
    const { ds, storage } = datasource();
    storage.append({ __name__: 'job:up:sum' }, at, 2);
    expect(await ds.query('job:up:sum', at)).toEqual({
      type: 'vector',
      samples: [{ labels: { __name__: 'job:up:sum' }, t: at, v: 2 }],
    });
  });

  it('reports a parse error as bad_data with Prometheus wording', async () => {
    const err = await failure(datasource().ds.query('sum(', at));
    expect(err.kind).toBe('query');
    expect(err.errorType).toBe('bad_data');
    expect(err.message).toMatch(/^1:5: parse error: /);
  });

  it('reports an evaluation error as execution with the engine message', async () => {
    const err = await failure(datasource().ds.query('up + on() up', at));
    expect(err.kind).toBe('query');
    expect(err.errorType).toBe('execution');
    expect(err.message).toMatch(/^found duplicate series for the match group \{\} on the right hand-side/);
  });

  it('reports a cancelled query as aborted', async () => {
    const ctl = new AbortController();
    ctl.abort();
    const err = await failure(datasource().ds.query('up', at, ctl.signal));
    expect(err.kind).toBe('aborted');
  });

  it('refuses a histogram result on the float query path, but queryValue returns it', async () => {
    const { ds, storage } = datasource();
    const h = parseHistogramLiteral('{{count:3 sum:4 buckets:[1 2]}}').h;
    storage.appendHistogram({ __name__: 'latency' }, at, h);
    const err = await failure(ds.query('latency', at));
    expect(err.errorType).toBe('execution');
    expect(err.message).toBe('native histogram samples are not supported in rule evaluation');
    const value = await ds.queryValue('latency', at);
    expect(value.type).toBe('vector');
    const samples = value.type === 'vector' ? value.value : [];
    expect(samples.map((x) => [x.labels, x.h?.count, x.h?.sum])).toEqual([[{ __name__: 'latency' }, 3, 4]]);
    // Functions over histograms answer floats, which the float path passes on.
    expect(await ds.query('histogram_count(latency)', at)).toEqual({
      type: 'vector',
      samples: [{ labels: {}, t: at, v: 3 }],
    });
  });

  it('queryValue reports errors as query does', async () => {
    const err = await failure(datasource().ds.queryValue('sum(', at));
    expect(err.errorType).toBe('bad_data');
  });

  it('closes through the given close function', async () => {
    let closed = 0;
    const ds = new EngineDatasource(new Engine(new MemoryStorage()), { close: async () => void closed++ });
    await ds.close();
    expect(closed).toBe(1);
  });
});
