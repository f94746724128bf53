// histogram_quantile and histogram_fraction over classic histograms: group `le` series, then bucketQuantile.
import type { LabelSet, VectorSample } from '../types';
import { type Bucket, bucketFraction, bucketQuantile } from './buckets';

const GO_DECIMAL = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
// Go accepts a sign on Inf but not on NaN.
const GO_SPECIAL = /^(?:[+-]?(?:inf|infinity)|nan)$/i;
const GO_HEX = /^[+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?[0-9]+$/;

/** parseBucketBound reads an `le` value as Go's strconv.ParseFloat; undefined where Go returns an error. */
export function parseBucketBound(text: string): number | undefined {
  if (GO_SPECIAL.test(text)) {
    const lower = text.toLowerCase();
    if (lower.includes('nan')) return NaN;
    return lower.startsWith('-') ? -Infinity : Infinity;
  }
  let v: number;
  if (GO_DECIMAL.test(text)) v = Number(text);
  else if (GO_HEX.test(text)) v = parseHexFloat(text);
  else return undefined;
  // Go reports overflow to ±Inf as ErrRange.
  return Number.isFinite(v) ? v : undefined;
}

function parseHexFloat(text: string): number {
  const m = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?[0-9]+)$/.exec(text);
  if (m === null) return NaN;
  const [, sign, intPart = '', fracPart = '', exp = '0'] = m;
  const mantissa = BigInt(`0x${intPart}${fracPart}` === '0x' ? '0x0' : `0x${intPart}${fracPart}`);
  const v = Number(mantissa) * 2 ** (Number(exp) - 4 * fracPart.length);
  return sign === '-' ? -v : v;
}

interface Group {
  labels: LabelSet;
  buckets: Bucket[];
}

function signatureWithout(labels: LabelSet, drop: string): string {
  return Object.keys(labels)
    .filter((k) => k !== drop)
    .sort()
    .map((k) => `${k}\xff${labels[k] ?? ''}`)
    .join('\xff');
}

/** BucketGrouping is the input vector grouped into classic histograms, plus the `le` values Go could not parse. */
export interface BucketGrouping {
  groups: Array<{ labels: LabelSet; buckets: Bucket[] }>;
  badBucketLabels: string[];
}

/**
 * groupBuckets groups samples by their labels without `le` (the output keeps those labels minus `__name__`);
 * samples whose `le` is missing or not a float are left out, as Prometheus does (with a warning).
 */
export function groupBuckets(vector: readonly VectorSample[]): BucketGrouping {
  const bySig = new Map<string, Group>();
  const badBucketLabels: string[] = [];
  for (const s of vector) {
    const le = s.labels.le ?? '';
    const upperBound = parseBucketBound(le);
    if (upperBound === undefined) {
      badBucketLabels.push(le);
      continue;
    }
    const sig = signatureWithout(s.labels, 'le');
    let g = bySig.get(sig);
    if (g === undefined) {
      const labels: Record<string, string> = { ...s.labels };
      delete labels.le;
      delete labels.__name__;
      g = { labels, buckets: [] };
      bySig.set(sig, g);
    }
    g.buckets.push({ upperBound, count: s.value });
  }
  return { groups: [...bySig.values()], badBucketLabels };
}

/** histogramQuantile is histogram_quantile(q, v) over classic buckets: one sample per histogram. */
export function histogramQuantile(q: number, vector: readonly VectorSample[]): VectorSample[] {
  return groupBuckets(vector).groups.map((g) => ({
    labels: g.labels,
    value: bucketQuantile(q, g.buckets).value,
  }));
}

/** histogramFraction is histogram_fraction(lower, upper, v) over classic buckets: one sample per histogram. */
export function histogramFraction(
  lower: number,
  upper: number,
  vector: readonly VectorSample[],
): VectorSample[] {
  return groupBuckets(vector).groups.map((g) => ({
    labels: g.labels,
    value: bucketFraction(lower, upper, g.buckets),
  }));
}
