// Cluster stages: replicas stagger their sends so the first one's notification log entry stops the others.

import { stage, type Stage } from './stage';

/** Peer is this alertmanager's place in a cluster (Alertmanager's notify.Peer). */
export interface Peer {
  /** waitReady resolves when the peer has settled (state exchanged with the others). */
  waitReady(signal: AbortSignal): Promise<void>;
}

/** sleep waits `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * waitStage delays by `wait()` ms — the peer's position × the peer timeout in a cluster, 0 for a single instance —
 * failing if the flush is aborted meanwhile.
 */
export function waitStage(wait: () => number): Stage {
  return stage(async (ctx, alerts) => {
    const ms = wait();
    if (ms > 0) await sleep(ms, ctx.signal);
    else ctx.signal.throwIfAborted();
    return { ctx, alerts };
  });
}

/** gossipSettleStage waits until the peer is ready before anything is sent. */
export function gossipSettleStage(peer: Peer): Stage {
  return stage(async (ctx, alerts) => {
    await peer.waitReady(ctx.signal);
    return { ctx, alerts };
  });
}
