import { describe, expect, it } from 'vitest';
import { formatApiMatcher, formatFilter, labelsToFilter, matcherType, parseFilter, toApi } from './filter';

describe('parseFilter', () => {
  it.each([
    ['', []],
    ['   ', []],
    ['severity="critical"', ['severity="critical"']],
    ['severity="critical", team=~"db.*"', ['severity="critical"', 'team=~"db.*"']],
    ['{severity!="info",team!~"a|b"}', ['severity!="info"', 'team!~"a|b"']],
    ['foo=bar', ['foo="bar"']],
    ['"service name"="web 1"', ['"service name"="web 1"']],
  ])('reads %j as matchers', (text, expected) => {
    const r = parseFilter(text);
    expect(r.ok && r.matchers.map((m) => m.toString())).toEqual(expected);
  });

  it.each([
    ['severity', /^end of input: expected an operator such as '=', '!=', '=~' or '!~'$/],
    ['team=~"db("', /^failed to create matcher: error parsing regexp: missing closing \)/],
    ['a="1",,b="2"', /^6:7: unexpected ,: expected a matcher or close brace after comma$/],
    ['a="1" b="2"', /^6:7: unexpected b: expected a comma or close brace$/],
  ])('reports %j as an error', (text, message) => {
    const r = parseFilter(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});

describe('parseFilter with the classic parser as fallback', () => {
  it.each([
    ['severity=', 'severity=""'],
    ['{a="1"', 'a="1"'],
  ])('accepts %j as the API would, with a warning', (text, printed) => {
    const r = parseFilter(text);
    expect(r.ok && r.matchers.map((m) => m.toString())).toEqual([printed]);
    expect(r.ok && r.warning).toMatch(/classic parser/);
  });

  it('has no warning for input the UTF-8 parser reads', () => {
    expect(parseFilter('a="1"')).not.toHaveProperty('warning');
  });
});

describe('matcher conversions', () => {
  it.each([
    [{ isRegex: false, isEqual: true }, '='],
    [{ isRegex: false, isEqual: false }, '!='],
    [{ isRegex: true, isEqual: true }, '=~'],
    [{ isRegex: true, isEqual: false }, '!~'],
  ])('maps %j to %s and back', (flags, op) => {
    expect(matcherType(flags)).toBe(op);
    const r = parseFilter(`x${op}"y"`);
    expect(r.ok && r.matchers.map(toApi)).toEqual([{ name: 'x', value: 'y', ...flags }]);
    expect(formatApiMatcher({ name: 'x', value: 'y', ...flags })).toBe(`x${op}"y"`);
  });

  it('prints a label set with alertname first, values escaped', () => {
    expect(labelsToFilter({ zone: 'a"b', alertname: 'Disk', instance: 'h:9100' })).toBe(
      'alertname="Disk", instance="h:9100", zone="a\\"b"',
    );
  });

  it('round-trips printed filters through the parser', () => {
    const text = 'alertname="Disk", "odd name"=~"x\\\\d+", msg!="say \\"hi\\""';
    const r = parseFilter(text);
    expect(r.ok).toBe(true);
    if (r.ok) expect(parseFilter(formatFilter(r.matchers))).toEqual(r);
  });
});
