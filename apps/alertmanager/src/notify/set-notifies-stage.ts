import type { NflogReceiver, NotificationLog } from '../nflog';
import { stage, type Stage } from './stage';

/**
 * setNotifiesStage records a delivered notification in the log: the firing and resolved fingerprints the dedup
 * stage saw, the integration's data, kept for twice the repeat interval (capped by the log's retention).
 */
export function setNotifiesStage(log: NotificationLog, receiver: NflogReceiver): Stage {
  return stage(async (ctx, alerts) => {
    const state = ctx.notification;
    if (!state) throw new Error('firing alerts missing');
    await log.log({
      groupKey: ctx.groupKey,
      receiver,
      firingAlerts: state.firing,
      resolvedAlerts: state.resolved,
      receiverData: state.receiverData,
      expiryMs: 2 * ctx.repeatIntervalMs,
    });
    return { ctx, alerts };
  });
}
