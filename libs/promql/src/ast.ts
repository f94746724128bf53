// The PromQL syntax tree. Node shapes follow Prometheus's parser/ast.go; offsets are UTF-16 positions in the query.
import type { FunctionSignature } from './functions';
import type { Matcher } from './matcher';
import type { AggregateOp, BinaryOp } from './tokens';

export type { AggregateOp, BinaryOp } from './tokens';

/** ValueType is the type an expression evaluates to. */
export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

/** Every node carries the [start, end) range of source it was parsed from. */
export interface NodeBase {
  start: number;
  end: number;
}

/** NumberLiteral is a float; `duration` marks literals written as durations (`5m`) so they print as such. */
export interface NumberLiteral extends NodeBase {
  kind: 'NumberLiteral';
  value: number;
  duration: boolean;
}

/** StringLiteral is a quoted string, already unescaped. */
export interface StringLiteral extends NodeBase {
  kind: 'StringLiteral';
  value: string;
}

/** StartOrEnd records `@ start()` / `@ end()`. */
export type AtPreprocessor = 'start' | 'end';

/** Modifiers shared by selectors and subqueries. Durations are milliseconds, timestamps epoch milliseconds. */
export interface TimeModifiers {
  /** `offset` in milliseconds (negative for `offset -5m`), 0 when absent. */
  offset: number;
  /** `offset` written as a duration expression (experimental); then `offset` is 0. */
  offsetExpr: DurationExpr | null;
  /** `@ <timestamp>` in milliseconds, or null. */
  timestamp: number | null;
  /** `@ start()` / `@ end()`, or null. */
  startOrEnd: AtPreprocessor | null;
}

/** VectorSelector selects series by metric name and label matchers. */
export interface VectorSelector extends NodeBase, TimeModifiers {
  kind: 'VectorSelector';
  /** The metric name written outside braces, '' when absent (a name inside braces is only a matcher). */
  name: string;
  /** All matchers; a name outside braces adds a trailing `__name__="name"` matcher, as Prometheus does. */
  matchers: Matcher[];
  /** `anchored` modifier (experimental extended range selectors). */
  anchored: boolean;
  /** `smoothed` modifier (experimental extended range selectors). */
  smoothed: boolean;
  /** Set for the label-selector argument of info(), which may match every series. */
  bypassEmptyMatcherCheck: boolean;
}

/** MatrixSelector is `selector[range]`; modifiers written after the range live on the inner selector. */
export interface MatrixSelector extends NodeBase {
  kind: 'MatrixSelector';
  /** A VectorSelector in every tree the parser accepts. */
  vectorSelector: Expr;
  /** Range in milliseconds; 0 when `rangeExpr` is set. */
  range: number;
  rangeExpr: DurationExpr | null;
}

/** SubqueryExpr is `expr[range:step]`. */
export interface SubqueryExpr extends NodeBase, TimeModifiers {
  kind: 'SubqueryExpr';
  expr: Expr;
  range: number;
  rangeExpr: DurationExpr | null;
  /** Step in milliseconds; 0 means the default evaluation interval. */
  step: number;
  stepExpr: DurationExpr | null;
}

/** ParenExpr keeps explicit parentheses. */
export interface ParenExpr extends NodeBase {
  kind: 'ParenExpr';
  expr: Expr;
}

/** UnaryExpr is `-expr` or `+expr` (a unary minus on a number literal is folded into the literal). */
export interface UnaryExpr extends NodeBase {
  kind: 'UnaryExpr';
  op: '+' | '-';
  expr: Expr;
}

/** Cardinality of vector matching. */
export type VectorMatchCardinality = 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many';

/** VectorMatching describes on/ignoring, group_left/group_right and fill modifiers. */
export interface VectorMatching {
  card: VectorMatchCardinality;
  /** Labels of on(...) / ignoring(...). */
  matchingLabels: readonly string[];
  /** True for on(...), false for ignoring(...) or no clause. */
  on: boolean;
  /** Extra labels of group_left(...) / group_right(...). */
  include: readonly string[];
  /** Values of fill/fill_left/fill_right (experimental), null when absent. */
  fillLeft: number | null;
  fillRight: number | null;
}

/** BinaryExpr is `lhs op rhs`; `vectorMatching` is null unless both sides are instant vectors. */
export interface BinaryExpr extends NodeBase {
  kind: 'BinaryExpr';
  op: BinaryOp;
  lhs: Expr;
  rhs: Expr;
  returnBool: boolean;
  vectorMatching: VectorMatching | null;
}

/** AggregateExpr is `op by|without (labels) ([param,] expr)`. */
export interface AggregateExpr extends NodeBase {
  kind: 'AggregateExpr';
  op: AggregateOp;
  expr: Expr;
  param: Expr | null;
  grouping: string[];
  without: boolean;
}

/** Call is a function call. */
export interface Call extends NodeBase {
  kind: 'Call';
  func: FunctionSignature;
  args: Expr[];
}

/** Operators of duration expressions (experimental duration arithmetic). */
export type DurationOp = '+' | '-' | '*' | '/' | '%' | '^' | 'step' | 'range' | 'min_of' | 'max_of';

/**
 * DurationExpr is arithmetic inside `[...]` or after `offset` (experimental). `lhs` is null for unary
 * operators and `step()`/`range()`; `wrapped` records surrounding parentheses.
 */
export interface DurationExpr extends NodeBase {
  kind: 'DurationExpr';
  op: DurationOp;
  lhs: Expr | null;
  rhs: Expr | null;
  wrapped: boolean;
}

/** Expr is any PromQL expression node. */
export type Expr =
  | NumberLiteral
  | StringLiteral
  | VectorSelector
  | MatrixSelector
  | SubqueryExpr
  | ParenExpr
  | UnaryExpr
  | BinaryExpr
  | AggregateExpr
  | Call
  | DurationExpr;

/** COMPARISON_OPS are the operators that take `bool`. */
export const COMPARISON_OPS: ReadonlySet<BinaryOp> = new Set<BinaryOp>(['==', '!=', '<', '<=', '>', '>=']);

/** SET_OPS are the operators only allowed between instant vectors. */
export const SET_OPS: ReadonlySet<BinaryOp> = new Set<BinaryOp>(['and', 'or', 'unless']);

/** PARAM_AGGREGATORS are the aggregations that take a parameter before the expression. */
export const PARAM_AGGREGATORS: ReadonlySet<AggregateOp> = new Set<AggregateOp>([
  'topk',
  'bottomk',
  'count_values',
  'quantile',
  'limitk',
  'limit_ratio',
]);

/** documentedType is the user-facing type name used in messages ("instant vector", "range vector", ...). */
export function documentedType(t: ValueType): string {
  if (t === 'vector') return 'instant vector';
  if (t === 'matrix') return 'range vector';
  return t;
}

function directType(e: Expr): ValueType | undefined {
  switch (e.kind) {
    case 'AggregateExpr':
    case 'VectorSelector':
      return 'vector';
    case 'Call':
      return e.func.returnType;
    case 'MatrixSelector':
    case 'SubqueryExpr':
      return 'matrix';
    case 'NumberLiteral':
    case 'DurationExpr':
      return 'scalar';
    case 'StringLiteral':
      return 'string';
    default:
      return undefined;
  }
}

/**
 * exprTypes computes the type of root and of the binary, paren and unary nodes below it, without
 * recursion so that very deep trees are safe. Results are added to (and reused from) `types`.
 */
export function exprTypes(root: Expr, types: Map<Expr, ValueType> = new Map()): Map<Expr, ValueType> {
  if (types.has(root)) return types;
  const stack: Array<{ e: Expr; expanded: boolean }> = [{ e: root, expanded: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as { e: Expr; expanded: boolean };
    const { e } = top;
    const direct = directType(e);
    if (direct !== undefined) {
      types.set(e, direct);
      stack.pop();
      continue;
    }
    const kids =
      e.kind === 'BinaryExpr'
        ? [e.lhs, e.rhs]
        : e.kind === 'ParenExpr' || e.kind === 'UnaryExpr'
          ? [e.expr]
          : [];
    if (!top.expanded) {
      top.expanded = true;
      for (const k of kids) if (!types.has(k)) stack.push({ e: k, expanded: false });
      continue;
    }
    stack.pop();
    if (e.kind === 'BinaryExpr') {
      types.set(e, types.get(e.lhs) === 'scalar' && types.get(e.rhs) === 'scalar' ? 'scalar' : 'vector');
    } else types.set(e, types.get(kids[0] as Expr) as ValueType);
  }
  return types;
}

/** exprType is the type an expression evaluates to (Prometheus's Expr.Type()). */
export function exprType(expr: Expr): ValueType {
  return directType(expr) ?? (exprTypes(expr).get(expr) as ValueType);
}
