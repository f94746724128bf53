// Stages and the combinators that compose them into a receiver's pipeline (Alertmanager's Stage, MultiStage,
// FanoutStage).

import type { Alert } from '../alert/alert';
import type { ReceiverDataValue } from '../nflog';
import { errorMessage } from './notify-error';
import type { NotifyContext } from './notify-context';
import type { NotifyReason } from './notify-reason';

/** NotificationState is what the dedup stage learns for one integration and the later stages of its branch use. */
export interface NotificationState {
  /** Fingerprints of the firing alerts of this flush. */
  firing: string[];
  /** Fingerprints of the resolved alerts of this flush. */
  resolved: string[];
  reason: NotifyReason;
  /** Integration data from the last notification (empty on a first one); a notifier may change it. */
  receiverData: Record<string, ReceiverDataValue>;
}

/** StageContext is a NotifyContext inside the pipeline: its abort signal also fires at the flush deadline. */
export interface StageContext extends NotifyContext {
  signal: AbortSignal;
  /** Set by the dedup stage, per integration branch. */
  notification?: NotificationState;
}

/** StageResult is a stage's output: the context for the next stage and the alerts still to handle. */
export interface StageResult {
  ctx: StageContext;
  alerts: Alert[];
}

/** Stage is one step of the pipeline; returning no alerts ends the sequence it is in; throwing fails the flush. */
export interface Stage {
  exec(ctx: StageContext, alerts: Alert[]): Promise<StageResult>;
}

/** stage makes a Stage of a function. */
export function stage(exec: (ctx: StageContext, alerts: Alert[]) => Promise<StageResult>): Stage {
  return { exec };
}

/** sequence runs stages one after the other, each on the previous one's output, stopping when no alerts are left. */
export function sequence(...stages: Stage[]): Stage {
  return stage(async (ctx, alerts) => {
    let cur: StageResult = { ctx, alerts };
    for (const s of stages) {
      if (cur.alerts.length === 0) return { ctx: cur.ctx, alerts: [] };
      cur = await s.exec(cur.ctx, cur.alerts);
    }
    return cur;
  });
}

/** FanOutError collects the failures of a fan-out's branches. */
export class FanOutError extends AggregateError {
  override readonly name = 'FanOutError';
  constructor(errors: unknown[]) {
    super(errors, errors.map(errorMessage).join('; '));
  }
}

/**
 * fanOut runs stages concurrently on the same input, waits for all, and passes its input on; it throws a
 * FanOutError naming every branch that failed (one integration failing does not stop the others).
 */
export function fanOut(stages: Stage[]): Stage {
  return stage(async (ctx, alerts) => {
    const settled = await Promise.allSettled(stages.map((s) => s.exec(ctx, alerts)));
    const errors = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (errors.length > 0) throw new FanOutError(errors);
    return { ctx, alerts };
  });
}
