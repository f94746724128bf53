// Duration expressions (`foo[step() * 2]`, `offset min_of(5m, range())`), evaluated once per query as Prometheus does.
import type { Expr } from '../ast';
import { goPow } from './binary';
import { EvalError } from './values';

/** DurationContext is what step() and range() resolve to for the query. */
export interface DurationContext {
  stepMs: number;
  startMs: number;
  endMs: number;
}

function seconds(e: Expr, c: DurationContext): number {
  switch (e.kind) {
    case 'NumberLiteral':
      return e.value;
    case 'ParenExpr':
      return seconds(e.expr, c);
    case 'UnaryExpr':
      return e.op === '-' ? -seconds(e.expr, c) : seconds(e.expr, c);
    case 'DurationExpr': {
      const l = e.lhs === null ? 0 : seconds(e.lhs, c);
      const r = e.rhs === null ? 0 : seconds(e.rhs, c);
      switch (e.op) {
        case 'step':
          return c.startMs === c.endMs ? 0 : c.stepMs / 1000;
        case 'range':
          return (c.endMs - c.startMs) / 1000;
        case 'min_of':
          return Math.min(l, r);
        case 'max_of':
          return Math.max(l, r);
        case '+':
          return e.lhs === null ? r : l + r;
        case '-':
          return e.lhs === null ? -r : l - r;
        case '*':
          return l * r;
        case '/':
          if (r === 0) throw new EvalError(`${e.start}:${e.end}: division by zero`);
          return l / r;
        case '%':
          if (r === 0) throw new EvalError(`${e.start}:${e.end}: modulo by zero`);
          return l % r;
        case '^':
          return goPow(l, r);
      }
      break;
    }
    default:
      break;
  }
  throw new EvalError(`unexpected duration expression ${e.kind}`);
}

/** durationMs evaluates a duration expression to milliseconds with Prometheus's checks. */
export function durationMs(e: Expr, c: DurationContext, allowNegative: boolean): number {
  const d = seconds(e, c);
  if (!Number.isFinite(d)) throw new EvalError(`${e.start}:${e.end}: duration is NaN or infinite`);
  if (d <= 0 && !allowNegative) throw new EvalError(`${e.start}:${e.end}: duration must be greater than 0`);
  if (Math.abs(d) > 9223372036.854775) throw new EvalError(`${e.start}:${e.end}: duration is out of range`);
  return Math.trunc(d * 1000);
}
