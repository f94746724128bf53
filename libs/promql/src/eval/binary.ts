// Binary operators: element arithmetic/comparison, vector-scalar and vector-vector matching, set operators.
import type { BinaryOp, VectorMatching } from '../ast';
import { COMPARISON_OPS } from '../ast';
import type { Labels } from '../storage';
import { dropName, formatLabels, labelsKey, pickLabels, signatureFn } from './labels';
import { histogramBinop } from './binary-histogram';
import type { FloatHistogram } from './histogram/float-histogram';
import { EvalError, type Sample, type Vector } from './values';

/** Annotate receives an annotation (level and message) for the binary expression. */
export type Annotate = (level: 'warn' | 'info', message: string) => void;

/** goPow is Go's math.Pow, which differs from Math.pow for a base of ±1 and NaN/Inf exponents. */
export function goPow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (x === -1 && !Number.isFinite(y) && !Number.isNaN(y)) return 1;
  return Math.pow(x, y);
}

/** elemBinop applies op to two floats; for comparisons `keep` says whether the comparison held. */
export function elemBinop(op: BinaryOp, lhs: number, rhs: number): { value: number; keep: boolean } {
  switch (op) {
    case '+':
      return { value: lhs + rhs, keep: true };
    case '-':
      return { value: lhs - rhs, keep: true };
    case '*':
      return { value: lhs * rhs, keep: true };
    case '/':
      return { value: lhs / rhs, keep: true };
    case '%':
      return { value: lhs % rhs, keep: true };
    case '^':
      return { value: goPow(lhs, rhs), keep: true };
    case 'atan2':
      return { value: Math.atan2(lhs, rhs), keep: true };
    case '==':
      return { value: lhs, keep: lhs === rhs };
    case '!=':
      return { value: lhs, keep: lhs !== rhs };
    case '>':
      return { value: lhs, keep: lhs > rhs };
    case '<':
      return { value: lhs, keep: lhs < rhs };
    case '>=':
      return { value: lhs, keep: lhs >= rhs };
    case '<=':
      return { value: lhs, keep: lhs <= rhs };
    case '</':
    case '>/':
      // Trimming applies to histograms only: float operands give no result.
      return { value: lhs, keep: false };
    default:
      throw new EvalError(`operator "${op}" not allowed for operations between scalars or vectors`);
  }
}

/** scalarBinop evaluates `scalar op scalar` (comparisons need `bool` and yield 0 or 1). */
export function scalarBinop(op: BinaryOp, lhs: number, rhs: number): number {
  const r = elemBinop(op, lhs, rhs);
  if (COMPARISON_OPS.has(op)) return r.keep ? 1 : 0;
  return r.value;
}

function isComparison(op: BinaryOp): boolean {
  return COMPARISON_OPS.has(op);
}

function isTrim(op: BinaryOp): boolean {
  return op === '</' || op === '>/';
}

/** floatTrimInfo is Prometheus's info for trimming a float: only histograms have buckets to trim. */
function floatTrimInfo(op: BinaryOp): string {
  return `PromQL info: incompatible sample types encountered for binary operator ${JSON.stringify(op)}: float ${op} float`;
}

/** changesMetricSchema is true for the arithmetic operators, whose results lose the metric name. */
function changesMetricSchema(op: BinaryOp): boolean {
  return !COMPARISON_OPS.has(op) && op !== '</' && op !== '>/';
}

/** vectorScalarBinop evaluates `vector op scalar` (or `scalar op vector` when `swap`). */
export function vectorScalarBinop(
  op: BinaryOp,
  vec: Vector,
  scalar: number,
  swap: boolean,
  returnBool: boolean,
  /** Receives annotations about histogram operands. */
  annotate?: Annotate,
): Vector {
  const out: Vector = [];
  const cmp = isComparison(op);
  const trim = isTrim(op);
  for (const s of vec) {
    if (trim && s.h === undefined) {
      annotate?.('info', floatTrimInfo(op));
      continue;
    }
    if (s.h !== undefined) {
      const r = swap
        ? histogramBinop(op, scalar, 0, undefined, s.h)
        : histogramBinop(op, 0, scalar, s.h, undefined);
      if (r.err !== undefined && r.err.level === 'info') {
        annotate?.(r.err.level, r.err.message);
        continue;
      }
      if (returnBool) {
        out.push({ labels: dropName(s.labels), value: r.keep ? 1 : 0 });
        continue;
      }
      if (!r.keep) continue;
      const labels = changesMetricSchema(op) ? dropName(s.labels) : s.labels;
      out.push(r.h === undefined ? { labels, value: r.value } : { labels, value: 0, h: r.h });
      continue;
    }
    const lv = swap ? scalar : s.value;
    const rv = swap ? s.value : scalar;
    const r = elemBinop(op, lv, rv);
    // A comparison always keeps the vector element's value, even when the vector is on the right.
    let value = cmp && swap ? rv : r.value;
    if (returnBool) value = r.keep ? 1 : 0;
    else if (!r.keep) continue;
    const labels = !cmp || returnBool ? dropName(s.labels) : s.labels;
    out.push({ labels, value });
  }
  return out;
}

function defaultMatching(card: VectorMatching['card']): VectorMatching {
  return { card, matchingLabels: [], on: false, include: [], fillLeft: null, fillRight: null };
}

/** setBinop evaluates `and`, `or` and `unless`. */
export function setBinop(op: BinaryOp, lhs: Vector, rhs: Vector, vm: VectorMatching | null): Vector {
  const m = vm ?? defaultMatching('many-to-many');
  const sig = signatureFn(m.matchingLabels, m.on);
  if (op === 'and' || op === 'unless') {
    const rsigs = new Set(rhs.map((s) => sig(s.labels)));
    return lhs.filter((s) => rsigs.has(sig(s.labels)) === (op === 'and'));
  }
  const lsigs = new Set(lhs.map((s) => sig(s.labels)));
  return [...lhs, ...rhs.filter((s) => !lsigs.has(sig(s.labels)))];
}

// Result labels depend only on the two input label objects and the binary node: cache them across steps.
const resultCache = new WeakMap<object, WeakMap<Labels, WeakMap<Labels, Labels>>>();

function cachedResultLabels(node: object, many: Labels, one: Labels, compute: () => Labels): Labels {
  let byMany = resultCache.get(node);
  if (byMany === undefined) {
    byMany = new WeakMap();
    resultCache.set(node, byMany);
  }
  let byOne = byMany.get(many);
  if (byOne === undefined) {
    byOne = new WeakMap();
    byMany.set(many, byOne);
  }
  let out = byOne.get(one);
  if (out === undefined) {
    out = compute();
    byOne.set(one, out);
  }
  return out;
}

function resultLabels(
  many: Labels,
  one: Labels,
  op: BinaryOp,
  m: VectorMatching,
  returnBool: boolean,
): Labels {
  const drop = returnBool || changesMetricSchema(op);
  const base: Record<string, string> = { ...(drop ? dropName(many) : many) };
  if (m.card === 'one-to-one') {
    if (m.on) return pickLabels(base, m.matchingLabels, true);
    for (const n of m.matchingLabels) delete base[n];
    return base;
  }
  for (const n of m.include) {
    const v = one[n];
    if (v !== undefined && v !== '') base[n] = v;
    else delete base[n];
  }
  return base;
}

function matchGroupLabels(labels: Labels, m: VectorMatching): string {
  return formatLabels(pickLabels(labels, m.matchingLabels, m.on));
}

/** vectorBinop evaluates an arithmetic or comparison operator between two instant vectors. */
export function vectorBinop(
  op: BinaryOp,
  lhs: Vector,
  rhs: Vector,
  vm: VectorMatching | null,
  returnBool: boolean,
  /** Identity of the binary node, to cache result labels across steps (omit to compute every time). */
  cacheKey?: object,
  /** Receives annotations about histogram operands. */
  annotate?: Annotate,
): Vector {
  const m = vm ?? defaultMatching('one-to-one');
  if (m.card === 'many-to-many') throw new EvalError('many-to-many only allowed for set operators');
  const noFill = m.fillLeft === null && m.fillRight === null;
  // Nothing can match: Prometheus returns before looking for duplicates.
  if ((lhs.length === 0 && rhs.length === 0) || ((lhs.length === 0 || rhs.length === 0) && noFill)) return [];
  const groupRight = m.card === 'one-to-many';
  const many = groupRight ? rhs : lhs;
  const one = groupRight ? lhs : rhs;
  const sig = signatureFn(m.matchingLabels, m.on);
  const oneBySig = new Map<string, Sample>();
  for (const s of one) {
    const k = sig(s.labels);
    const prev = oneBySig.get(k);
    if (prev !== undefined) {
      const side = groupRight ? 'left' : 'right';
      throw new EvalError(
        `found duplicate series for the match group ${matchGroupLabels(s.labels, m)} on the ${side} hand-side of the operation: [${formatLabels(prev.labels)}, ${formatLabels(s.labels)}];many-to-many matching not allowed: matching labels must be unique on one side`,
      );
    }
    oneBySig.set(k, s);
  }
  const out: Vector = [];
  const matched = new Set<string>();
  const matchedGroups = new Set<string>();
  const doBinOp = (s: Sample, o: Sample, k: string): void => {
    const lv = groupRight ? o.value : s.value;
    const rv = groupRight ? s.value : o.value;
    let r: { value: number; keep: boolean; h?: FloatHistogram };
    if (s.h === undefined && o.h === undefined) {
      if (isTrim(op)) {
        annotate?.('info', floatTrimInfo(op));
        return;
      }
      r = elemBinop(op, lv, rv);
    } else {
      const hr = groupRight ? histogramBinop(op, lv, rv, o.h, s.h) : histogramBinop(op, lv, rv, s.h, o.h);
      if (hr.err !== undefined) {
        annotate?.(hr.err.level, hr.err.message);
        return;
      }
      if (hr.info !== undefined) annotate?.('info', hr.info);
      r = hr;
    }
    const compute = (): Labels => resultLabels(s.labels, o.labels, op, m, returnBool);
    const labels =
      cacheKey === undefined || !noFill
        ? compute()
        : cachedResultLabels(cacheKey, s.labels, o.labels, compute);
    // Duplicate matches are errors even when the comparison would filter the element out.
    if (m.card === 'one-to-one') {
      if (matched.has(k)) {
        throw new EvalError(
          'multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)',
        );
      }
      matched.add(k);
    } else {
      const lk = `${k}\u0002${labelsKey(labels)}`;
      if (matched.has(lk)) {
        throw new EvalError('multiple matches for labels: grouping labels must ensure unique matches');
      }
      matched.add(lk);
    }
    matchedGroups.add(k);
    let value = r.value;
    if (returnBool) value = r.keep ? 1 : 0;
    else if (!r.keep) return;
    out.push(r.h === undefined || returnBool ? { labels, value } : { labels, value: 0, h: r.h });
  };
  for (const s of many) {
    const k = sig(s.labels);
    const o = oneBySig.get(k);
    if (o !== undefined) doBinOp(s, o, k);
    else if (m.fillRight !== null) {
      doBinOp(s, { labels: pickLabels(s.labels, m.matchingLabels, m.on), value: m.fillRight }, k);
    }
  }
  // `fill_left`: series of the one side that nothing matched meet the fill value.
  if (m.fillLeft !== null) {
    for (const o of one) {
      const k = sig(o.labels);
      if (matchedGroups.has(k)) continue;
      doBinOp({ labels: pickLabels(o.labels, m.matchingLabels, m.on), value: m.fillLeft }, o, k);
    }
  }
  return out;
}
