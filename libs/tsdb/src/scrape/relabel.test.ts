import type { Labels } from '@vigil/model';
import { describe, expect, it } from 'vitest';
import {
  compileRelabelConfigs,
  compileRelabelRegex,
  DEFAULT_RELABEL_CONFIG,
  expandTemplate,
  hashmod,
  relabel,
  type RelabelConfig,
} from './relabel';

const rule = (r: Partial<RelabelConfig>): RelabelConfig => ({ ...DEFAULT_RELABEL_CONFIG, ...r });

const cases: Array<[string, Labels, Array<Partial<RelabelConfig>>, Labels | undefined]> = [
  [
    'replace with ${1}',
    { a: 'foo', b: 'bar' },
    [{ sourceLabels: ['a'], regex: 'f(.*)', targetLabel: 'd', replacement: 'ch${1}-ch${1}' }],
    { a: 'foo', b: 'bar', d: 'choo-choo' },
  ],
  [
    'chained replaces with joined sources',
    { a: 'foo', b: 'bar', c: 'baz' },
    [
      { sourceLabels: ['a', 'b'], regex: 'f(.*);(.*)r', targetLabel: 'a', replacement: 'b${1}${2}m' },
      { sourceLabels: ['c', 'a'], regex: '(b).*b(.*)ba(.*)', targetLabel: 'd', replacement: '$1$2$2$3' },
    ],
    { a: 'boobam', b: 'bar', c: 'baz', d: 'boooom' },
  ],
  ['drop on match', { a: 'foo' }, [{ action: 'drop', sourceLabels: ['a'], regex: '.*o.*' }], undefined],
  ['regex is anchored', { a: 'foo' }, [{ action: 'drop', sourceLabels: ['a'], regex: 'f|o' }], { a: 'foo' }],
  [
    'keep without match drops',
    { a: 'foo' },
    [{ action: 'keep', sourceLabels: ['a'], regex: 'bar' }],
    undefined,
  ],
  ['keep on match', { a: 'foo' }, [{ action: 'keep', sourceLabels: ['a'], regex: 'f.*' }], { a: 'foo' }],
  [
    'no match leaves labels alone',
    { a: 'foo' },
    [{ sourceLabels: ['a'], regex: 'x(.*)', targetLabel: 'b', replacement: '$1' }],
    { a: 'foo' },
  ],
  [
    'empty replacement deletes the target',
    { a: 'foo', b: 'x' },
    [{ sourceLabels: ['a'], regex: 'foo', targetLabel: 'b', replacement: '' }],
    { a: 'foo' },
  ],
  [
    'default rule sets a constant',
    { a: 'foo' },
    [{ targetLabel: 'env', replacement: 'prod' }],
    { a: 'foo', env: 'prod' },
  ],
  [
    'named groups and $$',
    { a: 'host-12' },
    [{ sourceLabels: ['a'], regex: '(?P<h>[a-z]+)-(?P<n>\\d+)', targetLabel: 'b', replacement: '$n.${h}$$' }],
    { a: 'host-12', b: '12.host$' },
  ],
  [
    '$1x is an unknown name, expanding to nothing',
    { a: 'foo' },
    [{ sourceLabels: ['a'], regex: '(f)oo', targetLabel: 'b', replacement: '$1x-${1}x' }],
    { a: 'foo', b: '-fx' },
  ],
  [
    'target label from a template',
    { a: 'some-name-value' },
    [{ sourceLabels: ['a'], regex: 'some-([^-]+)-([^,]+)', targetLabel: '${1}', replacement: '${2}' }],
    { a: 'some-name-value', name: 'value' },
  ],
  [
    'dot matches newline',
    { a: 'foo\nbar' },
    [{ sourceLabels: ['a'], regex: 'foo.bar', targetLabel: 'b', replacement: 'matched' }],
    { a: 'foo\nbar', b: 'matched' },
  ],
  [
    'hashmod as Prometheus',
    { a: 'foo', b: 'bar', c: 'baz' },
    [{ action: 'hashmod', sourceLabels: ['c'], targetLabel: 'd', modulus: 1000 }],
    { a: 'foo', b: 'bar', c: 'baz', d: '976' },
  ],
  [
    'hashmod of a value with a newline',
    { a: 'foo\nbar' },
    [{ action: 'hashmod', sourceLabels: ['a'], targetLabel: 'b', modulus: 1000 }],
    { a: 'foo\nbar', b: '734' },
  ],
  [
    'labelmap copies matching names',
    { a: 'foo', b1: 'bar', b2: 'baz' },
    [{ action: 'labelmap', regex: '(b.*)', replacement: '${1}_x' }],
    { a: 'foo', b1: 'bar', b2: 'baz', b1_x: 'bar', b2_x: 'baz' },
  ],
  [
    'labelmap of meta labels',
    { __meta_kubernetes_pod_label_app: 'web', a: 'x' },
    [{ action: 'labelmap', regex: '__meta_kubernetes_pod_label_(.+)' }],
    { __meta_kubernetes_pod_label_app: 'web', a: 'x', app: 'web' },
  ],
  ['labeldrop', { a: 'foo', b1: 'bar', b2: 'baz' }, [{ action: 'labeldrop', regex: 'b.*' }], { a: 'foo' }],
  [
    'labelkeep',
    { a: 'foo', b1: 'bar', b2: 'baz' },
    [{ action: 'labelkeep', regex: 'b.*' }],
    { b1: 'bar', b2: 'baz' },
  ],
  [
    'lowercase and uppercase',
    { foo: 'bAr123Foo', bar: 'x' },
    [
      { action: 'lowercase', sourceLabels: ['foo'], targetLabel: 'lower' },
      { action: 'uppercase', sourceLabels: ['foo', 'bar'], targetLabel: 'upper' },
    ],
    { foo: 'bAr123Foo', bar: 'x', lower: 'bar123foo', upper: 'BAR123FOO;X' },
  ],
  [
    'keepequal keeps equal',
    { a: '1', b: '1' },
    [{ action: 'keepequal', sourceLabels: ['a'], targetLabel: 'b' }],
    { a: '1', b: '1' },
  ],
  [
    'keepequal drops unequal',
    { a: '1', b: '2' },
    [{ action: 'keepequal', sourceLabels: ['a'], targetLabel: 'b' }],
    undefined,
  ],
  [
    'dropequal drops equal',
    { a: '1', b: '1' },
    [{ action: 'dropequal', sourceLabels: ['a'], targetLabel: 'b' }],
    undefined,
  ],
  [
    'dropequal keeps unequal',
    { a: '1', b: '2' },
    [{ action: 'dropequal', sourceLabels: ['a'], targetLabel: 'b' }],
    { a: '1', b: '2' },
  ],
  [
    'missing source labels read as empty',
    { a: 'foo' },
    [{ sourceLabels: ['a', 'nope'], regex: 'foo;', targetLabel: 'b', replacement: 'yes' }],
    { a: 'foo', b: 'yes' },
  ],
];

describe('relabel', () => {
  it.each(cases)('%s', (_name, input, rules, want) => {
    expect(relabel(input, compileRelabelConfigs(rules.map(rule)))).toEqual(want);
  });

  it('does not change its input', () => {
    const input = { a: 'foo' };
    relabel(input, compileRelabelConfigs([rule({ action: 'labeldrop', regex: 'a' })]));
    expect(input).toEqual({ a: 'foo' });
  });

  it('reports an invalid regex with the rule index', () => {
    expect(() => compileRelabelConfigs([rule({}), rule({ regex: '(' })])).toThrow(
      /relabel rule 1: invalid regex "\("/,
    );
  });

  it('hashmod uses the last 8 bytes of md5', () => {
    expect(hashmod('baz', 1000)).toBe(976n);
  });

  it.each([
    ['$1', 'a'],
    ['${2}', 'b'],
    ['$10', ''],
    ['$', '$'],
    ['$-', '$-'],
    ['${1', '${1'],
    ['$$1', '$1'],
    ['$01', ''],
  ])('expandTemplate(%j)', (template, want) => {
    const { re, names } = compileRelabelRegex('(a)(b)');
    const m = re.exec('ab');
    expect(m).not.toBeNull();
    if (m) expect(expandTemplate(template, m, names)).toBe(want);
  });
});
