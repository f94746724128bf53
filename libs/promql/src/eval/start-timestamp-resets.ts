// Counter resets and overlaps told by samples' start timestamps (Prometheus's isStartTimestampReset and checkStartTimeOverlap).

/** isStartTimestampReset is Prometheus's test for a counter reset between two samples from their start timestamps. */
export function isStartTimestampReset(prevSt: number, prevT: number, curSt: number, curT: number): boolean {
  // Unknown (0), invalid (after T) or OTel's unknown start (== T): no reset.
  if (curSt === 0 || curSt >= curT) return false;
  if (curSt < prevT) return false;
  if (curSt > prevT) return true;
  // curSt == prevT: a delta sample (reset) unless the previous start is unknown or invalid (cumulative).
  if (prevSt > prevT) return false;
  return prevSt !== 0 && prevSt !== prevT;
}

/** startTimeOverlap reports a start timestamp that overlaps the previous sample (bad data). */
export function startTimeOverlap(prevSt: number, prevT: number, curSt: number): boolean {
  return curSt !== 0 && curSt < prevT && curSt !== prevSt;
}

/** overlapWarning is Prometheus's StartTimeOverlapWarning. */
export function overlapWarning(metric: string): string {
  return `PromQL warning: sample has start time that overlaps with previous sample timestamp for metric ${JSON.stringify(metric)}`;
}
