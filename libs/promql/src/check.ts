// Type checking of a parsed tree (Prometheus's checkAST), iterative so deep trees are safe, with the same error order.
import {
  COMPARISON_OPS,
  SET_OPS,
  documentedType,
  exprType,
  type AggregateExpr,
  type BinaryExpr,
  type Call,
  type Expr,
  type ValueType,
  type VectorSelector,
} from './ast';
import { goQuote } from './go-format';
import { METRIC_NAME_LABEL } from './parse-selector';

/** Report receives one type error for the source range [start, end). */
export type Report = (start: number, end: number, message: string) => void;

const VISIT = 0;
const POST = 1;
const STEP = 2;

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/**
 * Checker walks the tree with an explicit task stack. Visiting a node eventually pushes exactly one
 * type onto `types`; a node's POST task pops its children's types, checks the node and pushes its own.
 */
class Checker {
  private readonly kinds: number[] = [];
  private readonly refs: Array<Expr | (() => void)> = [];
  private readonly types: ValueType[] = [];

  constructor(
    private readonly input: string,
    private readonly report: Report,
  ) {}

  run(root: Expr): void {
    this.visit(root);
    while (this.kinds.length > 0) {
      const kind = this.kinds.pop() as number;
      const ref = this.refs.pop() as Expr | (() => void);
      if (kind === STEP) (ref as () => void)();
      else if (kind === POST) this.post(ref as Expr);
      else this.enter(ref as Expr);
    }
  }

  private visit(n: Expr): void {
    this.kinds.push(VISIT);
    this.refs.push(n);
  }

  private postAfter(n: Expr): void {
    this.kinds.push(POST);
    this.refs.push(n);
  }

  private step(fn: () => void): void {
    this.kinds.push(STEP);
    this.refs.push(fn);
  }

  /** top is the type of the child checked last. */
  private top(): ValueType {
    return this.types[this.types.length - 1] as ValueType;
  }

  private enter(n: Expr): void {
    switch (n.kind) {
      case 'NumberLiteral':
      case 'DurationExpr':
        this.types.push('scalar');
        return;
      case 'StringLiteral':
        this.types.push('string');
        return;
      case 'VectorSelector':
        this.checkSelector(n);
        this.types.push('vector');
        return;
      case 'MatrixSelector':
        this.postAfter(n);
        this.visit(n.vectorSelector);
        return;
      case 'ParenExpr':
      case 'UnaryExpr':
      case 'SubqueryExpr':
        this.postAfter(n);
        this.visit(n.expr);
        return;
      case 'BinaryExpr':
        this.postAfter(n);
        this.visit(n.rhs);
        this.visit(n.lhs);
        return;
      case 'AggregateExpr':
        this.enterAggregate(n);
        return;
      case 'Call':
        this.enterCall(n);
        return;
    }
  }

  private post(n: Expr): void {
    switch (n.kind) {
      case 'MatrixSelector':
        this.types.pop();
        this.types.push('matrix');
        return;
      case 'ParenExpr':
        return;
      case 'UnaryExpr': {
        const t = this.top();
        if (t !== 'scalar' && t !== 'vector') {
          const got = goQuote(documentedType(t));
          this.report(
            n.start,
            n.end,
            `unary expression only allowed on expressions of type scalar or instant vector, got ${got}`,
          );
        }
        return;
      }
      case 'SubqueryExpr': {
        const t = this.types.pop() as ValueType;
        if (t !== 'vector')
          this.report(n.start, n.end, `subquery is only allowed on instant vector, got ${t} instead`);
        this.types.push('matrix');
        return;
      }
      case 'BinaryExpr': {
        const rt = this.types.pop() as ValueType;
        const lt = this.types.pop() as ValueType;
        this.checkBinary(n, lt, rt);
        this.types.push(lt === 'scalar' && rt === 'scalar' ? 'scalar' : 'vector');
        return;
      }
      case 'AggregateExpr':
        this.types.length -= n.param !== null && checksParam(n) ? 2 : 1;
        this.types.push('vector');
        return;
      case 'Call':
        this.types.length -= checkedArgCount(n);
        this.types.push(n.func.returnType);
        return;
      default:
        return;
    }
  }

  private expectTop(e: Expr, want: ValueType, context: string): void {
    const got = this.top();
    if (got !== want)
      this.report(
        e.start,
        e.end,
        `expected type ${documentedType(want)} in ${context}, got ${documentedType(got)}`,
      );
  }

  private enterAggregate(n: AggregateExpr): void {
    // Order: expression, its type, parameter, its type — pushed in reverse.
    this.postAfter(n);
    const param = n.param;
    if (param !== null && checksParam(n)) {
      const want: ValueType = n.op === 'count_values' ? 'string' : 'scalar';
      this.step(() => this.expectTop(param, want, 'aggregation parameter'));
      this.visit(param);
    }
    this.step(() => this.expectTop(n.expr, 'vector', 'aggregation expression'));
    this.visit(n.expr);
  }

  private enterCall(n: Call): void {
    const f = n.func;
    const nargs = f.argTypes.length;
    const name = goQuote(f.name);
    if (f.variadic === 0) {
      if (nargs !== n.args.length)
        this.report(n.start, n.end, `expected ${nargs} argument(s) in call to ${name}, got ${n.args.length}`);
    } else {
      const na = nargs - 1;
      if (na > n.args.length) {
        this.report(
          n.start,
          n.end,
          `expected at least ${na} argument(s) in call to ${name}, got ${n.args.length}`,
        );
      } else if (f.variadic > 0 && na + f.variadic < n.args.length) {
        this.report(
          n.start,
          n.end,
          `expected at most ${na + f.variadic} argument(s) in call to ${name}, got ${n.args.length}`,
        );
      }
    }
    if (f.name === 'info' && n.args.length > 1) this.checkInfoSelector(n);
    this.postAfter(n);
    const count = checkedArgCount(n);
    for (let i = count - 1; i >= 0; i--) {
      const arg = n.args[i] as Expr;
      const want = f.argTypes[Math.min(i, nargs - 1)] as ValueType;
      this.step(() => this.expectTop(arg, want, `call to function ${name}`));
      this.visit(arg);
    }
  }

  private checkInfoSelector(n: Call): void {
    const arg = n.args[1] as Expr;
    const t = exprType(arg);
    if (t !== 'vector') {
      this.report(
        n.start,
        n.end,
        `expected type instant vector in call to function "info", got ${documentedType(t)}`,
      );
    }
    if (arg.kind === 'VectorSelector' && arg.name !== '') {
      this.report(arg.start, arg.end, 'expected label selectors only, got vector selector instead');
    } else if (arg.kind === 'VectorSelector') {
      // The label selector of info() may legitimately match every series.
      arg.bypassEmptyMatcherCheck = true;
    } else this.report(arg.start, arg.end, 'expected label selectors only');
  }

  private checkBinary(n: BinaryExpr, lt: ValueType, rt: ValueType): void {
    const report = this.report;
    const input = this.input;
    // The operator's range: from the end of lhs to the start of rhs, without surrounding whitespace.
    const opRange = (): [number, number] => {
      let start = n.lhs.end;
      while (isSpace(input[start])) start++;
      let end = n.rhs.start - 1;
      while (isSpace(input[end])) end--;
      return [start, end];
    };
    const vm = n.vectorMatching;
    const isComparison = COMPARISON_OPS.has(n.op);
    const isSet = SET_OPS.has(n.op);
    if (n.returnBool && !isComparison)
      report(...opRange(), 'bool modifier can only be used on comparison operators');
    if (isComparison && !n.returnBool && rt === 'scalar' && lt === 'scalar') {
      report(...opRange(), 'comparisons between scalars must use BOOL modifier');
    }
    if (vm !== null) {
      if (isSet && vm.card === 'one-to-one') vm.card = 'many-to-many';
      for (const l1 of vm.matchingLabels) {
        for (const l2 of vm.include) {
          if (l1 === l2 && vm.on)
            report(...opRange(), `label ${goQuote(l1)} must not occur in ON and GROUP clause at once`);
        }
      }
    }
    if (lt !== 'scalar' && lt !== 'vector') {
      report(n.lhs.start, n.lhs.end, 'binary expression must contain only scalar and instant vector types');
    }
    if (rt !== 'scalar' && rt !== 'vector') {
      report(n.rhs.start, n.rhs.end, 'binary expression must contain only scalar and instant vector types');
    }
    const filled = vm !== null && (vm.fillLeft !== null || vm.fillRight !== null);
    if ((lt !== 'vector' || rt !== 'vector') && vm !== null) {
      if (vm.matchingLabels.length > 0)
        report(n.start, n.end, 'vector matching only allowed between instant vectors');
      if (filled) report(n.start, n.end, 'filling in missing series only allowed between instant vectors');
      n.vectorMatching = null;
    } else if (isSet && vm !== null) {
      if (vm.card === 'one-to-many' || vm.card === 'many-to-one') {
        report(n.start, n.end, `no grouping allowed for ${goQuote(n.op)} operation`);
      }
      if (vm.card !== 'many-to-many') report(n.start, n.end, 'set operations must always be many-to-many');
      if (filled) report(n.start, n.end, 'filling in missing series not allowed for set operators');
    }
    if ((lt === 'scalar' || rt === 'scalar') && isSet) {
      report(n.start, n.end, `set operator ${goQuote(n.op)} not allowed in binary scalar expression`);
    }
  }

  private checkSelector(n: VectorSelector): void {
    if (n.name !== '') {
      // The last matcher is the one made from the name outside the braces.
      for (let i = 0; i < n.matchers.length - 1; i++) {
        const m = n.matchers[i];
        if (m?.name === METRIC_NAME_LABEL) {
          this.report(
            n.start,
            n.end,
            `metric name must not be set twice: ${goQuote(n.name)} or ${goQuote(m.value)}`,
          );
        }
      }
      return;
    }
    if (n.bypassEmptyMatcherCheck) return;
    if (!n.matchers.some((m) => !m.matches(''))) {
      this.report(n.start, n.end, 'vector selector must contain at least one non-empty matcher');
    }
  }
}

function checksParam(n: AggregateExpr): boolean {
  return ['topk', 'bottomk', 'quantile', 'limitk', 'limit_ratio', 'count_values'].includes(n.op);
}

/** Arguments past the declared ones of a non-variadic function are not checked (Prometheus stops there). */
function checkedArgCount(n: Call): number {
  return n.func.variadic === 0 ? Math.min(n.args.length, n.func.argTypes.length) : n.args.length;
}

/** checkExpr type-checks root, calling report for every problem in the order Prometheus reports them. */
export function checkExpr(root: Expr, input: string, report: Report): void {
  new Checker(input, report).run(root);
}
