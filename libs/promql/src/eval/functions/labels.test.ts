import { describe, expect, it } from 'vitest';
import { FUNCTION_LIBRARY } from './index';
import {
  absentLabels,
  type AbsentMatcher,
  compileLabelReplace,
  goExpand,
  labelJoin,
  labelReplace,
} from './labels';
import type { LabelSet } from '../types';

describe('label_replace', () => {
  it.each<[string, LabelSet, string, string, string, string, LabelSet]>([
    // name, labels, dst, replacement, src, regex, want
    ['swap groups', { a: 'foo-bar' }, 'b', '${2}_${1}', 'a', '(.*)-(.*)', { a: 'foo-bar', b: 'bar_foo' }],
    // As in Go, `$2_` refers to a group named "2_" (empty), so only $1 shows.
    ['$2_ is a group name', { a: 'foo-bar' }, 'b', '$2_$1', 'a', '(.*)-(.*)', { a: 'foo-bar', b: 'foo' }],
    ['anchored: partial match does nothing', { a: 'foo' }, 'b', 'x', 'a', 'o', { a: 'foo' }],
    ['missing source is ""', { a: 'x' }, 'b', 'empty', 'nope', '', { a: 'x', b: 'empty' }],
    ['empty result deletes dst', { a: 'x', b: 'y' }, 'b', '', 'a', '.*', { a: 'x' }],
    ['$1x names group "1x"', { a: 'foo' }, 'b', '$1x', 'a', '(.*)', { a: 'foo' }],
    ['${1}x', { a: 'foo' }, 'b', '${1}x', 'a', '(.*)', { a: 'foo', b: 'foox' }],
    ['$$ is a dollar', { a: 'foo' }, 'b', '$$1', 'a', '(.*)', { a: 'foo', b: '$1' }],
    [
      'named group',
      { a: 'host:9090' },
      'port',
      '${p}',
      'a',
      '[^:]+:(?P<p>\\d+)',
      { a: 'host:9090', port: '9090' },
    ],
    ['dot matches newline', { a: 'a\nb' }, 'b', 'yes', 'a', 'a.b', { a: 'a\nb', b: 'yes' }],
    ['sets __name__', { __name__: 'up', a: 'x' }, '__name__', 'down', 'a', 'x', { __name__: 'down', a: 'x' }],
  ])('%s', (_name, labels, dst, repl, src, regex, want) => {
    expect(labelReplace(labels, dst, repl, src, compileLabelReplace(dst, regex))).toEqual(want);
  });

  it.each<[string, string, string]>([
    ['b', '(', 'invalid regular expression in label_replace(): ('],
    ['', '.*', 'invalid destination label name in label_replace(): '],
  ])('rejects dst %j regex %j', (dst, regex, message) => {
    expect(() => compileLabelReplace(dst, regex)).toThrow(message);
  });
});

describe('goExpand', () => {
  it.each<[string, string]>([
    ['$1-$2', 'a-b'],
    ['${2}${1}', 'ba'],
    ['$3', ''],
    ['$', '$'],
    ['${1', '${1'],
    ['$01', ''],
    ['x$-y', 'x$-y'],
  ])('%j', (template, want) => {
    expect(goExpand(template, ['ab', 'a', 'b'], [undefined, undefined, undefined])).toBe(want);
  });
});

describe('label_join', () => {
  it('joins source values, missing ones as ""', () => {
    expect(labelJoin({ a: 'x', b: 'y' }, 'c', '-', ['a', 'b', 'missing'])).toEqual({
      a: 'x',
      b: 'y',
      c: 'x-y-',
    });
  });
  it('deletes dst when the join is empty', () => {
    expect(labelJoin({ c: 'old' }, 'c', '', ['a'])).toEqual({});
  });
  it('is wired in the library with Prometheus argument order', () => {
    const join = FUNCTION_LIBRARY.vector.label_join;
    expect(join?.([{ labels: { a: '1', b: '2' }, value: 7 }], ['c', ',', 'a', 'b'], 0)).toEqual([
      { labels: { a: '1', b: '2', c: '1,2' }, value: 7 },
    ]);
    expect(() => join?.([], ['', ',', 'a'], 0)).toThrow('invalid destination label name in label_join(): ');
  });
});

describe('absentLabels', () => {
  it.each<[string, AbsentMatcher[], LabelSet]>([
    ['equality matchers', [{ type: '=', name: 'job', value: 'a' }], { job: 'a' }],
    ['__name__ is skipped', [{ type: '=', name: '__name__', value: 'up' }], {}],
    ['regex matchers give nothing', [{ type: '=~', name: 'job', value: 'a.*' }], {}],
    [
      'a repeated name is dropped',
      [
        { type: '=', name: 'job', value: 'a' },
        { type: '=', name: 'job', value: 'b' },
        { type: '=', name: 'foo', value: 'bar' },
      ],
      { foo: 'bar' },
    ],
    [
      'an equality after another operator counts',
      [
        { type: '!=', name: 'x', value: '1' },
        { type: '=', name: 'x', value: '2' },
      ],
      { x: '2' },
    ],
  ])('%s', (_name, matchers, want) => {
    expect(absentLabels(matchers)).toEqual(want);
  });
});
