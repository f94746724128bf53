// Tree traversal helpers: children of a node and a depth-first visitor (iterative, so deep trees are safe).
import type { Expr } from './ast';

/** childrenOf lists a node's child expressions in source order (durations in ranges/offsets excluded, as in Prometheus). */
export function childrenOf(node: Expr): Expr[] {
  switch (node.kind) {
    case 'AggregateExpr':
      return node.param !== null ? [node.expr, node.param] : [node.expr];
    case 'BinaryExpr':
      return [node.lhs, node.rhs];
    case 'Call':
      return node.args;
    case 'SubqueryExpr':
    case 'ParenExpr':
    case 'UnaryExpr':
      return [node.expr];
    case 'MatrixSelector':
      return [node.vectorSelector];
    case 'DurationExpr':
      return [node.lhs, node.rhs].filter((e): e is Expr => e !== null);
    default:
      return [];
  }
}

/**
 * Visitor is called for each node with the path of its ancestors (root first). The path array is
 * reused during the walk: copy it to keep it. Return false to skip the node's children.
 */
export type Visitor = (node: Expr, path: readonly Expr[]) => boolean | void;

/** walkExpr visits root and its descendants depth-first, parents before children (Prometheus's Inspect). */
export function walkExpr(root: Expr, visit: Visitor): void {
  const path: Expr[] = [];
  // An entry of null marks "leave the node on top of path".
  const stack: Array<Expr | null> = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null) {
      path.pop();
      continue;
    }
    if (node === undefined) break;
    if (visit(node, path) === false) continue;
    const kids = childrenOf(node);
    if (kids.length === 0) continue;
    path.push(node);
    stack.push(null);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as Expr);
  }
}
