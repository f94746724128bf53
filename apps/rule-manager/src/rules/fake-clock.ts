import type { Clock } from './clock';

interface Timer {
  due: number;
  seq: number;
  resolve: (completed: boolean) => void;
}

/** settle lets every promise chain that waits on nothing but other promises run to completion. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * FakeClock is a Clock for tests: time moves only through `advance`, which fires due sleeps in order and lets
 * the work they start finish before moving on; `spend` makes time pass inside a running evaluation.
 */
export class FakeClock implements Clock {
  private t: number;
  private seq = 0;
  private timers: Timer[] = [];

  constructor(startMs: number) {
    this.t = startMs;
  }

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer: Timer = { due: this.t + Math.max(0, ms), seq: this.seq++, resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((x) => x !== timer);
          resolve(false);
        },
        { once: true },
      );
    });
  }

  /** spend moves time forward without firing sleeps, as a slow query would; they fire at the next advance. */
  spend(ms: number): void {
    this.t += ms;
  }

  /** advance moves time forward by `ms`, firing every sleep that falls due on the way. */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.t + ms);
  }

  /** advanceTo moves time forward to `target` (never backwards), firing every sleep due by then. */
  async advanceTo(target: number): Promise<void> {
    await settle();
    for (;;) {
      let next: Timer | undefined;
      for (const timer of this.timers) {
        if (!next || timer.due < next.due || (timer.due === next.due && timer.seq < next.seq)) next = timer;
      }
      if (!next || next.due > Math.max(target, this.t)) break;
      const fired = next;
      this.timers = this.timers.filter((x) => x !== fired);
      this.t = Math.max(this.t, fired.due);
      fired.resolve(true);
      await settle();
    }
    this.t = Math.max(this.t, target);
    await settle();
  }

  /** pendingSleeps counts sleeps not yet fired or aborted. */
  pendingSleeps(): number {
    return this.timers.length;
  }
}
