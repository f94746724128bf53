import { describe, expect, it } from 'vitest';
import { DatasourceError } from './datasource-error';
import { parseQueryResponse, parseSampleValue } from './parse-query-response';

const ok = (data: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ status: 'success', data, ...extra });

describe('parseQueryResponse', () => {
  it.each([
    [
      'a vector',
      ok({
        resultType: 'vector',
        result: [
          { metric: { __name__: 'up', job: 'a' }, value: [1700000000.123, '1'] },
          { metric: {}, value: [1700000000, '-2.5e-3'] },
        ],
      }),
      {
        type: 'vector',
        samples: [
          { labels: { __name__: 'up', job: 'a' }, t: 1700000000123, v: 1 },
          { labels: {}, t: 1700000000000, v: -0.0025 },
        ],
      },
    ],
    ['an empty vector', ok({ resultType: 'vector', result: [] }), { type: 'vector', samples: [] }],
    [
      'a scalar',
      ok({ resultType: 'scalar', result: [1700000000.5, '42'] }),
      { type: 'scalar', t: 1700000000500, v: 42 },
    ],
    [
      'a string',
      ok({ resultType: 'string', result: [1700000000, 'hello'] }),
      { type: 'string', t: 1700000000000, v: 'hello' },
    ],
    [
      'a matrix',
      ok({
        resultType: 'matrix',
        result: [
          {
            metric: { a: 'b' },
            values: [
              [1, '1'],
              [2, '2'],
            ],
          },
        ],
      }),
      {
        type: 'matrix',
        series: [
          {
            labels: { a: 'b' },
            points: [
              { t: 1000, v: 1 },
              { t: 2000, v: 2 },
            ],
          },
        ],
      },
    ],
  ])('reads %s', (_name, body, expected) => {
    expect(parseQueryResponse({ status: 200, body }).result).toEqual(expected);
  });

  it.each([
    ['NaN', NaN],
    ['+Inf', Infinity],
    ['-Inf', -Infinity],
    ['1e+06', 1e6],
    ['0', 0],
    ['-0.5', -0.5],
  ])('decodes the sample value %s', (raw, expected) => {
    const body = ok({ resultType: 'vector', result: [{ metric: {}, value: [1, raw] }] });
    const result = parseQueryResponse({ status: 200, body }).result;
    expect(result.type === 'vector' && result.samples[0]?.v).toBe(expected);
  });

  it('passes on warnings and infos', () => {
    const body = ok({ resultType: 'vector', result: [] }, { warnings: ['w1'], infos: ['i1'] });
    expect(parseQueryResponse({ status: 200, body })).toMatchObject({ warnings: ['w1'], infos: ['i1'] });
  });

  it.each<[string, number, string, { kind: string; message: RegExp; errorType?: string }]>([
    [
      'a Prometheus error body',
      400,
      JSON.stringify({ status: 'error', errorType: 'bad_data', error: '1:5: parse error: unexpected <EOF>' }),
      {
        kind: 'query',
        errorType: 'bad_data',
        message: /^bad_data: 1:5: parse error: unexpected <EOF> \(HTTP 400\)$/,
      },
    ],
    [
      'a server-side timeout',
      503,
      JSON.stringify({
        status: 'error',
        errorType: 'timeout',
        error: 'query timed out in expression evaluation',
      }),
      { kind: 'query', errorType: 'timeout', message: /^timeout: query timed out in expression evaluation/ },
    ],
    [
      'a 500 with a text body',
      500,
      'internal error\n',
      { kind: 'http', message: /^server returned HTTP 500: internal error$/ },
    ],
    ['a 502 with an empty body', 502, '', { kind: 'http', message: /HTTP 502: \(empty body\)/ }],
    [
      'a 200 with HTML',
      200,
      '<html><body>Login</body></html>',
      {
        kind: 'bad_response',
        message: /response is not JSON \(HTTP 200, content-type none\): <html><body>Login/,
      },
    ],
    [
      'a JSON array',
      200,
      '[1,2]',
      { kind: 'bad_response', message: /response is not a JSON object: \[1,2\]/ },
    ],
    [
      'an unknown status',
      200,
      '{"status":"maybe"}',
      { kind: 'bad_response', message: /unexpected "status" "maybe"/ },
    ],
    [
      'no data',
      200,
      '{"status":"success"}',
      { kind: 'bad_response', message: /response has no "data" object/ },
    ],
    [
      'an unknown result type',
      200,
      ok({ resultType: 'table', result: [] }),
      { kind: 'bad_response', message: /unknown data\.resultType "table"/ },
    ],
    [
      'a vector that is not a list',
      200,
      ok({ resultType: 'vector', result: {} }),
      { kind: 'bad_response', message: /a vector result must be an array/ },
    ],
    [
      'a sample without value',
      200,
      ok({ resultType: 'vector', result: [{ metric: {} }] }),
      { kind: 'bad_response', message: /data\.result\[0\]\.value must be a \[<time>, "<value>"\] pair/ },
    ],
    [
      'a non-numeric value',
      200,
      ok({ resultType: 'vector', result: [{ metric: {}, value: [1, 'abc'] }] }),
      { kind: 'bad_response', message: /data\.result\[0\]\.value\[1\]: sample value "abc" is not a number/ },
    ],
    [
      'an empty value string',
      200,
      ok({ resultType: 'vector', result: [{ metric: {}, value: [1, ''] }] }),
      { kind: 'bad_response', message: /sample value "" is not a number/ },
    ],
    [
      'a string timestamp',
      200,
      ok({ resultType: 'vector', result: [{ metric: {}, value: ['1', '1'] }] }),
      { kind: 'bad_response', message: /value\[0\]: timestamp "1" is not a number/ },
    ],
    [
      'a numeric label value',
      200,
      ok({ resultType: 'vector', result: [{ metric: { a: 1 }, value: [1, '1'] }] }),
      { kind: 'bad_response', message: /label "a" has a non-string value/ },
    ],
    [
      'a native histogram',
      200,
      ok({ resultType: 'vector', result: [{ metric: {}, histogram: [1, { count: '1' }] }] }),
      { kind: 'bad_response', message: /native histogram samples are not supported/ },
    ],
    [
      'a scalar with a bad value',
      200,
      ok({ resultType: 'scalar', result: [1, null] }),
      { kind: 'bad_response', message: /sample value null is not a number/ },
    ],
  ])('rejects %s', (_name, status, body, expected) => {
    let caught: unknown;
    try {
      parseQueryResponse({ status, body });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DatasourceError);
    const err = caught as DatasourceError;
    expect(err.kind).toBe(expected.kind);
    expect(err.status).toBe(status);
    expect(err.message).toMatch(expected.message);
    if (expected.errorType) expect(err.errorType).toBe(expected.errorType);
  });

  it('truncates a long unexpected body in the error', () => {
    const body = `<html>${'x'.repeat(100_000)}</html>`;
    const err = (() => {
      try {
        parseQueryResponse({ status: 200, contentType: 'text/html', body });
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected a failure');
    })();
    expect(err.message.length).toBeLessThan(700);
    expect(err.message).toMatch(/content-type text\/html.*\.\.\. \(truncated; 100013 characters\)$/);
  });
});

describe('parseSampleValue', () => {
  it.each([' 1', '1 ', '', 'inf', '0x', 'one'])('rejects %j', (raw) => {
    expect(parseSampleValue(raw)).toBeUndefined();
  });
});
