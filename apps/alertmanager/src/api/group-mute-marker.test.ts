import { describe, expect, it } from 'vitest';
import { GroupMuteMarker } from './group-mute-marker';

describe('GroupMuteMarker', () => {
  it.each([
    ['a mark is read back for its route and group only', [['r1', 'g', ['nights']]], 'r1', 'g', ['nights']],
    ['another route with the same group key is not muted', [['r1', 'g', ['nights']]], 'r2', 'g', []],
    [
      'an empty list clears the mark',
      [
        ['r1', 'g', ['nights']],
        ['r1', 'g', []],
      ],
      'r1',
      'g',
      [],
    ],
    [
      'the latest mark wins',
      [
        ['r1', 'g', ['nights']],
        ['r1', 'g', ['weekends', 'holidays']],
      ],
      'r1',
      'g',
      ['weekends', 'holidays'],
    ],
  ] as const)('%s', (_name, marks, routeId, groupKey, expected) => {
    const marker = new GroupMuteMarker();
    for (const [r, g, names] of marks) marker.setMuted(r, g, [...names]);
    expect(marker.mutedBy(routeId, groupKey)).toEqual(expected);
  });

  it('forgets a deleted group', () => {
    const marker = new GroupMuteMarker();
    marker.setMuted('r', 'g', ['nights']);
    marker.deleteGroup('r', 'g');
    expect(marker.mutedBy('r', 'g')).toEqual([]);
  });
});
