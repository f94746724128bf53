// Small helpers every benchmark script uses: flag parsing, forced GC, memory and medians.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** positiveInt reads a positive integer flag value, `dflt` when absent. */
export function positiveInt(name: string, s: string | undefined, dflt: number): number {
  if (s === undefined) return dflt;
  const n = Number(s);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got ${s}`);
  return n;
}

/**
 * collector returns a function running a full GC, so heap figures count live data only (--expose-gc cannot be
 * passed through an npm script, so it is set here); a no-op where that is refused.
 */
export function collector(): () => void {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  return typeof gc === 'function' ? () => void gc() : () => undefined;
}

/** heapAndBuffers is the JS heap in use plus ArrayBuffer memory (typed arrays live outside the heap). */
export function heapAndBuffers(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** median of a list; NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
