// The notification log's contract, as the notification pipeline's dedup and set-notifies stages use it.

import type { NflogEntry, NflogReceiver, ReceiverDataValue } from './entry';

/** DEFAULT_NFLOG_RETENTION_MS is Alertmanager's `--data.retention` default, 120h. */
export const DEFAULT_NFLOG_RETENTION_MS = 120 * 3_600_000;

/** LogRequest records that a notification to one integration succeeded. */
export interface LogRequest {
  groupKey: string;
  receiver: NflogReceiver;
  firingAlerts: readonly string[];
  resolvedAlerts: readonly string[];
  receiverData: Readonly<Record<string, ReceiverDataValue>>;
  /** How long the entry needs to live (twice the repeat interval); capped by the log's retention. 0: retention. */
  expiryMs: number;
}

/**
 * NotificationLog remembers the last successful notification per (group key, receiver integration), so a group is
 * not re-sent before its repeat interval — also across restarts and replicas when the log is shared.
 */
export interface NotificationLog {
  /** query returns the live entry for the group and integration, or undefined. */
  query(groupKey: string, receiver: NflogReceiver): Promise<NflogEntry | undefined>;
  /** log records a notification, stamped with the log's clock; an entry stamped later is never overwritten. */
  log(req: LogRequest): Promise<void>;
}

/** NflogLogger is the slice of a pino logger the notification log writes to. */
export interface NflogLogger {
  warn(obj: object, msg: string): void;
}
