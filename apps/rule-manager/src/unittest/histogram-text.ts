// Native histograms in unit-test files: the `{{schema:0 sum:5 count:4 buckets:[1 2 1]}}` notation of
// input_series values and exp_samples `histogram`, and the text promtool compares them by
// (FloatHistogram.TestExpression).
import { FloatHistogram, expandSequence, parseHistogramLiteral, type SeriesValue } from '@vigil/promql';
import { formatFloat } from '@vigil/templating';

/** HistogramValue is one histogram of an expanded series. */
export interface HistogramValue {
  h: FloatHistogram;
}

/** SeriesItem is one expanded value: a float, a histogram, `stale`, or null for a skipped slot (`_`). */
export type SeriesItem = number | 'stale' | null | HistogramValue;

/**
 * splitValues splits a values string at white space outside `{{...}}`, so a histogram literal with spaces
 * stays one token (`{{sum:1 count:2}}x3` too).
 */
export function splitValues(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inside = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (!inside && c === '{' && text[i + 1] === '{') {
      inside = true;
      cur += '{{';
      i++;
    } else if (inside && c === '}' && text[i + 1] === '}') {
      inside = false;
      cur += '}}';
      i++;
    } else if (!inside && /\s/.test(c)) {
      if (cur !== '') out.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  if (inside) throw new Error('unterminated histogram description (missing "}}")');
  if (cur !== '') out.push(cur);
  return out;
}

/** expandValue expands one token: floats as the PromQL test notation does, histograms below. */
export function expandValue(token: string): SeriesItem[] {
  if (token.startsWith('{{')) return expandHistogram(token);
  return expandSequence(token).map((v: SeriesValue): SeriesItem => {
    if (v === null || v === 'stale' || typeof v === 'number') return v;
    return { h: v.h };
  });
}

/**
 * expandHistogram expands `{{..}}`, `{{..}}xN` (N+1 copies) and `{{a}}+{{b}}xN` / `{{a}}-{{b}}xN` (a, then b
 * added or subtracted N times, one step at a time as Prometheus's series parser does).
 */
export function expandHistogram(token: string): HistogramValue[] {
  const m = /^(\{\{.*?\}\})(?:([+-])(\{\{.*?\}\}))?(?:x(\d+))?$/s.exec(token);
  if (m === null) throw new Error(`bad histogram series item ${JSON.stringify(token)}`);
  const base = parseHistogramLiteral(m[1] as string).h;
  const times = m[4] === undefined ? 0 : Number(m[4]);
  if (m[3] === undefined) return Array.from({ length: times + 1 }, () => ({ h: base }));
  if (m[4] === undefined) throw new Error('a histogram increment needs a repetition count (xN)');
  const inc = parseHistogramLiteral(m[3]).h;
  const out: HistogramValue[] = [{ h: base }];
  let cur = base;
  for (let i = 0; i < times; i++) {
    if (cur.schema > inc.schema) {
      throw new Error(`error combining histograms: cannot merge from schema ${inc.schema} to ${cur.schema}`);
    }
    cur = cur.copy();
    if (m[2] === '+') cur.add(inc);
    else cur.sub(inc);
    out.push({ h: cur });
  }
  return out;
}

/**
 * parseExpectedHistogram reads an exp_samples `histogram` as promtool does: the text must expand to exactly
 * one value, and that value must be a histogram.
 */
export function parseExpectedHistogram(text: string): FloatHistogram {
  const values = splitValues(text).flatMap(expandValue);
  if (values.length !== 1) throw new Error(`expected 1 value, got ${values.length}`);
  const v = values[0] as SeriesItem;
  if (typeof v === 'object' && v !== null) return v.h;
  // As the parser's SequenceValue.String prints it: `_` or the float with %f.
  const shown = v === null ? '_' : formatFloat(v === 'stale' ? Number.NaN : v, 'f', 6);
  throw new Error(`expected histogram, got ${shown}`);
}

/**
 * histogramTestExpression prints a histogram as Prometheus's FloatHistogram.TestExpression: compacted to one
 * span per side, zero-valued fields left out, floats as Go's %g. promtool compares histograms by this text.
 */
export function histogramTestExpression(h: FloatHistogram): string {
  const parts: string[] = [];
  if (h.schema !== 0) parts.push(`schema:${h.schema}`);
  if (h.count !== 0) parts.push(`count:${goFloat(h.count)}`);
  if (h.sum !== 0) parts.push(`sum:${goFloat(h.sum)}`);
  if (h.zeroCount !== 0) parts.push(`z_bucket:${goFloat(h.zeroCount)}`);
  if (h.zeroThreshold !== 0) parts.push(`z_bucket_w:${goFloat(h.zeroThreshold)}`);
  if (h.usesCustomBuckets()) parts.push(`custom_values:[${(h.customValues ?? []).map(goFloat).join(' ')}]`);
  if (h.counterResetHint !== 'unknown') parts.push(`counter_reset_hint:${h.counterResetHint}`);
  for (const [spans, buckets, prefix] of [
    [h.positiveSpans, h.positiveBuckets, ''],
    [h.negativeSpans, h.negativeBuckets, 'n_'],
  ] as const) {
    const side = compactSide(spans, buckets);
    if (side === undefined) continue;
    if (side.offset !== 0) parts.push(`${prefix}offset:${side.offset}`);
    parts.push(`${prefix}buckets:[${side.buckets.map(goFloat).join(' ')}]`);
  }
  return `{{${parts.join(' ')}}}`;
}

/**
 * compactSide is one side's buckets after Compact(MaxInt): one dense run from the first to the last non-empty
 * bucket (gaps filled with zeros), or undefined when every bucket is empty.
 */
function compactSide(
  spans: readonly { offset: number; length: number }[],
  buckets: readonly number[],
): { offset: number; buckets: number[] } | undefined {
  const byIndex = new Map<number, number>();
  let idx = 0;
  let bi = 0;
  for (const s of spans) {
    idx += s.offset;
    for (let j = 0; j < s.length; j++, idx++, bi++) {
      const c = buckets[bi] ?? 0;
      if (c !== 0) byIndex.set(idx, (byIndex.get(idx) ?? 0) + c);
    }
  }
  if (byIndex.size === 0) return undefined;
  const first = Math.min(...byIndex.keys());
  const last = Math.max(...byIndex.keys());
  const dense: number[] = [];
  for (let i = first; i <= last; i++) dense.push(byIndex.get(i) ?? 0);
  return { offset: first, buckets: dense };
}

/** goFloat is Go's %g (strconv 'g' with the shortest exact digits). */
function goFloat(v: number): string {
  return formatFloat(v, 'g', -1);
}
