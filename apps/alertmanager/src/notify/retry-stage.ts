// Retry: send through an integration, backing off exponentially on retriable failures until the flush deadline.

import { isResolved } from '../alert/alert';
import { ExponentialBackoff } from './backoff';
import { integrationString, type Integration } from './integration';
import { SILENT_LOGGER, type NotifyLogger } from './logger';
import { NotifyError, classifyError, errorMessage } from './notify-error';
import type { NotifyMetrics } from './notify-metrics';
import { stage, type Stage } from './stage';
import { sleep } from './wait-stage';

/** RetryStageOptions are the retry stage's collaborators. */
export interface RetryStageOptions {
  metrics: NotifyMetrics;
  logger?: NotifyLogger;
  /** Jitter source for the backoff; default Math.random. */
  random?: () => number;
}

/**
 * retryStage sends the alerts through the integration (only the firing ones unless it sends resolved; nothing, yet
 * successfully, when only resolved alerts remain for such an integration). A retriable failure is tried again after
 * an exponential backoff, until the flush's signal aborts (deadline or cancel); a non-retriable one fails at once.
 * A final failure is thrown as a NotifyError whose reason is the last attempt's (or the abort's).
 */
export function retryStage(integration: Integration, opts: RetryStageOptions): Stage {
  const { metrics } = opts;
  const logger = opts.logger ?? SILENT_LOGGER;
  const labels = metrics.labelsFor(integration);
  const where = `${integration.receiverName}/${integrationString(integration)}`;

  return stage(async (ctx, alerts) => {
    metrics.notifications.inc(labels);
    try {
      const state = ctx.notification;
      if (!state) throw new NotifyError('firing alerts missing', { retriable: false });
      let sent = alerts;
      if (!integration.sendResolved) {
        // Nothing to say, but the log must still learn that the alerts resolved.
        if (state.firing.length === 0) return { ctx, alerts };
        sent = alerts.filter((a) => !isResolved(a, ctx.now));
      }
      const backoff = new ExponentialBackoff(opts.random ? { random: opts.random } : {});
      const log = {
        receiver: integration.receiverName,
        integration: integrationString(integration),
        aggrGroup: ctx.groupKey,
      };
      let attempts = 0;
      let lastErr: unknown;
      for (;;) {
        if (ctx.signal.aborted) {
          const cause: unknown = lastErr ?? ctx.signal.reason;
          throw new NotifyError(
            `${where}: notify retry canceled after ${attempts} attempts: ${errorMessage(cause)}`,
            {
              retriable: false,
              reason: classifyError(cause).reason,
              cause,
            },
          );
        }
        const start = performance.now();
        let failure: unknown;
        let failed = false;
        try {
          await integration.notifier.notify(ctx, sent);
        } catch (err) {
          failed = true;
          failure = err;
        }
        attempts++;
        const seconds = (performance.now() - start) / 1000;
        metrics.latency.observe(labels, seconds);
        metrics.requests.inc(labels);
        if (!failed) {
          const fields = { ...log, attempts, duration: seconds, numAlerts: sent.length };
          if (attempts <= 1) logger.debug(fields, 'Notify success');
          else logger.info(fields, 'Notify success');
          return { ctx, alerts };
        }
        metrics.requestsFailed.inc(labels);
        const { retriable, reason } = classifyError(failure);
        if (!retriable) {
          throw new NotifyError(
            `${where}: notify retry canceled due to unrecoverable error after ${attempts} attempts: ${errorMessage(failure)}`,
            { retriable: false, reason, cause: failure },
          );
        }
        if (!ctx.signal.aborted) {
          if (lastErr === undefined || errorMessage(lastErr) !== errorMessage(failure)) {
            logger.warn(
              { ...log, attempts, err: errorMessage(failure) },
              'Notify attempt failed, will retry later',
            );
          }
          lastErr = failure;
        }
        // Honour a receiver's Retry-After; an abort ends the wait early (the loop's top reports it).
        const retryAfterMs = failure instanceof NotifyError ? (failure.retryAfterMs ?? 0) : 0;
        await sleep(Math.max(backoff.next(), retryAfterMs), ctx.signal).catch(() => undefined);
      }
    } catch (err) {
      metrics.failed(labels, classifyError(err).reason);
      throw err;
    }
  });
}
