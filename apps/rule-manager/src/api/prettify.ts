// Prometheus's PromQL prettifier (promql/parser/prettier.go), as `/api/v1/format_query` answers with it: a node
// whose canonical text exceeds 100 bytes is split over lines, its children indented two spaces per level.
import { formatExpr, type Expr } from '@vigil/promql';

const MAX_LINE = 100;

const indent = (level: number): string => '  '.repeat(level);
const needsSplit = (text: string): boolean => Buffer.byteLength(text, 'utf8') > MAX_LINE;

/** prettify is Prometheus's Prettify(expr): formatExpr for short expressions, split over lines past 100 bytes. */
export function prettify(expr: Expr): string {
  return pretty(expr, 0);
}

function pretty(e: Expr, level: number): string {
  const text = formatExpr(e);
  switch (e.kind) {
    case 'AggregateExpr': {
      if (!needsSplit(text)) return indent(level) + text;
      // formatExpr(e) is `<op and grouping>(` [param `, `] expr `)`.
      const inner = formatExpr(e.expr).length + 1 + (e.param !== null ? formatExpr(e.param).length + 2 : 0);
      const head = text.slice(0, text.length - inner - 1);
      const param = e.param !== null ? `${pretty(e.param, level + 1)},\n` : '';
      return `${indent(level)}${head}(\n${param}${pretty(e.expr, level + 1)}\n${indent(level)})`;
    }
    case 'BinaryExpr': {
      if (!needsSplit(text)) return indent(level) + text;
      // formatExpr(e) is lhs ` op [bool] [matching] ` rhs.
      const lhs = formatExpr(e.lhs);
      const rhs = formatExpr(e.rhs);
      const op = text.slice(lhs.length, text.length - rhs.length).trim();
      return `${pretty(e.lhs, level + 1)}\n${indent(level)}${op}\n${pretty(e.rhs, level + 1)}`;
    }
    case 'Call': {
      if (!needsSplit(text)) return indent(level) + text;
      const args = e.args.map((a) => pretty(a, level + 1)).join(',\n');
      return `${indent(level)}${e.func.name}(\n${args}\n${indent(level)})`;
    }
    case 'ParenExpr':
      if (!needsSplit(text)) return indent(level) + text;
      return `${indent(level)}(\n${pretty(e.expr, level + 1)}\n${indent(level)})`;
    case 'SubqueryExpr':
      // As in Prometheus, an unsplit subquery is not indented.
      if (!needsSplit(text)) return text;
      return pretty(e.expr, level) + text.slice(formatExpr(e.expr).length);
    case 'UnaryExpr':
      return `${indent(level)}${e.op}${pretty(e.expr, level).trim()}`;
    case 'DurationExpr':
      return text;
    default:
      return indent(level) + text;
  }
}
