// The promqltest notation of native histograms: `{{schema:0 sum:5 count:4 buckets:[1 2 1]}}`.
import { parseNumberLiteral } from '../../numbers';
import { FloatHistogram, type CounterResetHint } from './float-histogram';

/** ParsedHistogram is a histogram literal and whether its counter reset hint was written explicitly. */
export interface ParsedHistogram {
  h: FloatHistogram;
  hintSet: boolean;
}

const HINTS: Record<string, CounterResetHint> = {
  unknown: 'unknown',
  reset: 'reset',
  not_reset: 'not_reset',
  gauge: 'gauge',
};

function num(text: string): number {
  return parseNumberLiteral(text);
}

function intOf(text: string, key: string): number {
  const n = num(text);
  if (!Number.isInteger(n)) throw new Error(`error parsing ${key} number: ${text}`);
  return n;
}

function list(text: string): number[] {
  return text
    .trim()
    .split(/\s+/)
    .filter((x) => x !== '')
    .map(num);
}

/** parseHistogramLiteral parses one `{{...}}` literal (with the braces). */
export function parseHistogramLiteral(text: string): ParsedHistogram {
  const body = text.trim().replace(/^\{\{/, '').replace(/\}\}$/, '');
  const h = new FloatHistogram();
  let hintSet = false;
  const seen = new Set<string>();
  const re = /([a-z_]+)\s*:\s*(\[[^\]]*\]|[^\s\]]+)/g;
  const rest = body.replace(re, '').trim();
  if (rest !== '') throw new Error(`unexpected ${JSON.stringify(rest)} in histogram description`);
  let offset = 0;
  let nOffset = 0;
  let buckets: number[] = [];
  let nBuckets: number[] = [];
  for (const m of body.matchAll(re)) {
    const key = m[1] as string;
    const val = m[2] as string;
    if (seen.has(key)) throw new Error(`duplicate key "${key}" in histogram`);
    seen.add(key);
    const isList = val.startsWith('[');
    const inner = isList ? val.slice(1, -1) : val;
    switch (key) {
      case 'schema':
        h.schema = intOf(inner, key);
        break;
      case 'sum':
        h.sum = num(inner);
        break;
      case 'count':
        h.count = num(inner);
        break;
      case 'z_bucket':
        h.zeroCount = num(inner);
        break;
      case 'z_bucket_w':
        h.zeroThreshold = num(inner);
        break;
      case 'custom_values':
        h.customValues = list(inner);
        break;
      case 'buckets':
        buckets = list(inner);
        break;
      case 'n_buckets':
        nBuckets = list(inner);
        break;
      case 'offset':
        offset = intOf(inner, key);
        break;
      case 'n_offset':
        nOffset = intOf(inner, key);
        break;
      case 'counter_reset_hint': {
        const hint = HINTS[inner];
        if (hint === undefined) throw new Error(`error parsing counter_reset_hint: ${inner}`);
        h.counterResetHint = hint;
        hintSet = true;
        break;
      }
      default:
        throw new Error(`unknown histogram description key ${key}`);
    }
  }
  if (buckets.length > 0) {
    h.positiveBuckets = buckets;
    h.positiveSpans = [{ offset, length: buckets.length }];
  }
  if (nBuckets.length > 0) {
    h.negativeBuckets = nBuckets;
    h.negativeSpans = [{ offset: nOffset, length: nBuckets.length }];
  }
  return { h, hintSet };
}

/**
 * expandHistogramItem expands one series item holding histograms: `{{..}}`, `{{..}}x3`, `{{..}}+{{..}}x3`,
 * `{{..}}-{{..}}x3` (the series grows by repeated addition/subtraction, as Prometheus's test parser does).
 */
export function expandHistogramItem(token: string): ParsedHistogram[] {
  const m = /^(\{\{.*?\}\})(?:([+-])(\{\{.*?\}\}))?(?:x(\d+))?$/.exec(token);
  if (m === null) throw new Error(`bad histogram series item ${JSON.stringify(token)}`);
  const base = parseHistogramLiteral(m[1] as string);
  const times = m[4] === undefined ? 0 : Number(m[4]);
  if (m[3] === undefined) {
    if (m[4] === undefined) return [base];
    return new Array<ParsedHistogram>(times + 1).fill(base);
  }
  if (m[4] === undefined) throw new Error('histogram increment needs a repetition count');
  const inc = parseHistogramLiteral(m[3]);
  const out: ParsedHistogram[] = [{ h: base.h, hintSet: inc.hintSet }];
  let cur = base.h;
  for (let i = 1; i <= times; i++) {
    if (cur.schema > inc.h.schema) {
      throw new Error(
        `error combining histograms: cannot merge from schema ${inc.h.schema} to ${cur.schema}`,
      );
    }
    cur = cur.copy();
    if (m[2] === '+') cur.add(inc.h);
    else cur.sub(inc.h);
    out.push({ h: cur, hintSet: inc.hintSet });
  }
  return out;
}
