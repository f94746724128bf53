// Works out, before evaluation, which time range each selector reads so series are selected once per query.
import type { Expr, MatrixSelector, SubqueryExpr, TimeModifiers, VectorSelector } from '../ast';
import { childrenOf } from '../walk';
import { durationMs } from './durations';

/** QueryWindow is the query's first and last evaluation time, step and lookback, in ms. */
export interface QueryWindow {
  startMs: number;
  endMs: number;
  stepMs: number;
  lookbackMs: number;
}

/** atTime resolves `@` for a node evaluated at `t` (start()/end() are the query's start and end). */
export function atTime(node: TimeModifiers, t: number, w: { startMs: number; endMs: number }): number {
  if (node.timestamp !== null) return node.timestamp;
  if (node.startOrEnd === 'start') return w.startMs;
  if (node.startOrEnd === 'end') return w.endMs;
  return t;
}

/** offsetOf is a node's offset in ms, evaluating a duration-expression offset. */
export function offsetOf(node: TimeModifiers, w: QueryWindow): number {
  return node.offsetExpr === null ? node.offset : durationMs(node.offsetExpr, w, true);
}

/** rangeOf is a range selector's or subquery's range in ms. */
export function rangeOf(node: MatrixSelector | SubqueryExpr, w: QueryWindow): number {
  return node.rangeExpr === null ? node.range : durationMs(node.rangeExpr, w, false);
}

/** stepOf is a subquery's step in ms (0: the default). */
export function stepOf(node: SubqueryExpr, w: QueryWindow): number {
  return node.stepExpr === null ? node.step : durationMs(node.stepExpr, w, false);
}

/** selectorRanges maps each vector selector to the [minT, maxT] it may read during the query. */
export function selectorRanges(root: Expr, w: QueryWindow): Map<VectorSelector, [number, number]> {
  const out = new Map<VectorSelector, [number, number]>();
  const visit = (e: Expr, from: number, to: number, range: number): void => {
    switch (e.kind) {
      case 'VectorSelector': {
        const a = atTime(e, from, w) - offsetOf(e, w);
        // Anchored and smoothed selectors also read a lookback delta before (smoothed: and after) their range.
        const ext = e.anchored || e.smoothed ? w.lookbackMs : 0;
        const b = atTime(e, to, w) - offsetOf(e, w) + (e.smoothed ? w.lookbackMs : 0);
        const min = a - (range > 0 ? range + ext : w.lookbackMs);
        const prev = out.get(e);
        out.set(e, prev === undefined ? [min, b] : [Math.min(prev[0], min), Math.max(prev[1], b)]);
        return;
      }
      case 'MatrixSelector':
        visit(e.vectorSelector, from, to, rangeOf(e, w));
        return;
      case 'SubqueryExpr': {
        const off = offsetOf(e, w);
        visit(e.expr, atTime(e, from, w) - off - rangeOf(e, w), atTime(e, to, w) - off, 0);
        return;
      }
      default:
        for (const c of childrenOf(e)) visit(c, from, to, 0);
    }
  };
  visit(root, w.startMs, w.endMs, 0);
  return out;
}
