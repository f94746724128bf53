// The syntax tree as `/api/v1/parse_query` answers with it (Prometheus's web/api/v1/translate_ast.go), the tree
// view of Prometheus's UI. Objects are built with their keys sorted, as Go's JSON encoding of maps writes them.
import type { Expr, Matcher, TimeModifiers } from '@vigil/promql';
import { formatScalar } from './query-json';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function sorted(o: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k] ?? null;
  return out;
}

function matchers(ms: readonly Matcher[]): Json {
  return ms.map((m) => sorted({ name: m.name, value: m.value, type: m.type }));
}

function modifiers(m: TimeModifiers): Record<string, Json> {
  return {
    offset: m.offset,
    offsetExpr: durationExpr(m.offsetExpr),
    timestamp: m.timestamp,
    startOrEnd: m.startOrEnd,
  };
}

function durationExpr(n: Expr | null): Json {
  if (n === null) return null;
  if (n.kind === 'DurationExpr') {
    return sorted({
      type: 'durationExpr',
      op: n.op,
      lhs: durationExpr(n.lhs),
      rhs: durationExpr(n.rhs),
      wrapped: n.wrapped,
    });
  }
  if (n.kind === 'NumberLiteral') {
    return sorted({ type: 'numberLiteral', val: formatScalar(n.value), duration: n.duration });
  }
  return translateAst(n);
}

/** translateAst is Prometheus's translateAST: the tree of a parsed query as plain JSON. */
export function translateAst(n: Expr): Json {
  switch (n.kind) {
    case 'AggregateExpr':
      return sorted({
        type: 'aggregation',
        op: n.op,
        expr: translateAst(n.expr),
        param: n.param === null ? null : translateAst(n.param),
        grouping: [...n.grouping],
        without: n.without,
      });
    case 'BinaryExpr': {
      const m = n.vectorMatching;
      const matching =
        m === null
          ? null
          : sorted({
              card: m.card,
              labels: [...m.matchingLabels],
              on: m.on,
              include: [...m.include],
              fillValues: sorted({ lhs: m.fillLeft, rhs: m.fillRight }),
            });
      return sorted({
        type: 'binaryExpr',
        op: n.op,
        lhs: translateAst(n.lhs),
        rhs: translateAst(n.rhs),
        matching,
        bool: n.returnBool,
      });
    }
    case 'Call':
      return sorted({
        type: 'call',
        func: sorted({
          name: n.func.name,
          argTypes: [...n.func.argTypes],
          variadic: n.func.variadic,
          returnType: n.func.returnType,
        }),
        args: n.args.map(translateAst),
      });
    case 'MatrixSelector': {
      const vs = n.vectorSelector;
      if (vs.kind !== 'VectorSelector') return translateAst(vs);
      return sorted({
        type: 'matrixSelector',
        name: vs.name,
        range: n.range,
        rangeExpr: durationExpr(n.rangeExpr),
        ...modifiers(vs),
        matchers: matchers(vs.matchers),
        anchored: vs.anchored,
        smoothed: vs.smoothed,
      });
    }
    case 'SubqueryExpr':
      return sorted({
        type: 'subquery',
        expr: translateAst(n.expr),
        range: n.range,
        rangeExpr: durationExpr(n.rangeExpr),
        step: n.step,
        stepExpr: durationExpr(n.stepExpr),
        ...modifiers(n),
      });
    case 'DurationExpr':
      return durationExpr(n);
    case 'NumberLiteral':
      return sorted({ type: 'numberLiteral', val: formatScalar(n.value) });
    case 'ParenExpr':
      return sorted({ type: 'parenExpr', expr: translateAst(n.expr) });
    case 'StringLiteral':
      return sorted({ type: 'stringLiteral', val: n.value });
    case 'UnaryExpr':
      return sorted({ type: 'unaryExpr', op: n.op, expr: translateAst(n.expr) });
    case 'VectorSelector':
      return sorted({
        type: 'vectorSelector',
        name: n.name,
        ...modifiers(n),
        matchers: matchers(n.matchers),
        anchored: n.anchored,
        smoothed: n.smoothed,
      });
  }
}
