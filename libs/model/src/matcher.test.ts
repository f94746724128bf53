import { describe, expect, it } from 'vitest';
import {
  formatMatchers,
  fromApiMatcher,
  matchersMatch,
  newMatcher,
  sortMatchers,
  toApiMatcher,
  type MatchType,
} from './matcher';

describe('Matcher.matches', () => {
  it.each([
    ['=', 'bar', 'bar', true],
    ['=', 'bar', 'foo-bar', false],
    ['!=', 'bar', 'bar', false],
    ['!=', 'bar', 'foo-bar', true],
    ['=~', 'bar', 'bar', true],
    ['=~', 'bar', 'foo-bar', false],
    ['=~', '.*bar', 'foo-bar', true],
    ['!~', 'bar', 'bar', false],
    ['!~', 'bar', 'foo-bar', true],
    ['!~', '.*bar', 'foo-bar', false],
    ['=~', 'foo.bar', 'foo-bar', true],
    ['=~', 'foo\\.bar', 'foo-bar', false],
    ['=~', 'foo\\.bar', 'foo.bar', true],
    ['=', 'foo\nbar', 'foo\nbar', true],
    ['=~', 'foo.bar', 'foo\nbar', false],
    ['=~', '(?s)foo.bar', 'foo\nbar', true],
    ['=', '~!="', '~!="', true],
    // Anchoring: the whole value must match, alternatives included.
    ['=~', 'a|b', 'ab', false],
    ['=~', 'a|b', 'b', true],
    ['=~', '', '', true],
    ['!~', '.+', '', true],
  ] as [MatchType, string, string, boolean][])('%s %j on %j is %s', (type, value, input, expected) => {
    expect(newMatcher(type, 'foo', value).matches(input)).toBe(expected);
  });

  it('treats a missing label as the empty string', () => {
    expect(newMatcher('=', 'team', '').matchesLabels({})).toBe(true);
    expect(newMatcher('!=', 'team', '').matchesLabels({})).toBe(false);
    expect(newMatcher('=~', 'team', 'a|').matchesLabels({ other: 'x' })).toBe(true);
  });

  it('rejects regexes that Go rejects', () => {
    expect(() => newMatcher('=~', 'foo', '(?=x)')).toThrow('invalid or unsupported Perl syntax: `(?=`');
  });
});

describe('Matcher.toString', () => {
  it.each([
    ['foo', '=', 'bar', 'foo="bar"'],
    ['foo', '!=', 'bar', 'foo!="bar"'],
    ['foo', '=~', 'bar', 'foo=~"bar"'],
    ['foo', '!~', 'bar', 'foo!~"bar"'],
    ['foo', '=', 'back\\slash', 'foo="back\\\\slash"'],
    ['foo', '=', 'double"quote', 'foo="double\\"quote"'],
    ['foo', '=', 'new\nline', 'foo="new\\nline"'],
    ['foo', '=', 'tab\tstop', 'foo="tab\tstop"'],
    ['foo', '=', '🙂', 'foo="🙂"'],
    ['foo!', '!=', 'bar', '"foo!"!="bar"'],
    ['foo🙂', '=', 'bar', 'foo🙂="bar"'],
    ['foo bar', '=', 'baz', '"foo bar"="baz"'],
    // A quoted name quotes the value the Go way too.
    ['foo bar', '=', 'tab\t', '"foo bar"="tab\\t"'],
  ] as [string, MatchType, string, string][])('%j %s %j prints %j', (name, type, value, expected) => {
    expect(newMatcher(type, name, value).toString()).toBe(expected);
  });
});

describe('matcher lists', () => {
  const ms = [
    newMatcher('=', 'owner', 'team-A'),
    newMatcher('!=', 'level', 'critical'),
    newMatcher('=~', 'env', 'prod'),
    newMatcher('=', 'env', 'prod'),
  ];

  it('sorts by name, value, then operator and prints without spaces', () => {
    expect(formatMatchers(sortMatchers(ms))).toBe(
      '{env="prod",env=~"prod",level!="critical",owner="team-A"}',
    );
  });

  it.each([
    [{ owner: 'team-A', env: 'prod' }, true],
    [{ owner: 'team-A', env: 'prod', level: 'critical' }, false],
    [{ owner: 'team-B', env: 'prod' }, false],
  ])('matches %j: %s', (labels, expected) => {
    expect(matchersMatch(ms, labels)).toBe(expected);
  });
});

describe('API v2 matcher shape', () => {
  it.each([
    ['=', { name: 'foo', value: 'bar', isRegex: false, isEqual: true }],
    ['!=', { name: 'foo', value: 'bar', isRegex: false, isEqual: false }],
    ['=~', { name: 'foo', value: 'bar', isRegex: true, isEqual: true }],
    ['!~', { name: 'foo', value: 'bar', isRegex: true, isEqual: false }],
  ] as [MatchType, { name: string; value: string; isRegex: boolean; isEqual: boolean }][])(
    '%s round-trips',
    (type, api) => {
      expect(toApiMatcher(newMatcher(type, 'foo', 'bar'))).toEqual(api);
      expect(fromApiMatcher(api).type).toBe(type);
    },
  );

  it('defaults isEqual to true', () => {
    expect(fromApiMatcher({ name: 'foo', value: 'bar', isRegex: false }).type).toBe('=');
  });
});
