/** TimerHandle cancels a timer set with TimerClock.setTimer; cancelling twice or after it fired does nothing. */
export interface TimerHandle {
  cancel(): void;
}

/** TimerClock is the time source and timer service of the alert store and the dispatcher, injected for tests. */
export interface TimerClock {
  /** now returns the current time in ms since the epoch. */
  now(): number;
  /** setTimer calls `fn` once after `delayMs` (at once for delays ≤ 0, but never synchronously). */
  setTimer(fn: () => void, delayMs: number): TimerHandle;
}

// Node's setTimeout overflows above 2^31 − 1 ms (~24.8 days) and then fires after 1 ms.
const MAX_NODE_DELAY_MS = 2 ** 31 - 1;

/** systemTimerClock is the real clock: Date.now and unref'd setTimeout, chained for delays beyond Node's limit. */
export const systemTimerClock: TimerClock = {
  now: () => Date.now(),
  setTimer(fn, delayMs) {
    const due = Date.now() + Math.max(0, delayMs);
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      const left = due - Date.now();
      if (left > MAX_NODE_DELAY_MS) {
        timer = setTimeout(arm, MAX_NODE_DELAY_MS);
      } else {
        timer = setTimeout(fn, Math.max(0, left));
      }
      // A pending notification timer must not keep a stopping process alive.
      timer.unref();
    };
    arm();
    return { cancel: () => clearTimeout(timer) };
  },
};
