// Binary operators where one or both operands are native histograms (Prometheus's vectorElemBinop).
import type { BinaryOp } from '../ast';
import { HistogramError, type FloatHistogram } from './histogram/float-histogram';
import { trimBuckets } from './histogram/trim';
import { collisionWarning, reconciledInfo } from './native-range';

/** HistBinopResult is the outcome of one element operation involving a histogram. */
export interface HistBinopResult {
  value: number;
  h?: FloatHistogram;
  keep: boolean;
  /** An info annotation that goes with a kept result. */
  info?: string;
  /** An annotation that drops the result (level and message). */
  err?: { level: 'warn' | 'info'; message: string };
}

function incompatible(l: string, op: BinaryOp, r: string): HistBinopResult {
  return {
    value: 0,
    keep: false,
    err: {
      level: 'info',
      message: `PromQL info: incompatible sample types encountered for binary operator ${JSON.stringify(op)}: ${l} ${op} ${r}`,
    },
  };
}

/** histogramBinop applies op where at least one of lh/rh is set. */
export function histogramBinop(
  op: BinaryOp,
  lf: number,
  rf: number,
  lh: FloatHistogram | undefined,
  rh: FloatHistogram | undefined,
): HistBinopResult {
  if (lh === undefined && rh !== undefined) {
    if (op === '*') return { value: 0, h: rh.copy().mul(lf).compact(), keep: true };
    return incompatible('float', op, 'histogram');
  }
  if (lh !== undefined && rh === undefined) {
    if (op === '*') return { value: 0, h: lh.copy().mul(rf).compact(), keep: true };
    if (op === '/') return { value: 0, h: lh.copy().div(rf).compact(), keep: true };
    if (op === '</' || op === '>/')
      return { value: 0, h: trimBuckets(lh.copy(), rf, op === '</'), keep: true };
    return incompatible('histogram', op, 'float');
  }
  const l = lh as FloatHistogram;
  const r = rh as FloatHistogram;
  switch (op) {
    case '+':
    case '-': {
      const res = l.copy();
      const opName = op === '+' ? 'addition' : 'subtraction';
      try {
        const f = op === '+' ? res.add(r) : res.sub(r);
        if (op === '-') res.counterResetHint = 'gauge';
        const out: HistBinopResult = { value: 0, h: res.compact(), keep: true };
        if (f.nhcbBoundsReconciled) out.info = reconciledInfo(opName);
        if (f.counterResetCollision) out.err = { level: 'warn', message: collisionWarning(opName) };
        return out;
      } catch (err) {
        if (!(err instanceof HistogramError)) throw err;
        return {
          value: 0,
          keep: false,
          err: {
            level: 'warn',
            message: `PromQL warning: incompatible bucket layout encountered for binary operator ${op}`,
          },
        };
      }
    }
    case '==':
      return { value: 0, h: l, keep: l.equals(r) };
    case '!=':
      return { value: 0, h: l, keep: !l.equals(r) };
    default:
      return incompatible('histogram', op, 'histogram');
  }
}
