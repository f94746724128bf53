// Structural equality of trees ignoring source positions (used to check that printing round-trips).
import type { Expr, TimeModifiers, VectorMatching } from './ast';
import type { Matcher } from './matcher';

function sameNumber(a: number | null, b: number | null): boolean {
  return a === null || b === null ? a === b : Object.is(a, b);
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

// Matcher order carries no meaning (the printer sorts them), so compare them as multisets.
function sameMatchers(a: readonly Matcher[], b: readonly Matcher[]): boolean {
  if (a.length !== b.length) return false;
  const key = (ms: readonly Matcher[]): string[] =>
    ms.map((m) => JSON.stringify([m.name, m.type, m.value])).sort();
  const ka = key(a);
  const kb = key(b);
  return ka.every((k, i) => k === kb[i]);
}

function sameMatching(a: VectorMatching | null, b: VectorMatching | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.card === b.card &&
    a.on === b.on &&
    sameStrings(a.matchingLabels, b.matchingLabels) &&
    sameStrings(a.include, b.include) &&
    sameNumber(a.fillLeft, b.fillLeft) &&
    sameNumber(a.fillRight, b.fillRight)
  );
}

function sameTime(a: TimeModifiers, b: TimeModifiers): boolean {
  return a.offset === b.offset && a.timestamp === b.timestamp && a.startOrEnd === b.startOrEnd;
}

/** exprEqual reports whether two trees are the same expression, ignoring start/end offsets. */
export function exprEqual(left: Expr, right: Expr): boolean {
  const pending: Array<[Expr | null, Expr | null]> = [[left, right]];
  while (pending.length > 0) {
    const [a, b] = pending.pop() as [Expr | null, Expr | null];
    if (a === null || b === null) {
      if (a !== b) return false;
      continue;
    }
    if (a.kind !== b.kind) return false;
    const push = (...pairs: Array<[Expr | null, Expr | null]>): void => {
      pending.push(...pairs);
    };
    switch (a.kind) {
      case 'NumberLiteral': {
        const o = b as typeof a;
        if (!Object.is(a.value, o.value) || a.duration !== o.duration) return false;
        break;
      }
      case 'StringLiteral':
        if (a.value !== (b as typeof a).value) return false;
        break;
      case 'VectorSelector': {
        const o = b as typeof a;
        const same =
          a.name === o.name &&
          sameMatchers(a.matchers, o.matchers) &&
          sameTime(a, o) &&
          a.anchored === o.anchored &&
          a.smoothed === o.smoothed &&
          a.bypassEmptyMatcherCheck === o.bypassEmptyMatcherCheck;
        if (!same) return false;
        push([a.offsetExpr, o.offsetExpr]);
        break;
      }
      case 'MatrixSelector': {
        const o = b as typeof a;
        if (a.range !== o.range) return false;
        push([a.vectorSelector, o.vectorSelector], [a.rangeExpr, o.rangeExpr]);
        break;
      }
      case 'SubqueryExpr': {
        const o = b as typeof a;
        if (a.range !== o.range || a.step !== o.step || !sameTime(a, o)) return false;
        push(
          [a.expr, o.expr],
          [a.rangeExpr, o.rangeExpr],
          [a.stepExpr, o.stepExpr],
          [a.offsetExpr, o.offsetExpr],
        );
        break;
      }
      case 'ParenExpr':
        push([a.expr, (b as typeof a).expr]);
        break;
      case 'UnaryExpr': {
        const o = b as typeof a;
        if (a.op !== o.op) return false;
        push([a.expr, o.expr]);
        break;
      }
      case 'BinaryExpr': {
        const o = b as typeof a;
        if (
          a.op !== o.op ||
          a.returnBool !== o.returnBool ||
          !sameMatching(a.vectorMatching, o.vectorMatching)
        )
          return false;
        push([a.lhs, o.lhs], [a.rhs, o.rhs]);
        break;
      }
      case 'AggregateExpr': {
        const o = b as typeof a;
        if (a.op !== o.op || a.without !== o.without || !sameStrings(a.grouping, o.grouping)) return false;
        push([a.expr, o.expr], [a.param, o.param]);
        break;
      }
      case 'Call': {
        const o = b as typeof a;
        if (a.func.name !== o.func.name || a.args.length !== o.args.length) return false;
        a.args.forEach((arg, i) => push([arg, o.args[i] as Expr]));
        break;
      }
      case 'DurationExpr': {
        const o = b as typeof a;
        if (a.op !== o.op || a.wrapped !== o.wrapped) return false;
        push([a.lhs, o.lhs], [a.rhs, o.rhs]);
        break;
      }
    }
  }
  return true;
}
