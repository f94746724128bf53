// Runs a promqltest script against the engine and reports, per eval command, whether it passed and why not.
import type { Labels } from '../storage';
import { MemoryStorage } from '../storage';
import { Engine, type EngineOptions } from './engine';
import { formatLabels, labelsKey } from './labels';
import { parseScript, type EvalCommand, type ExpectAnnotation, type ScriptCommand } from './script';
import type { MatrixSeries, Value } from './values';

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

function load(storage: MemoryStorage, cmd: Extract<ScriptCommand, { kind: 'load' }>): void {
  // A series defined twice in one block keeps its last definition, as in Prometheus's loadCmd.
  const defs = new Map(cmd.series.map((s) => [labelsKey(s.labels), s]));
  for (const s of defs.values()) {
    s.values.forEach((v, i) => {
      if (v === null) return;
      const t = i * cmd.intervalMs;
      if (v === 'stale') storage.append(s.labels, t, NaN, true);
      else storage.append(s.labels, t, v);
    });
  }
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
  return '';
}

function compareSamples(cmd: EvalCommand, actual: Array<{ labels: Labels; value: number }>): string {
  if (cmd.scalar !== null) return `expected scalar ${cmd.scalar}, got a vector`;
  if (actual.length !== cmd.series.length) {
    return `expected ${cmd.series.length} samples, got ${actual.length}: ${actual.map((s) => `${formatLabels(s.labels)} ${s.value}`).join(', ')}`;
  }
  const byKey = new Map(actual.map((s, i) => [labelsKey(s.labels), { s, i }]));
  for (const [pos, exp] of cmd.series.entries()) {
    const got = byKey.get(labelsKey(exp.labels));
    if (got === undefined) return `expected series ${formatLabels(exp.labels)} not in result`;
    if (cmd.ordered && got.i !== pos)
      return `series ${formatLabels(exp.labels)} at position ${got.i}, expected ${pos}`;
    const ev = exp.values[0];
    if (typeof ev !== 'number' || !almostEqual(ev, got.s.value)) {
      return `${formatLabels(exp.labels)}: expected ${String(ev)}, got ${got.s.value}`;
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
    const want: Array<[number, number]> = [];
    exp.values.forEach((v, i) => {
      if (typeof v === 'number') want.push([startMs + i * stepMs, v]);
    });
    if (want.length !== got.length) {
      return `${formatLabels(exp.labels)}: expected ${want.length} points, got ${got.length}`;
    }
    for (let i = 0; i < want.length; i++) {
      const [wt, wv] = want[i] as [number, number];
      if (got.t[i] !== wt || !almostEqual(wv, got.v[i] as number)) {
        return `${formatLabels(exp.labels)}: expected ${wv}@${wt / 1000}, got ${String(got.v[i])}@${(got.t[i] ?? NaN) / 1000}`;
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

function failExpectation(cmd: EvalCommand): ExpectAnnotation | undefined {
  return cmd.expectations.find((e) => e.kind === 'fail');
}

function runEval(engine: Engine, cmd: EvalCommand): CaseResult {
  const base = { line: cmd.line, expr: cmd.expr };
  if (cmd.unsupported !== null) return { ...base, passed: false, message: `unsupported: ${cmd.unsupported}` };
  let res: { value: Value; warnings: string[]; infos: string[] } | undefined;
  let matrix: MatrixSeries[] | undefined;
  try {
    if (cmd.instant) {
      const at = cmd.rangeVector !== null ? cmd.rangeVector.endMs : cmd.atMs;
      res = engine.instantQuery(cmd.expr, at);
    } else {
      const r = engine.rangeQuery(cmd.expr, cmd.startMs, cmd.endMs, cmd.stepMs);
      matrix = r.value.value;
      res = { value: r.value, warnings: r.warnings, infos: r.infos };
    }
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    if (!cmd.fail) return { ...base, passed: false, message: `error: ${msg}` };
    const f = failExpectation(cmd);
    if (f !== undefined && !matchMessage(f, msg)) {
      return { ...base, passed: false, message: `wrong error: ${msg}` };
    }
    return { ...base, passed: true, message: '' };
  }
  if (cmd.fail) return { ...base, passed: false, message: 'expected an error, got none' };
  const annoErr = checkAnnotations(cmd, res.warnings, res.infos);
  if (annoErr !== '') return { ...base, passed: false, message: annoErr };
  const message =
    matrix !== undefined
      ? compareMatrix(cmd, matrix, cmd.startMs, cmd.stepMs)
      : compareInstant(cmd, res.value);
  return { ...base, passed: message === '', message };
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
