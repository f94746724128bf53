import { containsTime, type TimeInterval } from './time-interval';

/** UnknownTimeIntervalError is a route naming a time interval the configuration does not define. */
export class UnknownTimeIntervalError extends Error {
  override readonly name = 'UnknownTimeIntervalError';
  constructor(readonly intervalName: string) {
    super(`time interval ${intervalName} doesn't exist in config`);
  }
}

/**
 * Intervener answers, for a route's `mute_time_intervals` or `active_time_intervals`, which of the named intervals
 * contain an instant (Alertmanager's `timeinterval.Intervener`).
 */
export class Intervener {
  private readonly intervals: ReadonlyMap<string, readonly TimeInterval[]>;

  constructor(
    intervals: ReadonlyMap<string, readonly TimeInterval[]> | Record<string, readonly TimeInterval[]>,
  ) {
    this.intervals = intervals instanceof Map ? intervals : new Map(Object.entries(intervals));
  }

  /** activeIntervals returns the names (in the order given, once each) whose interval contains `now`. */
  activeIntervals(names: readonly string[], now: Date | number): string[] {
    const out: string[] = [];
    for (const name of names) {
      const entries = this.intervals.get(name);
      if (!entries) throw new UnknownTimeIntervalError(name);
      if (!out.includes(name) && entries.some((ti) => containsTime(ti, now))) out.push(name);
    }
    return out;
  }

  /** isActive tells whether any of the named intervals contains `now`; an unknown name throws. */
  isActive(names: readonly string[], now: Date | number): boolean {
    return this.activeIntervals(names, now).length > 0;
  }
}
