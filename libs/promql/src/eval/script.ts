// Parser for Prometheus's promqltest script format (load / clear / eval blocks with expected results).
import { parseDurationMs, parseNumberLiteral } from '../numbers';
import type { Labels } from '../storage';
import { unquote } from '../unquote';

/** SeriesValue is one slot of a series sequence: a float, an omitted sample (null) or a staleness marker. */
export type SeriesValue = number | null | 'stale';

/** LoadedSeries is one series line of a load block. */
export interface LoadedSeries {
  labels: Labels;
  values: SeriesValue[];
}

/** ExpectedSeries is one expected result line: labels and one value (instant) or a sequence (range). */
export interface ExpectedSeries {
  labels: Labels;
  values: SeriesValue[];
}

/** Annotation expectations of an eval command (`expect warn`, `eval_info`, ...). */
export interface ExpectAnnotation {
  kind: 'fail' | 'warn' | 'no_warn' | 'info' | 'no_info';
  /** Exact message (`msg:`), regex (`regex:`), or neither. */
  message?: string;
  regex?: RegExp;
}

/** EvalCommand is one `eval` block. */
export interface EvalCommand {
  kind: 'eval';
  /** 1-based line of the eval line. */
  line: number;
  expr: string;
  instant: boolean;
  /** Instant time, or range start/end/step, ms since the test start (epoch 0). */
  atMs: number;
  startMs: number;
  endMs: number;
  stepMs: number;
  fail: boolean;
  ordered: boolean;
  expectations: ExpectAnnotation[];
  /** Expected scalar result, when the block has a bare number. */
  scalar: number | null;
  /** Expected string result (`expect string "..."`). */
  string: string | null;
  /** Set by `expect range vector from .. to .. step ..`: the instant query returns a matrix over these times. */
  rangeVector: { startMs: number; endMs: number; stepMs: number } | null;
  series: ExpectedSeries[];
  /** Why the block cannot be checked (e.g. native-histogram expectations), or null. */
  unsupported: string | null;
}

/** ScriptCommand is one command of a test script. */
export type ScriptCommand =
  | {
      kind: 'load';
      line: number;
      intervalMs: number;
      series: LoadedSeries[];
      nhcb: boolean;
      /** Lines that could not be loaded (e.g. native histograms), with the reason. */
      skipped: string[];
    }
  | { kind: 'clear'; line: number }
  | EvalCommand;

/** ScriptSyntaxError reports a malformed script line (1-based). */
export class ScriptSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

const PAT_LOAD = /^load(?:_(with_nhcb))?\s+(.+?)$/;
const PAT_INSTANT = /^eval(?:_(fail|warn|ordered|info))?\s+instant\s+(?:at\s+(.+?))?\s+(.+)$/;
const PAT_RANGE = /^eval(?:_(fail|warn|info))?\s+range\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+?)\s+(.+)$/;
const PAT_EXPECT = /^expect\s+(ordered|fail|warn|no_warn|info|no_info)(?:\s+(regex|msg):(.+))?$/;
const PAT_EXPECT_RANGE = /^expect range vector\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+)$/;

function lines(input: string): string[] {
  return input.split('\n').map((l) => {
    const t = l.trim();
    return t.startsWith('#') ? '' : t;
  });
}

/** parseSeriesNumber reads a sample value (Go float syntax, `Inf`, `NaN`). */
function parseValue(text: string): number {
  return parseNumberLiteral(text);
}

function splitOffset(base: string): [string, string] | null {
  for (let i = 1; i < base.length; i++) {
    const c = base[i];
    if ((c === '+' || c === '-') && !/[eE]/.test(base[i - 1] ?? '')) return [base.slice(0, i), base.slice(i)];
  }
  return null;
}

/** expandSequence expands one sequence token (`1+2x3`, `_x2`, `stale`, `5`) into values. */
export function expandSequence(token: string): SeriesValue[] {
  if (token === '_') return [null];
  if (token === 'stale') return ['stale'];
  const rep = /^(.+?)x(\d+)$/.exec(token);
  if (rep !== null) {
    const base = rep[1] as string;
    const n = Number(rep[2]);
    if (base === '_') return new Array<SeriesValue>(n).fill(null);
    if (base === 'stale') return new Array<SeriesValue>(n).fill('stale');
    const parts = splitOffset(base);
    try {
      let a = parseValue(parts === null ? base : parts[0]);
      const b = parts === null ? 0 : parseValue(parts[1]);
      const out: SeriesValue[] = [];
      // Repeated addition, as Prometheus does, so the floats match exactly.
      for (let i = 0; i <= n; i++) {
        out.push(a);
        a += b;
      }
      return out;
    } catch {
      // Not a sequence: maybe a hex number such as 0x10.
    }
  }
  return [parseValue(token)];
}

function readName(s: string, i: number): [string, number] {
  if (s[i] === '"' || s[i] === "'" || s[i] === '`') {
    const q = s[i] as string;
    let j = i + 1;
    while (j < s.length && s[j] !== q) j += s[j] === '\\' && q !== '`' ? 2 : 1;
    return [unquote(s.slice(i, j + 1)), j + 1];
  }
  const m = /^[a-zA-Z_:][a-zA-Z0-9_:.]*/.exec(s.slice(i));
  if (m === null) throw new Error(`bad label name at ${JSON.stringify(s.slice(i))}`);
  return [m[0], i + m[0].length];
}

function skipSpace(s: string, i: number): number {
  let j = i;
  while (j < s.length && /\s/.test(s[j] as string)) j++;
  return j;
}

/** parseMetric reads `name{a="b", ...}` (name optional) and returns labels and the index after it. */
export function parseMetric(s: string): [Labels, number] {
  const labels: Record<string, string> = {};
  let i = 0;
  if (s[i] !== '{') {
    const [name, j] = readName(s, i);
    labels['__name__'] = name;
    i = j;
  }
  if (s[i] !== '{') return [labels, i];
  i = skipSpace(s, i + 1);
  while (s[i] !== '}') {
    if (i >= s.length) throw new Error('unterminated label set');
    const [name, j] = readName(s, i);
    i = skipSpace(s, j);
    if (s[i] !== '=' && s[i] !== ',' && s[i] !== '}') throw new Error(`expected "=" after label ${name}`);
    if (s[i] === '=') {
      i = skipSpace(s, i + 1);
      const [value, k] = readName(s, i);
      labels[name] = value;
      i = skipSpace(s, k);
    } else {
      // A quoted name alone inside braces is the metric name (UTF-8 syntax).
      labels['__name__'] = name;
    }
    if (s[i] === ',') i = skipSpace(s, i + 1);
  }
  return [labels, i + 1];
}

/** parseSeriesLine reads a series line; when loading, native-histogram samples become gaps (not supported yet). */
function parseSeriesLine(line: string, lineNo: number, loading: boolean): LoadedSeries {
  try {
    const [labels, end] = parseMetric(line);
    let rest = line.slice(end).trim();
    if (rest.includes('{{')) {
      if (!loading) throw new Error('native histogram samples are not supported yet');
      rest = rest.replace(/\{\{.*?\}\}/g, 'H');
    }
    const values: SeriesValue[] = [];
    for (const tok of rest.split(/\s+/)) {
      if (tok === '') continue;
      const h = /^H(?:[+-]H)?(?:x(\d+))?$/.exec(tok);
      if (h !== null)
        values.push(...new Array<SeriesValue>(h[1] === undefined ? 1 : Number(h[1]) + 1).fill(null));
      else values.push(...expandSequence(tok));
    }
    return { labels, values };
  } catch (err) {
    throw new ScriptSyntaxError(lineNo, (err as Error).message);
  }
}

function duration(text: string, lineNo: number): number {
  try {
    return parseDurationMs(text.trim());
  } catch (err) {
    throw new ScriptSyntaxError(lineNo, (err as Error).message);
  }
}

function parseEval(ls: string[], i: number): [number, EvalCommand] {
  const head = ls[i] as string;
  const inst = PAT_INSTANT.exec(head);
  const rng = inst === null ? PAT_RANGE.exec(head) : null;
  if (inst === null && rng === null)
    throw new ScriptSyntaxError(i + 1, `invalid evaluation command: ${head}`);
  const mod = (inst ?? rng)?.[1];
  const cmd: EvalCommand = {
    kind: 'eval',
    line: i + 1,
    expr: inst !== null ? (inst[3] as string) : ((rng as RegExpExecArray)[5] as string),
    instant: inst !== null,
    atMs: inst !== null ? duration(inst[2] ?? '0', i + 1) : 0,
    startMs: rng !== null ? duration(rng[2] as string, i + 1) : 0,
    endMs: rng !== null ? duration(rng[3] as string, i + 1) : 0,
    stepMs: rng !== null ? duration(rng[4] as string, i + 1) : 0,
    fail: mod === 'fail',
    ordered: mod === 'ordered',
    expectations: [],
    scalar: null,
    string: null,
    rangeVector: null,
    series: [],
    unsupported: null,
  };
  if (mod === 'warn' || mod === 'info') cmd.expectations.push({ kind: mod });
  let j = i;
  while (j + 1 < ls.length) {
    j++;
    const def = ls[j] as string;
    if (def === '') {
      j--;
      break;
    }
    if (cmd.fail && def.startsWith('expected_fail_message')) {
      cmd.expectations.push({ kind: 'fail', message: def.slice('expected_fail_message'.length).trim() });
      break;
    }
    if (cmd.fail && def.startsWith('expected_fail_regexp')) {
      cmd.expectations.push({
        kind: 'fail',
        regex: new RegExp(def.slice('expected_fail_regexp'.length).trim()),
      });
      break;
    }
    const rv = PAT_EXPECT_RANGE.exec(def);
    if (rv !== null) {
      cmd.rangeVector = {
        startMs: duration(rv[1] as string, j + 1),
        endMs: duration(rv[2] as string, j + 1),
        stepMs: duration(rv[3] as string, j + 1),
      };
      continue;
    }
    if (def.startsWith('expect string')) {
      try {
        cmd.string = unquote(def.slice('expect string'.length).trim());
      } catch {
        throw new ScriptSyntaxError(j + 1, 'expected string literal not valid');
      }
      continue;
    }
    if (def.split(' ')[0] === 'expect') {
      const m = PAT_EXPECT.exec(def);
      if (m === null) throw new ScriptSyntaxError(j + 1, `invalid expect statement: ${def}`);
      const kind = m[1] as ExpectAnnotation['kind'] | 'ordered';
      if (kind === 'ordered') {
        cmd.ordered = true;
        continue;
      }
      if (kind === 'fail') cmd.fail = true;
      const e: ExpectAnnotation = { kind };
      const body = (m[3] ?? '').trim();
      if (m[2] === 'msg') e.message = body;
      if (m[2] === 'regex') e.regex = new RegExp(body);
      cmd.expectations.push(e);
      continue;
    }
    if (/^[-+]?(?:\d|Inf|NaN|inf|nan|\.\d)/.test(def) && !def.includes('{')) {
      try {
        cmd.scalar = parseValue(def);
        break;
      } catch {
        // Fall through: a metric whose name looks like a number is not possible, so report below.
      }
    }
    let s: LoadedSeries;
    try {
      s = parseSeriesLine(def, j + 1, false);
    } catch (err) {
      cmd.unsupported ??= (err as Error).message;
      continue;
    }
    if (s.values.length > 1 && cmd.instant && cmd.rangeVector === null) {
      throw new ScriptSyntaxError(j + 1, 'expecting multiple values in instant evaluation not allowed');
    }
    cmd.series.push(s);
  }
  return [j, cmd];
}

/** parseScript parses a whole test script into commands. */
export function parseScript(input: string): ScriptCommand[] {
  const ls = lines(input);
  const out: ScriptCommand[] = [];
  for (let i = 0; i < ls.length; i++) {
    const l = ls[i] as string;
    if (l === '') continue;
    const word = (l.split(/[\t ]+/, 1)[0] ?? '').toLowerCase();
    if (word === 'clear') {
      out.push({ kind: 'clear', line: i + 1 });
    } else if (word.startsWith('load')) {
      const m = PAT_LOAD.exec(l);
      if (m === null)
        throw new ScriptSyntaxError(i + 1, 'invalid load command. (load[_with_nhcb] <step:duration>)');
      const cmd = {
        kind: 'load' as const,
        line: i + 1,
        intervalMs: duration(m[2] as string, i + 1),
        series: [] as LoadedSeries[],
        nhcb: m[1] === 'with_nhcb',
        skipped: [] as string[],
      };
      while (i + 1 < ls.length && ls[i + 1] !== '') {
        i++;
        try {
          cmd.series.push(parseSeriesLine(ls[i] as string, i + 1, true));
        } catch (err) {
          cmd.skipped.push((err as Error).message);
        }
      }
      out.push(cmd);
    } else if (word.startsWith('eval')) {
      const [j, cmd] = parseEval(ls, i);
      i = j;
      out.push(cmd);
    } else {
      throw new ScriptSyntaxError(i + 1, `invalid command ${JSON.stringify(l)}`);
    }
  }
  return out;
}
