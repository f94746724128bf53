// The notification pipeline: per receiver, inhibit → time-active → time-mute → silence → per integration
// (in parallel) wait → dedup → retry → set-notifies (Alertmanager's PipelineBuilder and RoutingStage).

import type { Registry } from 'prom-client';
import type { Alert } from '../alert/alert';
import type { Muter } from '../mute';
import type { NflogReceiver, NotificationLog } from '../nflog';
import { dedupStage } from './dedup-stage';
import { integrationString, type Integration } from './integration';
import { SILENT_LOGGER, type NotifyLogger } from './logger';
import { muteStage } from './mute-stage';
import type { NotifyContext, NotifyFn } from './notify-context';
import { FlushCanceledError, FlushDeadlineError, errorMessage } from './notify-error';
import { NotifyMetrics } from './notify-metrics';
import { retryStage } from './retry-stage';
import { setNotifiesStage } from './set-notifies-stage';
import { fanOut, sequence, type Stage } from './stage';
import { timeActiveStage, timeMuteStage, type GroupMarker, type TimeMuter } from './time-stages';
import { gossipSettleStage, waitStage, type Peer } from './wait-stage';

const MAX_TIMER_MS = 2 ** 31 - 1;

/** PipelineBuilderOptions are set once per process. */
export interface PipelineBuilderOptions {
  /** Where the notification metrics are registered (once; the builder is kept across reloads). */
  registry: Registry;
  /** Label metrics with `receiver_name` too (Alertmanager's `receiver-name-in-metrics`); default false. */
  receiverNameInMetrics?: boolean;
  logger?: NotifyLogger;
  /** Jitter source for retry backoff; default Math.random. */
  random?: () => number;
}

/** PipelineDeps are what one configuration's pipeline consults. */
export interface PipelineDeps {
  inhibitor: Muter;
  silencer: Muter;
  /** Resolves the routes' time interval names (the timeinterval Intervener). */
  timeMuter: TimeMuter;
  notificationLog: NotificationLog;
  /** Told which time intervals mute each group, for the API. */
  marker?: GroupMarker;
  /** In a cluster: waited for before anything is sent. */
  peer?: Peer;
  /** Delay (ms) before each integration sends: peer position × peer timeout; default 0 (single instance). */
  wait?: () => number;
}

/** NotificationPipeline runs flushes through the stages of their route's receiver. */
export class NotificationPipeline {
  /** notify is the dispatcher's NotifyFn: true when every integration succeeded (or had nothing to send). */
  readonly notify: NotifyFn = (ctx, alerts) => this.notifyOnce(ctx, alerts);

  constructor(
    private readonly receivers: ReadonlyMap<string, Stage>,
    private readonly logger: NotifyLogger,
  ) {}

  /** stageFor returns a receiver's stage (for tests and tools). */
  stageFor(receiver: string): Stage | undefined {
    return this.receivers.get(receiver);
  }

  /**
   * run sends one flush, throwing on failure. Its stages see a signal that aborts at `ctx.deadline` (measured from
   * `ctx.now` with timers, so the caller's clock need not be Date.now) or when `ctx.signal` aborts.
   */
  async run(ctx: NotifyContext, alerts: Alert[]): Promise<void> {
    const s = this.receivers.get(ctx.receiver);
    if (!s) throw new Error(`stage for receiver ${JSON.stringify(ctx.receiver)} missing`);
    const controller = new AbortController();
    // setTimeout fires at once past 2³¹−1 ms; no flush deadline is that far, but a caller's "no deadline" might be.
    const budget = Math.min(Math.max(0, ctx.deadline - ctx.now), MAX_TIMER_MS);
    const timer = setTimeout(() => controller.abort(new FlushDeadlineError()), budget);
    const started = Date.now();
    // A caller that also aborts at the deadline should still be reported as a deadline, not a cancel.
    const onCancel = (): void =>
      controller.abort(Date.now() - started >= budget ? new FlushDeadlineError() : new FlushCanceledError());
    if (ctx.signal?.aborted) onCancel();
    else ctx.signal?.addEventListener('abort', onCancel, { once: true });
    try {
      await s.exec({ ...ctx, signal: controller.signal }, alerts);
    } finally {
      clearTimeout(timer);
      ctx.signal?.removeEventListener('abort', onCancel);
    }
  }

  private async notifyOnce(ctx: NotifyContext, alerts: Alert[]): Promise<boolean> {
    try {
      await this.run(ctx, alerts);
      return true;
    } catch (err) {
      this.logger.error(
        {
          aggrGroup: ctx.groupKey,
          receiver: ctx.receiver,
          num_alerts: alerts.length,
          err: errorMessage(err),
        },
        'Notify for alerts failed',
      );
      return false;
    }
  }
}

/**
 * PipelineBuilder makes a NotificationPipeline per configuration. Create it once: it owns the notification metrics.
 */
export class PipelineBuilder {
  /** The notification metrics, shared by every pipeline built. */
  readonly metrics: NotifyMetrics;
  private readonly logger: NotifyLogger;
  private readonly random: (() => number) | undefined;

  constructor(opts: PipelineBuilderOptions) {
    this.metrics = new NotifyMetrics(opts.registry, {
      receiverNameInMetrics: opts.receiverNameInMetrics ?? false,
    });
    this.logger = opts.logger ?? SILENT_LOGGER;
    this.random = opts.random;
  }

  /** build makes the pipeline for receivers (name → integrations, as buildReceiverIntegrations returns them). */
  build(receivers: ReadonlyMap<string, readonly Integration[]>, deps: PipelineDeps): NotificationPipeline {
    const { metrics, logger } = this;
    const head: Stage[] = [];
    if (deps.peer) head.push(gossipSettleStage(deps.peer));
    head.push(
      muteStage(deps.inhibitor, 'inhibition', metrics, logger),
      timeActiveStage(deps.timeMuter, metrics, deps.marker, logger),
      timeMuteStage(deps.timeMuter, metrics, deps.marker, logger),
      muteStage(deps.silencer, 'silence', metrics, logger),
    );
    const wait = deps.wait ?? (() => 0);
    const stages = new Map<string, Stage>();
    for (const [name, integrations] of receivers) {
      const branches = integrations.map((i) => {
        const recv: NflogReceiver = { groupName: name, integration: i.name, idx: i.index };
        return sequence(
          waitStage(wait),
          dedupStage(deps.notificationLog, recv, i.sendResolved),
          retryStage(i, { metrics, logger, ...(this.random ? { random: this.random } : {}) }),
          setNotifiesStage(deps.notificationLog, recv),
        );
      });
      stages.set(name, sequence(...head, fanOut(branches)));
      logger.debug(
        { receiver: name, integrations: integrations.map(integrationString) },
        'Built receiver pipeline',
      );
    }
    metrics.initializeFor(receivers);
    return new NotificationPipeline(stages, logger);
  }
}
