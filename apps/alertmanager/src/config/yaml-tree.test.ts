import { describe, expect, it } from 'vitest';
import { describeNode, parseGoInt, parseYamlTree, plainTag } from './yaml-tree';

describe('plainTag follows YAML 1.1 as yaml.v2 does', () => {
  it.each([
    ['yes', '!!bool'],
    ['Off', '!!bool'],
    ['y', '!!bool'],
    ['123', '!!int'],
    ['0x1F', '!!int'],
    ['1_000', '!!int'],
    ['-0b101', '!!int'],
    ['1.5', '!!float'],
    ['.inf', '!!float'],
    ['5m', '!!str'],
    ['yesterday', '!!str'],
  ])('%s is %s', (text, tag) => {
    expect(plainTag(text)).toBe(tag);
  });

  it.each([
    ['0755', 493],
    ['0x10', 16],
    ['-42', -42],
    ['1_000', 1000],
    ['08', undefined],
  ])('reads the integer %s as %s', (text, value) => {
    expect(parseGoInt(text)).toBe(value);
  });
});

describe('parseYamlTree', () => {
  it('keeps scalar text, quoting and positions', () => {
    const { root } = parseYamlTree('a: 0755\nb: "0755"\nc:\nd: ~\n');
    expect(root?.kind).toBe('map');
    const entries = root?.kind === 'map' ? root.entries : [];
    expect(
      entries.map((e) => [
        e.key,
        e.keyPos.line,
        e.value.kind,
        e.value.kind === 'scalar' ? [e.value.text, e.value.plain] : null,
      ]),
    ).toEqual([
      ['a', 1, 'scalar', ['0755', true]],
      ['b', 2, 'scalar', ['0755', false]],
      ['c', 3, 'null', null],
      ['d', 4, 'null', null],
    ]);
  });

  it('reads only the first document', () => {
    const { root, errors } = parseYamlTree('a: 1\n---\nb: 2\n');
    expect(errors).toEqual([]);
    expect(root?.kind === 'map' && root.entries.map((e) => e.key)).toEqual(['a']);
  });

  it('describes nodes like yaml.v2 errors', () => {
    const { root } = parseYamlTree('[x, "a very long string value", 7]');
    const items = root?.kind === 'seq' ? root.items : [];
    expect(items.map(describeNode)).toEqual(['!!str `x`', '!!str `a very ...`', '!!int `7`']);
    expect(root && describeNode(root)).toBe('!!seq');
  });
});
