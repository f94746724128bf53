import { describe, expect, it } from 'vitest';
import { fixtureData } from './test-fixtures';
import { defaultTemplateSet } from './template-files';
import { humanizeSpan } from './time-format';

const set = defaultTemplateSet();
const data = fixtureData(
  [
    {
      labels: { zone: 'eu-1', alertname: 'DiskFull', instance: 'db 1', job: 'node' },
      annotations: { summary: 'disk is full' },
      startedMinAgo: 90,
    },
    {
      labels: { zone: 'eu-1', alertname: 'DiskFull', instance: 'db-2', job: 'node' },
      startedMinAgo: 30,
      endedMinAgo: 5,
    },
  ],
  { groupLabels: { alertname: 'DiskFull' }, externalUrl: 'http://am.example' },
);
const render = (text: string): string => set.compile(text, 'text', 'test').render(data);

describe('template helpers', () => {
  it.each([
    // Label sets: Alertmanager's SortedPairs puts alertname first.
    [
      '{{#each (sortedPairs commonLabels)}}{{name}}={{value}};{{/each}}',
      'alertname=DiskFull;job=node;zone=eu-1;',
    ],
    ['{{join (names commonLabels) ","}}', 'alertname,job,zone'],
    ['{{join (values commonLabels) " "}}', 'DiskFull node eu-1'],
    ['{{join (names (remove commonLabels groupLabels)) ","}}', 'job,zone'],
    ['{{join (names (remove commonLabels "job" "zone")) ","}}', 'alertname'],
    ['{{#each commonLabelPairs}}{{name}} {{/each}}', 'alertname job zone '],
    ['{{join (values alerts.[0].labels)}}', 'DiskFull, db 1, node, eu-1'],
    // Text.
    ['{{toUpper status}} {{toLower "ABC"}} {{title "disk is full"}}', 'FIRING abc Disk Is Full'],
    [
      '{{truncate "abcdefgh" 5}}|{{truncate "abc" 5}}|{{truncate "abcdef" 3}}|{{truncate "äöüäöü" 4 "..."}}',
      'abcd…|abc|abc|ä...',
    ],
    ['{{urlencode "a b&c=d/é"}}', 'a+b%26c%3Dd%2F%C3%A9'],
    ['{{default commonAnnotations.runbook "no runbook"}}|{{default "x" "y"}}', 'no runbook|x'],
    ['{{toJson groupLabels}}', '{"alertname":"DiskFull"}'],
    ['{{#if (match "^Disk" commonLabels.alertname)}}y{{else}}n{{/if}}', 'y'],
    ['{{trim "  x  "}}', 'x'],
    // Comparisons and logic.
    [
      '{{#if (eq status "firing")}}y{{/if}}{{#if (eq status "a" "firing")}}y{{/if}}{{#if (ne status "firing")}}n{{/if}}',
      'yy',
    ],
    ['{{len alerts}} {{len firingAlerts}} {{len commonLabels}} {{len "äb"}}', '2 1 3 2'],
    [
      '{{#if (gt (len commonLabels) (len groupLabels))}}more{{/if}}{{#if (lt 1 2)}}<{{/if}}{{#if (ge 2 2)}}>={{/if}}',
      'more<>=',
    ],
    [
      '{{#if (and firingAlerts resolvedAlerts)}}both{{/if}}{{#if (or (not firingAlerts) resolvedAlerts)}}|either{{/if}}',
      'both|either',
    ],
    ['{{#if (and alerts (not groupLabels.nope))}}ok{{/if}}', 'ok'],
    // Time: data times are RFC 3339; `since` and `duration` measure to the flush time.
    ['{{date alerts.[0].startsAt}}', '2024-03-01 10:30:00 UTC'],
    ['{{date alerts.[0].startsAt "YYYY/MM/DD [at] HH:mm:ss.SSS Z"}}', '2024/03/01 at 10:30:00.000 UTC'],
    ['{{date alerts.[0].startsAt "HH:mm Z" tz="Europe/Berlin"}}', '11:30 Europe/Berlin'],
    [
      '{{since alerts.[0].startsAt}}|{{duration alerts.[1].startsAt alerts.[1].endsAt}}|{{date alerts.[0].endsAt}}',
      '1h 30m|25m|',
    ],
    // Links.
    [
      '{{silenceURL}}',
      'http://am.example/#/silences/new?filter=%7Balertname%3D%22DiskFull%22%2C%20job%3D%22node%22%2C%20zone%3D%22eu-1%22%7D',
    ],
    [
      '{{silenceURL alerts.[0].labels}}',
      'http://am.example/#/silences/new?filter=%7Balertname%3D%22DiskFull%22%2C%20instance%3D%22db%201%22%2C%20job%3D%22node%22%2C%20zone%3D%22eu-1%22%7D',
    ],
    // Go's `{{ template "name" . }}` includes a partial.
    ['{{ template "__alertmanager" . }}', 'Alertmanager'],
  ])('%s', (template, expected) => {
    expect(render(template)).toBe(expected);
  });

  it.each([
    ['{{truncate "abc" "many"}}', 'truncate: expected a number, got "many"'],
    ['{{date "yesterday"}}', 'date: expected a time, got "yesterday"'],
    ['{{date now tz="Mars/Olympus"}}', 'Invalid time zone specified: Mars/Olympus'],
    ['{{join}}', 'join: expected 1 argument, got 0'],
    ['{{sortedPairs "x"}}', 'sortedPairs: expected a label set, got string'],
  ])('%s fails when rendered', (template, message) => {
    expect(() => render(template)).toThrow(message);
  });
});

describe('humanizeSpan', () => {
  it.each([
    [0, '0s'],
    [999, '0s'],
    [-5000, '0s'],
    [45_000, '45s'],
    [60_000, '1m'],
    [125_000, '2m 5s'],
    [7_500_000, '2h 5m'],
    [7_200_000, '2h'],
    [90_061_000, '1d 1h'],
  ])('%d ms is %s', (ms, text) => {
    expect(humanizeSpan(ms)).toBe(text);
  });
});
