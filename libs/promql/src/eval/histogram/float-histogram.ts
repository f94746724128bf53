// FloatHistogram: Prometheus's native histogram with float counts (exponential schemas and custom bounds/NHCB).
import { formatFloatG } from '../../go-format';
import {
  CUSTOM_BUCKETS_SCHEMA,
  build,
  customBoundsMatch,
  dropInZero,
  expand,
  getBound,
  intersectBounds,
  mapCustom,
  merge,
  reduce,
  sparseDecreased,
  type Sparse,
} from './sparse';

export { CUSTOM_BUCKETS_SCHEMA, customBoundsMatch, getBound } from './sparse';

/** CounterResetHint says whether a histogram follows a counter reset; 'gauge' marks gauge histograms. */
export type CounterResetHint = 'unknown' | 'reset' | 'not_reset' | 'gauge';

/** Span is a run of consecutive buckets: offset from the end of the previous span (absolute for the first). */
export interface Span {
  offset: number;
  length: number;
}

/** Bucket is one bucket as iterators return it: bounds, count and index. */
export interface Bucket {
  lower: number;
  upper: number;
  lowerInclusive: boolean;
  upperInclusive: boolean;
  count: number;
  index: number;
}

/** HistogramError is an incompatible-histograms failure (mixing exponential and custom buckets). */
export class HistogramError extends Error {}

/** Result flags of add/sub, mirrored from Prometheus's Add/Sub return values. */
export interface AddResult {
  counterResetCollision: boolean;
  nhcbBoundsReconciled: boolean;
}

/** FloatHistogram is a native histogram with float counts; operations mutate the receiver unless noted. */
export class FloatHistogram {
  schema = 0;
  zeroThreshold = 0;
  zeroCount = 0;
  count = 0;
  sum = 0;
  positiveSpans: Span[] = [];
  positiveBuckets: number[] = [];
  negativeSpans: Span[] = [];
  negativeBuckets: number[] = [];
  /** Upper bounds of the custom buckets (schema -53); the last bucket goes to +Inf. Treated as immutable. */
  customValues: readonly number[] | undefined = undefined;
  counterResetHint: CounterResetHint = 'unknown';

  /** usesCustomBuckets is true for NHCB (schema -53). */
  usesCustomBuckets(): boolean {
    return this.schema === CUSTOM_BUCKETS_SCHEMA;
  }

  /** copy is a deep copy (custom bounds shared). */
  copy(): FloatHistogram {
    const h = new FloatHistogram();
    h.schema = this.schema;
    h.zeroThreshold = this.zeroThreshold;
    h.zeroCount = this.zeroCount;
    h.count = this.count;
    h.sum = this.sum;
    h.positiveSpans = this.positiveSpans.map((s) => ({ ...s }));
    h.positiveBuckets = [...this.positiveBuckets];
    h.negativeSpans = this.negativeSpans.map((s) => ({ ...s }));
    h.negativeBuckets = [...this.negativeBuckets];
    h.customValues = this.customValues;
    h.counterResetHint = this.counterResetHint;
    return h;
  }

  /** mul scales every count and the sum; a negative factor makes it a gauge. */
  mul(factor: number): this {
    this.zeroCount *= factor;
    this.count *= factor;
    this.sum *= factor;
    for (let i = 0; i < this.positiveBuckets.length; i++)
      this.positiveBuckets[i] = (this.positiveBuckets[i] as number) * factor;
    for (let i = 0; i < this.negativeBuckets.length; i++)
      this.negativeBuckets[i] = (this.negativeBuckets[i] as number) * factor;
    if (factor < 0) this.counterResetHint = 'gauge';
    return this;
  }

  /** div divides every count and the sum; dividing by zero drops the buckets. */
  div(scalar: number): this {
    this.zeroCount /= scalar;
    this.count /= scalar;
    this.sum /= scalar;
    if (scalar === 0) {
      this.positiveSpans = [];
      this.positiveBuckets = [];
      this.negativeSpans = [];
      this.negativeBuckets = [];
      return this;
    }
    for (let i = 0; i < this.positiveBuckets.length; i++)
      this.positiveBuckets[i] = (this.positiveBuckets[i] as number) / scalar;
    for (let i = 0; i < this.negativeBuckets.length; i++)
      this.negativeBuckets[i] = (this.negativeBuckets[i] as number) / scalar;
    if (scalar < 0) this.counterResetHint = 'gauge';
    return this;
  }

  /** add adds `other` into this histogram, reconciling schema, zero bucket and custom bounds. */
  add(other: FloatHistogram): AddResult {
    return this.#combine(other, false);
  }

  /** sub subtracts `other` from this histogram (see add). */
  sub(other: FloatHistogram): AddResult {
    return this.#combine(other, true);
  }

  #combine(other: FloatHistogram, negate: boolean): AddResult {
    if (this.usesCustomBuckets() !== other.usesCustomBuckets()) {
      throw new HistogramError(
        'cannot apply this operation on histograms with a mix of exponential and custom bucket schemas',
      );
    }
    const counterResetCollision = this.#adjustCounterReset(other);
    const sign = negate ? -1 : 1;
    this.count += sign * other.count;
    this.sum += sign * other.sum;
    let nhcbBoundsReconciled = false;
    if (this.usesCustomBuckets()) {
      let a = expand(this.positiveSpans, this.positiveBuckets);
      let b = expand(other.positiveSpans, other.positiveBuckets);
      if (!customBoundsMatch(this.customValues, other.customValues)) {
        nhcbBoundsReconciled = true;
        const bounds = intersectBounds(this.customValues ?? [], other.customValues ?? []);
        a = mapCustom(a, this.customValues ?? [], bounds);
        b = mapCustom(b, other.customValues ?? [], bounds);
        this.customValues = bounds;
      }
      const r = build(merge(a, b, negate));
      this.positiveSpans = r.spans;
      this.positiveBuckets = r.buckets;
      return { counterResetCollision, nhcbBoundsReconciled };
    }
    const otherZero = this.#reconcileZeroBuckets(other);
    this.zeroCount += sign * otherZero;
    const target = Math.min(this.schema, other.schema);
    for (const side of ['positive', 'negative'] as const) {
      const spansKey = side === 'positive' ? 'positiveSpans' : 'negativeSpans';
      const bucketsKey = side === 'positive' ? 'positiveBuckets' : 'negativeBuckets';
      const a = reduce(expand(this[spansKey], this[bucketsKey]), this.schema, target);
      let b = reduce(expand(other[spansKey], other[bucketsKey]), other.schema, target);
      // Buckets of the other histogram inside the (possibly widened) zero bucket went into otherZero.
      if (this.zeroThreshold > 0) b = dropInZero(b, target, this.zeroThreshold, side === 'positive');
      const r = build(merge(a, b, negate));
      this[spansKey] = r.spans;
      this[bucketsKey] = r.buckets;
    }
    this.schema = target;
    return { counterResetCollision, nhcbBoundsReconciled };
  }

  #adjustCounterReset(other: FloatHistogram): boolean {
    const a = this.counterResetHint;
    const b = other.counterResetHint;
    if (a === b || a === 'gauge') return false;
    if (b === 'gauge') {
      this.counterResetHint = 'gauge';
      return false;
    }
    if (a === 'unknown') return false;
    this.counterResetHint = 'unknown';
    return b !== 'unknown';
  }

  /** zeroCountForLargerThreshold is the zero count for a larger threshold, and the threshold actually needed. */
  zeroCountForLargerThreshold(threshold: number): [number, number] {
    if (threshold === this.zeroThreshold) return [this.zeroCount, threshold];
    let larger = threshold;
    for (;;) {
      let zc = this.zeroCount;
      let redo = false;
      for (const b of this.bucketsOf(true)) {
        if (b.lower >= larger) break;
        zc += b.count;
        if (b.upper > larger) {
          if (b.count !== 0) larger = b.upper;
          break;
        }
      }
      for (const b of this.bucketsOf(false)) {
        if (b.upper <= -larger) break;
        zc += b.count;
        if (b.lower < -larger) {
          if (b.count !== 0) {
            larger = -b.lower;
            redo = true;
          }
          break;
        }
      }
      if (!redo) return [zc, larger];
    }
  }

  #trimBucketsInZeroBucket(): void {
    const zt = this.zeroThreshold;
    const pos = expand(this.positiveSpans, this.positiveBuckets);
    const neg = expand(this.negativeSpans, this.negativeBuckets);
    const p = dropInZero(pos, this.schema, zt, true);
    const n = dropInZero(neg, this.schema, zt, false);
    const rp = build(p);
    const rn = build(n);
    this.positiveSpans = rp.spans;
    this.positiveBuckets = rp.buckets;
    this.negativeSpans = rn.spans;
    this.negativeBuckets = rn.buckets;
  }

  #reconcileZeroBuckets(other: FloatHistogram): number {
    let otherZeroCount = other.zeroCount;
    let otherThreshold = other.zeroThreshold;
    while (otherThreshold !== this.zeroThreshold) {
      if (this.zeroThreshold > otherThreshold) {
        [otherZeroCount, otherThreshold] = other.zeroCountForLargerThreshold(this.zeroThreshold);
      }
      if (otherThreshold > this.zeroThreshold) {
        [this.zeroCount, this.zeroThreshold] = this.zeroCountForLargerThreshold(otherThreshold);
        this.#trimBucketsInZeroBucket();
      }
    }
    return otherZeroCount;
  }

  /** compact drops empty buckets (runs of more than maxEmpty empty buckets, and all at span edges). */
  compact(maxEmpty = 0): this {
    for (const side of ['positive', 'negative'] as const) {
      const spansKey = side === 'positive' ? 'positiveSpans' : 'negativeSpans';
      const bucketsKey = side === 'positive' ? 'positiveBuckets' : 'negativeBuckets';
      const sp = expand(this[spansKey], this[bucketsKey]);
      const idx: number[] = [];
      const cnt: number[] = [];
      for (let i = 0; i < sp.idx.length; i++) {
        if (sp.cnt[i] === 0 && maxEmpty === 0) continue;
        idx.push(sp.idx[i] as number);
        cnt.push(sp.cnt[i] as number);
      }
      const r = build({ idx, cnt });
      this[spansKey] = r.spans;
      this[bucketsKey] = r.buckets;
    }
    return this;
  }

  /** reduceResolution merges buckets down to a coarser exponential schema. */
  reduceResolution(target: number): this {
    if (this.usesCustomBuckets() || target >= this.schema) return this;
    const p = build(reduce(expand(this.positiveSpans, this.positiveBuckets), this.schema, target));
    const n = build(reduce(expand(this.negativeSpans, this.negativeBuckets), this.schema, target));
    this.positiveSpans = p.spans;
    this.positiveBuckets = p.buckets;
    this.negativeSpans = n.spans;
    this.negativeBuckets = n.buckets;
    this.schema = target;
    return this;
  }

  /** detectReset is true when this histogram cannot follow `previous` without a counter reset. */
  detectReset(previous: FloatHistogram): boolean {
    if (this.counterResetHint === 'reset') return true;
    if (this.counterResetHint === 'not_reset') return false;
    return this.detectResetIgnoringHint(previous);
  }

  /** detectResetIgnoringHint is detectReset looking at the counts only. */
  detectResetIgnoringHint(previous: FloatHistogram): boolean {
    if (this.count < previous.count) return true;
    if (this.usesCustomBuckets() || previous.usesCustomBuckets()) {
      if (!this.usesCustomBuckets() || !previous.usesCustomBuckets()) return true;
      let cur = expand(this.positiveSpans, this.positiveBuckets);
      let prev = expand(previous.positiveSpans, previous.positiveBuckets);
      if (!customBoundsMatch(this.customValues, previous.customValues)) {
        const bounds = intersectBounds(this.customValues ?? [], previous.customValues ?? []);
        cur = mapCustom(cur, this.customValues ?? [], bounds);
        prev = mapCustom(prev, previous.customValues ?? [], bounds);
      }
      return sparseDecreased(cur, prev);
    }
    if (this.schema > previous.schema) return true;
    if (this.zeroThreshold < previous.zeroThreshold) return true;
    const [prevZero, newThreshold] = previous.zeroCountForLargerThreshold(this.zeroThreshold);
    if (newThreshold !== this.zeroThreshold) return true;
    if (this.zeroCount < prevZero) return true;
    for (const positive of [true, false]) {
      const sk = positive ? 'positiveSpans' : 'negativeSpans';
      const bk = positive ? 'positiveBuckets' : 'negativeBuckets';
      const cur = dropInZero(expand(this[sk], this[bk]), this.schema, this.zeroThreshold, positive);
      const prev = dropInZero(
        reduce(expand(previous[sk], previous[bk]), previous.schema, this.schema),
        this.schema,
        this.zeroThreshold,
        positive,
      );
      if (sparseDecreased(cur, prev)) return true;
    }
    return false;
  }

  /** bucketsOf lists the positive or negative buckets, in order of increasing absolute value. */
  bucketsOf(positive: boolean): Bucket[] {
    const sp = positive
      ? expand(this.positiveSpans, this.positiveBuckets)
      : expand(this.negativeSpans, this.negativeBuckets);
    const out: Bucket[] = [];
    const custom = this.usesCustomBuckets();
    for (let i = 0; i < sp.idx.length; i++) {
      const ix = sp.idx[i] as number;
      const c = sp.cnt[i] as number;
      if (custom) {
        const cv = this.customValues ?? [];
        out.push({
          lower: ix === 0 ? -Infinity : (cv[ix - 1] as number),
          upper: ix < cv.length ? (cv[ix] as number) : Infinity,
          lowerInclusive: false,
          upperInclusive: true,
          count: c,
          index: ix,
        });
      } else if (positive) {
        out.push({
          lower: getBound(ix - 1, this.schema),
          upper: getBound(ix, this.schema),
          lowerInclusive: false,
          upperInclusive: true,
          count: c,
          index: ix,
        });
      } else {
        out.push({
          lower: -getBound(ix, this.schema),
          upper: -getBound(ix - 1, this.schema),
          lowerInclusive: true,
          upperInclusive: false,
          count: c,
          index: ix,
        });
      }
    }
    return out;
  }

  /** allBuckets lists every bucket from the lowest to the highest values (negative, zero, positive). */
  allBuckets(): Bucket[] {
    const zt = this.zeroThreshold;
    const out: Bucket[] = [];
    for (const b of this.bucketsOf(false).reverse()) {
      if (b.upper < 0 && b.upper > -zt) b.upper = -zt;
      else if (b.lower > 0 && b.lower < zt) b.lower = zt;
      out.push(b);
    }
    if (this.zeroCount > 0) {
      out.push({
        lower: -zt,
        upper: zt,
        lowerInclusive: true,
        upperInclusive: true,
        count: this.zeroCount,
        index: 0,
      });
    }
    for (const b of this.bucketsOf(true)) {
      if (b.lower > 0 && b.lower < zt) b.lower = zt;
      else if (b.upper < 0 && b.upper > -zt) b.upper = -zt;
      out.push(b);
    }
    return out;
  }

  /** equals compares exactly (after compaction of both). */
  equals(o: FloatHistogram): boolean {
    const a = this.copy().compact();
    const b = o.copy().compact();
    return (
      a.schema === b.schema &&
      Object.is(a.count, b.count) &&
      Object.is(a.sum, b.sum) &&
      a.zeroThreshold === b.zeroThreshold &&
      Object.is(a.zeroCount, b.zeroCount) &&
      customBoundsMatch(a.customValues, b.customValues) &&
      JSON.stringify([a.positiveSpans, a.negativeSpans]) ===
        JSON.stringify([b.positiveSpans, b.negativeSpans]) &&
      a.positiveBuckets.every((x, i) => Object.is(x, b.positiveBuckets[i])) &&
      a.negativeBuckets.every((x, i) => Object.is(x, b.negativeBuckets[i])) &&
      a.positiveBuckets.length === b.positiveBuckets.length &&
      a.negativeBuckets.length === b.negativeBuckets.length
    );
  }

  /** toString is Prometheus's FloatHistogram.String (count_values uses it as a label value). */
  toString(): string {
    const b = (x: Bucket): string =>
      `${x.lowerInclusive ? '[' : '('}${formatFloatG(x.lower)},${formatFloatG(x.upper)}${x.upperInclusive ? ']' : ')'}:${formatFloatG(x.count)}`;
    let out = `{count:${formatFloatG(this.count)}, sum:${formatFloatG(this.sum)}`;
    for (const x of this.bucketsOf(false)
      .filter((y) => y.count !== 0)
      .reverse())
      out += `, ${b(x)}`;
    if (this.zeroCount !== 0) {
      out += `, ${b({ lower: -this.zeroThreshold, upper: this.zeroThreshold, lowerInclusive: true, upperInclusive: true, count: this.zeroCount, index: 0 })}`;
    }
    for (const x of this.bucketsOf(true)) if (x.count !== 0) out += `, ${b(x)}`;
    return `${out}}`;
  }

  /** testExpression renders the histogram in promqltest notation (`{{schema:0 count:1 ...}}`). */
  testExpression(): string {
    const parts: string[] = [];
    if (this.schema !== 0) parts.push(`schema:${this.schema}`);
    if (this.count !== 0) parts.push(`count:${this.count}`);
    if (this.sum !== 0) parts.push(`sum:${this.sum}`);
    if (this.zeroCount !== 0) parts.push(`z_bucket:${this.zeroCount}`);
    if (this.zeroThreshold !== 0) parts.push(`z_bucket_w:${this.zeroThreshold}`);
    if (this.customValues !== undefined && this.customValues.length > 0)
      parts.push(`custom_values:[${this.customValues.join(' ')}]`);
    if (this.counterResetHint !== 'unknown') parts.push(`counter_reset_hint:${this.counterResetHint}`);
    const side = (sp: Sparse, prefix: string): void => {
      if (sp.idx.length === 0) return;
      const first = sp.idx[0] as number;
      const last = sp.idx[sp.idx.length - 1] as number;
      const vals = new Array<number>(last - first + 1).fill(0);
      sp.idx.forEach((ix, i) => (vals[ix - first] = sp.cnt[i] as number));
      if (first !== 0) parts.push(`${prefix}offset:${first}`);
      parts.push(`${prefix}buckets:[${vals.join(' ')}]`);
    };
    side(expand(this.positiveSpans, this.positiveBuckets), '');
    side(expand(this.negativeSpans, this.negativeBuckets), 'n_');
    return `{{${parts.join(' ')}}}`;
  }
}

/** newFloatHistogram builds a histogram from its parts (buckets given as one span each). */
export function newFloatHistogram(
  init: Partial<Omit<FloatHistogram, 'customValues'>> & { customValues?: readonly number[] },
): FloatHistogram {
  const h = new FloatHistogram();
  Object.assign(h, init);
  return h;
}
