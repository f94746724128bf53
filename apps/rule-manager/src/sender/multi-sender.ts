import { errorMessage, silentLogger } from './alert-sender';
import type { AlertSender, AlertSource, CloseOptions, OutgoingAlert, SenderLogger } from './alert-sender';

/** MultiSender hands every batch to several senders (e.g. the queue and Alertmanagers directly). */
export class MultiSender implements AlertSender {
  constructor(
    private readonly senders: readonly AlertSender[],
    private readonly logger: SenderLogger = silentLogger,
  ) {}

  /** send passes the batch to each sender; one sender failing does not keep it from the others. */
  send(alerts: readonly OutgoingAlert[], source: AlertSource): void {
    for (const sender of this.senders) {
      try {
        sender.send(alerts, source);
      } catch (err) {
        this.logger.error({ err: errorMessage(err), group: source.group }, 'alert sender failed');
      }
    }
  }

  /** close closes all senders at once, each with the same timeout. */
  async close(opts?: CloseOptions): Promise<void> {
    const results = await Promise.allSettled(this.senders.map((s) => s.close(opts)));
    for (const r of results) {
      if (r.status === 'rejected')
        this.logger.error({ err: errorMessage(r.reason) }, 'closing alert sender failed');
    }
  }
}
