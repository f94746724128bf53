// deriv and predict_linear: least-squares regression with Kahan sums, as Prometheus's linearRegression.
import type { RangeFnContext, RangePoints } from '../types';
import { kahanSumInc } from './kahan';

/**
 * linearRegression returns the slope (per second) and the value at `interceptTimeMs` of the least-squares line
 * through the points. A constant series gives slope 0 (NaN for both when the constant is ±Inf).
 */
export function linearRegression(
  points: RangePoints,
  interceptTimeMs: number,
): { slope: number; intercept: number } {
  const { t, v, length: n } = points;
  let sumX = 0;
  let cX = 0;
  let sumY = 0;
  let cY = 0;
  let sumXY = 0;
  let cXY = 0;
  let sumX2 = 0;
  let cX2 = 0;
  const initY = v[0] as number;
  let constY = true;
  for (let i = 0; i < n; i++) {
    const y = v[i] as number;
    // NaN !== NaN, so a NaN sample makes the series non-constant, as in Go.
    if (constY && i > 0 && y !== initY) constY = false;
    const x = ((t[i] as number) - interceptTimeMs) / 1e3;
    [sumX, cX] = kahanSumInc(x, sumX, cX);
    [sumY, cY] = kahanSumInc(y, sumY, cY);
    [sumXY, cXY] = kahanSumInc(x * y, sumXY, cXY);
    [sumX2, cX2] = kahanSumInc(x * x, sumX2, cX2);
  }
  if (constY) {
    if (initY === Infinity || initY === -Infinity) return { slope: NaN, intercept: NaN };
    return { slope: 0, intercept: initY };
  }
  sumX += cX;
  sumY += cY;
  sumXY += cXY;
  sumX2 += cX2;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  const slope = covXY / varX;
  const intercept = sumY / n - (slope * sumX) / n;
  return { slope, intercept };
}

/** deriv is the per-second slope of the regression line; needs two samples. */
export function deriv(points: RangePoints): number | undefined {
  if (points.length < 2) return undefined;
  // The first sample's time as origin keeps x small (Prometheus issue 2674).
  return linearRegression(points, points.t[0] as number).slope;
}

/** predict_linear is the regression line's value `args[0]` seconds after the evaluation time. */
export function predictLinear(points: RangePoints, ctx: RangeFnContext, args: number[]): number | undefined {
  const duration = args[0];
  if (points.length < 2 || duration === undefined) return undefined;
  const { slope, intercept } = linearRegression(points, ctx.evalTimeMs);
  return slope * duration + intercept;
}
