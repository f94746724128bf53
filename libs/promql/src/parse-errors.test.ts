import { describe, expect, it } from 'vitest';
import { ParseError, parseExpr, type ParserOptions } from './index';

// Prometheus's own parser tests run with these features on (parse_test.go, TestParseExpressions).
const PROMETHEUS_TEST_OPTIONS: ParserOptions = {
  experimentalFunctions: true,
  durationExpressions: true,
  extendedRangeSelectors: true,
};

function errorOf(input: string, options: ParserOptions = PROMETHEUS_TEST_OPTIONS): ParseError {
  try {
    parseExpr(input, options);
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
}

// Inputs and first errors of Prometheus's parse_test.go (message and position as ParseErrors.Error() prints them).
const PROMETHEUS_ERRORS: Array<[string, string]> = [
  ['', 'unknown position: parse error: no expression found in input'],
  ['# just a comment\n\n', '1:1: parse error: no expression found in input'],
  ['1+', '1:3: parse error: unexpected end of input'],
  ['.', "1:1: parse error: unexpected character: '.'"],
  ['2.5.', '1:1: parse error: bad number or duration syntax: "2.5."'],
  ['100..4', '1:1: parse error: bad number or duration syntax: "100.."'],
  ['0deadbeef', '1:1: parse error: bad number or duration syntax: "0de"'],
  ['1 /', '1:4: parse error: unexpected end of input'],
  ['*1', '1:1: parse error: unexpected <op:*>'],
  ['(1))', "1:5: parse error: unexpected right parenthesis ')'"],
  ['((1)', '1:5: parse error: unclosed left parenthesis'],
  ['(', '1:2: parse error: unclosed left parenthesis'],
  ['1 and 1', '1:1: parse error: set operator "and" not allowed in binary scalar expression'],
  ['1 == 1', '1:3: parse error: comparisons between scalars must use BOOL modifier'],
  ['1 or 1', '1:1: parse error: set operator "or" not allowed in binary scalar expression'],
  ['1 unless 1', '1:1: parse error: set operator "unless" not allowed in binary scalar expression'],
  ['1 !~ 1', "1:3: parse error: unexpected character after '!': '~'"],
  ['1 =~ 1', "1:3: parse error: unexpected character after '=': '~'"],
  [
    '-"string"',
    '1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got "string"',
  ],
  [
    '-test[5m]',
    '1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got "range vector"',
  ],
  ['*test', '1:1: parse error: unexpected <op:*>'],
  ['@@', '1:1: parse error: unexpected <op:@>'],
  [
    '1 offset 1d',
    '1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery',
  ],
  ['foo offset 1s offset 2s', '1:1: parse error: offset may not be set multiple times'],
  ['a - on(b) ignoring(c) d', '1:11: parse error: unexpected <ignoring>'],
  ['foo and 1', '1:1: parse error: set operator "and" not allowed in binary scalar expression'],
  ['1 and foo', '1:1: parse error: set operator "and" not allowed in binary scalar expression'],
  ['foo or 1', '1:1: parse error: set operator "or" not allowed in binary scalar expression'],
  ['1 or foo', '1:1: parse error: set operator "or" not allowed in binary scalar expression'],
  ['foo unless 1', '1:1: parse error: set operator "unless" not allowed in binary scalar expression'],
  ['1 unless foo', '1:1: parse error: set operator "unless" not allowed in binary scalar expression'],
  ['1 or on(bar) foo', '1:1: parse error: vector matching only allowed between instant vectors'],
  ['foo == on(bar) 10', '1:1: parse error: vector matching only allowed between instant vectors'],
  ['foo + group_left(baz) bar', '1:7: parse error: unexpected <group_left>'],
  ['foo and on(bar) group_left(baz) bar', '1:1: parse error: no grouping allowed for "and" operation'],
  ['foo and on(bar) group_right(baz) bar', '1:1: parse error: no grouping allowed for "and" operation'],
  ['foo or on(bar) group_left(baz) bar', '1:1: parse error: no grouping allowed for "or" operation'],
  ['foo or on(bar) group_right(baz) bar', '1:1: parse error: no grouping allowed for "or" operation'],
  ['foo unless on(bar) group_left(baz) bar', '1:1: parse error: no grouping allowed for "unless" operation'],
  ['foo unless on(bar) group_right(baz) bar', '1:1: parse error: no grouping allowed for "unless" operation'],
  [
    'http_requests{group="production"} + on(instance) group_left(job,instance) cpu_count{type="smp"}',
    '1:35: parse error: label "instance" must not occur in ON and GROUP clause at once',
  ],
  ['foo + bool bar', '1:5: parse error: bool modifier can only be used on comparison operators'],
  ['foo + bool 10', '1:5: parse error: bool modifier can only be used on comparison operators'],
  ['foo and bool 10', '1:5: parse error: bool modifier can only be used on comparison operators'],
  [
    'http_requests{group="production"} + on(instance) group_left(job,instance) cpu_count{type="smp"}',
    '1:35: parse error: label "instance" must not occur in ON and GROUP clause at once',
  ],
  ['foo @ +Inf', '1:1: parse error: timestamp out of bounds for @ modifier: +Inf'],
  ['foo @ -Inf', '1:1: parse error: timestamp out of bounds for @ modifier: -Inf'],
  ['foo @ NaN', '1:1: parse error: timestamp out of bounds for @ modifier: NaN'],
  [
    'foo @ 9223372036854775808.000000',
    '1:1: parse error: timestamp out of bounds for @ modifier: 9223372036854775808.000000',
  ],
  [
    'foo @ -9223372036854775808.000000',
    '1:1: parse error: timestamp out of bounds for @ modifier: -9223372036854775808.000000',
  ],
  ['{', '1:2: parse error: unexpected end of input inside braces'],
  ['}', "1:1: parse error: unexpected character: '}'"],
  ['some{', '1:6: parse error: unexpected end of input inside braces'],
  ['some}', "1:5: parse error: unexpected character: '}'"],
  ['some_metric{a=b}', '1:15: parse error: unexpected identifier "b" in label matching, expected string'],
  ['some_metric{a:b="b"}', "1:14: parse error: unexpected character inside braces: ':'"],
  ['foo{a*"b"}', "1:6: parse error: unexpected character inside braces: '*'"],
  ['foo{a>="b"}', "1:6: parse error: unexpected character inside braces: '>'"],
  ['foo{gibberish}', '1:14: parse error: unexpected "}" in label matching, expected label matching operator'],
  ['foo{1}', "1:5: parse error: unexpected character inside braces: '1'"],
  ['{}', '1:1: parse error: vector selector must contain at least one non-empty matcher'],
  ['{x=""}', '1:1: parse error: vector selector must contain at least one non-empty matcher'],
  ['{x=~".*"}', '1:1: parse error: vector selector must contain at least one non-empty matcher'],
  ['{x!~".+"}', '1:1: parse error: vector selector must contain at least one non-empty matcher'],
  ['{x!="a"}', '1:1: parse error: vector selector must contain at least one non-empty matcher'],
  ['foo{__name__="bar"}', '1:1: parse error: metric name must not be set twice: "foo" or "bar"'],
  ['foo{__name__= =}', '1:15: parse error: unexpected "=" in label matching, expected string'],
  ['foo{,}', '1:5: parse error: unexpected "," in label matching, expected identifier or "}"'],
  ['foo{__name__ == "bar"}', '1:15: parse error: unexpected "=" in label matching, expected string'],
  [
    'foo{__name__="bar" lol}',
    '1:20: parse error: unexpected identifier "lol" in label matching, expected "," or "}"',
  ],
  ['foo{"a"=}', '1:9: parse error: unexpected "}" in label matching, expected string'],
  ['foo[5mm]', '1:5: parse error: bad number or duration syntax: "5mm"'],
  ['foo[5m1]', '1:5: parse error: bad number or duration syntax: "5m1"'],
  ['foo[5m:1m1]', '1:8: parse error: bad number or duration syntax: "1m1"'],
  ['foo[5y1hs]', '1:5: parse error: unknown unit "hs" in duration "5y1hs"'],
  ['foo[5m1h]', '1:5: parse error: not a valid duration string: "5m1h"'],
  ['foo[5m1m]', '1:5: parse error: not a valid duration string: "5m1m"'],
  ['foo[0m]', '1:5: parse error: duration must be greater than 0'],
  ['foo["5m"]', "1:5: parse error: unexpected character in duration expression: '\"'"],
  [
    'foo[]',
    '1:5: parse error: unexpected "]" in subquery or range selector, expected number, duration, step(), or range()',
  ],
  ['foo[-1]', '1:5: parse error: duration must be greater than 0'],
  ['some_metric[5m] OFFSET 1mm', '1:24: parse error: bad number or duration syntax: "1mm"'],
  [
    'some_metric[5m] OFFSET',
    '1:23: parse error: unexpected end of input in offset, expected number, duration, step(), or range()',
  ],
  ['some_metric OFFSET 1m[5m]', '1:22: parse error: no offset modifiers allowed before range'],
  ['some_metric[5m] @', '1:18: parse error: unexpected end of input in @, expected timestamp'],
  ['some_metric @ 1234 [5m]', '1:20: parse error: no @ modifiers allowed before range'],
  ['some_metric @ start() [5m]', '1:23: parse error: no @ modifiers allowed before range'],
  ['some_metric @ end()[5m]', '1:20: parse error: no @ modifiers allowed before range'],
  ['some_metric offset step()[5m]', '1:26: parse error: no offset modifiers allowed before range'],
  ['(foo + bar)[5m]', '1:12: parse error: ranges only allowed for vector selectors'],
  ['sum by ("foo)(some_metric{})', '1:9: parse error: unterminated quoted string'],
  ['sum without(==)(some_metric)', '1:13: parse error: unexpected <op:==> in grouping opts, expected label'],
  ['sum without(,)(some_metric)', '1:13: parse error: unexpected "," in grouping opts, expected label'],
  ['sum without(foo,,)(some_metric)', '1:17: parse error: unexpected "," in grouping opts, expected label'],
  ['sum some_metric by (test)', '1:5: parse error: unexpected identifier "some_metric"'],
  [
    'sum (some_metric) by test',
    '1:22: parse error: unexpected identifier "test" in grouping opts, expected "("',
  ],
  ['sum () by (test)', '1:1: parse error: no arguments for aggregate expression provided'],
  ['MIN keep_common (some_metric)', '1:5: parse error: unexpected identifier "keep_common"'],
  ['MIN (some_metric) keep_common', '1:19: parse error: unexpected identifier "keep_common"'],
  ['sum (some_metric) without (test) by (test)', '1:34: parse error: unexpected <by>'],
  ['sum without (test) (some_metric) by (test)', '1:34: parse error: unexpected <by>'],
  [
    'topk(some_metric)',
    '1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1',
  ],
  ['topk(some_metric,)', '1:17: parse error: trailing commas not allowed in function call args'],
  [
    'topk(some_metric, other_metric)',
    '1:6: parse error: expected type scalar in aggregation parameter, got instant vector',
  ],
  [
    'count_values(5, other_metric)',
    '1:14: parse error: expected type string in aggregation parameter, got scalar',
  ],
  [
    'rate(some_metric[5m]) @ 1234',
    '1:1: parse error: @ modifier must be preceded by an instant vector selector or range vector selector or a subquery',
  ],
  ['floor()', '1:1: parse error: expected 1 argument(s) in call to "floor", got 0'],
  ['floor(some_metric, other_metric)', '1:1: parse error: expected 1 argument(s) in call to "floor", got 2'],
  ['floor(some_metric, 1)', '1:1: parse error: expected 1 argument(s) in call to "floor", got 2'],
  ['floor(1)', '1:7: parse error: expected type instant vector in call to function "floor", got scalar'],
  [
    'hour(some_metric, some_metric, some_metric)',
    '1:1: parse error: expected at most 1 argument(s) in call to "hour", got 3',
  ],
  ['time(some_metric)', '1:1: parse error: expected 0 argument(s) in call to "time", got 1'],
  [
    'non_existent_function_far_bar()',
    '1:1: parse error: unknown function with name "non_existent_function_far_bar"',
  ],
  [
    'rate(some_metric)',
    '1:6: parse error: expected type range vector in call to function "rate", got instant vector',
  ],
  ['*1', '1:1: parse error: unexpected <op:*>'],
  ['-=', '1:2: parse error: unexpected "="'],
  ['++-++-+-+-<', '1:11: parse error: unexpected <op:<>'],
  ['e-+=/(0)', '1:4: parse error: unexpected "="'],
  ['a>b()', '1:3: parse error: unknown function with name "b"'],
  [
    'rate(avg)',
    '1:6: parse error: expected type range vector in call to function "rate", got instant vector',
  ],
  ['`\\``', '1:4: parse error: unterminated raw string'],
  ['"\\', '1:1: parse error: escape sequence not terminated'],
  ['"\\c"', "1:1: parse error: unknown escape sequence U+0063 'c'"],
  ['"\\x."', "1:1: parse error: illegal character U+002E '.' in escape sequence"],
  ['foo{bar="baz"}[', '1:16: parse error: unexpected end of input in duration expression'],
  [
    'test[5d] OFFSET 10s [10m:5s]',
    '1:1: parse error: subquery is only allowed on instant vector, got matrix instead',
  ],
  [
    '(foo + bar{nm="val"})[5m:][10m:5s]',
    '1:1: parse error: subquery is only allowed on instant vector, got matrix instead',
  ],
  ['rate(food[1m])[1h] offset 1h', '1:15: parse error: ranges only allowed for vector selectors'],
  ['rate(food[1m])[1h] @ 100', '1:15: parse error: ranges only allowed for vector selectors'],
  [
    'info(rate(http_request_counter_total{}[5m]), target_info{foo="bar"})',
    '1:46: parse error: expected label selectors only, got vector selector instead',
  ],
  [
    'info(http_request_counter_total{namespace="zzz"}, {foo="bar"} == 1)',
    '1:51: parse error: expected label selectors only',
  ],
  [
    'foo[step]',
    '1:9: parse error: unexpected "]" in subquery or range selector, expected number, duration, step(), or range()',
  ],
  ['foo[step()/0d]', '1:11: parse error: division by zero'],
  ['foo[5s/0d]', '1:7: parse error: division by zero'],
  ['foo offset (4d/0)', '1:15: parse error: division by zero'],
  ['foo[5s%0d]', '1:7: parse error: modulo by zero'],
  ['foo offset 9.5e10', '1:12: parse error: duration out of range'],
  ['foo[9.5e10]', '1:5: parse error: duration out of range'],
  ['sum(', '1:5: parse error: unclosed left parenthesis'],
  ['sum(rate(', '1:10: parse error: unclosed left parenthesis'],
  ['foo[5s x 5s]', "1:8: parse error: unexpected character: 'x', expected ':'"],
  ['foo[5s s 5s]', "1:8: parse error: unexpected character: 's', expected ':'"],
  ['1[5m] smoothed', '1:2: parse error: ranges only allowed for vector selectors'],
  ['1[5m] anchored', '1:2: parse error: ranges only allowed for vector selectors'],
];

describe('errors reported as Prometheus reports them', () => {
  it.each(PROMETHEUS_ERRORS)('%j fails with %j', (input, message) => {
    expect(errorOf(input).message).toBe(message);
  });
});

describe('features that need options', () => {
  it.each([
    [
      'limitk(1, x)',
      '1:1: parse error: limitk() is experimental and must be enabled with --enable-feature=promql-experimental-functions',
    ],
    [
      'limit_ratio(0.5, x)',
      '1:1: parse error: limit_ratio() is experimental and must be enabled with --enable-feature=promql-experimental-functions',
    ],
    ['sort_by_label(x, "a")', '1:1: parse error: function "sort_by_label" is not enabled'],
    ['info(x)', '1:1: parse error: function "info" is not enabled'],
    ['step()', '1:1: parse error: function "step" is not enabled'],
    ['x[1m + 1m]', '1:3: parse error: experimental duration expression is not enabled'],
    ['x[(1m)]', '1:4: parse error: experimental duration expression is not enabled'],
    ['x[step()]', '1:3: parse error: experimental duration expression is not enabled'],
    ['x offset step()', '1:10: parse error: experimental duration expression is not enabled'],
    ['x[5m] anchored', '1:1: parse error: anchored modifier is experimental and not enabled'],
    ['x smoothed', '1:1: parse error: smoothed modifier is experimental and not enabled'],
    ['a + fill(0) b', '1:1: parse error: binop fill modifiers are experimental and not enabled'],
    [
      'a + on(x) fill_left(1) fill_right(2) b',
      '1:1: parse error: binop fill modifiers are experimental and not enabled',
    ],
  ])('%j is rejected without options: %j', (input, message) => {
    expect(errorOf(input, {}).message).toBe(message);
  });

  it.each([
    'limitk(1, x)',
    'sort_by_label(x, "a")',
    'x[1m + 1m]',
    'x offset step()',
    'x[5m] anchored',
    'a + fill(0) b',
  ])('%j parses with every feature enabled', (input) => {
    expect(() => parseExpr(input, { ...PROMETHEUS_TEST_OPTIONS, binopFillModifiers: true })).not.toThrow();
  });
});

describe('error details', () => {
  it('lists every error with its range, line and byte column', () => {
    const err = errorOf('foo{a=~"("}\n  + bar{b=~"["}');
    expect(err.errors.map((e) => [e.line, e.column, e.start, e.end])).toEqual([
      [1, 5, 4, 10],
      [2, 9, 20, 26],
    ]);
    expect(err.errors[1]?.message).toBe('error parsing regexp: missing closing ]: `[`');
  });

  it('counts columns in UTF-8 bytes, as Prometheus does', () => {
    expect(errorOf('"ä" + +').message).toBe('1:9: parse error: unexpected end of input');
  });

  it('reports type errors only when the syntax is valid', () => {
    expect(errorOf('rate(x) +').errors).toHaveLength(1);
  });
});
