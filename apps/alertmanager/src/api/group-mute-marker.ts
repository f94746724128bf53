import type { GroupMarker } from '../notify/time-stages';

/**
 * GroupMuteMarker is Alertmanager's marker.GroupMarker: the notification pipeline's time stages record which time
 * intervals mute each aggregation group (setMuted), and the API reads them as `mutedBy` (pass `mutedBy` as the
 * API's `groupMutedBy`).
 */
export class GroupMuteMarker implements GroupMarker {
  private readonly groups = new Map<string, string[]>();

  /** setMuted records the intervals muting a group now; an empty list clears the mark. */
  setMuted(routeId: string, groupKey: string, timeIntervalNames: string[]): void {
    const key = JSON.stringify([routeId, groupKey]);
    if (timeIntervalNames.length === 0) this.groups.delete(key);
    else this.groups.set(key, [...timeIntervalNames]);
  }

  /** mutedBy lists the intervals muting a group (empty when it is not muted). */
  readonly mutedBy = (routeId: string, groupKey: string): readonly string[] =>
    this.groups.get(JSON.stringify([routeId, groupKey])) ?? [];

  /** deleteGroup forgets a group that was destroyed. */
  deleteGroup(routeId: string, groupKey: string): void {
    this.groups.delete(JSON.stringify([routeId, groupKey]));
  }
}
