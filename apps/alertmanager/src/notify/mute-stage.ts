import type { Alert } from '../alert/alert';
import type { Muter } from '../mute';
import type { NotifyLogger } from './logger';
import type { NotifyMetrics, SuppressedReason } from './notify-metrics';
import { stage, type Stage } from './stage';

/**
 * muteStage drops the alerts a Muter mutes (an Inhibitor or a Silencer), counting them as suppressed for `reason`.
 */
export function muteStage(
  muter: Muter,
  reason: SuppressedReason,
  metrics: NotifyMetrics,
  logger?: NotifyLogger,
): Stage {
  return stage(async (ctx, alerts) => {
    const kept: Alert[] = [];
    let muted = 0;
    for (const a of alerts) {
      if (muter.mutes(a.labels)) muted++;
      else kept.push(a);
    }
    if (muted > 0) {
      metrics.suppressed.inc({ reason }, muted);
      logger?.debug(
        { aggrGroup: ctx.groupKey, muted, reason },
        'Notifications will not be sent for muted alerts',
      );
    }
    return { ctx, alerts: kept };
  });
}
