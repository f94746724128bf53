// The notification log's record: which alerts a receiver's integration was last told about, and when.

/** NflogReceiver names one integration of one receiver (Alertmanager's nflogpb.Receiver). */
export interface NflogReceiver {
  /** The receiver's configured name (Alertmanager calls it the group name). */
  groupName: string;
  /** The integration, e.g. `webhook`. */
  integration: string;
  /** The integration's index among the receiver's configs of that kind. */
  idx: number;
}

/** ReceiverDataValue is one value an integration keeps between notifications (Alertmanager's int/float/string oneof). */
export type ReceiverDataValue = string | number;

/** NflogEntry is the last successful notification of one group to one integration. */
export interface NflogEntry {
  groupKey: string;
  receiver: NflogReceiver;
  /** When the notification was logged (ms since the epoch). */
  timestamp: number;
  /** Fingerprints of the alerts that were firing then. */
  firingAlerts: string[];
  /** Fingerprints of the alerts that were resolved then. */
  resolvedAlerts: string[];
  /** Integration-specific data carried to the next notification (e.g. a chat message ID). */
  receiverData: Record<string, ReceiverDataValue>;
  /** When the entry stops counting (ms since the epoch). */
  expiresAt: number;
}

/** receiverKey is Alertmanager's `<name>/<integration>/<idx>`. */
export function receiverKey(r: NflogReceiver): string {
  return `${r.groupName}/${r.integration}/${r.idx}`;
}

/** stateKey is Alertmanager's key of a log entry: `<groupKey>:<receiverKey>`. */
export function stateKey(groupKey: string, r: NflogReceiver): string {
  return `${groupKey}:${receiverKey(r)}`;
}

/**
 * entryExpiry is when an entry logged at `now` expires: after `retention`, or sooner after `expiry` (twice the
 * route's repeat interval) when that is shorter — Alertmanager's rule, so a group that stops firing is forgotten
 * soon after it could have been repeated.
 */
export function entryExpiry(now: number, retentionMs: number, expiryMs: number): number {
  return expiryMs > 0 && retentionMs > expiryMs ? now + expiryMs : now + retentionMs;
}
