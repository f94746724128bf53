import { newMatcher, type MatchType } from '@vigil/model';
import { describe, expect, it } from 'vitest';
import type { GettableAlert } from '../api/types';
import { matchesAnything, previewSilence } from './preview';

function alert(labels: Record<string, string>): GettableAlert {
  return {
    labels,
    annotations: {},
    startsAt: '2024-05-01T12:00:00.000Z',
    endsAt: '2024-05-01T13:00:00.000Z',
    updatedAt: '2024-05-01T12:00:00.000Z',
    fingerprint: Object.values(labels).join('/'),
    receivers: [{ name: 'default' }],
    status: { state: 'active', silencedBy: [], inhibitedBy: [], mutedBy: [] },
  };
}

const ALERTS = [
  alert({ alertname: 'DiskFull', instance: 'db1', severity: 'critical', team: 'db' }),
  alert({ alertname: 'DiskFull', instance: 'db2', severity: 'warning', team: 'db' }),
  alert({ alertname: 'HighLatency', instance: 'web1', severity: 'critical', team: 'web' }),
  alert({ alertname: 'Watchdog' }),
];

const m = (type: MatchType, name: string, value: string) => newMatcher(type, name, value);

describe('previewSilence', () => {
  it.each([
    ['equality', [m('=', 'alertname', 'DiskFull')], ['db1', 'db2']],
    ['two matchers', [m('=', 'alertname', 'DiskFull'), m('=', 'severity', 'critical')], ['db1']],
    ['inequality, missing label counts as ""', [m('!=', 'severity', 'critical')], ['db2', 'Watchdog']],
    ['regex, anchored', [m('=~', 'instance', 'db.')], ['db1', 'db2']],
    ['regex is not a substring search', [m('=~', 'instance', 'db')], []],
    ['negative regex', [m('!~', 'team', 'db|web')], ['Watchdog']],
    [
      'match on an empty value selects alerts without the label',
      [m('=', 'team', ''), m('=', 'alertname', 'Watchdog')],
      ['Watchdog'],
    ],
  ])('%s', (_, matchers, expected) => {
    const p = previewSilence(matchers, ALERTS);
    expect(p.matched.map((a) => a.labels.instance ?? a.labels.alertname)).toEqual(expected);
    expect(p.total).toBe(4);
  });

  it('matches nothing without matchers', () => {
    expect(previewSilence([], ALERTS).matched).toEqual([]);
  });

  it('warns when the silence mutes every current alert', () => {
    const p = previewSilence([m('=~', 'alertname', 'DiskFull|HighLatency|Watchdog')], ALERTS);
    expect(p.matched).toHaveLength(4);
    expect(p.warnings.join()).toMatch(/every current alert \(4\)/);
  });

  it('warns about catch-all matchers even with no alerts to mute', () => {
    expect(previewSilence([m('=~', 'alertname', '.*')], []).warnings.join()).toMatch(/accept any value/);
  });

  it('warns past the threshold, and not at it', () => {
    const many = Array.from({ length: 12 }, (_, i) => alert({ alertname: 'X', i: String(i) }));
    const all = [...many, alert({ alertname: 'Y' })];
    expect(previewSilence([m('=', 'alertname', 'X')], all, 12).warnings).toEqual([]);
    expect(previewSilence([m('=', 'alertname', 'X')], all, 11).warnings.join()).toMatch(
      /mute 12 alerts, more than 11/,
    );
  });

  it('has no warning for a narrow silence', () => {
    expect(previewSilence([m('=', 'instance', 'db1')], ALERTS).warnings).toEqual([]);
  });
});

describe('matchesAnything', () => {
  it.each([
    [[m('=~', 'job', '.*')], true],
    [[m('!=', 'team', 'nobody')], true],
    [[m('=~', 'job', '.+')], false],
    [[m('=~', 'job', '.*'), m('=', 'team', 'db')], false],
    [[m('!~', 'job', '')], false],
  ])('%s → %s', (matchers, expected) => {
    expect(matchesAnything(matchers)).toBe(expected);
  });
});
