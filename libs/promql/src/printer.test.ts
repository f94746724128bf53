import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALL_FEATURES, exprEqual, formatExpr, parseExpr, type Expr } from './index';

// Prometheus's printer tests parse with duration expressions, extended range selectors and fill modifiers on.
const OPTIONS = { durationExpressions: true, extendedRangeSelectors: true, binopFillModifiers: true };

// [input, String() output] pairs from Prometheus's printer_test.go.
const PRINTED: Array<[string, string]> = [
  ['sum by() (task:errors:rate10s{job="s"})', 'sum(task:errors:rate10s{job="s"})'],
  ['sum by(code) (task:errors:rate10s{job="s"})', 'sum by (code) (task:errors:rate10s{job="s"})'],
  ['sum without() (task:errors:rate10s{job="s"})', 'sum without () (task:errors:rate10s{job="s"})'],
  [
    'sum without(instance) (task:errors:rate10s{job="s"})',
    'sum without (instance) (task:errors:rate10s{job="s"})',
  ],
  ['sum by("foo.bar") (task:errors:rate10s{job="s"})', 'sum by ("foo.bar") (task:errors:rate10s{job="s"})'],
  [
    'sum without("foo.bar") (task:errors:rate10s{job="s"})',
    'sum without ("foo.bar") (task:errors:rate10s{job="s"})',
  ],
  ['topk(5, task:errors:rate10s{job="s"})', 'topk(5, task:errors:rate10s{job="s"})'],
  [
    'count_values("value", task:errors:rate10s{job="s"})',
    'count_values("value", task:errors:rate10s{job="s"})',
  ],
  ['a - on() c', 'a - on () c'],
  ['a - on(b) c', 'a - on (b) c'],
  ['a - on(b) group_left(x) c', 'a - on (b) group_left (x) c'],
  ['a - on(b) group_left(x, y) c', 'a - on (b) group_left (x, y) c'],
  ['a - on(b) group_left c', 'a - on (b) group_left () c'],
  ['a - on(b) group_left() (c)', 'a - on (b) group_left () (c)'],
  ['a - ignoring(b) c', 'a - ignoring (b) c'],
  ['a - ignoring() c', 'a - c'],
  ['a - ignoring() group_left(__metric__) c', 'a - ignoring () group_left (__metric__) c'],
  ['a - ignoring() group_left c', 'a - ignoring () group_left () c'],
  ['a + fill(-23) b', 'a + fill (-23) b'],
  ['a + fill_left(-23) b', 'a + fill_left (-23) b'],
  ['a + fill_right(42) b', 'a + fill_right (42) b'],
  ['a + fill_left(-23) fill_right(42) b', 'a + fill_left (-23) fill_right (42) b'],
  ['a + fill_left(5) fill_right(5) b', 'a + fill (5) b'],
  ['a + on(b) group_left fill(-23) c', 'a + on (b) group_left () fill (-23) c'],
  ['up > bool 0', 'up > bool 0'],
  ['a offset 1m', 'a offset 1m'],
  ['a offset -7m', 'a offset -7m'],
  ['a{c="d"}[5m] offset 1m', 'a{c="d"}[5m] offset 1m'],
  ['a[5m] offset 1m', 'a[5m] offset 1m'],
  ['a[12m] offset -3m', 'a[12m] offset -3m'],
  ['a[1h:5m] offset 1m', 'a[1h:5m] offset 1m'],
  ['a anchored', 'a anchored'],
  ['a[5m] anchored', 'a[5m] anchored'],
  ['a{b="c"}[5m] anchored', 'a{b="c"}[5m] anchored'],
  ['a{b="c"}[5m] anchored offset 1m', 'a{b="c"}[5m] anchored offset 1m'],
  ['a{b="c"}[5m] anchored @ start() offset 1m', 'a{b="c"}[5m] anchored @ start() offset 1m'],
  ['a smoothed', 'a smoothed'],
  ['a[5m] smoothed', 'a[5m] smoothed'],
  ['a{b="c"}[5m] smoothed', 'a{b="c"}[5m] smoothed'],
  ['a{b="c"}[5m] smoothed offset 1m', 'a{b="c"}[5m] smoothed offset 1m'],
  ['a{b="c"}[5m] smoothed @ start() offset 1m', 'a{b="c"}[5m] smoothed @ start() offset 1m'],
  ['{__name__="a"}', '{__name__="a"}'],
  ['a{b!="c"}[1m]', 'a{b!="c"}[1m]'],
  ['a{b=~"c"}[1m]', 'a{b=~"c"}[1m]'],
  ['a{b!~"c"}[1m]', 'a{b!~"c"}[1m]'],
  ['a @ 10', 'a @ 10.000'],
  ['a[1m] @ 10', 'a[1m] @ 10.000'],
  ['a @ start()', 'a @ start()'],
  ['a @ end()', 'a @ end()'],
  ['a[1m] @ start()', 'a[1m] @ start()'],
  ['a[1m] @ end()', 'a[1m] @ end()'],
  ['{__name__="",a="x"}', '{__name__="",a="x"}'],
  ['{"a.b"="c"}', '{"a.b"="c"}'],
  ['{"0"="1"}', '{"0"="1"}'],
  ['{"_0"="1"}', '{_0="1"}'],
  ['{""="0"}', '{""="0"}'],
  ['{``="0"}', '{""="0"}'],
  ['1048576', '1048576'],
  ['foo[step()]', 'foo[step()]'],
  ['foo[-step()]', 'foo[-step()]'],
  ['foo[(step())]', 'foo[(step())]'],
  ['foo[-(step())]', 'foo[-(step())]'],
  ['foo offset step()', 'foo offset step()'],
  ['foo offset -step()', 'foo offset -step()'],
  ['foo offset (step())', 'foo offset (step())'],
  ['foo offset -(step())', 'foo offset -(step())'],
  ['foo offset +(5)', 'foo offset (5)'],
  ['foo offset -(5)', 'foo offset -(5)'],
  ['foo offset (5)', 'foo offset (5)'],
  ['foo offset (5m)', 'foo offset (5m)'],
  ['foo[(5s)]', 'foo[(5s)]'],
  ['foo[(5m):(1m)]', 'foo[(5m):(1m)]'],
  ['foo offset +min_of(10s, 20s)', 'foo offset min_of(10s, 20s)'],
  ['foo offset -min_of(10s, 20s)', 'foo offset -min_of(10s, 20s)'],
  ['foo offset -min_of(10s, +max_of(step() ^ 2, 2))', 'foo offset -min_of(10s, max_of(step() ^ 2, 2))'],
  ['foo[200-min_of(-step()^+step(),1)]', 'foo[200 - min_of(-step() ^ step(), 1)]'],
  [
    'foo[200 - min_of(step() + 10s, -max_of(step() ^ 2, 3))]',
    'foo[200 - min_of(step() + 10s, -max_of(step() ^ 2, 3))]',
  ],
  ['foo[range()]', 'foo[range()]'],
  ['foo[-range()]', 'foo[-range()]'],
  ['foo offset range()', 'foo offset range()'],
  ['foo offset -range()', 'foo offset -range()'],
  ['foo[max_of(range(), 5s)]', 'foo[max_of(range(), 5s)]'],
  ['predict_linear(foo[1h], 3000)', 'predict_linear(foo[1h], 3000)'],
  ['sum by("üüü") (foo)', 'sum by ("üüü") (foo)'],
  ['sum without("äää") (foo)', 'sum without ("äää") (foo)'],
  ['count by("ööö", job) (foo)', 'count by ("ööö", job) (foo)'],
  ['foo / on("äää") bar', 'foo / on ("äää") bar'],
  ['foo / ignoring("üüü") bar', 'foo / ignoring ("üüü") bar'],
  ['foo / on("äää") group_left("ööö") bar', 'foo / on ("äää") group_left ("ööö") bar'],
  ['foo / on("äää") group_right("ööö") bar', 'foo / on ("äää") group_right ("ööö") bar'],
  ['foo / on(legacy, "üüü") bar', 'foo / on (legacy, "üüü") bar'],
  ['foo / on(job, instance) bar', 'foo / on (job, instance) bar'],
];

/** withoutPositions deep-copies a tree without offsets and with matchers as sorted plain data. */
function withoutPositions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPositions);
  if (value === null || typeof value !== 'object') return value;
  const v = value as Record<string, unknown>;
  if (typeof v['matches'] === 'function' && 'type' in v)
    return { name: v['name'], type: v['type'], value: v['value'] };
  const out: Record<string, unknown> = {};
  for (const [k, child] of Object.entries(v)) {
    if (k === 'start' || k === 'end') continue;
    out[k] =
      k === 'matchers'
        ? (withoutPositions(child) as unknown[]).map((m) => JSON.stringify(m)).sort()
        : withoutPositions(child);
  }
  return out;
}

function roundTrip(input: string, options = ALL_FEATURES): { ast: Expr; again: Expr; printed: string } {
  const ast = parseExpr(input, options);
  const printed = formatExpr(ast);
  return { ast, again: parseExpr(printed, options), printed };
}

describe('formatExpr prints what Prometheus String() prints', () => {
  it.each(PRINTED)('%j prints as %j', (input, output) => {
    expect(formatExpr(parseExpr(input, OPTIONS))).toBe(output);
  });

  it.each([
    ['1e21', '1000000000000000000000'],
    ['1.5e-7', '0.00000015'],
    ['-0', '-0'],
    ['0x1F', '31'],
    ['Inf', '+Inf'],
    ['-inf', '-Inf'],
    ['nan', 'NaN'],
    ['1h30m', '1h30m'],
    ['90m', '1h30m'],
    ['-5m', '-5m'],
    ['foo + 5m', 'foo + 5m'],
    ['x[1000ms]', 'x[1s]'],
    ['x[4.18]', 'x[4s180ms]'],
    ['x[52w]', 'x[52w]'],
    ['x[90d]', 'x[90d]'],
    ['x[365d]', 'x[1y]'],
    ['x[8d]', 'x[8d]'],
    ['x offset 3600', 'x offset 1h'],
    ['x @ 1.5', 'x @ 1.500'],
    ['x @ -100', 'x @ -100.000'],
    ['"\\u00e4\\x00\\t\\"\'"', '"ä\\x00\\t\\"\'"'],
    ["'single \\' quote'", '"single \' quote"'],
    ['`raw \\n`', '"raw \\\\n"'],
    ['"\\xff"', '"\\xff"'],
    ['sum without() (x)', 'sum without () (x)'],
    ['a + fill(1e6) b', 'a + fill (1e+06) b'],
    ['a + fill(0.5) b', 'a + fill (0.5) b'],
    ['{b="2", a="1", __name__="x"}', '{__name__="x",a="1",b="2"}'],
    ['{"a.b"="c", "z"}', '{"a.b"="c",__name__="z"}'],
    ['SUM BY (A) (X)', 'sum by (A) (X)'],
    ['x and y', 'x and y'],
    ['x and ignoring() y', 'x and y'],
    ['x + on() y', 'x + on () y'],
  ])('%j prints as %j', (input, output) => {
    expect(formatExpr(parseExpr(input, ALL_FEATURES))).toBe(output);
  });
});

describe('printing round-trips', () => {
  const valid = readFileSync(new URL('../testdata/valid-exprs.txt', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'));

  it.each(valid)('%j', (input) => {
    const { ast, again } = roundTrip(input);
    expect(withoutPositions(again)).toEqual(withoutPositions(ast));
    expect(exprEqual(again, ast)).toBe(true);
  });

  it.each(PRINTED.map(([input]) => input))('printer case %j', (input) => {
    const { ast, again } = roundTrip(input);
    expect(withoutPositions(again)).toEqual(withoutPositions(ast));
  });
});

describe('exprEqual', () => {
  it.each([
    ['foo{a="b",c="d"}', 'foo{c="d",a="b"}', true],
    ['1 + 2', '1 + 2', true],
    ['NaN', 'NaN', true],
    ['1 + 2', '1 - 2', false],
    ['sum by (a) (x)', 'sum without (a) (x)', false],
    ['x[5m]', 'x[6m]', false],
    ['x offset 1m', 'x', false],
    ['5m', '300', false],
    ['(1)', '1', false],
  ])('%j vs %j: %s', (a, b, same) => {
    expect(exprEqual(parseExpr(a), parseExpr(b))).toBe(same);
  });
});
