// Canonical PromQL text of a tree, as Prometheus's Expr.String() prints it (iterative, so deep trees are safe).
import {
  PARAM_AGGREGATORS,
  type Expr,
  type MatrixSelector,
  type TimeModifiers,
  type VectorMatching,
  type VectorSelector,
} from './ast';
import { formatFloatF, formatFloatFixed, formatFloatG, goQuote } from './go-format';
import { formatMatcher, needsQuotedName } from './matcher';
import { formatDurationMs } from './numbers';
import { METRIC_NAME_LABEL } from './parse-selector';

type Piece = string | Expr;

function labelList(labels: readonly string[]): string {
  return labels.map((l) => (needsQuotedName(l) ? goQuote(l) : l)).join(', ');
}

// Go's sort.Strings orders by bytes; comparing code points gives the same order as UTF-8 bytes.
function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const cx = x.value.codePointAt(0) as number;
    const cy = y.value.codePointAt(0) as number;
    if (cx !== cy) return cx - cy;
  }
}

function selectorBody(vs: VectorSelector): string {
  const parts = vs.matchers
    .filter((m) => !(m.name === METRIC_NAME_LABEL && m.type === '=' && m.value === vs.name && m.value !== ''))
    .map(formatMatcher)
    .sort(compareCodePoints);
  return parts.length > 0 ? `${vs.name}{${parts.join(',')}}` : vs.name;
}

function atText(m: TimeModifiers): string {
  if (m.timestamp !== null) return ` @ ${formatFloatFixed(m.timestamp / 1000, 3)}`;
  if (m.startOrEnd !== null) return ` @ ${m.startOrEnd}()`;
  return '';
}

function offsetPieces(m: TimeModifiers): Piece[] {
  if (m.offsetExpr !== null) return [' offset ', m.offsetExpr];
  if (m.offset > 0) return [` offset ${formatDurationMs(m.offset)}`];
  if (m.offset < 0) return [` offset -${formatDurationMs(-m.offset)}`];
  return [];
}

function matchingText(vm: VectorMatching | null): string {
  if (vm === null) return '';
  let out = '';
  const grouped = vm.card === 'many-to-one' || vm.card === 'one-to-many';
  if (vm.matchingLabels.length > 0 || vm.on || grouped) {
    out += ` ${vm.on ? 'on' : 'ignoring'} (${labelList(vm.matchingLabels)})`;
  }
  if (grouped) out += ` group_${vm.card === 'many-to-one' ? 'left' : 'right'} (${labelList(vm.include)})`;
  const { fillLeft, fillRight } = vm;
  if (fillLeft !== null && fillRight !== null && fillLeft === fillRight)
    out += ` fill (${formatFloatG(fillLeft)})`;
  else {
    if (fillLeft !== null) out += ` fill_left (${formatFloatG(fillLeft)})`;
    if (fillRight !== null) out += ` fill_right (${formatFloatG(fillRight)})`;
  }
  return out;
}

function numberText(value: number, duration: boolean): string {
  if (!duration) return formatFloatF(value);
  // Go converts seconds to integer nanoseconds, then prints whole milliseconds.
  const ms = Math.trunc(Math.trunc(Math.abs(value) * 1e9) / 1e6);
  return (value < 0 ? '-' : '') + formatDurationMs(ms);
}

function rangePieces(range: number, rangeExpr: Expr | null): Piece[] {
  return rangeExpr !== null ? [rangeExpr] : [formatDurationMs(range)];
}

function matrixPieces(n: MatrixSelector): Piece[] {
  const vs = n.vectorSelector;
  if (vs.kind !== 'VectorSelector') return [vs, '[', ...rangePieces(n.range, n.rangeExpr), ']'];
  const extended = vs.anchored ? ' anchored' : vs.smoothed ? ' smoothed' : '';
  return [
    selectorBody(vs),
    '[',
    ...rangePieces(n.range, n.rangeExpr),
    `]${extended}${atText(vs)}`,
    ...offsetPieces(vs),
  ];
}

/** expand returns the pieces one node prints as; nested nodes stay as nodes. */
function expand(n: Expr): Piece[] {
  switch (n.kind) {
    case 'NumberLiteral':
      return [numberText(n.value, n.duration)];
    case 'StringLiteral':
      return [goQuote(n.value)];
    case 'VectorSelector': {
      const extended = n.anchored ? ' anchored' : n.smoothed ? ' smoothed' : '';
      return [selectorBody(n) + atText(n) + extended, ...offsetPieces(n)];
    }
    case 'MatrixSelector':
      return matrixPieces(n);
    case 'SubqueryExpr': {
      const step: Piece[] =
        n.step !== 0 ? [formatDurationMs(n.step)] : n.stepExpr !== null ? [n.stepExpr] : [];
      return [
        n.expr,
        '[',
        ...rangePieces(n.range, n.rangeExpr),
        ':',
        ...step,
        ']' + atText(n),
        ...offsetPieces(n),
      ];
    }
    case 'ParenExpr':
      return ['(', n.expr, ')'];
    case 'UnaryExpr':
      return [n.op, n.expr];
    case 'BinaryExpr':
      return [n.lhs, ` ${n.op}${n.returnBool ? ' bool' : ''}${matchingText(n.vectorMatching)} `, n.rhs];
    case 'AggregateExpr': {
      let head: string = n.op;
      if (n.without) head += ` without (${labelList(n.grouping)}) `;
      else if (n.grouping.length > 0) head += ` by (${labelList(n.grouping)}) `;
      const param: Piece[] = PARAM_AGGREGATORS.has(n.op) && n.param !== null ? [n.param, ', '] : [];
      return [head + '(', ...param, n.expr, ')'];
    }
    case 'Call':
      return [n.func.name + '(', ...n.args.flatMap((a, i) => (i === 0 ? [a] : [', ', a])), ')'];
    case 'DurationExpr': {
      const inner: Piece[] =
        n.op === 'step' || n.op === 'range'
          ? [`${n.op}()`]
          : n.op === 'min_of' || n.op === 'max_of'
            ? [`${n.op}(`, n.lhs as Expr, ', ', n.rhs as Expr, ')']
            : n.lhs === null
              ? n.op === '-'
                ? ['-', n.rhs as Expr]
                : [n.rhs as Expr]
              : [n.lhs, ` ${n.op} `, n.rhs as Expr];
      return n.wrapped ? ['(', ...inner, ')'] : inner;
    }
  }
}

/** formatExpr prints an expression as canonical PromQL, exactly as Prometheus's String() does. */
export function formatExpr(expr: Expr): string {
  let out = '';
  const stack: Piece[] = [expr];
  while (stack.length > 0) {
    const piece = stack.pop() as Piece;
    if (typeof piece === 'string') {
      out += piece;
    } else if (piece.kind === 'BinaryExpr') {
      // The common case, without an intermediate array.
      stack.push(
        piece.rhs,
        ` ${piece.op}${piece.returnBool ? ' bool' : ''}${matchingText(piece.vectorMatching)} `,
        piece.lhs,
      );
    } else {
      const parts = expand(piece);
      for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i] as Piece);
    }
  }
  return out;
}
