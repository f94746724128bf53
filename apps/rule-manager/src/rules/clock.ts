/** Clock is the time source of rule evaluation, injected so tests run on a fake clock. */
export interface Clock {
  /** now returns the current time in ms since the epoch. */
  now(): number;
  /** sleep resolves `true` after `ms`, or `false` as soon as `signal` aborts (at once if already aborted). */
  sleep(ms: number, signal?: AbortSignal): Promise<boolean>;
}

/** systemClock is the real clock: Date.now and setTimeout. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        resolve(false);
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(true);
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};
