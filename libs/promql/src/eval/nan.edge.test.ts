// NaN and ±Inf through operators, aggregations and functions. Expected values were read from Prometheus 2.42 on the
// same data (and from promql/engine.go at HEAD where 2.42 differs; noted per case).
import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../storage';
import { Engine } from './engine';
import type { Value } from './values';

const S = 1000;
const T = 61 * S;

/** storage: v{i=a..f} = 1, NaN, 3, +Inf, -Inf, 2; w{i=a..c} = 1, NaN, 0; counters with NaN; classic histograms. */
function storage(): MemoryStorage {
  const s = new MemoryStorage();
  const v: Array<[string, number]> = [
    ['a', 1],
    ['b', NaN],
    ['c', 3],
    ['d', Infinity],
    ['e', -Infinity],
    ['f', 2],
  ];
  const w: Array<[string, number]> = [
    ['a', 1],
    ['b', NaN],
    ['c', 0],
  ];
  for (const t of [0, 60 * S]) {
    for (const [i, x] of v) s.append({ __name__: 'v', i }, t, x);
    for (const [i, x] of w) s.append({ __name__: 'w', i }, t, x);
  }
  const counters: Array<[string, Array<[number, number]>]> = [
    [
      'nanmid',
      [
        [0, 0],
        [15, 10],
        [30, NaN],
        [45, 30],
        [60, 40],
      ],
    ],
    [
      'nanend',
      [
        [0, 0],
        [30, 10],
        [60, NaN],
      ],
    ],
  ];
  for (const [i, points] of counters)
    for (const [t, x] of points) s.append({ __name__: 'c_total', i }, t * S, x);
  const buckets: Array<[string, number, number, number]> = [
    // k, le=0.1, le=1, le=+Inf
    ['ok', 1, 3, 4],
    ['nan', 1, NaN, 4],
    ['naninf', 1, 3, NaN],
  ];
  for (const [k, a, b, c] of buckets) {
    s.append({ __name__: 'h_bucket', k, le: '0.1' }, 60 * S, a);
    s.append({ __name__: 'h_bucket', k, le: '1' }, 60 * S, b);
    s.append({ __name__: 'h_bucket', k, le: '+Inf' }, 60 * S, c);
  }
  return s;
}

/** num prints a float as Prometheus's API does. */
function num(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  return String(x);
}

/** show prints a result as `labels value` items: name dropped from labels, other labels as k=v. */
function show(v: Value): string[] {
  if (v.type === 'scalar') return [`scalar ${num(v.value)}`];
  if (v.type !== 'vector') throw new Error(`unexpected ${v.type}`);
  return v.value.map((s) => {
    const ls = Object.keys(s.labels)
      .filter((k) => k !== '__name__')
      .sort()
      .map((k) => `${k}=${s.labels[k] ?? ''}`)
      .join(',');
    return `${ls} ${num(s.value)}`;
  });
}

const engine = new Engine(storage());
const ALL = ['i=a', 'i=b', 'i=c', 'i=d', 'i=e', 'i=f'];
const each = (vals: string[]): string[] => ALL.map((l, n) => `${l} ${vals[n] ?? '?'}`);

describe('comparisons with NaN and Inf', () => {
  it.each([
    ['v > NaN', []],
    ['v == NaN', []],
    // NaN != x is true for every x, so the filter keeps everything, NaN included.
    ['v != NaN', each(['1', 'NaN', '3', '+Inf', '-Inf', '2'])],
    ['v > bool NaN', each(['0', '0', '0', '0', '0', '0'])],
    ['v != bool NaN', each(['1', '1', '1', '1', '1', '1'])],
    // A NaN sample never equals itself; infinities do.
    ['v == v', ['i=a 1', 'i=c 3', 'i=d +Inf', 'i=e -Inf', 'i=f 2']],
    ['v == bool v', each(['1', '0', '1', '1', '1', '1'])],
    ['v != v', ['i=b NaN']],
    ['v > 2', ['i=c 3', 'i=d +Inf']],
    ['v < bool 2', each(['1', '0', '0', '0', '1', '0'])],
    ['v and v > 1', ['i=c 3', 'i=d +Inf', 'i=f 2']],
    ['NaN == bool NaN', ['scalar 0']],
    ['NaN != bool NaN', ['scalar 1']],
    ['1 < bool NaN', ['scalar 0']],
  ])('%s', (q, want) => {
    expect(show(engine.instantQuery(q, T).value).sort()).toEqual([...want].sort());
  });
});

describe('ordering and selection with NaN (order checked)', () => {
  it.each([
    // NaN sorts last both ways (vectorByValueHeap's Less puts NaN first, then the result is reversed).
    ['sort(v)', ['i=e -Inf', 'i=a 1', 'i=f 2', 'i=c 3', 'i=d +Inf', 'i=b NaN']],
    ['sort_desc(v)', ['i=d +Inf', 'i=c 3', 'i=f 2', 'i=a 1', 'i=e -Inf', 'i=b NaN']],
    ['topk(2, v)', ['i=d +Inf', 'i=c 3']],
    ['topk(10, v)', ['i=d +Inf', 'i=c 3', 'i=f 2', 'i=a 1', 'i=e -Inf', 'i=b NaN']],
    ['bottomk(2, v)', ['i=e -Inf', 'i=a 1']],
    ['bottomk(10, v)', ['i=e -Inf', 'i=a 1', 'i=f 2', 'i=c 3', 'i=d +Inf', 'i=b NaN']],
    ['topk(0, v)', []],
    ['topk(-1, v)', []],
  ])('%s', (q, want) => {
    expect(show(engine.instantQuery(q, T).value)).toEqual(want);
  });
});

describe('aggregations with NaN and Inf', () => {
  it.each([
    // min and max skip NaN unless every value is NaN.
    ['min(v)', ' -Inf'],
    ['max(v)', ' +Inf'],
    ['min(w)', ' 0'],
    ['max(w)', ' 1'],
    ['max(v{i="b"})', ' NaN'],
    // quantile sorts NaN first: the 0.5 quantile of NaN,-Inf,1,2,3,+Inf lies between 1 and 2.
    ['quantile(0.5, v)', ' 1.5'],
    ['quantile(0.5, w)', ' 0'],
    ['quantile(NaN, v)', ' NaN'],
    ['quantile(2, w)', ' +Inf'],
    ['quantile(-1, w)', ' -Inf'],
    ['sum(v)', ' NaN'],
    ['sum(v{i=~"d|e"})', ' NaN'],
    ['sum(v{i=~"a|d"})', ' +Inf'],
    ['avg(v)', ' NaN'],
    ['avg(v{i=~"a|d"})', ' +Inf'],
    ['count(v)', ' 6'],
    ['group(v)', ' 1'],
    ['stddev(v)', ' NaN'],
    ['stdvar(v)', ' NaN'],
    ['stddev(v{i=~"a|d"})', ' NaN'],
    ['stdvar(v{i=~"d|e"})', ' NaN'],
    // Prometheus 2.42 answers 0 here; HEAD starts the group at NaN for a NaN or ±Inf value (aggregation()).
    ['stddev(v{i="d"})', ' NaN'],
    ['stddev(v{i="a"})', ' 0'],
  ])('%s', (q, want) => {
    expect(show(engine.instantQuery(q, T).value)).toEqual([want]);
  });

  it('count_values gives NaN and the infinities their own groups', () => {
    expect(show(engine.instantQuery('count_values("x", v)', T).value).sort()).toEqual(
      ['x=+Inf 1', 'x=-Inf 1', 'x=1 1', 'x=2 1', 'x=3 1', 'x=NaN 1'].sort(),
    );
  });
});

describe('arithmetic and functions with NaN, Inf and zero', () => {
  it.each([
    ['v / 0', each(['+Inf', 'NaN', '+Inf', '+Inf', '-Inf', '+Inf'])],
    ['-v / 0', each(['-Inf', 'NaN', '-Inf', '-Inf', '+Inf', '-Inf'])],
    ['w / 0', ['i=a +Inf', 'i=b NaN', 'i=c NaN']],
    ['v % 0', each(['NaN', 'NaN', 'NaN', 'NaN', 'NaN', 'NaN'])],
    ['v / w', ['i=a 1', 'i=b NaN', 'i=c +Inf']],
    ['v ^ 0', each(['1', '1', '1', '1', '1', '1'])],
    ['0 / 0', ['scalar NaN']],
    ['-1 / 0', ['scalar -Inf']],
    ['NaN ^ 0', ['scalar 1']],
    ['abs(v)', each(['1', 'NaN', '3', '+Inf', '+Inf', '2'])],
    ['sgn(v)', each(['1', 'NaN', '1', '1', '-1', '1'])],
    ['clamp(v, 0, 2)', each(['1', 'NaN', '2', '2', '0', '2'])],
    ['clamp_min(v, 2)', each(['2', 'NaN', '3', '+Inf', '2', '2'])],
    ['sqrt(v)', each(['1', 'NaN', '1.7320508075688772', '+Inf', 'NaN', '1.4142135623730951'])],
    ['ln(w)', ['i=a 0', 'i=b NaN', 'i=c -Inf']],
    ['round(v)', each(['1', 'NaN', '3', '+Inf', '-Inf', '2'])],
    ['vector(NaN)', [' NaN']],
    ['scalar(v{i="b"})', ['scalar NaN']],
    ['scalar(v)', ['scalar NaN']],
  ])('%s', (q, want) => {
    expect(show(engine.instantQuery(q, T).value).sort()).toEqual([...want].sort());
  });
});

describe('range functions over NaN samples', () => {
  it.each([
    // nanmid: 10 @15s, NaN @30s, 30 @45s, 40 @60s; nanend: 10 @30s, NaN @60s (windows end at 61s).
    ['rate(c_total[1m])', ['i=nanend NaN', 'i=nanmid 0.6666666666666666']],
    ['rate(c_total[2m])', ['i=nanend NaN', 'i=nanmid 0.33888888888888885']],
    ['increase(c_total[1m])', ['i=nanend NaN', 'i=nanmid 40']],
    ['irate(c_total[1m])', ['i=nanend NaN', 'i=nanmid 0.6666666666666666']],
    ['delta(c_total[1m])', ['i=nanend NaN', 'i=nanmid 40']],
    ['deriv(c_total[1m])', ['i=nanend NaN', 'i=nanmid NaN']],
    ['max_over_time(c_total[1m])', ['i=nanend 10', 'i=nanmid 40']],
    ['min_over_time(c_total[1m])', ['i=nanend 10', 'i=nanmid 10']],
    ['sum_over_time(c_total[1m])', ['i=nanend NaN', 'i=nanmid NaN']],
    ['avg_over_time(c_total[1m])', ['i=nanend NaN', 'i=nanmid NaN']],
    ['quantile_over_time(0.5, c_total[1m])', ['i=nanend NaN', 'i=nanmid 20']],
  ])('%s', (q, want) => {
    expect(show(engine.instantQuery(q, T).value).sort()).toEqual(want);
  });
});

describe('histogram_quantile with NaN buckets', () => {
  it.each([
    // A NaN count fails every `count >= rank` test, so the search lands on the +Inf bucket and answers the
    // upper bound of the bucket below it.
    ['histogram_quantile(0.5, h_bucket)', ['k=nan 1', 'k=naninf 1', 'k=ok 0.55']],
    ['histogram_quantile(0.9, h_bucket)', ['k=nan 1', 'k=naninf 1', 'k=ok 1']],
    ['histogram_quantile(NaN, h_bucket)', ['k=nan NaN', 'k=naninf NaN', 'k=ok NaN']],
    ['histogram_quantile(2, h_bucket)', ['k=nan +Inf', 'k=naninf +Inf', 'k=ok +Inf']],
    ['histogram_quantile(-1, h_bucket)', ['k=nan -Inf', 'k=naninf -Inf', 'k=ok -Inf']],
  ])('%s', (q, want) => {
    expect(show(engine.instantQuery(q, T).value).sort()).toEqual(want);
  });
});
