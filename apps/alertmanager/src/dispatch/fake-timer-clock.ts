import type { TimerClock, TimerHandle } from './timer-clock';

interface FakeTimer {
  due: number;
  seq: number;
  fn: () => void;
}

/** settle lets every promise chain that waits on nothing but other promises run to completion. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * FakeTimerClock is a TimerClock for tests: time moves only through `advance`, which fires due timers in order
 * (equal due times in the order they were set) and lets the work they start settle before moving on.
 */
export class FakeTimerClock implements TimerClock {
  private t: number;
  private seq = 0;
  private readonly timers = new Set<FakeTimer>();

  constructor(startMs: number) {
    this.t = startMs;
  }

  now(): number {
    return this.t;
  }

  setTimer(fn: () => void, delayMs: number): TimerHandle {
    const timer: FakeTimer = { due: this.t + Math.max(0, delayMs), seq: this.seq++, fn };
    this.timers.add(timer);
    return { cancel: () => void this.timers.delete(timer) };
  }

  /** advance moves time forward by `ms`, firing every timer that falls due on the way. */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.t + ms);
  }

  /** advanceTo moves time forward to `target` (never backwards), firing every timer due by then. */
  async advanceTo(target: number): Promise<void> {
    await settle();
    for (;;) {
      let next: FakeTimer | undefined;
      for (const timer of this.timers) {
        if (!next || timer.due < next.due || (timer.due === next.due && timer.seq < next.seq)) next = timer;
      }
      if (!next || next.due > Math.max(target, this.t)) break;
      this.timers.delete(next);
      this.t = Math.max(this.t, next.due);
      next.fn();
      await settle();
    }
    this.t = Math.max(this.t, target);
    await settle();
  }

  /** settle waits until promise chains started by fired timers have run. */
  async settle(): Promise<void> {
    await settle();
    await settle();
  }

  /** pendingTimers counts timers not yet fired or cancelled. */
  pendingTimers(): number {
    return this.timers.size;
  }

  /** nextDue is when the earliest pending timer fires, or undefined if none is pending. */
  nextDue(): number | undefined {
    let due: number | undefined;
    for (const timer of this.timers) if (due === undefined || timer.due < due) due = timer.due;
    return due;
  }
}
