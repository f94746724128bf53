// Evaluation and parameter errors with Prometheus's messages (checked against Prometheus 2.42 and promql/engine.go).
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors';
import { MemoryStorage } from '../storage';
import { Engine } from './engine';
import { InvalidQueryParamsError, QueryCanceledError, QueryStorageError, queryErrorType } from './limits';

const T = 60_000;

/** storage holds v{i=a|b|c} and w{i=a|b} with one sample at 0 and one at 1m. */
function storage(): MemoryStorage {
  const s = new MemoryStorage();
  for (const t of [0, T]) {
    s.append({ __name__: 'v', i: 'a' }, t, 1);
    s.append({ __name__: 'v', i: 'b' }, t, 2);
    s.append({ __name__: 'v', i: 'c' }, t, 3);
    s.append({ __name__: 'w', i: 'a' }, t, 10);
    s.append({ __name__: 'w', i: 'b' }, t, 20);
  }
  return s;
}

function catchError(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

const DUP = (side: string, a: string, b: string): string =>
  `found duplicate series for the match group {} on the ${side} hand-side of the operation: [${a}, ${b}]` +
  ';many-to-many matching not allowed: matching labels must be unique on one side';
const SAME_LABELSET = 'vector cannot contain metrics with the same labelset';

describe('evaluation errors', () => {
  const engine = new Engine(storage());
  it.each([
    // Prometheus (HEAD) orders the two duplicates by their printed labels.
    [
      'many-to-many on the right',
      'v + on() v',
      DUP('right', '{__name__="v", i="a"}', '{__name__="v", i="b"}'),
    ],
    [
      'many on the one side of group_left',
      'v * on() group_left w',
      DUP('right', '{__name__="w", i="a"}', '{__name__="w", i="b"}'),
    ],
    [
      'many on the one side of group_right',
      'v * on() group_right w{i="a"}',
      DUP('left', '{__name__="v", i="a"}', '{__name__="v", i="b"}'),
    ],
    [
      'one-to-one with many on the left',
      'v + on() w{i="a"}',
      'multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)',
    ],
    [
      'group_left whose results collide',
      '{__name__=~"v|w", i="a"} * on() group_left v{i="c"}',
      'multiple matches for labels: grouping labels must ensure unique matches',
    ],
    ['arithmetic dropping the name', '{__name__=~"v|w"} + 1', SAME_LABELSET],
    ['a function dropping the name', 'abs({__name__=~"v|w"})', SAME_LABELSET],
    ['unary minus dropping the name', '-{__name__=~"v|w"}', SAME_LABELSET],
    ['label_replace merging series', 'label_replace(v, "i", "x", "", "")', SAME_LABELSET],
    ['rate over two names', 'rate({__name__=~"v|w"}[5m])', SAME_LABELSET],
    [
      'label_replace with a bad regex',
      'label_replace(v, "j", "a", "i", "(")',
      'invalid regular expression in label_replace(): (',
    ],
    ['topk with a NaN parameter', 'topk(NaN, v)', 'Parameter value is NaN'],
  ])('%s: %s', (_name, q, want) => {
    const err = catchError(() => engine.instantQuery(q, T));
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe(want);
    expect(queryErrorType(err)).toBe('execution');
  });

  it('wraps a storage failure as an internal error, keeping its message', () => {
    const failing = new Engine({
      select: () => {
        throw new Error('disk on fire');
      },
    });
    const err = catchError(() => failing.instantQuery('v', T));
    expect(err).toBeInstanceOf(QueryStorageError);
    expect((err as Error).message).toBe('disk on fire');
    expect(queryErrorType(err)).toBe('internal');
  });

  it('passes an evaluation error thrown by storage through unchanged', () => {
    const err = new QueryCanceledError();
    const canceling = new Engine({
      select: () => {
        throw err;
      },
    });
    expect(catchError(() => canceling.instantQuery('v', T))).toBe(err);
  });

  it.each([
    ['set operators allow many-to-many', 'v and on() w', 3],
    ['or drops right-hand series matching a left one (names ignored)', 'v or w', 3],
    ['the name kept, no collision', '{__name__=~"v|w"}', 5],
    ['aggregation merges instead of colliding', 'sum without(__name__) ({__name__=~"v|w"})', 3],
  ])('no error when %s: %s', (_name, q, n) => {
    const r = engine.instantQuery(q, T).value;
    expect(r.type === 'vector' ? r.value.length : -1).toBe(n);
  });

  it('reports a collision in a range query at the first step that has one', () => {
    const s = storage();
    s.append({ __name__: 'x', i: 'a' }, 2 * T, 1); // from 2m, x{i="a"} and v{i="a"} both become {i="a"}
    s.append({ __name__: 'v', i: 'a' }, 2 * T, 1);
    const e = new Engine(s);
    expect(e.rangeQuery('{__name__=~"v|x", i="a"} * 2', 0, T, T).value.value).toHaveLength(1);
    expect(() => e.rangeQuery('{__name__=~"v|x", i="a"} * 2', 0, 2 * T, T)).toThrow(SAME_LABELSET);
  });
});

describe('parse errors', () => {
  const engine = new Engine(storage());
  it.each([
    ['unclosed group', 'v{i=~"a("}', '1:3: parse error: error parsing regexp: missing closing ): `a(`'],
    ['bad repeat', 'v{i=~"a{2,1}"}', '1:3: parse error: error parsing regexp: invalid repeat count: `{2,1}`'],
    [
      'nested repetition',
      'v{i=~"a++"}',
      '1:3: parse error: error parsing regexp: invalid nested repetition operator: `++`',
    ],
    [
      'escape RE2 lacks',
      'v{i!~"\\\\C"}',
      '1:3: parse error: error parsing regexp: invalid escape sequence: `\\C`',
    ],
    [
      'only empty matchers',
      '{i=~".*"}',
      '1:1: parse error: vector selector must contain at least one non-empty matcher',
    ],
    ['unknown function', 'median(v)', '1:1: parse error: unknown function with name "median"'],
    [
      'string parameter',
      'quantile("a", v)',
      '1:10: parse error: expected type scalar in aggregation parameter, got string',
    ],
  ])('%s: %s', (_name, q, want) => {
    for (const run of [() => engine.instantQuery(q, T), () => engine.rangeQuery(q, 0, T, T)]) {
      const err = catchError(run);
      expect(err).toBeInstanceOf(ParseError);
      expect((err as Error).message).toBe(want);
      expect(queryErrorType(err)).toBe('bad_data');
    }
  });
});

describe('range query parameters and result types', () => {
  const engine = new Engine(storage());
  const STEP = 'zero or negative query resolution step widths are not accepted. Try a positive integer';
  it.each([
    ['zero step', 'v', 0, T, 0, STEP],
    ['negative step', 'v', 0, T, -1000, STEP],
    ['NaN step', 'v', 0, T, NaN, STEP],
    ['end before start', 'v', T, 0, 1000, 'end timestamp must not be before start time'],
  ])('%s', (_name, q, start, end, step, want) => {
    const err = catchError(() => engine.rangeQuery(q, start, end, step));
    expect(err).toBeInstanceOf(InvalidQueryParamsError);
    expect((err as Error).message).toBe(want);
    expect(queryErrorType(err)).toBe('bad_data');
  });

  it.each([
    ['v[1m]', 'range vector'],
    ['v[1m:10s]', 'range vector'],
    ['"text"', 'string'],
  ])('rejects %s as a range-query result', (q, shown) => {
    expect(() => engine.rangeQuery(q, 0, T, T)).toThrow(
      `invalid expression type "${shown}" for range query, must be Scalar or instant Vector`,
    );
  });

  it.each([
    ['start equal to end', 'v', T, T, 1000, 3],
    ['a scalar', '1 + 1', 0, T, T, 1],
    ['a step wider than the range', 'v', 0, T, 10 * T, 3],
  ])('accepts %s', (_name, q, start, end, step, n) => {
    expect(engine.rangeQuery(q, start, end, step).value.value).toHaveLength(n);
  });

  it('answers strings and range vectors at an instant', () => {
    expect(engine.instantQuery('"text"', T).value).toEqual({ type: 'string', value: 'text' });
    expect(engine.instantQuery('v[1m]', T).value.type).toBe('matrix');
  });
});
