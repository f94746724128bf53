// Prometheus's JSON encoding of query results: sample values, scalars, native histograms, vectors and matrices.
import { formatFloatF, type Labels, type MatrixSeries, type Sample, type Value } from '@vigil/promql';

const MAX_ANNOTATIONS = 10;

/**
 * formatValue prints a sample value as Prometheus's jsonutil.MarshalFloat: strconv 'f' format with the shortest
 * digits, switching to 'e' (two-digit exponent) below 1e-6 and from 1e21 — the same cut-offs as JavaScript's.
 */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const s = String(v);
  const e = s.indexOf('e');
  if (e < 0) return s;
  return `${s.slice(0, e + 2)}${s.slice(e + 2).padStart(2, '0')}`;
}

/** formatScalar prints a scalar result as Prometheus's Scalar.MarshalJSON: strconv 'f' format, never an exponent. */
export const formatScalar = formatFloatF;

/** sortedLabels copies a label set with its names in order, as Go's JSON encoding of labels.Labels writes them. */
export function sortedLabels(l: Labels): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(l).sort()) out[k] = l[k] ?? '';
  return out;
}

type Point = [number, string];
const point = (t: number, v: number): Point => [t / 1000, formatValue(v)];

/** Histogram is the engine's native histogram as far as the JSON encoding reads it. */
type Histogram = NonNullable<Sample['h']>;

/** histogramJson is Prometheus's jsonutil.MarshalHistogram: count, sum and the non-empty buckets. */
function histogramJson(h: Histogram): Record<string, unknown> {
  const out: Record<string, unknown> = { count: formatValue(h.count), sum: formatValue(h.sum) };
  const buckets: [number, string, string, string][] = [];
  for (const b of h.allBuckets()) {
    if (b.count === 0) continue;
    const boundaries = b.lowerInclusive ? (b.upperInclusive ? 3 : 1) : b.upperInclusive ? 0 : 2;
    buckets.push([boundaries, formatValue(b.lower), formatValue(b.upper), formatValue(b.count)]);
  }
  if (buckets.length > 0) out['buckets'] = buckets;
  return out;
}

/** seriesJson is one series of a matrix: float points as `values`, histogram points as `histograms`. */
export function seriesJson(s: MatrixSeries): Record<string, unknown> {
  const values: Point[] = [];
  const histograms: [number, Record<string, unknown>][] = [];
  for (let i = 0; i < s.length; i++) {
    const t = s.t[i] as number;
    const h = s.h?.[i];
    if (h !== undefined) histograms.push([t / 1000, histogramJson(h)]);
    else values.push(point(t, s.v[i] as number));
  }
  const out: Record<string, unknown> = { metric: sortedLabels(s.labels) };
  if (values.length > 0) out['values'] = values;
  if (histograms.length > 0) out['histograms'] = histograms;
  return out;
}

/** sampleJson is one element of an instant vector: `value`, or `histogram` for a native histogram. */
function sampleJson(s: Sample, t: number): Record<string, unknown> {
  const metric = sortedLabels(s.labels);
  return s.h !== undefined
    ? { metric, histogram: [t / 1000, histogramJson(s.h)] }
    : { metric, value: point(t, s.value) };
}

/** resultJson is Prometheus's QueryData for a value at `t`: `{resultType, result}`. */
export function resultJson(value: Value, t: number): { resultType: string; result: unknown } {
  switch (value.type) {
    case 'scalar':
      return { resultType: 'scalar', result: [t / 1000, formatScalar(value.value)] };
    case 'string':
      return { resultType: 'string', result: [t / 1000, value.value] };
    case 'vector':
      return {
        resultType: 'vector',
        result: value.value.map((s) => sampleJson(s, t)),
      };
    case 'matrix':
      return { resultType: 'matrix', result: value.value.map(seriesJson) };
  }
}

/** capAnnotations keeps the first ten, then says how many were left out (annotations.AsStrings). */
export function capAnnotations(list: readonly string[], kind: 'warning' | 'info'): string[] {
  if (list.length <= MAX_ANNOTATIONS) return [...list];
  return [
    ...list.slice(0, MAX_ANNOTATIONS),
    `${list.length - MAX_ANNOTATIONS} more ${kind} annotations omitted`,
  ];
}
