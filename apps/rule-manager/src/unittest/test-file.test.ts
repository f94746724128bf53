import { describe, expect, it } from 'vitest';
import { alertsString, floatsEqual, nextAfter, samplesString } from './format';
import { parseInputSeries, parseMetric } from './input-series';
import { parseTestFile, parseTimestamp, TestFileError } from './test-file';

describe('parseTestFile', () => {
  it('reads every field of the format, keeping values as written', () => {
    const f = parseTestFile(`
rule_files: [a.yml, 'rules/*.yml']
evaluation_interval: 30s
group_eval_order: [g1, g2]
fuzzy_compare: true
tests:
  - name: t
    interval: 15s
    start_timestamp: 1609459200
    external_labels: {cluster: eu}
    external_url: http://x
    input_series:
      - series: 'up{job="a"}'
        values: 2.9999999999999996
    alert_rule_test:
      - eval_time: 1d
        alertname: A
        exp_alerts:
          - exp_labels: {severity: page}
            exp_annotations: {summary: s}
          - {}
    promql_expr_test:
      - expr: up
        eval_time: 0
        exp_samples:
          - labels: up
            value: .inf
`);
    expect(f).toEqual({
      ruleFiles: ['a.yml', 'rules/*.yml'],
      evaluationIntervalMs: 30_000,
      groupEvalOrder: ['g1', 'g2'],
      fuzzyCompare: true,
      tests: [
        {
          name: 't',
          intervalMs: 15_000,
          startTimestampMs: 1_609_459_200_000,
          externalLabels: { cluster: 'eu' },
          externalURL: 'http://x',
          inputSeries: [{ series: 'up{job="a"}', values: '2.9999999999999996' }],
          alertRuleTests: [
            {
              evalTimeMs: 86_400_000,
              alertname: 'A',
              expAlerts: [
                { expLabels: { severity: 'page' }, expAnnotations: { summary: 's' } },
                { expLabels: {}, expAnnotations: {} },
              ],
            },
          ],
          promqlExprTests: [
            { expr: 'up', evalTimeMs: 0, expSamples: [{ labels: 'up', value: Infinity, histogram: '' }] },
          ],
        },
      ],
    });
  });

  it('reads an empty file as no tests', () => {
    expect(parseTestFile('')).toMatchObject({ ruleFiles: [], tests: [], evaluationIntervalMs: 0 });
  });

  it.each([
    ['value: [1]\n', 'yaml: unmarshal errors:\n  line 1: field value not found in type main.unitTestFile'],
    [
      'tests:\n  - exp_samples: x\n',
      'yaml: unmarshal errors:\n  line 2: field exp_samples not found in type main.testGroup',
    ],
    [
      'tests:\n  - promql_expr_test:\n      - exp_samples: [{value: abc}]\n',
      'yaml: unmarshal errors:\n  line 3: cannot unmarshal !!str `abc` into float64',
    ],
    ['fuzzy_compare: maybe\n', 'yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `maybe` into bool'],
    ['evaluation_interval: 1x\n', 'not a valid duration string: "1x"'],
    ['tests:\n  - start_timestamp: yesterday\n', 'cannot parse "yesterday" to a valid timestamp'],
    ['a: [\n', /^yaml: line \d+: /],
  ])('rejects %j', (text, message) => {
    expect(() => parseTestFile(text)).toThrow(TestFileError);
    expect(() => parseTestFile(text)).toThrow(message);
  });

  it('reads start_timestamp as RFC 3339 or Unix seconds', () => {
    expect(parseTimestamp('2024-01-01T00:00:00Z')).toBe(1_704_067_200_000);
    expect(parseTimestamp('2024-01-01T01:00:00+01:00')).toBe(1_704_067_200_000);
    expect(parseTimestamp('1.5')).toBe(1500);
  });
});

describe('input series', () => {
  it('expands values from the start time, skipping gaps and marking staleness', () => {
    const samples = parseInputSeries(
      [
        { series: 'a', values: '1+1x2 _ stale' },
        { series: '{b="x"}', values: '5x1' },
      ],
      1000,
      60_000,
    );
    expect(samples.map((s) => [s.labels, s.t, s.stale ? 'stale' : s.v])).toEqual([
      [{ __name__: 'a' }, 1000, 1],
      [{ b: 'x' }, 1000, 5],
      [{ __name__: 'a' }, 61_000, 2],
      [{ b: 'x' }, 61_000, 5],
      [{ __name__: 'a' }, 121_000, 3],
      [{ __name__: 'a' }, 241_000, 'stale'],
    ]);
  });

  it.each([
    ['', {}],
    ['{}', {}],
    ['up', { __name__: 'up' }],
    ['up{a="1", b="2"}', { __name__: 'up', a: '1', b: '2' }],
    ['{__name__="x", c="3"}', { __name__: 'x', c: '3' }],
  ])('parses the metric %j', (text, labels) => {
    expect(parseMetric(text)).toEqual(labels);
  });

  it('refuses a selector that is not a series, with the error ParseMetric gives', () => {
    expect(() => parseMetric('up{a=~"1"}')).toThrow(
      '1:5: parse error: unexpected <op:=~> in label set, expected "="',
    );
    expect(() => parseMetric('{a="!=", b!="1"}')).toThrow(
      '1:11: parse error: unexpected <op:!=> in label set',
    );
  });
});

describe('promtool formatting', () => {
  it('prints samples with strconv E formatting', () => {
    expect(samplesString([])).toBe('nil');
    expect(
      samplesString([
        { labels: { __name__: 'a', x: 'q"' }, value: 60, histogram: '' },
        { labels: {}, value: 3.0000000000000004, histogram: '' },
        { labels: {}, value: Number.NaN, histogram: '' },
      ]),
    ).toBe('{__name__="a", x="q\\""} 6E+01, {} 3.0000000000000004E+00, {} NaN');
  });

  it('prints alert lists as labelsAndAnnotations.String', () => {
    expect(alertsString([])).toBe('[]');
    expect(
      alertsString([
        { labels: { a: '1' }, annotations: {} },
        { labels: { b: '2' }, annotations: { s: 'x' } },
      ]),
    ).toBe('[\n0:\n  Labels:{a="1"}\n  Annotations:{},\n1:\n  Labels:{b="2"}\n  Annotations:{s="x"}\n]');
  });

  it('treats floats one ULP apart as equal only when fuzzy', () => {
    expect(nextAfter(3, Infinity)).toBe(3.0000000000000004);
    expect(nextAfter(3, -Infinity)).toBe(2.9999999999999996);
    expect(nextAfter(0, 1)).toBe(Number.MIN_VALUE);
    expect(floatsEqual(3, 3.0000000000000004, true)).toBe(true);
    expect(floatsEqual(3, 3.0000000000000004, false)).toBe(false);
    expect(floatsEqual(3, 3.0000000000000013, true)).toBe(false);
    expect(floatsEqual(Number.NaN, Number.NaN, true)).toBe(false);
  });
});
