import { describe, expect, it } from 'vitest';
import { findDuplicateRules, formatDuplicateRules } from './lint';
import type { RuleGroupSpec, RuleSpec } from './types';

function rule(
  name: string,
  labels: Record<string, string> = {},
  kind: 'record' | 'alert' = 'record',
): RuleSpec {
  return {
    [kind]: name,
    expr: '1',
    forMs: 0,
    keepFiringForMs: 0,
    labels,
    annotations: {},
    position: { line: 1, column: 1 },
  };
}

function group(name: string, rules: RuleSpec[], labels: Record<string, string> = {}): RuleGroupSpec {
  return { name, file: 'f', limit: 0, labels, rules, position: { line: 1, column: 1 } };
}

describe('findDuplicateRules', () => {
  it.each([
    ['no duplicates', [group('a', [rule('x'), rule('y')])], []],
    ['same name, different labels', [group('a', [rule('x', { a: '1' }), rule('x', { a: '2' })])], []],
    [
      'same name across groups',
      [group('a', [rule('x')]), group('b', [rule('x')])],
      [{ metric: 'x', labels: [] }],
    ],
    [
      'reported once however often repeated',
      [group('a', [rule('x'), rule('x'), rule('x')])],
      [{ metric: 'x', labels: [] }],
    ],
    [
      'group labels merged under rule labels',
      [group('a', [rule('x', { b: '2' })], { a: '1', b: '9' }), group('b', [rule('x', { a: '1', b: '2' })])],
      [
        {
          metric: 'x',
          labels: [
            ['a', '1'],
            ['b', '2'],
          ],
        },
      ],
    ],
    [
      'an alert and a recording rule of the same name',
      [group('a', [rule('x', {}, 'alert'), rule('x')])],
      [{ metric: 'x', labels: [] }],
    ],
    [
      'several, sorted by name',
      [group('a', [rule('z'), rule('y'), rule('z'), rule('y')])],
      [
        { metric: 'y', labels: [] },
        { metric: 'z', labels: [] },
      ],
    ],
  ])('%s', (_what, groups, want) => {
    expect(findDuplicateRules(groups)).toEqual(want);
  });
});

describe('formatDuplicateRules', () => {
  it('prints as promtool does', () => {
    expect(
      formatDuplicateRules([
        { metric: 'HighRequestLatency', labels: [['severity', 'page']] },
        { metric: 'job:x', labels: [] },
      ]),
    ).toBe(
      'lint error 2 duplicate rule(s) found.\n' +
        'Metric: HighRequestLatency\nLabel(s):\n\tseverity: page\n' +
        'Metric: job:x\nLabel(s):\n' +
        'Might cause inconsistency while recording expressions',
    );
  });
});
