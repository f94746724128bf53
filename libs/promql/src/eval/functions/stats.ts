// Order statistics shared by quantile_over_time, mad_over_time and the quantile aggregator.

/** compareForQuantile orders NaN first, then ascending, like Prometheus's vectorByValueHeap. */
export function compareForQuantile(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1;
  if (Number.isNaN(b)) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * quantile is Prometheus's quantile(): linear interpolation between the closest ranks of the sorted values;
 * NaN for no values or q NaN, -Inf for q < 0, +Inf for q > 1. Sorts `values` in place.
 */
export function quantile(q: number, values: number[]): number {
  if (values.length === 0 || Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  values.sort(compareForQuantile);
  const n = values.length;
  const rank = q * (n - 1);
  const lowerIndex = Math.max(0, Math.floor(rank));
  const upperIndex = Math.min(n - 1, lowerIndex + 1);
  const weight = rank - Math.floor(rank);
  return (values[lowerIndex] as number) * (1 - weight) + (values[upperIndex] as number) * weight;
}
