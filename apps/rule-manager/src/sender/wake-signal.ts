/**
 * WakeSignal lets a background loop sleep until there is work (notify) or a timeout passes.
 * A notify with nobody waiting is remembered, so work added between two waits is not missed.
 */
export class WakeSignal {
  private pending = false;
  private wake: (() => void) | undefined;

  /** notify wakes the waiting loop, or the next wait if none is waiting. */
  notify(): void {
    const wake = this.wake;
    if (wake) {
      this.wake = undefined;
      wake();
    } else {
      this.pending = true;
    }
  }

  /** wait resolves on the next notify, or after timeoutMs when given; its timer never keeps the process alive. */
  wait(timeoutMs?: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = (): void => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      if (timeoutMs !== undefined) {
        timer = setTimeout(done, Math.max(0, timeoutMs));
        timer.unref();
      }
      this.wake = done;
    });
  }
}
