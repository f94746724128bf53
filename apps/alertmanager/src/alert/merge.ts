import { isResolved, type Alert } from './alert';

// Times are ms since the epoch with 0 meaning "not set"; Go's zero time sorts before every real time, so an unset
// end compares as -Infinity here.
function endOf(a: Alert): number {
  return a.endsAt === 0 ? Number.NEGATIVE_INFINITY : a.endsAt;
}

/**
 * mergeAlerts merges two versions of the same alert as Alertmanager's `Alert.Merge`: the one updated later is the
 * base (the incoming one on a tie); the earliest start wins; if the base is resolved, the later of two resolved ends
 * wins; otherwise the other's end wins only if it is later and was not a resolve-timeout guess. `now` decides what
 * is resolved. Returns a new object; neither input is changed.
 */
export function mergeAlerts(stored: Alert, incoming: Alert, now: number): Alert {
  const [older, younger] = incoming.updatedAt < stored.updatedAt ? [incoming, stored] : [stored, incoming];
  const res: Alert = { ...younger };
  if (older.startsAt < younger.startsAt) res.startsAt = older.startsAt;
  if (isResolved(younger, now)) {
    if (isResolved(older, now) && endOf(older) > endOf(younger)) res.endsAt = older.endsAt;
  } else if (endOf(older) > endOf(younger) && !older.timeout) {
    res.endsAt = older.endsAt;
  }
  return res;
}

/**
 * overlapsStored tells whether an incoming alert's activity overlaps the stored one's, the condition under which
 * Alertmanager's alert store merges instead of replacing: the incoming end falls strictly inside the stored span, or
 * the incoming start does.
 */
export function overlapsStored(stored: Alert, incoming: Alert): boolean {
  const storedEnd = endOf(stored);
  const incomingEnd = endOf(incoming);
  return (
    (incomingEnd > stored.startsAt && incomingEnd < storedEnd) ||
    (incoming.startsAt > stored.startsAt && incoming.startsAt < storedEnd)
  );
}
