import { describe, expect, it } from 'vitest';
import { ALL_FEATURES, exprType, formatExpr, parseExpr, type Expr } from './index';

/** shape prints a tree with every operator node parenthesised, to make precedence visible. */
function shape(e: Expr): string {
  switch (e.kind) {
    case 'BinaryExpr':
      return `(${shape(e.lhs)} ${e.op} ${shape(e.rhs)})`;
    case 'UnaryExpr':
      return `(${e.op}${shape(e.expr)})`;
    case 'ParenExpr':
      return `[${shape(e.expr)}]`;
    default:
      return formatExpr(e);
  }
}

describe('operator precedence and associativity', () => {
  it.each([
    ['1 + 2 * 3', '(1 + (2 * 3))'],
    ['1 * 2 + 3', '((1 * 2) + 3)'],
    ['a - b - c', '((a - b) - c)'],
    ['a / b * c % d', '(((a / b) * c) % d)'],
    ['2 ^ 3 ^ 2', '(2 ^ (3 ^ 2))'],
    ['a atan2 b * c', '((a atan2 b) * c)'],
    ['a + b atan2 c', '(a + (b atan2 c))'],
    ['a % b ^ c', '(a % (b ^ c))'],
    ['a == b + c', '(a == (b + c))'],
    ['a > b == c', '((a > b) == c)'],
    ['a </ b + c', '(a </ (b + c))'],
    ['a >/ b >= c', '((a >/ b) >= c)'],
    ['a and b or c and d', '((a and b) or (c and d))'],
    ['a or b unless c', '(a or (b unless c))'],
    ['a unless b and c', '((a unless b) and c)'],
    ['a > b and c < d', '((a > b) and (c < d))'],
    ['foo + bar or bla and blub', '((foo + bar) or (bla and blub))'],
    ['foo and bar unless baz or qux', '(((foo and bar) unless baz) or qux)'],
    ['-a + b', '((-a) + b)'],
    ['a + -b * c', '(a + ((-b) * c))'],
    ['-1 ^ 2', '(-(1 ^ 2))'],
    ['-1 * 2', '(-1 * 2)'],
    ['-a ^ -b', '(-(a ^ (-b)))'],
    ['a ^ -b * c', '((a ^ (-b)) * c)'],
    ['2 ^ -1 ^ 2', '(2 ^ (-(1 ^ 2)))'],
    ['- - 1', '1'],
    ['+-+1', '-1'],
    ['1 + 2/(3*1)', '(1 + (2 / [(3 * 1)]))'],
    ['1 < bool 2 - 1 * 2', '(1 < (2 - (1 * 2)))'],
    ['a + b offset 5m', '(a + b offset 5m)'],
    ['-foo offset 5m', '(-foo offset 5m)'],
    ['a * b @ 10 offset 1m', '(a * b @ 10.000 offset 1m)'],
    ['foo offset 5s-8', '(foo offset 5s - 8)'],
    ['foo offset -1^1', '(foo offset -1s ^ 1)'],
  ])('%j groups as %s', (input, grouped) => {
    expect(shape(parseExpr(input, ALL_FEATURES))).toBe(grouped);
  });

  it('parses long left-associative chains without recursion', () => {
    const e = parseExpr(Array(50_000).fill('1').join(' + '));
    expect(e.kind).toBe('BinaryExpr');
    expect(formatExpr(e)).toHaveLength(50_000 * 4 - 3);
  });

  it('parses long right-associative chains without recursion', () => {
    const e = parseExpr(Array(50_000).fill('2').join('^'));
    expect(e.kind === 'BinaryExpr' && e.lhs.kind).toBe('NumberLiteral');
  });
});

describe('number and string literals', () => {
  it.each([
    ['1', 1],
    ['.5', 0.5],
    ['5.', 5],
    ['123.4567', 123.4567],
    ['5e-3', 0.005],
    ['5E3', 5000],
    ['0xc', 12],
    ['0x1F', 31],
    ['0X_1f', 31],
    ['0755', 493],
    ['08', 8],
    ['-0755', -493],
    ['+5.5e-3', 0.0055],
    ['1_000', 1000],
    ['1_000.5', 1000.5],
    ['Inf', Infinity],
    ['-iNf', -Infinity],
    ['1h30m', 5400],
    ['5m', 300],
    ['1ms', 0.001],
    ['1y', 31536000],
    ['99999999999999999999', 1e20],
  ])('%j is %d', (input, value) => {
    const e = parseExpr(input);
    expect(e).toMatchObject({ kind: 'NumberLiteral', value });
    expect(exprType(e)).toBe('scalar');
  });

  it('reads NaN', () => {
    expect(parseExpr('nAn')).toMatchObject({ kind: 'NumberLiteral', value: NaN });
  });

  it.each([
    ['5m', true],
    ['300', false],
    ['-5m', true],
  ])('%j keeps its duration form: %s', (input, duration) => {
    expect(parseExpr(input)).toMatchObject({ duration });
  });

  it.each([
    ['"double \\" quote"', 'double " quote'],
    ["'single \\' quote'", "single ' quote"],
    ['`raw \\n string`', 'raw \\n string'],
    ['"\\a\\b\\f\\n\\r\\t\\v\\\\"', '\x07\b\f\n\r\t\v\\'],
    ['"\\u00e4\\U0001F600\\101\\x41"', 'ä😀AA'],
    ['"tab\there"', 'tab\there'],
    ['"NUL\\x00 and \u0000"', 'NUL\0 and \0'],
  ])('%j is the string %j', (input, value) => {
    const e = parseExpr(input);
    expect(e).toMatchObject({ kind: 'StringLiteral', value });
    expect(exprType(e)).toBe('string');
  });

  it('keeps bytes that are not UTF-8 as raw bytes and prints them back', () => {
    const e = parseExpr('"a\\xffb\\xe2\\x82\\xac"');
    expect(formatExpr(e)).toBe('"a\\xffb€"');
  });
});

describe('selectors', () => {
  it('adds the metric name as a trailing matcher', () => {
    const e = parseExpr('foo{a="b", c!~"d.*"}');
    expect(e).toMatchObject({ kind: 'VectorSelector', name: 'foo', start: 0, end: 20 });
    if (e.kind !== 'VectorSelector') throw new Error('not a selector');
    expect(e.matchers.map((m) => `${m.name}${m.type}${m.value}`)).toEqual(['a=b', 'c!~d.*', '__name__=foo']);
  });

  it('takes quoted metric and label names inside braces', () => {
    const e = parseExpr('{"foo.bar", "label.name"="v"}');
    if (e.kind !== 'VectorSelector') throw new Error('not a selector');
    expect(e.name).toBe('');
    expect(e.matchers.map((m) => [m.name, m.type, m.value])).toEqual([
      ['__name__', '=', 'foo.bar'],
      ['label.name', '=', 'v'],
    ]);
  });

  it.each(['offset', 'step', 'anchored', 'smoothed', 'min', 'by', 'and', 'start', 'fill'])(
    'accepts the keyword %j as a metric name',
    (name) => {
      expect(parseExpr(`${name}{job="x"}`)).toMatchObject({ kind: 'VectorSelector', name });
    },
  );

  it('parses ranges, subqueries, offsets and @ into milliseconds', () => {
    expect(parseExpr('foo[5m]')).toMatchObject({ kind: 'MatrixSelector', range: 300_000, end: 7 });
    expect(parseExpr('foo[4.18] @ 2.345')).toMatchObject({
      range: 4180,
      vectorSelector: { timestamp: 2345 },
    });
    expect(parseExpr('foo[10m:6s]')).toMatchObject({ kind: 'SubqueryExpr', range: 600_000, step: 6000 });
    expect(parseExpr('foo[10m:]')).toMatchObject({ kind: 'SubqueryExpr', step: 0 });
    expect(parseExpr('foo offset -7m')).toMatchObject({ offset: -420_000, end: 14 });
    expect(parseExpr('foo @ start()')).toMatchObject({ startOrEnd: 'start' });
    expect(parseExpr('foo[1m] offset 1m @ end()')).toMatchObject({
      vectorSelector: { offset: 60_000, startOrEnd: 'end' },
    });
    expect(parseExpr('rate(foo[5m])[30m:1m] offset 1h')).toMatchObject({
      kind: 'SubqueryExpr',
      offset: 3_600_000,
      expr: { kind: 'Call', func: { name: 'rate' } },
    });
  });

  it('keeps duration expressions for the engine to evaluate', () => {
    const e = parseExpr('foo[5m + step()] offset (1m * 2)', ALL_FEATURES);
    expect(e).toMatchObject({
      kind: 'MatrixSelector',
      range: 0,
      rangeExpr: { kind: 'DurationExpr', op: '+', rhs: { op: 'step' } },
      vectorSelector: { offsetExpr: { kind: 'DurationExpr', op: '*', wrapped: true } },
    });
  });

  it('records anchored and smoothed', () => {
    expect(parseExpr('foo[5m] anchored', ALL_FEATURES)).toMatchObject({ vectorSelector: { anchored: true } });
    expect(parseExpr('foo smoothed', ALL_FEATURES)).toMatchObject({ smoothed: true });
  });
});

describe('operators, aggregations and calls', () => {
  it('records vector matching', () => {
    expect(parseExpr('a + on(b, "c.d") group_left(e) f')).toMatchObject({
      kind: 'BinaryExpr',
      op: '+',
      vectorMatching: { card: 'many-to-one', on: true, matchingLabels: ['b', 'c.d'], include: ['e'] },
    });
    expect(parseExpr('a - ignoring(b) group_right c')).toMatchObject({
      vectorMatching: { card: 'one-to-many', on: false, matchingLabels: ['b'], include: [] },
    });
    expect(parseExpr('a + fill_left(1) fill_right(-2) b', ALL_FEATURES)).toMatchObject({
      vectorMatching: { fillLeft: 1, fillRight: -2 },
    });
  });

  it('makes set operations many-to-many and drops matching when a side is scalar', () => {
    expect(parseExpr('a and b')).toMatchObject({ vectorMatching: { card: 'many-to-many' } });
    expect(parseExpr('a + 1')).toMatchObject({ vectorMatching: null });
    expect(parseExpr('1 == bool 2')).toMatchObject({ returnBool: true, vectorMatching: null });
  });

  it.each([
    ['1 + 1', 'scalar'],
    ['a + 1', 'vector'],
    ['-(1)', 'scalar'],
    ['time()', 'scalar'],
    ['rate(x[5m])', 'vector'],
    ['x[5m]', 'matrix'],
    ['x[5m:]', 'matrix'],
    ['sum(x)', 'vector'],
    ['"s"', 'string'],
  ] as const)('%j is a %s', (input, type) => {
    expect(exprType(parseExpr(input))).toBe(type);
  });

  it('parses aggregation modifiers before or after the arguments', () => {
    const before = parseExpr('sum by (a, b) (x)');
    const after = parseExpr('sum(x) by (a, b)');
    expect(before).toMatchObject({ kind: 'AggregateExpr', op: 'sum', grouping: ['a', 'b'], without: false });
    expect(after).toMatchObject({ grouping: ['a', 'b'], start: 0, end: 16 });
    expect(parseExpr('avg without (a) (x)')).toMatchObject({ without: true, grouping: ['a'] });
    expect(parseExpr('sum by (and, by, avg, count, alert, annotations) (x)')).toMatchObject({
      grouping: ['and', 'by', 'avg', 'count', 'alert', 'annotations'],
    });
  });

  it('takes a parameter for topk, quantile and count_values', () => {
    expect(parseExpr('topk(5, x)')).toMatchObject({
      param: { kind: 'NumberLiteral', value: 5 },
      expr: { name: 'x' },
    });
    expect(parseExpr('count_values("v", x)')).toMatchObject({ param: { kind: 'StringLiteral', value: 'v' } });
    expect(parseExpr('limitk(2, x)', ALL_FEATURES)).toMatchObject({ op: 'limitk' });
  });

  it('accepts variadic and optional arguments', () => {
    expect(parseExpr('round(x)')).toMatchObject({ kind: 'Call', args: [{}] });
    expect(parseExpr('round(x, 5)')).toMatchObject({ args: [{}, { value: 5 }] });
    expect(parseExpr('label_join(x, "d", ",", "a", "b", "c")')).toMatchObject({ args: { length: 6 } });
    expect(parseExpr('hour()')).toMatchObject({ args: [] });
    expect(parseExpr('histogram_quantiles(x, "q", 0.5, 0.9, 0.99)', ALL_FEATURES)).toMatchObject({
      args: { length: 5 },
    });
  });

  it('lets info() select by labels only', () => {
    const e = parseExpr('info(rate(x[5m]), {k8s_cluster_name=~".+"})', ALL_FEATURES);
    expect(e).toMatchObject({ args: [{}, { kind: 'VectorSelector', bypassEmptyMatcherCheck: true }] });
  });

  it('accepts comments and newlines anywhere', () => {
    expect(formatExpr(parseExpr('sum( # total\n  rate(x[5m]) # per second\n)'))).toBe('sum(rate(x[5m]))');
    expect(formatExpr(parseExpr('foo{# matchers\na="b"}'))).toBe('foo{a="b"}');
  });
});
