import { parseHistogramLiteral } from '@vigil/promql';
import { describe, expect, it } from 'vitest';
import {
  expandHistogram,
  expandValue,
  histogramTestExpression,
  parseExpectedHistogram,
  splitValues,
} from './histogram-text';

const text = (literal: string): string => histogramTestExpression(parseHistogramLiteral(literal).h);

describe('splitValues', () => {
  it.each([
    ['floats', '1 2  3x2', ['1', '2', '3x2']],
    [
      'a histogram with spaces',
      '{{sum:1 count:2 buckets:[1 1]}}x2 _',
      ['{{sum:1 count:2 buckets:[1 1]}}x2', '_'],
    ],
    [
      'an increasing histogram series',
      '{{sum:1 count:1}}+{{sum:2 count:2}}x3 stale',
      ['{{sum:1 count:1}}+{{sum:2 count:2}}x3', 'stale'],
    ],
  ])('splits %s', (_name, input, tokens) => {
    expect(splitValues(input)).toEqual(tokens);
  });

  it('refuses an unterminated histogram', () => {
    expect(() => splitValues('1 {{sum:1')).toThrow('unterminated histogram description');
  });
});

describe('expandHistogram', () => {
  it('repeats a histogram N more times', () => {
    expect(
      expandHistogram('{{count:2 sum:3 buckets:[2]}}x2').map((x) => histogramTestExpression(x.h)),
    ).toEqual(new Array(3).fill('{{count:2 sum:3 buckets:[2]}}'));
  });

  it('adds or subtracts the increment step by step', () => {
    const up = expandHistogram('{{sum:3 count:2 buckets:[2]}}+{{sum:1.3 count:1 buckets:[1]}}x2');
    expect(up.map((x) => histogramTestExpression(x.h))).toEqual([
      '{{count:2 sum:3 buckets:[2]}}',
      '{{count:3 sum:4.3 buckets:[3]}}',
      '{{count:4 sum:5.6 buckets:[4]}}',
    ]);
    const down = expandHistogram('{{sum:3 count:4 buckets:[4]}}-{{sum:1 count:1 buckets:[1]}}x1');
    expect(down.map((x) => x.h.count)).toEqual([4, 3]);
  });

  it.each([
    ['an increment without a count', '{{count:1}}+{{count:1}}', 'needs a repetition count'],
    ['trailing text', '{{count:1}}y', 'bad histogram series item'],
    ['an unknown key', '{{colour:1}}', 'unknown histogram description key colour'],
  ])('refuses %s', (_name, token, message) => {
    expect(() => expandHistogram(token)).toThrow(message);
  });

  it('leaves float tokens to the float notation', () => {
    expect(expandValue('1+1x2')).toEqual([1, 2, 3]);
    expect(expandValue('_')).toEqual([null]);
    expect(expandValue('stale')).toEqual(['stale']);
  });
});

describe('histogramTestExpression', () => {
  it.each([
    ['the empty histogram', '{{}}', '{{}}'],
    [
      'every field, in TestExpression order',
      '{{schema:1 sum:-0.3 count:32.1 z_bucket:7.1 z_bucket_w:0.05 buckets:[5.1 10 7] offset:-3 n_buckets:[4.1 5] n_offset:-5 counter_reset_hint:gauge}}',
      '{{schema:1 count:32.1 sum:-0.3 z_bucket:7.1 z_bucket_w:0.05 counter_reset_hint:gauge offset:-3 buckets:[5.1 10 7] n_offset:-5 n_buckets:[4.1 5]}}',
    ],
    [
      'empty edge buckets compacted away',
      '{{count:3 buckets:[0 0 1 0 2 0]}}',
      '{{count:3 offset:2 buckets:[1 0 2]}}',
    ],
    ['only empty buckets', '{{count:0 buckets:[0 0] n_buckets:[0]}}', '{{}}'],
    [
      'floats as Go %g',
      '{{count:1000000 sum:0.00001 buckets:[1e21 123456]}}',
      '{{count:1e+06 sum:1e-05 buckets:[1e+21 123456]}}',
    ],
    [
      'custom bucket bounds',
      '{{schema:-53 count:3 custom_values:[1 2.5] buckets:[1 2]}}',
      '{{schema:-53 count:3 custom_values:[1 2.5] buckets:[1 2]}}',
    ],
  ])('prints %s', (_name, literal, expected) => {
    expect(text(literal)).toBe(expected);
  });

  it('joins several spans into one run, filling the gaps with zeros', () => {
    const h = parseHistogramLiteral('{{count:3}}').h;
    h.positiveSpans = [
      { offset: -1, length: 1 },
      { offset: 2, length: 2 },
    ];
    h.positiveBuckets = [1, 0, 2];
    expect(histogramTestExpression(h)).toBe('{{count:3 offset:-1 buckets:[1 0 0 0 2]}}');
  });
});

describe('parseExpectedHistogram', () => {
  it('reads one histogram', () => {
    expect(histogramTestExpression(parseExpectedHistogram(' {{count:2 buckets:[2]}} '))).toBe(
      '{{count:2 buckets:[2]}}',
    );
  });

  it.each([
    ['two values', '{{count:1}}x1', 'expected 1 value, got 2'],
    ['no value', '  ', 'expected 1 value, got 0'],
    ['a float', '1', 'expected histogram, got 1.000000'],
    ['a skipped slot', '_', 'expected histogram, got _'],
    ['a stale marker', 'stale', 'expected histogram, got NaN'],
  ])('refuses %s as promtool does', (_name, input, message) => {
    expect(() => parseExpectedHistogram(input)).toThrow(message);
  });
});
