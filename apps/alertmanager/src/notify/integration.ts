import type { Alert } from '../alert/alert';
import type { StageContext } from './stage';

/**
 * Notifier sends one notification for a group's alerts. It resolves when delivered and throws otherwise — a
 * NotifyError says whether trying again may help; other errors count as retriable. It never retries itself.
 */
export interface Notifier {
  notify(ctx: StageContext, alerts: Alert[]): Promise<void>;
}

/** Integration is one configured notifier of a receiver, e.g. its second `webhook_configs` entry. */
export interface Integration {
  /** The integration kind, e.g. `webhook` (the `integration` metric label). */
  name: string;
  /** Its index among the receiver's configs of that kind. */
  index: number;
  receiverName: string;
  /** Whether resolved alerts are sent (`send_resolved`). */
  sendResolved: boolean;
  notifier: Notifier;
}

/** integrationString is Alertmanager's `name[idx]`, used in logs and errors. */
export function integrationString(i: Integration): string {
  return `${i.name}[${i.index}]`;
}
