// Test helpers: build RangePoints and contexts from readable [seconds, value] pairs.
import type { RangeFnContext, RangePoints } from '../../types';

/** pts builds RangePoints from [timeSeconds, value] pairs (arrays one longer than needed, as the engine may). */
export function pts(pairs: ReadonlyArray<readonly [number, number]>): RangePoints {
  const t = new Float64Array(pairs.length + 1);
  const v = new Float64Array(pairs.length + 1);
  pairs.forEach(([ts, val], i) => {
    t[i] = ts * 1000;
    v[i] = val;
  });
  t[pairs.length] = 999e9;
  v[pairs.length] = 12345;
  return { t, v, length: pairs.length };
}

/** values builds points spaced `stepS` seconds apart starting at `stepS`. */
export function values(vs: readonly number[], stepS = 10): RangePoints {
  return pts(vs.map((v, i) => [(i + 1) * stepS, v] as const));
}

/** ctx is the context of `f(m[rangeS])` evaluated at `evalS` with `offsetS`. */
export function ctx(evalS: number, rangeS: number, offsetS = 0): RangeFnContext {
  return { rangeStartMs: (evalS - rangeS - offsetS) * 1000, rangeEndMs: (evalS - offsetS) * 1000, evalTimeMs: evalS * 1000 };
}
