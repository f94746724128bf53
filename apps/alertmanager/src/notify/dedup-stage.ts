// Dedup: let a notification through only when the receiver would learn something, or the repeat interval passed.

import { isResolved, type Alert } from '../alert/alert';
import type { NflogEntry, NflogReceiver, NotificationLog } from '../nflog';
import type { NotifyReason } from './notify-reason';
import { shouldNotify } from './notify-reason';
import { stage, type Stage } from './stage';

/** LastNotification is what needsUpdate reads of a log entry. */
export type LastNotification = Pick<NflogEntry, 'firingAlerts' | 'resolvedAlerts' | 'timestamp'>;

const isSubset = (subset: ReadonlySet<string>, of: readonly string[]): boolean => {
  const set = new Set(of);
  for (const x of subset) if (!set.has(x)) return false;
  return true;
};

/**
 * needsUpdate decides whether to notify, given the last notification (undefined if none) and the fingerprints firing
 * and resolved now (Alertmanager's DedupStage.needsUpdate):
 * - never notified: notify when something fires;
 * - something fires that was not firing last time: notify (a "first notification" again if nothing fired then);
 * - nothing fires now: notify if something fired last time (whatever send_resolved says, so the log forgets the
 *   firing alerts), else stay quiet — the receiver never heard of alerts that fired and resolved in between;
 * - send_resolved and an alert resolved that was not resolved last time: notify;
 * - otherwise notify only once the last notification is older than the repeat interval.
 */
export function needsUpdate(
  last: LastNotification | undefined,
  firing: ReadonlySet<string>,
  resolved: ReadonlySet<string>,
  sendResolved: boolean,
  repeatIntervalMs: number,
  now: number,
): NotifyReason {
  if (!last) return firing.size > 0 ? 'first notification' : 'none';
  if (!isSubset(firing, last.firingAlerts)) {
    return last.firingAlerts.length === 0 ? 'first notification' : 'new alerts added';
  }
  if (firing.size === 0) return last.firingAlerts.length > 0 ? 'all alerts resolved' : 'none';
  if (sendResolved && !isSubset(resolved, last.resolvedAlerts)) return 'some alerts resolved';
  return last.timestamp < now - repeatIntervalMs ? 'repeat interval elapsed' : 'none';
}

/** partitionAlerts splits alerts' fingerprints into firing and resolved at `now`. */
export function partitionAlerts(
  alerts: readonly Alert[],
  now: number,
): { firing: string[]; resolved: string[] } {
  const firing: string[] = [];
  const resolved: string[] = [];
  for (const a of alerts) (isResolved(a, now) ? resolved : firing).push(a.fingerprint);
  return { firing, resolved };
}

/**
 * dedupStage consults the notification log for this integration and stops the branch unless needsUpdate says to
 * notify. It records the firing/resolved sets, the reason and the integration's stored data in the context.
 */
export function dedupStage(log: NotificationLog, receiver: NflogReceiver, sendResolved: boolean): Stage {
  return stage(async (ctx, alerts) => {
    const { firing, resolved } = partitionAlerts(alerts, ctx.now);
    const last = await log.query(ctx.groupKey, receiver);
    const reason = needsUpdate(
      last,
      new Set(firing),
      new Set(resolved),
      sendResolved,
      ctx.repeatIntervalMs,
      ctx.now,
    );
    // A new firing sequence starts with fresh integration data (e.g. a new chat thread).
    const receiverData = reason === 'first notification' || !last ? {} : { ...last.receiverData };
    const next = { ...ctx, notification: { firing, resolved, reason, receiverData } };
    return { ctx: next, alerts: shouldNotify(reason) ? alerts : [] };
  });
}
