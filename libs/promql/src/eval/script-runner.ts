// Runs a promqltest script against the engine and reports, per eval command, whether it passed and why not.
import type { Expr } from '../ast';
import { parseExpr } from '../parser';
import { formatExpr } from '../printer';
import type { Labels } from '../storage';
import { walkExpr } from '../walk';
import { MemoryStorage } from '../storage';
import { Engine, type EngineOptions } from './engine';
import { formatLabels, labelsKey } from './labels';
import { parseBucketBound } from './functions';
import { CUSTOM_BUCKETS_SCHEMA, customBoundsMatch, FloatHistogram } from './histogram/float-histogram';
import type { ParsedHistogram } from './histogram/notation';
import {
  parseScript,
  type EvalCommand,
  type ExpectAnnotation,
  type LoadedSeries,
  type ScriptCommand,
  type SeriesValue,
} from './script';
import type { MatrixSeries, Sample, Value } from './values';

/** CaseResult is the outcome of one eval command. */
export interface CaseResult {
  /** 1-based line of the eval command. */
  line: number;
  expr: string;
  passed: boolean;
  /** Why it failed (empty when passed). */
  message: string;
}

const MIN_NORMAL = 2.2250738585072014e-308;
const EPSILON = 0.000001;

/** almostEqual is Prometheus's almost.Equal with the test harness's epsilon (NaN equals NaN). */
export function almostEqual(a: number, b: number, epsilon = EPSILON): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (a === b) return true;
  const absSum = Math.abs(a) + Math.abs(b);
  const diff = Math.abs(a - b);
  if (a === 0 || b === 0 || absSum < MIN_NORMAL) return diff < epsilon * MIN_NORMAL;
  return diff / Math.min(absSum, Number.MAX_VALUE) < epsilon;
}

function isHistogramValue(v: SeriesValue | undefined): v is ParsedHistogram {
  return typeof v === 'object' && v !== null;
}

function load(storage: MemoryStorage, cmd: Extract<ScriptCommand, { kind: 'load' }>): void {
  // A series defined twice in one block keeps its last definition, as in Prometheus's loadCmd.
  const defs = new Map(cmd.series.map((s) => [labelsKey(s.labels), s]));
  for (const s of defs.values()) {
    let prev: FloatHistogram | undefined;
    s.values.forEach((v, i) => {
      if (v === null) return;
      const t = i * cmd.intervalMs;
      const off = s.st?.[i];
      const st = off === undefined || off === null ? 0 : t + off;
      if (v === 'stale') storage.append(s.labels, t, NaN, true);
      else if (isHistogramValue(v)) storage.appendHistogram(s.labels, t, withStoredHint(v.h, prev), st);
      else storage.append(s.labels, t, v, false, st);
      prev = isHistogramValue(v) ? v.h : undefined;
    });
  }
  if (cmd.nhcb)
    for (const [labels, t, h] of classicToNhcb([...defs.values()], cmd.intervalMs))
      storage.appendHistogram(labels, t, h);
}

/**
 * withStoredHint gives a histogram the counter-reset hint Prometheus's TSDB returns for it when read back:
 * samples that continue a counter histogram chunk read as not_reset; the first of a series, after a float, after
 * a layout change or after a detected reset read as unknown (explicit reset and gauge hints are kept).
 */
export function withStoredHint(h: FloatHistogram, prev: FloatHistogram | undefined): FloatHistogram {
  let hint = h.counterResetHint;
  if (hint === 'gauge' || hint === 'reset') return h;
  if (prev === undefined || prev.counterResetHint === 'gauge') hint = 'unknown';
  else if (
    h.schema !== prev.schema ||
    h.zeroThreshold !== prev.zeroThreshold ||
    h.count < prev.count ||
    h.zeroCount < prev.zeroCount ||
    (h.usesCustomBuckets() && !customBoundsMatch(h.customValues, prev.customValues)) ||
    h.detectResetIgnoringHint(prev)
  ) {
    hint = 'unknown';
  } else hint = 'not_reset';
  if (hint === h.counterResetHint) return h;
  const c = h.copy();
  c.counterResetHint = hint;
  return c;
}

/** classicToNhcb converts classic histogram series (`_bucket`/`_count`/`_sum`) of a load block to NHCB samples. */
export function classicToNhcb(
  series: LoadedSeries[],
  intervalMs: number,
): Array<[Labels, number, FloatHistogram]> {
  interface Temp {
    buckets: Map<number, number>;
    count?: number;
    sum: number;
  }
  const groups = new Map<string, { labels: Labels; byT: Map<number, Temp> }>();
  for (const s of series) {
    const name = s.labels['__name__'] ?? '';
    const m = /^(.*)_(bucket|count|sum)$/.exec(name);
    if (m === null) continue;
    const kind = m[2] as string;
    let le = NaN;
    if (kind === 'bucket') {
      const raw = s.labels['le'];
      if (raw === undefined) continue;
      le = parseBucketBound(raw) ?? NaN;
      if (Number.isNaN(le)) continue;
    }
    const base: Record<string, string> = { ...s.labels, __name__: m[1] as string };
    delete base['le'];
    const key = labelsKey(base);
    let g = groups.get(key);
    if (g === undefined) {
      g = { labels: base, byT: new Map() };
      groups.set(key, g);
    }
    s.values.forEach((v, i) => {
      if (typeof v !== 'number') return;
      const t = i * intervalMs;
      let tmp = (g as { byT: Map<number, Temp> }).byT.get(t);
      if (tmp === undefined) {
        tmp = { buckets: new Map(), sum: 0 };
        (g as { byT: Map<number, Temp> }).byT.set(t, tmp);
      }
      if (kind === 'bucket') {
        if (!tmp.buckets.has(le)) tmp.buckets.set(le, v);
      } else if (kind === 'count') tmp.count = v;
      else tmp.sum = v;
    });
  }
  const out: Array<[Labels, number, FloatHistogram]> = [];
  for (const g of groups.values()) {
    for (const t of [...g.byT.keys()].sort((a, b) => a - b)) {
      const tmp = g.byT.get(t) as Temp;
      const les = [...tmp.buckets.keys()].sort((a, b) => a - b);
      const counts = les.map((le) => tmp.buckets.get(le) as number);
      if (counts.some((c, i) => c < 0 || (i > 0 && c < (counts[i - 1] as number)))) continue;
      const count = tmp.count ?? counts[counts.length - 1];
      if (count === undefined || count < 0) continue;
      if (les.length === 0 || les[les.length - 1] !== Infinity) {
        les.push(Infinity);
        counts.push(count);
      }
      if (counts[counts.length - 1] !== count) continue;
      const h = new FloatHistogram();
      h.schema = CUSTOM_BUCKETS_SCHEMA;
      h.count = count;
      h.sum = tmp.sum;
      h.customValues = les.slice(0, -1);
      h.positiveSpans = [{ offset: 0, length: counts.length }];
      h.positiveBuckets = counts.map((c, i) => c - (i === 0 ? 0 : (counts[i - 1] as number)));
      out.push([g.labels, t, h.compact()]);
    }
  }
  return out;
}

function matchMessage(e: ExpectAnnotation, actual: string): boolean {
  if (e.message !== undefined) return actual === e.message;
  if (e.regex !== undefined) return e.regex.test(actual);
  return true;
}

function checkAnnotations(cmd: EvalCommand, warnings: string[], infos: string[]): string {
  for (const e of cmd.expectations) {
    if (e.kind === 'fail') continue;
    if (e.kind === 'no_warn' && warnings.length > 0) return `unexpected warnings: ${warnings.join('; ')}`;
    if (e.kind === 'no_info' && infos.length > 0) return `unexpected infos: ${infos.join('; ')}`;
    const list = e.kind === 'warn' ? warnings : e.kind === 'info' ? infos : null;
    if (list === null) continue;
    if (list.length === 0) return `expected ${e.kind} annotations but got none`;
    if (!list.some((a) => matchMessage(e, a)))
      return `no ${e.kind} annotation matches; got: ${list.join('; ')}`;
  }
  // Every annotation of a kind the test expects must match one of its expectations (as promqltest checks).
  for (const kind of ['warn', 'info'] as const) {
    const exps = cmd.expectations.filter(
      (e) => e.kind === kind && (e.message !== undefined || e.regex !== undefined),
    );
    if (exps.length === 0) continue;
    const list = kind === 'warn' ? warnings : infos;
    const stray = list.find((a) => !exps.some((e) => matchMessage(e, a)));
    if (stray !== undefined) return `unexpected ${kind} annotation: ${stray}`;
  }
  return '';
}

function spansEqual(a: FloatHistogram, b: FloatHistogram): boolean {
  const same = (
    x: readonly { offset: number; length: number }[],
    y: readonly { offset: number; length: number }[],
  ): boolean =>
    x.length === y.length && x.every((s, i) => s.offset === y[i]?.offset && s.length === y[i]?.length);
  return same(a.positiveSpans, b.positiveSpans) && same(a.negativeSpans, b.negativeSpans);
}

function bucketsEqual(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => almostEqual(x, b[i] as number));
}

/** histogramsMatch is promqltest's compareNativeHistogram: both compacted, floats compared with tolerance. */
export function histogramsMatch(expected: FloatHistogram, actual: FloatHistogram, hintSet: boolean): boolean {
  const e = expected.copy().compact();
  const a = actual.copy().compact();
  if (e.schema !== a.schema || !almostEqual(e.count, a.count) || !almostEqual(e.sum, a.sum)) return false;
  if (e.usesCustomBuckets() && !customBoundsMatch(e.customValues, a.customValues)) return false;
  if (e.zeroThreshold !== a.zeroThreshold || !almostEqual(e.zeroCount, a.zeroCount)) return false;
  if (!spansEqual(e, a)) return false;
  if (
    !bucketsEqual(e.positiveBuckets, a.positiveBuckets) ||
    !bucketsEqual(e.negativeBuckets, a.negativeBuckets)
  )
    return false;
  return !hintSet || e.counterResetHint === a.counterResetHint;
}

function show(s: { value: number; h?: FloatHistogram }): string {
  return s.h === undefined ? String(s.value) : s.h.testExpression();
}

function compareValue(exp: SeriesValue | undefined, got: { value: number; h?: FloatHistogram }): boolean {
  if (isHistogramValue(exp)) return got.h !== undefined && histogramsMatch(exp.h, got.h, exp.hintSet);
  return got.h === undefined && typeof exp === 'number' && almostEqual(exp, got.value);
}

function showExpected(v: SeriesValue | undefined): string {
  return isHistogramValue(v) ? v.h.testExpression() : String(v);
}

function compareSamples(cmd: EvalCommand, actual: Sample[]): string {
  if (cmd.scalar !== null) return `expected scalar ${cmd.scalar}, got a vector`;
  if (actual.length !== cmd.series.length) {
    return `expected ${cmd.series.length} samples, got ${actual.length}: ${actual.map((s) => `${formatLabels(s.labels)} ${show(s)}`).join(', ')}`;
  }
  const byKey = new Map(actual.map((s, i) => [labelsKey(s.labels), { s, i }]));
  for (const [pos, exp] of cmd.series.entries()) {
    const got = byKey.get(labelsKey(exp.labels));
    if (got === undefined) return `expected series ${formatLabels(exp.labels)} not in result`;
    if (cmd.ordered && got.i !== pos)
      return `series ${formatLabels(exp.labels)} at position ${got.i}, expected ${pos}`;
    const ev = exp.values[0];
    if (!compareValue(ev, got.s)) {
      return `${formatLabels(exp.labels)}: expected ${showExpected(ev)}, got ${show(got.s)}`;
    }
  }
  return '';
}

function compareMatrix(cmd: EvalCommand, actual: MatrixSeries[], startMs: number, stepMs: number): string {
  if (cmd.scalar !== null) return `expected scalar ${cmd.scalar}, got a matrix`;
  if (actual.length !== cmd.series.length) {
    return `expected ${cmd.series.length} series, got ${actual.length}: ${actual.map((s) => formatLabels(s.labels)).join(', ')}`;
  }
  const byKey = new Map(actual.map((s) => [labelsKey(s.labels), s]));
  for (const exp of cmd.series) {
    const got = byKey.get(labelsKey(exp.labels));
    if (got === undefined) return `expected series ${formatLabels(exp.labels)} not in result`;
    const want: Array<[number, SeriesValue]> = [];
    exp.values.forEach((v, i) => {
      if (typeof v === 'number' || isHistogramValue(v)) want.push([startMs + i * stepMs, v]);
    });
    if (want.length !== got.length) {
      return `${formatLabels(exp.labels)}: expected ${want.length} points, got ${got.length}`;
    }
    for (let i = 0; i < want.length; i++) {
      const [wt, wv] = want[i] as [number, SeriesValue];
      const h = got.h?.[i];
      const point = h === undefined ? { value: got.v[i] as number } : { value: 0, h };
      if (got.t[i] !== wt || !compareValue(wv, point)) {
        return `${formatLabels(exp.labels)}: expected ${showExpected(wv)}@${wt / 1000}, got ${show(point)}@${(got.t[i] ?? NaN) / 1000}`;
      }
    }
  }
  return '';
}

function compareInstant(cmd: EvalCommand, v: Value): string {
  if (cmd.string !== null) {
    return v.type === 'string' && v.value === cmd.string
      ? ''
      : `expected string ${JSON.stringify(cmd.string)}`;
  }
  switch (v.type) {
    case 'scalar':
      if (cmd.scalar === null) return `expected a vector, got scalar ${v.value}`;
      return almostEqual(cmd.scalar, v.value) ? '' : `expected scalar ${cmd.scalar}, got ${v.value}`;
    case 'string':
      return `unexpected string result ${JSON.stringify(v.value)}`;
    case 'vector':
      return compareSamples(cmd, v.value);
    case 'matrix': {
      if (cmd.ordered) return 'expected ordered result, but query returned a matrix';
      const rv = cmd.rangeVector;
      if (rv === null) return 'got a range vector but the test has no "expect range vector" line';
      return compareMatrix(cmd, v.value, rv.startMs, rv.stepMs);
    }
  }
}

const QUERY_CONTEXT_FUNCS = /(start|end|range|step)\(\)/;

/**
 * rangeModeCheck re-runs an instant query as a range query around its time (step 1m) and compares the middle
 * step with the expectation, as promqltest does for every instant eval.
 */
function rangeModeCheck(engine: Engine, cmd: EvalCommand, expr: string, at: number, instant: Value): string {
  if (cmd.rangeVector !== null || cmd.string !== null || cmd.ordered || QUERY_CONTEXT_FUNCS.test(expr))
    return '';
  if (instant.type !== 'vector' && instant.type !== 'scalar') return '';
  let r;
  try {
    r = engine.rangeQuery(expr, at - 60_000, at + 60_000, 60_000);
  } catch (err) {
    return `range mode: error: ${err instanceof Error ? err.message : String(err)}`;
  }
  const vec: Sample[] = [];
  for (const s of r.value.value) {
    for (let i = 0; i < s.length; i++) {
      if (s.t[i] !== at) continue;
      const h = s.h?.[i];
      vec.push(
        h === undefined ? { labels: s.labels, value: s.v[i] as number } : { labels: s.labels, value: 0, h },
      );
      break;
    }
  }
  const msg =
    instant.type === 'scalar'
      ? compareInstant(cmd, { type: 'scalar', value: vec[0]?.value ?? NaN })
      : compareSamples(cmd, vec);
  return msg === '' ? '' : `range mode: ${msg}`;
}

function failExpectation(cmd: EvalCommand): ExpectAnnotation | undefined {
  return cmd.expectations.find((e) => e.kind === 'fail');
}

function runEval(engine: Engine, cmd: EvalCommand): CaseResult {
  const base = { line: cmd.line, expr: cmd.expr };
  if (cmd.unsupported !== null) return { ...base, passed: false, message: `unsupported: ${cmd.unsupported}` };
  if (!cmd.instant) {
    let r;
    try {
      r = engine.rangeQuery(cmd.expr, cmd.startMs, cmd.endMs, cmd.stepMs);
    } catch (err) {
      const message = failureVerdict(cmd, err);
      return { ...base, passed: message === '', message };
    }
    if (cmd.fail) return { ...base, passed: false, message: 'expected an error, got none' };
    const message =
      checkAnnotations(cmd, r.warnings, r.infos) ||
      compareMatrix(cmd, r.value.value, cmd.startMs, cmd.stepMs);
    return { ...base, passed: message === '', message };
  }
  const at = cmd.rangeVector !== null ? cmd.rangeVector.endMs : cmd.atMs;
  // As promqltest: the query itself, then with every selector pinned by `@` at various evaluation times.
  const queries: Array<[string, number]> = [[cmd.expr, at], ...atModifierVariants(cmd.expr, at)];
  for (const [expr, t] of queries) {
    const message = runInstant(engine, cmd, expr, t);
    if (message !== '') {
      const where = expr === cmd.expr && t === at ? '' : `${expr} at ${t / 1000}s: `;
      return { ...base, passed: false, message: where + message };
    }
  }
  return { ...base, passed: true, message: '' };
}

function failureVerdict(cmd: EvalCommand, err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  if (!cmd.fail) return `error: ${msg}`;
  const f = failExpectation(cmd);
  if (f !== undefined && !matchMessage(f, msg)) return `wrong error: ${msg}`;
  return '';
}

function runInstant(engine: Engine, cmd: EvalCommand, expr: string, at: number): string {
  let res;
  try {
    res = engine.instantQuery(expr, at);
  } catch (err) {
    return failureVerdict(cmd, err);
  }
  if (cmd.fail) return 'expected an error, got none';
  return (
    checkAnnotations(cmd, res.warnings, res.infos) ||
    compareInstant(cmd, res.value) ||
    rangeModeCheck(engine, cmd, expr, at, res.value)
  );
}

// Functions whose result depends on the evaluation time even with all selectors pinned by `@`.
const AT_UNSAFE = new Set([
  'days_in_month',
  'day_of_month',
  'day_of_week',
  'day_of_year',
  'end',
  'hour',
  'minute',
  'month',
  'year',
  'predict_linear',
  'range',
  'start',
  'step',
  'time',
  'timestamp',
]);

/**
 * atModifierVariants is promqltest's atModifierTestCases: the query with `@ <eval time>` on every selector and
 * subquery (outside subqueries that already have one), to be evaluated at other times with the same result.
 */
export function atModifierVariants(expr: string, ts: number): Array<[string, number]> {
  let root: Expr;
  try {
    root = parseExpr(expr);
  } catch {
    return [];
  }
  let unsafe = false;
  walkExpr(root, (node, path) => {
    if (path.some((p) => p.kind === 'SubqueryExpr' && p.timestamp !== null)) return;
    const pin = (n: { timestamp: number | null }): void => {
      if (n.timestamp === null) n.timestamp = ts;
    };
    if (node.kind === 'VectorSelector' || node.kind === 'SubqueryExpr') pin(node);
    else if (node.kind === 'MatrixSelector' && node.vectorSelector.kind === 'VectorSelector')
      pin(node.vectorSelector);
    else if (node.kind === 'Call' && AT_UNSAFE.has(node.func.name)) unsafe = true;
  });
  if (unsafe) return [];
  const text = formatExpr(root);
  const times = ts === 0 ? [-1000, 0, 1000] : [-10 * ts, 0, Math.trunc(ts / 5), ts, 10 * ts];
  return times.map((t) => [text, t]);
}

/** runScript parses and runs a script; a script that does not parse throws ScriptSyntaxError. */
export function runScript(text: string, opts: EngineOptions = {}): CaseResult[] {
  const cmds = parseScript(text);
  const storage = new MemoryStorage();
  const engine = new Engine(storage, opts);
  const out: CaseResult[] = [];
  for (const cmd of cmds) {
    if (cmd.kind === 'clear') storage.clear();
    else if (cmd.kind === 'load') load(storage, cmd);
    else out.push(runEval(engine, cmd));
  }
  return out;
}
