import { describe, expect, it } from 'vitest';
import { isValidLabelNameForMode, parseLabelArgs, parseMatcher, parseMatchers } from './matcher-compat';

describe('parseMatcher in fallback mode', () => {
  it.each([
    ['foo=bar', ['=', 'foo', 'bar']],
    // Only the UTF-8 parser reads this.
    ['foo🙂=bar', ['=', 'foo🙂', 'bar']],
    // Only the classic parser reads this.
    ['foo=!bar\\n', ['=', 'foo', '!bar\n']],
    // Both read it differently: the classic result wins.
    ['foo="\\xf0\\x9f\\x99\\x82"', ['=', 'foo', '\\xf0\\x9f\\x99\\x82']],
  ])('reads %j', (input, expected) => {
    const m = parseMatcher(input);
    expect([m.type, m.name, m.value]).toEqual(expected);
  });

  it.each([
    ['foo!bar', 'bad matcher format: foo!bar'],
    ['{foo=bar}', 'unexpected open or close brace: {foo=bar}'],
  ])('rejects %j', (input, message) => {
    expect(() => parseMatcher(input)).toThrow(message);
  });

  it('warns when it falls back to the classic parser', () => {
    const warnings: string[] = [];
    parseMatcher('foo=!bar', 'fallback', (w) => warnings.push(w.suggestion ?? ''));
    expect(warnings).toEqual(['foo="!bar"']);
  });
});

describe('parseMatchers in each mode', () => {
  it.each([
    ['fallback', '{foo=bar,bar=baz}', 'foo="bar" bar="baz"'],
    ['fallback', '{foo🙂=bar,bar=baz🙂}', 'foo🙂="bar" bar="baz🙂"'],
    ['fallback', '{foo=!bar,bar=$baz\\n}', 'foo="!bar" bar="$baz\\n"'],
    ['fallback', '{foo="\\xf0\\x9f\\x99\\x82"}', 'foo="\\\\xf0\\\\x9f\\\\x99\\\\x82"'],
    ['classic', 'foo=bar', 'foo="bar"'],
    ['utf8', '"foo bar"=baz', '"foo bar"="baz"'],
  ] as const)('%s reads %j', (mode, input, expected) => {
    expect(
      parseMatchers(input, mode)
        .map((m) => m.toString())
        .join(' '),
    ).toBe(expected);
  });

  it.each([
    ['fallback', '{foo!bar}', 'bad matcher format: foo!bar'],
    ['classic', 'foo🙂=bar', 'bad matcher format: foo🙂=bar'],
    ['utf8', 'foo=!bar', "4:5: !: expected one of '=~': expected label value"],
  ] as const)('%s rejects %j', (mode, input, message) => {
    expect(() => parseMatchers(input, mode)).toThrow(message);
  });
});

describe('isValidLabelNameForMode', () => {
  it.each([
    ['foo', 'classic', true],
    ['_foo1', 'classic', true],
    ['', 'classic', false],
    ['0foo', 'classic', false],
    ['foo🙂', 'classic', false],
    ['0foo', 'fallback', true],
    ['foo🙂', 'utf8', true],
    ['', 'utf8', false],
  ] as const)('%j in %s mode is %s', (name, mode, valid) => {
    expect(isValidLabelNameForMode(name, mode)).toBe(valid);
  });
});

describe('parseLabelArgs', () => {
  it('reads name=value pairs like amtool', () => {
    expect(parseLabelArgs(['service=database', 'owner="team X"'])).toEqual({
      service: 'database',
      owner: 'team X',
    });
  });

  it.each([
    [['foo=~bar'], 'Labels must be specified as key=value pairs'],
    [['foo'], 'Failed to parse labels: bad matcher format: foo'],
  ])('rejects %j', (args, message) => {
    expect(() => parseLabelArgs(args)).toThrow(message);
  });
});
