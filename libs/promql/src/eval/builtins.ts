// A small built-in function set so the evaluator works before (and alongside) the full library in ./functions.
import type { FunctionLibrary, InstantFunction, RangeFunction } from './types';

function over(fn: (v: Float64Array, n: number) => number): RangeFunction {
  return (p) => (p.length === 0 ? undefined : fn(p.v, p.length));
}

const instant: Record<string, InstantFunction> = {
  abs: (v) => Math.abs(v),
  ceil: (v) => Math.ceil(v),
  floor: (v) => Math.floor(v),
  exp: (v) => Math.exp(v),
  sqrt: (v) => Math.sqrt(v),
  ln: (v) => Math.log(v),
  log2: (v) => Math.log2(v),
  log10: (v) => Math.log10(v),
  sgn: (v) => (v > 0 ? 1 : v < 0 ? -1 : v),
  clamp_min: (v, a) => Math.max(v, a[0] ?? NaN),
  clamp_max: (v, a) => Math.min(v, a[0] ?? NaN),
};

const range: Record<string, RangeFunction> = {
  count_over_time: (p) => (p.length === 0 ? undefined : p.length),
  present_over_time: (p) => (p.length === 0 ? undefined : 1),
  sum_over_time: over((v, n) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += v[i] as number;
    return s;
  }),
  last_over_time: over((v, n) => v[n - 1] as number),
  first_over_time: over((v) => v[0] as number),
};

/** BUILTIN_FUNCTIONS is the fallback set used for names the configured library lacks. */
export const BUILTIN_FUNCTIONS: FunctionLibrary = { instant, range, vector: {} };
