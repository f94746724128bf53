// double_exponential_smoothing (called holt_winters before Prometheus 3.0, where that name was removed; the new
// name is experimental and needs --enable-feature=promql-experimental-functions).
import type { RangeFnContext, RangePoints } from '../types';

/** SmoothingFactorError is the query error for a smoothing or trend factor outside (0, 1). */
export class SmoothingFactorError extends Error {}

// Go's %f: six decimals, with Go's spelling of the non-finite values.
function goFormatF(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  return x.toFixed(6);
}

function trendValue(i: number, tf: number, s0: number, s1: number, b: number): number {
  if (i === 0) return b;
  return tf * (s1 - s0) + (1 - tf) * b;
}

/**
 * double_exponential_smoothing(m, sf, tf): Holt's linear smoothing of the samples; undefined with fewer than two
 * samples. Throws SmoothingFactorError when sf or tf is not strictly between 0 and 1 (NaN passes, as in Go).
 */
export function doubleExponentialSmoothing(
  points: RangePoints,
  _ctx: RangeFnContext,
  args: number[],
): number | undefined {
  const [sf, tf] = args;
  if (sf === undefined || tf === undefined) return undefined;
  if (sf <= 0 || sf >= 1) {
    throw new SmoothingFactorError(`invalid smoothing factor. Expected: 0 < sf < 1, got: ${goFormatF(sf)}`);
  }
  if (tf <= 0 || tf >= 1) {
    throw new SmoothingFactorError(`invalid trend factor. Expected: 0 < tf < 1, got: ${goFormatF(tf)}`);
  }
  const n = points.length;
  if (n < 2) return undefined;
  const v = points.v;
  let s0 = 0;
  let s1 = v[0] as number;
  let b = (v[1] as number) - (v[0] as number);
  for (let i = 1; i < n; i++) {
    const x = sf * (v[i] as number);
    b = trendValue(i - 1, tf, s0, s1, b);
    const y = (1 - sf) * (s1 + b);
    s0 = s1;
    s1 = x + y;
  }
  return s1;
}
