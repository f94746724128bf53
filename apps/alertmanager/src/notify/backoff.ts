/** BackoffOptions shapes an ExponentialBackoff; the defaults are those Alertmanager's retry stage uses. */
export interface BackoffOptions {
  /** First interval (ms); default 500. */
  initialMs?: number;
  /** Growth per step; default 1.5. */
  multiplier?: number;
  /** Each wait is the interval ± this fraction of it; default 0.5. */
  randomizationFactor?: number;
  /** The interval stops growing here (ms); default 60 000. */
  maxMs?: number;
  /** A uniform random number in [0, 1); default Math.random. */
  random?: () => number;
}

/**
 * ExponentialBackoff yields waits of 500 ms, 750 ms, 1125 ms, … ×1.5 up to 60 s, each jittered by ±50% (the
 * defaults of cenkalti/backoff, which Alertmanager uses). It never gives up; the flush deadline ends retries.
 */
export class ExponentialBackoff {
  private current: number;
  private readonly multiplier: number;
  private readonly factor: number;
  private readonly maxMs: number;
  private readonly random: () => number;

  constructor(opts: BackoffOptions = {}) {
    this.current = opts.initialMs ?? 500;
    this.multiplier = opts.multiplier ?? 1.5;
    this.factor = opts.randomizationFactor ?? 0.5;
    this.maxMs = opts.maxMs ?? 60_000;
    this.random = opts.random ?? Math.random;
  }

  /** next returns the next wait (ms) and grows the interval. */
  next(): number {
    const delta = this.factor * this.current;
    const wait = this.current - delta + this.random() * 2 * delta;
    this.current = this.current >= this.maxMs / this.multiplier ? this.maxMs : this.current * this.multiplier;
    return wait;
  }
}
