import { describe, expect, it } from 'vitest';
import type { Flavor } from './flavor';
import { fixtureData, type FixtureAlert } from './test-fixtures';
import { defaultTemplateSet } from './template-files';

const set = defaultTemplateSet();
const render = (text: string, flavor: Flavor, data: ReturnType<typeof fixtureData>): string =>
  set.compile(text, flavor, 'test').render(data);

const api = (instance: string, over: Partial<FixtureAlert> = {}): FixtureAlert => ({
  labels: { alertname: 'HighLatency', service: 'api', severity: 'page', instance },
  ...over,
});

describe('the default subject and Slack title (Alertmanager’s __subject)', () => {
  it.each([
    [
      'two of three firing',
      [api('a'), api('b'), api('c', { endedMinAgo: 1 })],
      { alertname: 'HighLatency' },
      '[FIRING:2] HighLatency (api page)',
    ],
    [
      'all resolved',
      [api('a', { endedMinAgo: 1 }), api('b', { endedMinAgo: 2 })],
      { alertname: 'HighLatency' },
      '[RESOLVED] HighLatency (api page)',
    ],
    [
      'group labels in SortedPairs order, alertname first',
      [api('a'), api('b')],
      { service: 'api', alertname: 'HighLatency' },
      '[FIRING:2] HighLatency api (page)',
    ],
    // The space before the (absent) parenthesis stays, as in Alertmanager.
    [
      'no common labels beyond the group’s',
      [api('a')].map((a) => ({ ...a, labels: { alertname: 'X' } })),
      { alertname: 'X' },
      '[FIRING:1] X ',
    ],
    ['no group labels (group_by: [])', [api('a')], {}, '[FIRING:1]  (HighLatency a api page)'],
    [
      'values are not escaped in text',
      [{ labels: { alertname: 'A<b>&"c"' } }],
      { alertname: 'A<b>&"c"' },
      '[FIRING:1] A<b>&"c" ',
    ],
  ] as const)('%s', (_name, alerts, groupLabels, subject) => {
    const data = fixtureData([...alerts], { groupLabels: { ...groupLabels } });
    expect(render('{{ template "email.default.subject" . }}', 'text', data)).toBe(subject);
    expect(render('{{> slack.default.title}}', 'text', data)).toBe(subject);
  });
});

describe('the default Slack parts', () => {
  const firing = fixtureData([api('a'), api('b', { endedMinAgo: 1 })], {
    groupLabels: { alertname: 'HighLatency' },
    receiver: 'team.api',
  });
  const resolved = fixtureData([api('a', { endedMinAgo: 1 })], { groupLabels: { alertname: 'HighLatency' } });

  it.each([
    ['titlelink', firing, 'http://am.example:9093/#/alerts?receiver=team%5C.api'],
    [
      'fallback',
      firing,
      '[FIRING:1] HighLatency (api page) | http://am.example:9093/#/alerts?receiver=team%5C.api',
    ],
    ['color', firing, 'danger'],
    ['color', resolved, 'good'],
    ['username', firing, 'Alertmanager'],
    ['pretext', firing, ''],
    ['footer', firing, ''],
    ['iconemoji', firing, ''],
    ['callbackid', firing, ''],
  ] as const)('slack.default.%s', (name, data, expected) => {
    expect(render(`{{ template "slack.default.${name}" . }}`, 'text', data)).toBe(expected);
  });

  it('lists every alert with its labels and annotations, then a link silencing the group', () => {
    const data = fixtureData(
      [
        api('a<1>', {
          annotations: { summary: 'p99 is 2s', description: 'Slow & getting slower', runbook: 'http://rb/1' },
          generatorURL: 'http://prom/graph?g0.expr=x&g0.tab=1',
          startedMinAgo: 125,
        }),
        api('b', { endedMinAgo: 1, startedMinAgo: 31 }),
      ],
      { groupLabels: { alertname: 'HighLatency' } },
    );
    expect(render('{{> slack.default.text}}', 'slack', data)).toBe(
      [
        '*Firing (1)*',
        '• *p99 is 2s* · firing for 2h 5m',
        'Slow &amp; getting slower',
        '*Labels:* `alertname=HighLatency` `instance=a&lt;1&gt;` `service=api` `severity=page`',
        '*runbook:* http://rb/1',
        '<http://prom/graph?g0.expr=x&amp;g0.tab=1|Source>',
        '',
        '*Resolved (1)*',
        '• *HighLatency* · resolved after 30m',
        '*Labels:* `alertname=HighLatency` `instance=b` `service=api` `severity=page`',
        '<http://am.example:9093/#/silences/new?filter=%7Balertname%3D%22HighLatency%22%2C%20service%3D%22api%22%2C%20severity%3D%22page%22%7D|Silence this group>',
        '',
      ].join('\n'),
    );
  });
});

describe('the default email', () => {
  const data = fixtureData(
    [
      api('a', {
        annotations: { summary: 'p99 is 2s', runbook_url: 'https://rb.example/x' },
        startedMinAgo: 65,
      }),
      api('<b>', { endedMinAgo: 10, startedMinAgo: 40 }),
    ],
    { groupLabels: { alertname: 'HighLatency' } },
  );

  it('has a plain-text part listing labels and annotations per alert', () => {
    const text = render('{{ template "email.default.text" . }}', 'text', data);
    expect(text.split('\n').slice(0, 6)).toEqual([
      '[FIRING:1] HighLatency (api page)',
      '',
      '1 firing, 1 resolved · receiver team-api',
      'View in Alertmanager: http://am.example:9093/#/alerts?receiver=team-api',
      'Silence this group: http://am.example:9093/#/silences/new?filter=%7Balertname%3D%22HighLatency%22%2C%20service%3D%22api%22%2C%20severity%3D%22page%22%7D',
      '',
    ]);
    expect(text).toContain(
      [
        '* p99 is 2s (firing for 1h 5m)',
        '  Started: 2024-03-01 10:55:00 UTC',
        '  Labels:',
        '    alertname = HighLatency',
        '    instance = a',
        '    service = api',
        '    severity = page',
        '  Annotations:',
        '    runbook_url = https://rb.example/x',
        '    summary = p99 is 2s',
      ].join('\n'),
    );
    expect(text).toContain(
      '* HighLatency (resolved after 30m)\n  Started: 2024-03-01 11:20:00 UTC, ended: 2024-03-01 11:50:00 UTC',
    );
    expect(text).toContain('    instance = <b>');
  });

  it('is an HTML page with inline styles, values escaped, firing before resolved', () => {
    const html = render('{{ template "email.default.html" . }}', 'html', data);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<style|class="/);
    expect(html).toContain('<title>[FIRING:1] HighLatency (api page)</title>');
    expect(html).toContain('2 alerts for alertname=HighLatency');
    expect(html).toContain('instance=<strong style="color:#1f2328;">&lt;b&gt;</strong>');
    expect(html).not.toContain('<b>');
    expect(html).toContain('<a href="https://rb.example/x"');
    expect(html.indexOf('Firing (1)')).toBeLessThan(html.indexOf('Resolved (1)'));
    expect(html).toContain('>Silence this group</a>');
    expect(html).toContain('firing for 1h 5m · started 2024-03-01 10:55 UTC');
  });
});
