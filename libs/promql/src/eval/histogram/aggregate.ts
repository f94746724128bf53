// Compensated (Kahan/Neumaier) sums and means of many histograms, as Prometheus's sum/avg and *_over_time.
import { kahanSumInc } from '../functions/kahan';
import { FloatHistogram, type AddResult } from './float-histogram';
import { build, dropInZero, expand, mapCustom, reduce, type Sparse } from './sparse';

/** HistogramAggregate is a sum or mean with the flags of the underlying additions. */
export interface HistogramAggregate {
  h: FloatHistogram;
  nhcbBoundsReconciled: boolean;
}

/** toLayout re-expresses h in a coarser layout (schema, zero threshold, custom bounds) as sparse buckets. */
function toLayout(h: FloatHistogram, target: FloatHistogram): { zero: number; pos: Sparse; neg: Sparse } {
  if (target.usesCustomBuckets()) {
    let pos = expand(h.positiveSpans, h.positiveBuckets);
    const tb = target.customValues ?? [];
    const hb = h.customValues ?? [];
    if (tb.length !== hb.length || tb.some((b, i) => b !== hb[i])) pos = mapCustom(pos, hb, tb);
    return { zero: 0, pos, neg: { idx: [], cnt: [] } };
  }
  let pos = reduce(expand(h.positiveSpans, h.positiveBuckets), h.schema, target.schema);
  let neg = reduce(expand(h.negativeSpans, h.negativeBuckets), h.schema, target.schema);
  let zero = h.zeroCount;
  if (target.zeroThreshold !== h.zeroThreshold) {
    const reduced = h.copy().reduceResolution(target.schema);
    zero = reduced.zeroCountForLargerThreshold(target.zeroThreshold)[0];
    pos = dropInZero(pos, target.schema, target.zeroThreshold, true);
    neg = dropInZero(neg, target.schema, target.zeroThreshold, false);
  }
  return { zero, pos, neg };
}

/** Accumulates one field over n inputs: a Kahan sum, or Prometheus's mean (incremental once the sum overflows). */
class FieldAcc {
  sum = 0;
  c = 0;
  mean = 0;
  incremental = false;
  n = 0;

  add(x: number, mean: boolean): void {
    this.n++;
    if (!mean) {
      [this.sum, this.c] = kahanSumInc(x, this.sum, this.c);
      return;
    }
    if (this.n === 1) {
      this.sum = x;
      return;
    }
    if (!this.incremental) {
      const [ns, nc] = kahanSumInc(x, this.sum, this.c);
      if (Number.isFinite(ns) || Number.isNaN(ns)) {
        this.sum = ns;
        this.c = nc;
        return;
      }
      this.incremental = true;
      this.mean = this.sum / (this.n - 1);
      this.c /= this.n - 1;
    }
    const q = (this.n - 1) / this.n;
    [this.mean, this.c] = kahanSumInc(x / this.n, q * this.mean, q * this.c);
  }

  result(mean: boolean): number {
    if (!mean) return Number.isFinite(this.sum) ? this.sum + this.c : this.sum;
    if (this.incremental) return this.mean + this.c;
    return this.sum / this.n + this.c / this.n;
  }
}

/**
 * aggregateHistograms sums (or averages) histograms with compensated summation. Throws HistogramError when
 * exponential and custom-bucket histograms are mixed.
 */
export function aggregateHistograms(hs: readonly FloatHistogram[], mean: boolean): HistogramAggregate {
  const layout = (hs[0] as FloatHistogram).copy();
  let reconciled = false;
  for (let i = 1; i < hs.length; i++) {
    const r: AddResult = layout.add(hs[i] as FloatHistogram);
    if (r.nhcbBoundsReconciled) reconciled = true;
  }
  const count = new FieldAcc();
  const sum = new FieldAcc();
  const zero = new FieldAcc();
  const pos = new Map<number, FieldAcc>();
  const neg = new Map<number, FieldAcc>();
  const indexes = (side: Map<number, FieldAcc>, sp: Sparse): void => {
    for (const ix of sp.idx) if (!side.has(ix)) side.set(ix, new FieldAcc());
  };
  const parts = hs.map((h) => toLayout(h, layout));
  for (const p of parts) {
    indexes(pos, p.pos);
    indexes(neg, p.neg);
  }
  const feed = (side: Map<number, FieldAcc>, sp: Sparse): void => {
    const m = new Map<number, number>();
    for (let i = 0; i < sp.idx.length; i++)
      m.set(sp.idx[i] as number, (m.get(sp.idx[i] as number) ?? 0) + (sp.cnt[i] as number));
    for (const [ix, acc] of side) acc.add(m.get(ix) ?? 0, mean);
  };
  hs.forEach((h, i) => {
    const p = parts[i] as { zero: number; pos: Sparse; neg: Sparse };
    count.add(h.count, mean);
    sum.add(h.sum, mean);
    zero.add(p.zero, mean);
    feed(pos, p.pos);
    feed(neg, p.neg);
  });
  const out = layout;
  out.count = count.result(mean);
  out.sum = sum.result(mean);
  out.zeroCount = layout.usesCustomBuckets() ? 0 : zero.result(mean);
  const side = (m: Map<number, FieldAcc>): Sparse => {
    const idx = [...m.keys()].sort((a, b) => a - b);
    return { idx, cnt: idx.map((ix) => (m.get(ix) as FieldAcc).result(mean)) };
  };
  const p = build(side(pos));
  const n = build(side(neg));
  out.positiveSpans = p.spans;
  out.positiveBuckets = p.buckets;
  out.negativeSpans = n.spans;
  out.negativeBuckets = n.buckets;
  return { h: out.compact(), nhcbBoundsReconciled: reconciled };
}

/** newEmptyLike is an empty histogram with h's schema and custom bounds. */
export function newEmptyLike(h: FloatHistogram): FloatHistogram {
  const e = new FloatHistogram();
  e.schema = h.schema;
  e.customValues = h.customValues;
  return e;
}
