// Differential check of the defaults that must read exactly as Alertmanager's: the same data rendered by Vigil's
// Handlebars partials and by Alertmanager's Go templates through Debian's `amtool template render` (0.25).
// Skipped when amtool or Alertmanager's default.tmpl is not installed.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeGoJson } from '../notify/go-json';
import { buildTemplateData } from '../notify/template-data';
import { webhookMessage } from '../notify/webhook/message';
import { notificationData } from './notification-data';
import { NOW, fixtureAlert, type FixtureAlert } from './test-fixtures';
import { defaultTemplateSet } from './template-files';

const AM_DEFAULT_TMPL = '/usr/share/prometheus/alertmanager/default.tmpl';
const AM_TEMPLATES = '/usr/share/prometheus/alertmanager/*.tmpl';
const hasAmtool = ((): boolean => {
  try {
    execFileSync('amtool', ['--version'], { stdio: 'ignore' });
    return existsSync(AM_DEFAULT_TMPL);
  } catch {
    return false;
  }
})();

// Partials present in Alertmanager 0.25's default.tmpl (slack.default.color came later).
const PARTIALS = [
  '__subject',
  'slack.default.title',
  'slack.default.titlelink',
  'slack.default.fallback',
  'slack.default.username',
  'email.default.subject',
] as const;

const page = (instance: string, extra: Partial<FixtureAlert> = {}): FixtureAlert => ({
  labels: { alertname: 'DiskFull', severity: 'page', instance },
  ...extra,
});

const GROUPS: [string, FixtureAlert[], Record<string, string>, string][] = [
  [
    'firing and resolved',
    [page('a'), page('b'), page('c', { endedMinAgo: 1 })],
    { alertname: 'DiskFull' },
    'ops',
  ],
  ['all resolved', [page('a', { endedMinAgo: 2 })], { alertname: 'DiskFull' }, 'ops'],
  ['two group labels', [page('a'), page('b')], { severity: 'page', alertname: 'DiskFull' }, 'ops'],
  ['no group labels', [page('a')], {}, 'ops'],
  ['nothing in common beyond the group', [{ labels: { alertname: 'X' } }], { alertname: 'X' }, 'ops'],
  [
    'unicode, spaces and markup in values; a receiver with regexp characters',
    [{ labels: { alertname: 'Überlast', zone: 'eu west <1>', team: 'a&b' } }],
    { alertname: 'Überlast' },
    'team.a+b (eu)',
  ],
];

describe.skipIf(!hasAmtool)('default templates against Alertmanager’s (amtool template render)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-amtool-'));
  const set = defaultTemplateSet();

  it.each(GROUPS)('%s', (_name, fixtures, groupLabels, receiver) => {
    const alerts = fixtures.map(fixtureAlert);
    const td = buildTemplateData({
      receiver,
      groupLabels,
      externalUrl: 'http://am.example:9093/x',
      alerts,
      now: NOW,
    });
    const dataFile = join(dir, 'data.json');
    writeFileSync(dataFile, encodeGoJson(webhookMessage(td, '{}:{}', 0)));
    const ours = notificationData(td, { receiverName: receiver, groupKey: '{}:{}', now: NOW });
    for (const name of PARTIALS) {
      const theirs = execFileSync(
        'amtool',
        [
          'template',
          'render',
          `--template.glob=${AM_TEMPLATES}`,
          `--template.data=${dataFile}`,
          `--template.text={{ template "${name}" . }}`,
        ],
        { encoding: 'utf8' },
      );
      expect(set.renderPartial(name, 'text', ours), name).toBe(theirs);
    }
  });
});
