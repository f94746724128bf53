// Range functions over `anchored` and `smoothed` range selectors (experimental extended range selectors).
import { dropName } from './labels';
import { extendedRate } from './functions';
import type { FloatHistogram } from './histogram/float-histogram';
import { extendedHistogramRate, mixedWarning, nativeRangeCall } from './native-range';
import type { RangeFnContext, RangeFunction } from './types';
import type { MatrixSeries, Vector } from './values';

/** ANCHORED_SAFE are the functions that accept an `anchored` range selector. */
export const ANCHORED_SAFE = ['changes', 'delta', 'increase', 'rate', 'resets'];
/** SMOOTHED_SAFE are the functions that accept a `smoothed` range selector. */
export const SMOOTHED_SAFE = ['delta', 'increase', 'rate'];

/** extendedRangeCall evaluates rate/increase/delta/resets/changes over an anchored or smoothed range selector. */
export function extendedRangeCall(
  name: string,
  series: MatrixSeries[],
  ctx: RangeFnContext,
  smoothed: boolean,
  fn: RangeFunction,
  scalars: number[],
  annotate: (level: 'warn' | 'info', message: string) => void,
): Vector {
  const out: Vector = [];
  for (const s of series) {
    let value: number | undefined;
    if (name === 'resets' || name === 'changes') {
      // The anchor is the last sample at or before the range start; only ranges with a sample after it count.
      let first = 0;
      while (first + 1 < s.length && (s.t[first + 1] as number) <= ctx.rangeStartMs) first++;
      if ((s.t[s.length - 1] as number) <= ctx.rangeStartMs) continue;
      const pts: MatrixSeries = {
        labels: s.labels,
        t: s.t.subarray(first, s.length),
        v: s.v.subarray(first, s.length),
        length: s.length - first,
      };
      if (s.h !== undefined) {
        pts.h = s.h.slice(first, s.length);
        value = nativeRangeCall(name, pts, ctx, scalars, fn, () => undefined)?.value;
      } else value = fn(pts, ctx, scalars);
    } else if (s.h !== undefined) {
      const metric = s.labels['__name__'] ?? '';
      const ht: number[] = [];
      const hs: FloatHistogram[] = [];
      for (let i = 0; i < s.length; i++) {
        const h = s.h[i];
        if (h !== undefined) {
          ht.push(s.t[i] as number);
          hs.push(h);
        }
      }
      if (hs.length < s.length) {
        annotate('warn', mixedWarning(metric));
        continue;
      }
      const h = extendedHistogramRate(
        ht,
        hs,
        ctx,
        name !== 'delta',
        name === 'rate',
        smoothed,
        metric,
        annotate,
      );
      if (h !== undefined) out.push({ labels: dropName(s.labels), value: 0, h });
      continue;
    } else {
      value = extendedRate(s, ctx, name !== 'delta', name === 'rate', smoothed);
    }
    if (value !== undefined) out.push({ labels: dropName(s.labels), value });
  }
  return out;
}
