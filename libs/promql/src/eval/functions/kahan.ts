// Kahan–Neumaier compensated summation, step for step as Prometheus's util/kahansum.

/** KahanState is a running sum and its compensation term; the total is `sum + c` unless `sum` is infinite. */
export interface KahanState {
  sum: number;
  c: number;
}

/** kahanSumInc adds `inc` to (`sum`, `c`) and returns the new pair, as Go's kahansum.Inc. */
export function kahanSumInc(inc: number, sum: number, c: number): [number, number] {
  const t = sum + inc;
  if (t === Infinity || t === -Infinity) {
    // Once the sum overflows, the compensation would only add NaN (Inf - Inf).
    return [t, 0];
  }
  if (Math.abs(sum) >= Math.abs(inc)) return [t, c + (sum - t + inc)];
  return [t, c + (inc - t + sum)];
}

/** kahanSum sums values with compensation; an infinite sum is returned as is (as sum_over_time does). */
export function kahanSum(values: ArrayLike<number>, length = values.length): number {
  let sum = 0;
  let c = 0;
  for (let i = 0; i < length; i++) [sum, c] = kahanSumInc(values[i] as number, sum, c);
  return sum === Infinity || sum === -Infinity ? sum : sum + c;
}
