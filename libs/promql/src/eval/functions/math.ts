// Element-wise float functions of instant vectors (abs, ln, clamp, round, trig, ...), as Prometheus's functions.go.
import type { InstantFunction } from '../types';
import { goAcos, goAsin, goAtan, goCos, goCosh, goSin, goSinh, goTan, goTanh } from './go-math';

const scratch = new DataView(new ArrayBuffer(8));

/** frexp splits x into a fraction in [0.5, 1) and a power of two, as Go's math.Frexp (±0, ±Inf, NaN: x, 0). */
export function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  let exp = 0;
  let y = x;
  if (Math.abs(y) < 2.2250738585072014e-308) {
    // Subnormal: scale into the normal range first.
    y *= 2 ** 52;
    exp = -52;
  }
  scratch.setFloat64(0, y);
  const hi = scratch.getUint32(0);
  exp += ((hi >>> 20) & 0x7ff) - 1022;
  scratch.setUint32(0, (hi & ~(0x7ff << 20)) | (1022 << 20));
  return [scratch.getFloat64(0), exp];
}

const LOG2E = 1.4426950408889634; // 1/Ln2 rounded once, as Go's constant expression.
const LOG10E = 0.4342944819032518; // 1/Ln10 rounded once.

/** goLog2 is Go's math.Log2: exact for powers of two, else Log(frac)/Ln2 + exp. */
export function goLog2(x: number): number {
  const [frac, exp] = frexp(x);
  if (frac === 0.5) return exp - 1;
  return Math.log(frac) * LOG2E + exp;
}

/** goLog10 is Go's math.Log10, Log(x) × (1/Ln10) (so log10(1e15) is 14.999999999999998, as in Prometheus). */
export function goLog10(x: number): number {
  return Math.log(x) * LOG10E;
}

const unary =
  (f: (v: number) => number): InstantFunction =>
  (v) =>
    f(v);

/** round(v, to_nearest=1): rounds to a multiple of to_nearest, ties up (via the inverse, as Prometheus). */
export const round: InstantFunction = (v, args) => {
  const toNearestInverse = 1 / (args[0] ?? 1);
  return Math.floor(v * toNearestInverse + 0.5) / toNearestInverse;
};

/** clamp(v, min, max); the evaluator must output nothing when max < min (see clampOutputsNothing). */
export const clamp: InstantFunction = (v, args) =>
  Math.max(args[0] ?? -Infinity, Math.min(args[1] ?? Infinity, v));

/** clamp_min(v, min). */
export const clampMin: InstantFunction = (v, args) => Math.max(args[0] ?? -Infinity, Math.min(Infinity, v));

/** clamp_max(v, max). */
export const clampMax: InstantFunction = (v, args) => Math.max(-Infinity, Math.min(args[0] ?? Infinity, v));

/** clampOutputsNothing is true when clamp's max is below its min: Prometheus then returns an empty vector. */
export function clampOutputsNothing(args: readonly number[]): boolean {
  return (args[1] as number) < (args[0] as number);
}

/** sgn: -1, 1, or the value itself for ±0 and NaN. */
export const sgn: InstantFunction = (v) => (v < 0 ? -1 : v > 0 ? 1 : v);

/** MATH_FUNCTIONS are the element-wise float functions by PromQL name. */
export const MATH_FUNCTIONS: ReadonlyMap<string, InstantFunction> = new Map<string, InstantFunction>([
  ['abs', unary(Math.abs)],
  ['ceil', unary(Math.ceil)],
  ['floor', unary(Math.floor)],
  ['exp', unary(Math.exp)],
  ['sqrt', unary(Math.sqrt)],
  ['ln', unary(Math.log)],
  ['log2', unary(goLog2)],
  ['log10', unary(goLog10)],
  ['sin', unary(goSin)],
  ['cos', unary(goCos)],
  ['tan', unary(goTan)],
  ['asin', unary(goAsin)],
  ['acos', unary(goAcos)],
  ['atan', unary(goAtan)],
  ['sinh', unary(goSinh)],
  ['cosh', unary(goCosh)],
  ['tanh', unary(goTanh)],
  ['asinh', unary(Math.asinh)],
  ['acosh', unary(Math.acosh)],
  ['atanh', unary(Math.atanh)],
  ['rad', unary((v) => (v * Math.PI) / 180)],
  ['deg', unary((v) => (v * 180) / Math.PI)],
  ['sgn', sgn],
  ['round', round],
  ['clamp', clamp],
  ['clamp_min', clampMin],
  ['clamp_max', clampMax],
]);
