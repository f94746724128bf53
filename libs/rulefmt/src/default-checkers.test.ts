// Rule validation with the real PromQL and template parsers, as `vigil check rules` runs it.
import { describe, expect, it } from 'vitest';
import { UnknownFeatureError, exprChecker } from './default-checkers';
import { parseRuleFile } from './parse-rule-file';

const rule = (expr: string, extra = ''): string =>
  `groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: ${JSON.stringify(expr)}\n${extra}`;

function messages(text: string, features?: string[]): string[] {
  const opts = features ? { checkExpr: exprChecker(features) } : {};
  return parseRuleFile(text, 'r.yml', opts).errors.map((e) => e.message);
}

describe('default checkers', () => {
  it.each([
    [
      'rate(hi)',
      '1:6: parse error: expected type range vector in call to function "rate", got instant vector',
    ],
    ['test +', '1:7: parse error: unexpected end of input'],
    ['sort_by_label(up, "instance")', '1:1: parse error: function "sort_by_label" is not enabled'],
  ])('reports PromQL errors in Prometheus words: %s', (expr, want) => {
    expect(messages(rule(expr))).toEqual([
      `5:15: group "g", rule 1, "A": could not parse expression: ${want}`,
    ]);
  });

  it('accepts duration expressions, which promtool enables by default', () => {
    expect(messages(rule('rate(up[1m * 2])'))).toEqual([]);
  });

  it('accepts experimental syntax when its feature is enabled, as promtool --enable-feature does', () => {
    const features = [
      'promql-experimental-functions',
      'promql-extended-range-selectors',
      'promql-binop-fill-modifiers',
    ];
    for (const expr of [
      'sort_by_label(up, "instance")',
      'rate(up[1m] anchored)',
      'rate(up[5m]) + fill(0) rate(down[5m])',
    ]) {
      expect(messages(rule(expr))).toHaveLength(1);
      expect(messages(rule(expr), features)).toEqual([]);
    }
  });

  it('rejects an unknown feature name', () => {
    expect(() => exprChecker(['promql-nope'])).toThrow(UnknownFeatureError);
  });

  it('reports a deeply nested expression instead of crashing', () => {
    const deep = `${'('.repeat(20_000)}1${')'.repeat(20_000)}`;
    const errors = messages(rule(deep));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^5:15: group "g", rule 1, "A": could not parse expression: /);
  });

  it.each([
    ['{{ $label.instance }}', 'template: __alert_A:1: undefined variable "$label"'],
    ['{{ humanise $value }}', 'template: __alert_A:1: function "humanise" not defined'],
  ])('reports template errors in Go words: %s', (summary, want) => {
    expect(
      messages(rule('up == 0', `        annotations:\n          summary: ${JSON.stringify(summary)}\n`)),
    ).toEqual([`7:20: group "g", rule 1, "A": annotation "summary": ${want}`]);
  });

  it('accepts templates using the predefined variables and Prometheus functions', () => {
    const summary =
      '{{ $labels.instance }} {{ $value | humanize }} {{ $externalURL }} {{ $externalLabels.cluster }}';
    expect(
      messages(rule('up == 0', `        labels:\n          summary: ${JSON.stringify(summary)}\n`)),
    ).toEqual([]);
  });
});
