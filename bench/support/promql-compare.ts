// Compares an instant query's answer from Vigil's engine with Prometheus's HTTP answer: the same label sets,
// values equal within a relative 1e-9 (NaN equals NaN), order ignored (topk's order is not part of the answer).
import { seriesKey, type Labels, type Value } from '@vigil/promql';
import type { PromData } from './promql-prometheus';

const REL_TOLERANCE = 1e-9;

type Answer = Map<string, { labels: Labels; value: number }>;

function parseProm(s: string): number {
  if (s === '+Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  return Number(s);
}

function fromVigil(v: Value): Answer | string {
  if (v.type === 'scalar') return new Map([['', { labels: {}, value: v.value }]]);
  if (v.type !== 'vector') return `unexpected ${v.type} result from Vigil`;
  return new Map(v.value.map((s) => [seriesKey(s.labels), { labels: s.labels, value: s.value }]));
}

function fromProm(d: PromData): Answer | string {
  if (d.resultType === 'scalar') return new Map([['', { labels: {}, value: parseProm(d.result[1]) }]]);
  if (d.resultType !== 'vector') return `unexpected ${d.resultType} result from Prometheus`;
  return new Map(
    d.result.map((s) => [seriesKey(s.metric), { labels: s.metric, value: parseProm(s.value[1]) }]),
  );
}

function close(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  return Math.abs(a - b) <= REL_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

function show(labels: Labels): string {
  return `{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ')}}`;
}

// Series only one side returned may still be a valid answer for topk/bottomk: which of several equal values
// make the cut is unspecified. They tie when the two sides' leftover values pair up.
function leftoversTie(onlyA: number[], onlyB: number[]): boolean {
  if (onlyA.length !== onlyB.length) return false;
  const x = [...onlyA].sort((p, q) => p - q);
  const y = [...onlyB].sort((p, q) => p - q);
  return x.every((v, i) => close(v, y[i] ?? NaN));
}

/**
 * compareAnswers returns the differences between the two answers (empty when they agree), at most `limit`;
 * with `ties`, series only one side returned count as equal when their values pair up (topk, bottomk).
 */
export function compareAnswers(
  vigil: Value,
  prom: PromData,
  ties = false,
  limit = 5,
): { mismatches: string[]; size: number } {
  const a = fromVigil(vigil);
  const b = fromProm(prom);
  if (typeof a === 'string' || typeof b === 'string')
    return { mismatches: [typeof a === 'string' ? a : String(b)], size: 0 };
  const out: string[] = [];
  const onlyA: number[] = [];
  const onlyB: number[] = [];
  const only: string[] = [];
  for (const [key, x] of a) {
    const y = b.get(key);
    if (y === undefined) {
      only.push(`only in Vigil: ${show(x.labels)} ${x.value}`);
      onlyA.push(x.value);
    } else if (!close(x.value, y.value))
      out.push(`${show(x.labels)}: Vigil ${x.value}, Prometheus ${y.value}`);
  }
  for (const [key, y] of b) {
    if (a.has(key)) continue;
    only.push(`only in Prometheus: ${show(y.labels)} ${y.value}`);
    onlyB.push(y.value);
  }
  if (!(ties && leftoversTie(onlyA, onlyB))) out.push(...only);
  const more = out.length > limit ? [`... and ${out.length - limit} more`] : [];
  return { mismatches: [...out.slice(0, limit), ...more], size: Math.max(a.size, b.size) };
}
