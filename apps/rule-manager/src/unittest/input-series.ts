// Turns `input_series` and `exp_samples` label strings into samples and label sets, as promtool's
// `load` block and parser.ParseMetric do.
import { STALE_NAN, isStaleNaN, type Labels } from '@vigil/model';
import { parseExpr, type Expr, type FloatHistogram } from '@vigil/promql';
import { expandValue, splitValues, type SeriesItem } from './histogram-text';
import type { InputSeries } from './test-file';

/** LoadSample is one input sample, in time order within its series. */
export interface LoadSample {
  labels: Labels;
  t: number;
  /** The float value; 0 for a native histogram sample. */
  v: number;
  stale: boolean;
  /** Set for a native histogram sample (`{{...}}` notation). */
  h?: FloatHistogram;
}

/**
 * parseMetric reads a label set written in PromQL notation (`name{a="b"}`, `{a="b"}`, `name`); the empty
 * string is the empty label set. Only equality matchers and no modifiers are allowed.
 */
export function parseMetric(text: string): Labels {
  // ParseMetric accepts an empty set, which a PromQL selector may not be.
  if (/^\s*(\{\s*\})?\s*$/.test(text)) return {};
  const expr: Expr = parseExpr(text);
  if (
    expr.kind !== 'VectorSelector' ||
    expr.offset !== 0 ||
    expr.timestamp !== null ||
    expr.startOrEnd !== null
  ) {
    throw new Error(`${JSON.stringify(text)} is not a series description`);
  }
  const labels: Record<string, string> = {};
  for (const m of expr.matchers) {
    if (m.type !== '=') throw new Error(matcherOpError(text, m.type));
    labels[m.name] = m.value;
  }
  return labels;
}

/**
 * parseInputSeries expands every input series into samples at start, start+interval, ... (`_` skips a
 * slot, `stale` writes a staleness marker, `{{...}}` is a native histogram), returned sorted by time. It
 * throws with Prometheus's parse error for a malformed series.
 */
export function parseInputSeries(
  series: readonly InputSeries[],
  startMs: number,
  intervalMs: number,
): LoadSample[] {
  const out: LoadSample[] = [];
  for (const s of series) {
    let labels: Labels;
    try {
      labels = parseMetric(s.series);
    } catch (err) {
      // Prometheus parses series and values as one line, so its error positions count from the series
      // start and name what follows an unclosed brace; parsing the same line gives the same message.
      throw new Error(combinedError(`${s.series} ${s.values}`) ?? (err as Error).message);
    }
    const values: SeriesItem[] = [];
    let tokens: string[];
    try {
      tokens = splitValues(s.values);
    } catch (err) {
      throw new Error(`${s.series}: invalid values ${JSON.stringify(s.values)}: ${(err as Error).message}`);
    }
    for (const token of tokens) {
      try {
        values.push(...expandValue(token));
      } catch (err) {
        throw new Error(`${s.series}: invalid value ${JSON.stringify(token)}: ${(err as Error).message}`);
      }
    }
    values.forEach((v, i) => {
      if (v === null) return;
      const t = startMs + i * intervalMs;
      if (v === 'stale') out.push({ labels, t, v: STALE_NAN, stale: true });
      else if (typeof v === 'number') out.push({ labels, t, v, stale: isStaleNaN(v) });
      else out.push({ labels, t, v: 0, stale: false, h: v.h });
    });
  }
  // Stable: samples of one series keep their order.
  return out.sort((a, b) => a.t - b.t);
}

/** matcherOpError is Prometheus's ParseMetric error for a matcher other than `=`, at the operator's column. */
function matcherOpError(text: string, op: string): string {
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote !== '') {
      if (c === '\\' && quote !== '`') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'" || c === '`') {
      quote = c;
    } else if (text.startsWith(op, i)) {
      const column = Buffer.byteLength(text.slice(0, i)) + 1;
      return `1:${column}: parse error: unexpected <op:${op}> in label set, expected "="`;
    }
  }
  return `parse error: unexpected <op:${op}> in label set, expected "="`;
}

function combinedError(line: string): string | undefined {
  try {
    parseExpr(line);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}
