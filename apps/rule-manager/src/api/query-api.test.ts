import { STALE_NAN } from '@vigil/model';
import { Engine, MemoryStorage } from '@vigil/promql';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryApi } from './query-api';
import { formatScalar, formatValue } from './query-json';
import { parseDuration, parseTime } from './query-params';

const T0 = 1_700_000_000_000;
let app: FastifyInstance;

beforeAll(async () => {
  const storage = new MemoryStorage();
  for (let i = 0; i <= 60; i++) {
    const t = T0 + i * 15_000;
    storage.append({ __name__: 'http_requests_total', job: 'api', instance: 'a' }, t, i * 10);
    storage.append({ __name__: 'http_requests_total', job: 'api', instance: 'b' }, t, i * 20);
    storage.append({ __name__: 'temperature', job: 'sensor', room: 'x' }, t, i === 30 ? Infinity : 20.5);
  }
  storage.append({ __name__: 'up', job: 'api' }, T0, 1);
  storage.append({ __name__: 'up', job: 'api' }, T0 + 60_000, STALE_NAN, true);
  const engineOptions = { lookbackDeltaMs: 5 * 60_000 };
  app = Fastify();
  await app.register(queryApi, {
    engine: new Engine(storage, engineOptions),
    querier: storage,
    engineOptions,
    now: () => T0 + 15 * 60_000,
    metadata: () => new Map([['up', [{ type: 'gauge', help: 'Target is up.', unit: '' }]]]),
  });
});
afterAll(async () => {
  await app.close();
});

async function get(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.json() };
}

const sec = (ms: number): number => ms / 1000;

describe('/api/v1/query', () => {
  it('answers an instant vector with sorted labels and string values', async () => {
    const { status, body } = await get(`/api/v1/query?query=http_requests_total&time=${sec(T0 + 60_000)}`);
    expect(status).toBe(200);
    expect(body).toEqual({
      status: 'success',
      data: {
        resultType: 'vector',
        result: [
          {
            metric: { __name__: 'http_requests_total', instance: 'a', job: 'api' },
            value: [sec(T0 + 60_000), '40'],
          },
          {
            metric: { __name__: 'http_requests_total', instance: 'b', job: 'api' },
            value: [sec(T0 + 60_000), '80'],
          },
        ],
      },
    });
  });

  it('reads url-encoded POST bodies, body values before the URL query', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/query?query=vector(2)',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `query=${encodeURIComponent('sum by (job) (rate(http_requests_total[1m]))')}&time=2023-11-14T22:15:20Z`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'success',
      data: { resultType: 'vector', result: [{ metric: { job: 'api' }, value: [sec(T0 + 120_000), '2'] }] },
    });
  });

  it.each([
    ['1+1', { resultType: 'scalar', result: [sec(T0), '2'] }],
    ['"hello"', { resultType: 'string', result: [sec(T0), 'hello'] }],
    // Scalars are printed without exponent, unlike samples (Scalar.MarshalJSON vs jsonutil.MarshalFloat).
    ['scalar(temperature) * 0 + 1e21', { resultType: 'scalar', result: [sec(T0), '1000000000000000000000'] }],
    ['1.5e-7 * 2', { resultType: 'scalar', result: [sec(T0), '0.0000003'] }],
    ['vector(1.5e-7 * 2)', { resultType: 'vector', result: [{ metric: {}, value: [sec(T0), '3e-07'] }] }],
    ['1/0', { resultType: 'scalar', result: [sec(T0), '+Inf'] }],
    ['-1/0', { resultType: 'scalar', result: [sec(T0), '-Inf'] }],
    ['0/0', { resultType: 'scalar', result: [sec(T0), 'NaN'] }],
    [
      'up',
      { resultType: 'vector', result: [{ metric: { __name__: 'up', job: 'api' }, value: [sec(T0), '1'] }] },
    ],
  ])('%s', async (q, data) => {
    const { body } = await get(`/api/v1/query?query=${encodeURIComponent(q)}&time=${sec(T0)}`);
    expect(body).toEqual({ status: 'success', data });
  });

  it('answers a range vector selector as a matrix', async () => {
    const { body } = await get(
      `/api/v1/query?query=${encodeURIComponent('up[2m]')}&time=${sec(T0 + 60_000)}`,
    );
    expect(body['data']).toEqual({
      resultType: 'matrix',
      result: [{ metric: { __name__: 'up', job: 'api' }, values: [[sec(T0), '1']] }],
    });
  });

  it('honours a stale marker, and lookback_delta', async () => {
    const stale = await get(`/api/v1/query?query=up&time=${sec(T0 + 90_000)}`);
    expect(stale.body['data']).toEqual({ resultType: 'vector', result: [] });
    const at = sec(T0 + 15 * 60_000 + 60_000);
    const dflt = await get(`/api/v1/query?query=temperature&time=${at}`);
    expect((dflt.body['data'] as { result: unknown[] }).result).toHaveLength(1);
    const short = await get(`/api/v1/query?query=temperature&time=${at}&lookback_delta=30s`);
    expect((short.body['data'] as { result: unknown[] }).result).toHaveLength(0);
  });

  it('defaults time to now and truncates to limit with a warning', async () => {
    const { body } = await get('/api/v1/query?query=http_requests_total&limit=1');
    expect(body).toEqual({
      status: 'success',
      data: {
        resultType: 'vector',
        result: [
          {
            metric: { __name__: 'http_requests_total', instance: 'a', job: 'api' },
            value: [sec(T0 + 900_000), '600'],
          },
        ],
      },
      warnings: ['results truncated due to limit'],
    });
  });

  it.each([
    [
      'query=up&time=abc',
      400,
      'bad_data',
      `invalid parameter "time": invalid time value for 'time': cannot parse "abc" to a valid timestamp`,
    ],
    ['query=up&limit=-1', 400, 'bad_data', 'invalid parameter "limit": limit must be non-negative'],
    [
      'query=up&limit=x',
      400,
      'bad_data',
      'invalid parameter "limit": strconv.Atoi: parsing "x": invalid syntax',
    ],
    [
      'query=up&timeout=x',
      400,
      'bad_data',
      'invalid parameter "timeout": cannot parse "x" to a valid duration',
    ],
    [
      'query=up&lookback_delta=x',
      400,
      'bad_data',
      'error parsing lookback delta duration: cannot parse "x" to a valid duration',
    ],
    ['query=up%2B', 400, 'bad_data', 'invalid parameter "query": 1:4: parse error: unexpected end of input'],
    [`query=${encodeURIComponent('label_replace(up, "a", "b", "c", "(")')}`, 422, 'execution', undefined],
  ])('refuses %s', async (qs, status, errorType, error) => {
    const res = await get(`/api/v1/query?${qs}&time=${sec(T0)}`);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ status: 'error', errorType, ...(error !== undefined ? { error } : {}) });
  });
});

describe('timeouts', () => {
  it('answers 503 timeout when the timeout parameter runs out', async () => {
    // 11,000 steps of a window function cannot finish within a microsecond.
    const res = await get(
      `/api/v1/query_range?query=${encodeURIComponent('count_over_time(http_requests_total[1h])')}&start=0&end=11000&step=1&timeout=0.000001`,
    );
    expect(res).toEqual({
      status: 503,
      body: { status: 'error', errorType: 'timeout', error: 'query timed out in expression evaluation' },
    });
  });
});

describe('/api/v1/query_range', () => {
  const range = `start=${sec(T0)}&end=${sec(T0 + 60_000)}&step=30s`;

  it('answers a matrix sorted by labels', async () => {
    const { body } = await get(
      `/api/v1/query_range?query=${encodeURIComponent('rate(http_requests_total[1m])')}&${range}`,
    );
    expect(body).toEqual({
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          {
            metric: { instance: 'a', job: 'api' },
            values: [
              // The first window starts at the counter's zero, so it is not extrapolated back.
              [sec(T0 + 30_000), '0.3333333333333333'],
              [sec(T0 + 60_000), '0.6666666666666666'],
            ],
          },
          {
            metric: { instance: 'b', job: 'api' },
            values: [
              [sec(T0 + 30_000), '0.6666666666666666'],
              [sec(T0 + 60_000), '1.3333333333333333'],
            ],
          },
        ],
      },
    });
  });

  it('answers a scalar expression as one unlabelled series', async () => {
    const { body } = await get(`/api/v1/query_range?query=time()&${range}`);
    expect((body['data'] as { result: unknown }).result).toEqual([
      {
        metric: {},
        values: [
          [sec(T0), String(sec(T0))],
          [sec(T0 + 30_000), String(sec(T0 + 30_000))],
          [sec(T0 + 60_000), String(sec(T0 + 60_000))],
        ],
      },
    ]);
  });

  it.each([
    [
      `query=up&start=${sec(T0)}&end=${sec(T0)}`,
      'invalid parameter "step": cannot parse "" to a valid duration',
    ],
    [`query=up&start=x&end=1&step=1`, 'invalid parameter "start": cannot parse "x" to a valid timestamp'],
    [
      `query=up&start=10&end=1&step=1`,
      'invalid parameter "end": end timestamp must not be before start time',
    ],
    [
      `query=up&start=1&end=2&step=0`,
      'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer',
    ],
    [
      `query=up&start=0&end=11001&step=1`,
      'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)',
    ],
    [
      `query=${encodeURIComponent('up[5m]')}&start=0&end=1&step=1`,
      'invalid parameter "query": invalid expression type "range vector" for range query, must be Scalar or instant Vector',
    ],
  ])('refuses %s', async (qs, error) => {
    const res = await get(`/api/v1/query_range?${qs}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ status: 'error', errorType: 'bad_data', error });
  });

  it('allows exactly 11,000 steps', async () => {
    const res = await get(`/api/v1/query_range?query=1&start=0&end=11000&step=1`);
    expect(res.status).toBe(200);
  });
});

describe('metadata endpoints', () => {
  it('/api/v1/series needs match[] and deduplicates over several', async () => {
    expect(await get('/api/v1/series')).toEqual({
      status: 400,
      body: { status: 'error', errorType: 'bad_data', error: 'no match[] parameter provided' },
    });
    const m = encodeURIComponent;
    const { body } = await get(`/api/v1/series?match[]=${m('{job="api"}')}&match[]=${m('up')}`);
    expect(body).toEqual({
      status: 'success',
      data: [
        { __name__: 'http_requests_total', instance: 'a', job: 'api' },
        { __name__: 'http_requests_total', instance: 'b', job: 'api' },
        { __name__: 'up', job: 'api' },
      ],
    });
  });

  it('/api/v1/series refuses selectors matching everything and honours start/end', async () => {
    const bad = await get(`/api/v1/series?match[]=${encodeURIComponent('{job=~".*"}')}`);
    expect(bad.body).toEqual({
      status: 'error',
      errorType: 'bad_data',
      error: 'invalid parameter "match[]": match[] must contain at least one non-empty matcher',
    });
    const late = await get(`/api/v1/series?match[]=up&start=${sec(T0 + 120_000)}`);
    expect(late.body['data']).toEqual([]);
  });

  it('/api/v1/series and /api/v1/labels accept url-encoded POST bodies', async () => {
    const post = (url: string, payload: string) =>
      app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload,
      });
    const series = await post('/api/v1/series', `match[]=${encodeURIComponent('temperature')}`);
    expect(series.json()).toEqual({
      status: 'success',
      data: [{ __name__: 'temperature', job: 'sensor', room: 'x' }],
    });
    const grafana = await app.inject({
      method: 'POST',
      url: '/api/v1/query',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
      payload: `query=1%2B1&time=${sec(T0)}`,
    });
    expect(grafana.json()).toEqual({
      status: 'success',
      data: { resultType: 'scalar', result: [sec(T0), '2'] },
    });
    const labels = await post('/api/v1/labels', 'match[]=up');
    expect(labels.json()).toEqual({ status: 'success', data: ['__name__', 'job'] });
  });

  it('/api/v1/labels and /api/v1/label/:name/values', async () => {
    expect((await get('/api/v1/labels')).body).toEqual({
      status: 'success',
      data: ['__name__', 'instance', 'job', 'room'],
    });
    expect((await get('/api/v1/labels?match[]=up')).body['data']).toEqual(['__name__', 'job']);
    expect((await get('/api/v1/label/__name__/values')).body['data']).toEqual([
      'http_requests_total',
      'temperature',
      'up',
    ]);
    expect((await get('/api/v1/label/job/values?match[]=up&match[]=temperature')).body['data']).toEqual([
      'api',
      'sensor',
    ]);
    expect((await get('/api/v1/label/job/values?limit=1')).body).toEqual({
      status: 'success',
      data: ['api'],
      warnings: ['results truncated due to limit'],
    });
    expect((await get('/api/v1/label/U__room/values')).body['data']).toEqual(['x']);
  });

  it('/api/v1/format_query, /metadata, /status/buildinfo and /query_exemplars', async () => {
    expect(
      (await get(`/api/v1/format_query?query=${encodeURIComponent('sum(rate(x[5m]))by(job)')}`)).body,
    ).toEqual({
      status: 'success',
      data: 'sum by (job) (rate(x[5m]))',
    });
    expect(
      (
        await get(
          `/api/v1/parse_query?query=${encodeURIComponent('sum by (job) (rate(up[5m] offset 1m)) > bool 2')}`,
        )
      ).body,
    ).toEqual({
      status: 'success',
      data: {
        bool: true,
        lhs: {
          expr: {
            args: [
              {
                anchored: false,
                matchers: [{ name: '__name__', type: '=', value: 'up' }],
                name: 'up',
                offset: 60000,
                offsetExpr: null,
                range: 300000,
                rangeExpr: null,
                smoothed: false,
                startOrEnd: null,
                timestamp: null,
                type: 'matrixSelector',
              },
            ],
            func: { argTypes: ['matrix'], name: 'rate', returnType: 'vector', variadic: 0 },
            type: 'call',
          },
          grouping: ['job'],
          op: 'sum',
          param: null,
          type: 'aggregation',
          without: false,
        },
        matching: null,
        op: '>',
        rhs: { type: 'numberLiteral', val: '2' },
        type: 'binaryExpr',
      },
    });
    expect((await get('/api/v1/parse_query?query=sum(')).body).toMatchObject({ errorType: 'bad_data' });
    expect((await get('/api/v1/metadata')).body).toEqual({
      status: 'success',
      data: { up: [{ type: 'gauge', help: 'Target is up.', unit: '' }] },
    });
    expect((await get('/api/v1/metadata?metric=nope')).body['data']).toEqual({});
    const build = await get('/api/v1/status/buildinfo');
    expect(build.body['data']).toMatchObject({ version: '3.0.0' });
    expect((await get('/api/v1/query_exemplars?query=up')).body).toEqual({ status: 'success', data: [] });
  });
});

describe('formatValue', () => {
  it.each([
    [0, '0'],
    [-0, '-0'],
    [1.5, '1.5'],
    [1e21, '1e+21'],
    [999999999999999900000, '999999999999999900000'],
    [0.000001, '0.000001'],
    [1.5e-7, '1.5e-07'],
    [-2.5e22, '-2.5e+22'],
    [123456789.125, '123456789.125'],
    [Number.MAX_VALUE, '1.7976931348623157e+308'],
    [5e-324, '5e-324'],
  ])('%s → %s', (v, want) => {
    expect(formatValue(v)).toBe(want);
  });
});

describe('formatScalar', () => {
  it.each([
    [1e21, '1000000000000000000000'],
    [-2.5e22, '-25000000000000000000000'],
    [1.5e-7, '0.00000015'],
    [1.2345e-10, '0.00000000012345'],
    [Number.MAX_VALUE, `17976931348623157${'0'.repeat(292)}`],
    [0.5, '0.5'],
    [-Infinity, '-Inf'],
  ])('%s → %s', (v, want) => {
    expect(formatScalar(v)).toBe(want);
  });
});

describe('parameter parsing', () => {
  it.each([
    ['1700000000', 1_700_000_000_000],
    ['1700000000.123', 1_700_000_000_123],
    ['1700000000.1235', 1_700_000_000_124],
    ['-1.5', -1500],
    ['1e3', 1_000_000],
    ['2023-11-14T22:13:20Z', 1_700_000_000_000],
    ['2023-11-14T22:13:20.5+01:00', 1_699_996_400_500],
    ['2023-11-14T22:13:20.123456789Z', 1_700_000_000_123],
  ])('parseTime(%s)', (s, ms) => {
    expect(parseTime(s)).toBe(ms);
  });

  it.each([['2023-13-01T00:00:00Z'], ['2023-11-14 22:13:20Z'], ['now'], ['']])('parseTime(%s) fails', (s) => {
    expect(() => parseTime(s)).toThrow(`cannot parse "${s}" to a valid timestamp`);
  });

  it.each([
    ['15', 15_000],
    ['0.5', 500],
    ['1m30s', 90_000],
    ['1h', 3_600_000],
    ['2d', 172_800_000],
    ['100ms', 100],
    ['-5', -5000],
  ])('parseDuration(%s)', (s, ms) => {
    expect(parseDuration(s)).toBe(ms);
  });
});
