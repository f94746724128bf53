import { describe, expect, it } from 'vitest';
import {
  ExpositionError,
  formatFromContentType,
  parseExposition,
  parseGoFloat,
  ExpositionReader,
} from './exposition';

describe('parseExposition text format', () => {
  it('reads metadata, labels, escapes, timestamps and special values', () => {
    const body = [
      '# HELP http_requests_total The total number of HTTP requests.',
      '# TYPE http_requests_total counter',
      'http_requests_total{method="post",code="200"} 1027 1395066363000',
      'http_requests_total{method="post",code="400"}    3 1395066363000',
      '',
      '# Escaping in label values:',
      'msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9',
      'metric_without_timestamp_and_labels 12.47',
      'something_weird{problem="division by zero"} +Inf -3982045',
      'nan_metric NaN',
      'neg_inf -Inf',
      '  indented{a="b",} 1',
    ].join('\n');
    const samples = parseExposition(body, 'text');
    expect(samples).toEqual([
      {
        labels: { __name__: 'http_requests_total', method: 'post', code: '200' },
        value: 1027,
        timestampMs: 1395066363000,
      },
      {
        labels: { __name__: 'http_requests_total', method: 'post', code: '400' },
        value: 3,
        timestampMs: 1395066363000,
      },
      {
        labels: {
          __name__: 'msdos_file_access_time_seconds',
          path: 'C:\\DIR\\FILE.TXT',
          error: 'Cannot find file:\n"FILE.TXT"',
        },
        value: 1.458255915e9,
      },
      { labels: { __name__: 'metric_without_timestamp_and_labels' }, value: 12.47 },
      {
        labels: { __name__: 'something_weird', problem: 'division by zero' },
        value: Infinity,
        timestampMs: -3982045,
      },
      { labels: { __name__: 'nan_metric' }, value: Number.NaN },
      { labels: { __name__: 'neg_inf' }, value: -Infinity },
      { labels: { __name__: 'indented', a: 'b' }, value: 1 },
    ]);
  });

  it('reads histograms and summaries as their flat series', () => {
    const body = [
      '# TYPE rpc_duration_seconds summary',
      'rpc_duration_seconds{quantile="0.5"} 4773',
      'rpc_duration_seconds_sum 1.7560473e+07',
      'rpc_duration_seconds_count 2693',
      '# TYPE req histogram',
      'req_bucket{le="0.1"} 1',
      'req_bucket{le="+Inf"} 3',
      'req_sum 0.5',
      'req_count 3',
    ].join('\n');
    const names = parseExposition(body, 'text').map((s) => s.labels['__name__']);
    expect(names).toEqual([
      'rpc_duration_seconds',
      'rpc_duration_seconds_sum',
      'rpc_duration_seconds_count',
      'req_bucket',
      'req_bucket',
      'req_sum',
      'req_count',
    ]);
  });

  it('reads UTF-8 quoted metric and label names', () => {
    const samples = parseExposition('{"my.metric", "my.label"="x", plain="y"} 2\n', 'text');
    expect(samples).toEqual([{ labels: { __name__: 'my.metric', 'my.label': 'x', plain: 'y' }, value: 2 }]);
  });

  it.each([
    ['metric{a="b" 1', 2, 'expected "," or "}"'],
    ['metric{a=b} 1', 2, 'expected label value'],
    ['metric abc', 2, 'invalid syntax'],
    ['metric 1 1.5', 2, 'ParseInt'],
    ['metric{a="1",a="2"} 1', 2, 'duplicate label name'],
    ['{a="1"} 1', 2, 'metric name not set'],
    ['# TYPE metric bogus', 2, 'invalid metric type'],
    ['metric', 2, 'expected whitespace'],
  ])('rejects %j naming the line', (bad, line, text) => {
    const body = `ok 1\n${bad}\n`;
    let caught: unknown;
    try {
      parseExposition(body, 'text');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ExpositionError);
    expect((caught as ExpositionError).line).toBe(line);
    expect((caught as ExpositionError).message).toContain(`line ${line}:`);
    expect((caught as ExpositionError).message).toContain(text);
  });
});

describe('parseExposition OpenMetrics', () => {
  it('reads samples with second timestamps, skips exemplars, requires # EOF', () => {
    const body = [
      '# HELP foo_seconds Time.',
      '# TYPE foo_seconds counter',
      '# UNIT foo_seconds seconds',
      'foo_seconds_total{a="1"} 17.0 1520879607.789 # {trace_id="KOO5S4vxi0o"} 0.67',
      'foo_seconds_created{a="1"} 1520430000.123',
      '# TYPE bar histogram',
      'bar_bucket{le="1"} 2 # {id="x"} 0.5 123.0',
      'bar_bucket{le="+Inf"} 3',
      'bar_count 3',
      'bar_sum -Inf',
      '{"dotted.name"} NaN',
      '# EOF',
      '',
    ].join('\n');
    expect(parseExposition(body, 'openmetrics')).toEqual([
      { labels: { __name__: 'foo_seconds_total', a: '1' }, value: 17, timestampMs: 1520879607789 },
      { labels: { __name__: 'foo_seconds_created', a: '1' }, value: 1520430000.123 },
      { labels: { __name__: 'bar_bucket', le: '1' }, value: 2 },
      { labels: { __name__: 'bar_bucket', le: '+Inf' }, value: 3 },
      { labels: { __name__: 'bar_count' }, value: 3 },
      { labels: { __name__: 'bar_sum' }, value: -Infinity },
      { labels: { __name__: 'dotted.name' }, value: Number.NaN },
    ]);
  });

  it.each([
    ['a 1\n', 0, 'data does not end with # EOF'],
    ['a 1\n# EOF\nb 2\n', 3, 'unexpected data after # EOF'],
    ['# UNIT a_seconds bytes\n# EOF\n', 1, 'not a suffix'],
    ['# random comment\n# EOF\n', 1, 'expected HELP, TYPE, UNIT or EOF'],
    ['a 1 NaN\n# EOF\n', 1, 'invalid timestamp'],
    ['a  1\n# EOF\n', 1, 'expected value'],
  ])('rejects %j', (body, line, text) => {
    expect(() => parseExposition(body, 'openmetrics')).toThrow(text);
    try {
      parseExposition(body, 'openmetrics');
    } catch (err) {
      expect((err as ExpositionError).line).toBe(line);
    }
  });
});

describe('helpers', () => {
  it.each([
    ['1', 1],
    ['-1.5e3', -1500],
    ['+Inf', Infinity],
    ['inf', Infinity],
    ['-infinity', -Infinity],
    ['0x10', 16],
    ['.5', 0.5],
    ['1_000', undefined],
    ['abc', undefined],
  ])('parseGoFloat(%j)', (text, want) => {
    expect(parseGoFloat(text)).toBe(want);
  });

  it.each([
    ['application/openmetrics-text; version=1.0.0; charset=utf-8', 'openmetrics'],
    ['text/plain; version=0.0.4; charset=utf-8', 'text'],
    [undefined, 'text'],
  ] as const)('formatFromContentType(%j)', (ct, want) => {
    expect(formatFromContentType(ct)).toBe(want);
  });
});

describe('ExpositionReader', () => {
  const read = (body: string, format: 'text' | 'openmetrics' = 'text') => {
    const r = new ExpositionReader(body, format);
    const out: Array<[string, number, number | undefined]> = [];
    while (r.next()) out.push([r.series, r.value, r.timestampMs]);
    return out;
  };

  it('gives each line series text as written, without parsing labels', () => {
    expect(
      read('# HELP a x\na{b="}",c="q\\"}"} 1.5\n  b {x="1"}\t2 1700\nc NaN\n{"my.metric",z="1"} -1e3\n'),
    ).toEqual([
      ['a{b="}",c="q\\"}"}', 1.5, undefined],
      ['b {x="1"}', 2, 1700],
      ['c', Number.NaN, undefined],
      ['{"my.metric",z="1"}', -1000, undefined],
    ]);
  });

  it('takes an expected series text only where it is the whole series', () => {
    const r = new ExpositionReader('a 1\na {x="1"} 2\nab 3\na{x="1"} 4\na{x="1"}  5 6\n', 'text');
    const got: Array<[string, boolean, number]> = [];
    for (const guess of ['a', 'a', 'a', 'a{x="1"}', 'a{x="1"}']) {
      expect(r.next(guess)).toBe(true);
      got.push([r.series, r.expected, r.value]);
    }
    expect(got).toEqual([
      ['a', true, 1],
      ['a {x="1"}', false, 2],
      ['ab', false, 3],
      ['a{x="1"}', true, 4],
      ['a{x="1"}', true, 5],
    ]);
    expect(r.timestampMs).toBe(6);
  });

  it('leaves label errors to labels(), with parseExposition messages', () => {
    const r = new ExpositionReader('a{b=c} 1\n', 'text');
    expect(r.next()).toBe(true);
    expect(r.series).toBe('a{b=c}');
    expect(() => r.labels()).toThrow(/line 1: expected label value/);
  });

  it('reads OpenMetrics timestamps and exemplars through the full parser', () => {
    expect(read('a_total 1 1.5 # {id="x"} 2\nb 2 # {id="y"} 3\n# EOF\n', 'openmetrics')).toEqual([
      ['a_total', 1, 1500],
      ['b', 2, undefined],
    ]);
  });
});
