/**
 * NotifyReason is why the dedup stage lets a notification through (Alertmanager's NotifyReason), given to
 * templates as `NotificationReason` and to webhooks as `notification_reason`.
 */
export type NotifyReason =
  | 'none'
  | 'first notification'
  | 'new alerts added'
  | 'some alerts resolved'
  | 'all alerts resolved'
  | 'repeat interval elapsed'
  | 'unknown';

/** shouldNotify tells whether a reason lets the notification through. */
export function shouldNotify(r: NotifyReason): boolean {
  return r !== 'none';
}
