// Parser for Prometheus's promqltest script format (load / clear / eval blocks with expected results).
import { parseDurationMs, parseNumberLiteral } from '../numbers';
import type { Labels } from '../storage';
import { unquote } from '../unquote';
import { expandHistogramItem, type ParsedHistogram } from './histogram/notation';

/** SeriesValue is one slot of a series sequence: a float, a histogram, an omitted sample (null) or a staleness marker. */
export type SeriesValue = number | null | 'stale' | ParsedHistogram;

/** LoadedSeries is one series line of a load block. */
export interface LoadedSeries {
  labels: Labels;
  values: SeriesValue[];
  /** Start-timestamp offsets (ms, relative to each sample's time; null: none) from a preceding `@st` line. */
  st?: Array<number | null>;
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

/** splitItems splits series values at spaces outside `{{...}}` histogram literals. */
function splitItems(rest: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i] as string;
    if (c === '{' && rest[i + 1] === '{') {
      depth++;
      cur += '{{';
      i++;
    } else if (c === '}' && rest[i + 1] === '}' && depth > 0) {
      depth--;
      cur += '}}';
      i++;
    } else if (depth === 0 && /\s/.test(c)) {
      if (cur !== '') out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (depth !== 0) throw new Error('unterminated histogram literal');
  if (cur !== '') out.push(cur);
  return out;
}

function seriesKeyOf(l: Labels): string {
  return JSON.stringify(Object.entries(l).sort());
}

/** parseDurationPrefix reads a signed duration at the start of s (units stop at 'x'): [ms, rest]. */
function parseDurationPrefix(s: string): [number, string] {
  const m = /^([+-]?)(\d+)([a-wyzA-Z]*)/.exec(s);
  if (m === null) throw new Error(`expected digits in duration ${JSON.stringify(s)}`);
  const ms = parseDurationMs(`${m[2] as string}${m[3] as string}`);
  return [m[1] === '-' ? -ms : ms, s.slice(m[0].length)];
}

/** expandStItem expands one item of an `@st` sequence: `_`, `_xN`, `<dur>`, `<dur>xN`, `<dur>±<dur>xN`. */
export function expandStItem(item: string): Array<number | null> {
  if (item === '_') return [null];
  if (item.startsWith('_x')) return new Array<number | null>(Number(item.slice(2))).fill(null);
  const [base, rest] = parseDurationPrefix(item);
  if (rest === '') return [base];
  if (rest.startsWith('x')) return new Array<number | null>(Number(rest.slice(1)) + 1).fill(base);
  if (rest[0] !== '+' && rest[0] !== '-')
    throw new Error(`unexpected character ${JSON.stringify(rest[0])} after duration`);
  const [delta, rest2] = parseDurationPrefix(rest.slice(1));
  const d = rest[0] === '-' ? -delta : delta;
  if (!rest2.startsWith('x')) throw new Error("expected 'x<count>' after step duration");
  const n = Number(rest2.slice(1));
  const out: Array<number | null> = [];
  for (let i = 0; i <= n; i++) out.push(base + i * d);
  return out;
}

/** parseStLine reads `metric{labels}@st <offsets>`; null when the line is not a start-timestamp line. */
function parseStLine(line: string, lineNo: number): { labels: Labels; st: Array<number | null> } | null {
  let labels: Labels;
  let end: number;
  try {
    [labels, end] = parseMetric(line);
  } catch {
    return null;
  }
  if (!line.startsWith('@st', end)) return null;
  try {
    const st: Array<number | null> = [];
    for (const tok of line
      .slice(end + 3)
      .trim()
      .split(/\s+/))
      if (tok !== '') st.push(...expandStItem(tok));
    return { labels, st };
  } catch (err) {
    throw new ScriptSyntaxError(lineNo, `invalid @st sequence: ${(err as Error).message}`);
  }
}

/** parseSeriesLine reads a series line: labels then values (floats, `{{...}}` histograms, `_`, `stale`). */
function parseSeriesLine(line: string, lineNo: number): LoadedSeries {
  try {
    const [labels, end] = parseMetric(line);
    const rest = line.slice(end).trim();
    const values: SeriesValue[] = [];
    for (const tok of splitItems(rest)) {
      if (tok.startsWith('{{')) values.push(...expandHistogramItem(tok));
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
      s = parseSeriesLine(def, j + 1);
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
      let pendingSt: { labels: Labels; st: Array<number | null> } | null = null;
      while (i + 1 < ls.length && ls[i + 1] !== '') {
        i++;
        try {
          const stLine = parseStLine(ls[i] as string, i + 1);
          if (stLine !== null) {
            pendingSt = stLine;
            continue;
          }
          const series = parseSeriesLine(ls[i] as string, i + 1);
          if (pendingSt !== null) {
            if (seriesKeyOf(pendingSt.labels) !== seriesKeyOf(series.labels)) {
              throw new ScriptSyntaxError(i, '@st metric does not match the following sample line metric');
            }
            series.st = pendingSt.st;
            pendingSt = null;
          }
          cmd.series.push(series);
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
