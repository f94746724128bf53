import { describe, expect, it } from 'vitest';
import { childrenOf, formatExpr, parseExpr, walkExpr, type Expr } from './index';

describe('walkExpr', () => {
  it('visits parents before children, left to right, with the path to each node', () => {
    const seen: string[] = [];
    walkExpr(parseExpr('sum(rate(a[5m])) / on(x) b'), (node, path) => {
      seen.push(`${path.length}:${node.kind}`);
    });
    expect(seen).toEqual([
      '0:BinaryExpr',
      '1:AggregateExpr',
      '2:Call',
      '3:MatrixSelector',
      '4:VectorSelector',
      '1:VectorSelector',
    ]);
  });

  it('skips the children of a node when the visitor returns false', () => {
    const names: string[] = [];
    walkExpr(parseExpr('a + sum(b) + c'), (node) => {
      if (node.kind === 'VectorSelector') names.push(node.name);
      return node.kind !== 'AggregateExpr';
    });
    expect(names).toEqual(['a', 'c']);
  });

  it('passes the ancestors of each node', () => {
    let path: string[] = [];
    walkExpr(parseExpr('topk(3, x + y)'), (node, p) => {
      if (node.kind === 'VectorSelector' && node.name === 'y') path = p.map((n: Expr) => n.kind);
    });
    expect(path).toEqual(['AggregateExpr', 'BinaryExpr']);
  });

  it('walks very deep trees', () => {
    let count = 0;
    walkExpr(parseExpr(Array(20_000).fill('x').join(' + ')), () => {
      count++;
    });
    expect(count).toBe(39_999);
  });
});

describe('childrenOf', () => {
  it.each([
    ['topk(3, x)', ['x', '3']],
    ['label_join(x, "a", ",", "b")', ['x', '"a"', '","', '"b"']],
    ['x[5m:]', ['x']],
    ['-x', ['x']],
    ['x', []],
  ])('%j has children %j', (input, kids) => {
    expect(childrenOf(parseExpr(input)).map(formatExpr)).toEqual(kids);
  });
});
