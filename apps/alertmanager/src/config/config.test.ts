import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadAlertmanagerConfig, parseAlertmanagerConfig, timeIntervalsByName } from './config';

const testdata = join(import.meta.dirname, 'testdata');

function issues(yaml: string, options = {}): { line: number; message: string; path: string }[] {
  try {
    parseAlertmanagerConfig(yaml, 'test.yml', options);
  } catch (err) {
    if (err instanceof ConfigError)
      return err.issues.map(({ line, message, path }) => ({ line, message, path }));
    throw err;
  }
  return [];
}

describe('loadAlertmanagerConfig on a full config', async () => {
  const config = await loadAlertmanagerConfig(join(testdata, 'good.yml'));

  it('applies the global defaults', () => {
    expect(config.global.resolveTimeout).toBe(5 * 60_000);
    expect(config.global.smtpRequireTls).toBe(true);
    expect(config.global.smtpHello).toBe('localhost');
    expect(config.global.pagerdutyUrl).toBe('https://events.pagerduty.com/v2/enqueue');
    expect(config.global.httpConfig?.followRedirects).toBe(false);
    expect(config.global.httpConfig?.enableHttp2).toBe(true);
  });

  it('gives email configs the global SMTP settings and send_resolved false', () => {
    const [email] = config.receivers[0]?.emailConfigs ?? [];
    expect(email).toMatchObject({
      to: 'team@example.org',
      from: 'alertmanager@example.org',
      smarthost: { host: 'mail.example.org', port: '587' },
      hello: 'localhost',
      authUsername: 'am',
      authPassword: 'smtp-secret',
      requireTls: true,
      sendResolved: false,
      html: '{{ template "email.default.html" . }}',
      headers: { Subject: 'custom' },
    });
  });

  it('reads webhook configs with send_resolved defaulting to true', () => {
    const [hook] = config.receivers[1]?.webhookConfigs ?? [];
    expect(hook).toMatchObject({
      url: 'http://pager.example.org/hook',
      maxAlerts: 5,
      sendResolved: true,
      timeout: 0,
    });
    expect(hook?.httpConfig?.basicAuth?.username).toBe('user');
  });

  it('gives Slack configs the global API URL and their default templates', () => {
    const [slack] = config.receivers[2]?.slackConfigs ?? [];
    expect(slack).toMatchObject({
      apiUrl: 'https://hooks.slack.com/services/T0/B0/SLACKSECRET',
      channel: '#db',
      sendResolved: true,
      title: '{{ template "slack.default.title" . }}',
      fields: [{ title: 'Runbook', value: '{{ .CommonAnnotations.runbook }}' }],
    });
    expect(slack?.actions?.[0]).toMatchObject({
      type: 'button',
      url: 'http://am.example.org/#/silences/new',
    });
  });

  it('keeps the route tree as written', () => {
    expect(config.route.groupBy).toEqual(['alertname', 'cluster']);
    expect(config.route.repeatInterval).toBe(3 * 3_600_000);
    expect(config.route.routes?.[0]?.matchers?.map(String)).toEqual(['severity="page"']);
    expect(config.route.routes?.[0]?.groupWait).toBe(10_000);
    expect(config.route.routes?.[1]?.matchRe?.cluster?.source).toBe('eu-.*');
  });

  it('merges legacy and new inhibition matchers', () => {
    expect(
      config.inhibitRules.map((r) => [r.sourceMatchers.map(String), r.targetMatchers.map(String), r.equal]),
    ).toEqual([
      [['severity="critical"'], ['severity="warning"'], ['alertname', 'cluster']],
      [['severity="page"'], ['severity=~"^(?:warn.*)$"'], ['service']],
    ]);
  });

  it('reads time intervals from both sections', () => {
    const byName = timeIntervalsByName(config);
    expect(byName.get('business')).toEqual([
      {
        weekdays: [{ begin: 1, end: 5 }],
        times: [{ startMinute: 540, endMinute: 1020 }],
        location: 'Europe/Berlin',
      },
    ]);
    expect(byName.get('offhours')).toEqual([
      { daysOfMonth: [{ begin: -1, end: -1 }], months: [{ begin: 12, end: 12 }] },
    ]);
  });

  it('resolves template globs against the config directory and keeps the text', () => {
    expect(config.templates).toEqual([join(testdata, 'templates/*.tmpl')]);
    expect(config.original).toContain('receiver: team-mails');
  });

  it('labels receivers with their name', () => {
    expect(config.receivers.map((r) => r.labels)).toEqual([
      { name: 'team-mails' },
      { name: 'pager' },
      { name: 'db-team' },
    ]);
  });
});

describe('parsing details', () => {
  it('reports every problem, not just the first', () => {
    const found = issues('route:\n  receiver: x\n  group_wait: 1q\n  bogus: 1\nreceivers:\n- name: y\n');
    expect(found.map((i) => [i.line, i.message])).toEqual([
      [2, 'undefined receiver "x" used in route'],
      [3, 'not a valid duration string: "1q"'],
      [4, 'field bogus not found in type config.plain'],
    ]);
  });

  it('names the path of a bad value', () => {
    const [issue] = issues('route:\n  receiver: r\n  routes:\n  - group_wait: nope\nreceivers:\n- name: r\n');
    expect(issue?.path).toBe('route.routes[0].group_wait');
  });

  it.each([
    // yaml.v2 sets a field to its zero value for an explicit null, overriding the default.
    ['send_resolved:', false],
    ['send_resolved: yes', true],
    ['send_resolved: off', false],
  ])('reads webhook `%s` as %s', (line, expected) => {
    const cfg = parseAlertmanagerConfig(
      `route:\n  receiver: r\nreceivers:\n- name: r\n  webhook_configs:\n  - url: 'http://a/'\n    ${line}\n`,
    );
    expect(cfg.receivers[0]?.webhookConfigs?.[0]?.sendResolved).toBe(expected);
  });

  it('reads numbers where strings are expected, as yaml.v2 does', () => {
    const cfg = parseAlertmanagerConfig(
      'route:\n  receiver: r\n  routes:\n  - match: {test: 2}\n    receiver: r\nreceivers:\n- name: r\n',
    );
    expect(cfg.route.routes?.[0]?.match).toEqual({ test: '2' });
  });

  it('reads Go durations for webhook timeouts', () => {
    const cfg = parseAlertmanagerConfig(
      "route:\n  receiver: r\nreceivers:\n- name: r\n  webhook_configs:\n  - {url: 'http://a/', timeout: 1m30s}\n",
    );
    expect(cfg.receivers[0]?.webhookConfigs?.[0]?.timeout).toBe(90_000);
  });

  it('supports anchors and merge keys', () => {
    const cfg = parseAlertmanagerConfig(
      "route: {receiver: r}\nreceivers:\n- name: r\n  webhook_configs:\n  - &hook {url: 'http://a/', max_alerts: 3}\n  - <<: *hook\n    max_alerts: 7\n",
    );
    expect(cfg.receivers[0]?.webhookConfigs?.map((w) => [w.url, w.maxAlerts])).toEqual([
      ['http://a/', 3],
      ['http://a/', 7],
    ]);
  });

  it('checks group_by names only in classic mode', () => {
    const yaml = 'route:\n  receiver: r\n  group_by: [-invalid-]\nreceivers:\n- name: r\n';
    expect(issues(yaml)).toEqual([]);
    expect(issues(yaml, { matcherMode: 'classic' }).map((i) => i.message)).toEqual([
      'invalid label name "-invalid-" in group_by list',
    ]);
  });

  it('keeps group_by: [] apart from an absent group_by', () => {
    const cfg = parseAlertmanagerConfig(
      'route:\n  receiver: r\n  group_by: [a, b]\n  routes:\n  - group_by: []\n  - group_by: ["..."]\n  - {}\nreceivers:\n- name: r\n',
    );
    expect(cfg.route.routes?.map((r) => [r?.groupBy, r?.groupByAll])).toEqual([
      [[], false],
      [undefined, true],
      [undefined, false],
    ]);
  });
});
