import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadAlertmanagerConfig, parseAlertmanagerConfig } from './config';
import { marshalConfig, redactSecrets } from './redact';

describe('redactSecrets', async () => {
  const config = await loadAlertmanagerConfig(join(import.meta.dirname, 'testdata', 'good.yml'));
  const text = marshalConfig(config);

  it('hides every secret, including the ones receivers inherit from global', () => {
    for (const secret of ['smtp-secret', 'SLACKSECRET', 'http-secret']) expect(text).not.toContain(secret);
    // global: smtp password, Slack URL, HTTP password; email: inherited password; webhook: its URL and the
    // inherited HTTP password; Slack: inherited URL and a copy of the global HTTP password.
    expect(text.split('<secret>').length - 1).toBe(8);
  });

  it('shows defaults and inherited values the way Alertmanager prints them', () => {
    const out = redactSecrets(config) as {
      global: Record<string, unknown>;
      route: Record<string, unknown>;
      receivers: Record<string, unknown>[];
      templates: string[];
    };
    expect(out.global).toMatchObject({
      resolve_timeout: '5m',
      smtp_hello: 'localhost',
      smtp_require_tls: true,
      smtp_smarthost: 'mail.example.org:587',
      smtp_auth_password: '<secret>',
      slack_api_url: '<secret>',
    });
    expect(out.route).toMatchObject({
      receiver: 'team-mails',
      group_by: ['alertname', 'cluster'],
      repeat_interval: '3h',
    });
    expect(out.receivers[0]).toMatchObject({
      name: 'team-mails',
      email_configs: [
        {
          send_resolved: false,
          to: 'team@example.org',
          from: 'alertmanager@example.org',
          auth_password: '<secret>',
        },
      ],
    });
    expect(out.receivers[1]).toMatchObject({
      webhook_configs: [{ send_resolved: true, url: '<secret>', max_alerts: 5 }],
    });
  });

  it('prints YAML that loads again (with secrets as placeholders)', () => {
    const reparsed = parse(text) as Record<string, unknown>;
    expect(Object.keys(reparsed)).toEqual([
      'global',
      'route',
      'inhibit_rules',
      'receivers',
      'templates',
      'mute_time_intervals',
      'time_intervals',
    ]);
  });

  it('prints legacy matchers and time intervals in their YAML form', () => {
    const out = redactSecrets(config) as {
      inhibit_rules: unknown[];
      time_intervals: unknown[];
      mute_time_intervals: unknown[];
    };
    expect(out.inhibit_rules[1]).toEqual({
      source_match: { severity: 'page' },
      target_match_re: { severity: 'warn.*' },
      equal: ['service'],
    });
    expect(out.time_intervals[0]).toEqual({
      name: 'business',
      time_intervals: [
        {
          times: [{ start_time: '09:00', end_time: '17:00' }],
          weekdays: ['monday:friday'],
          location: 'Europe/Berlin',
        },
      ],
    });
    expect(out.mute_time_intervals[0]).toEqual({
      name: 'offhours',
      time_intervals: [{ days_of_month: ['-1'], months: ['12'] }],
    });
  });

  it('leaves empty secrets out instead of showing a placeholder', () => {
    const cfg = parseAlertmanagerConfig(
      "route: {receiver: r}\nreceivers:\n- name: r\n  webhook_configs: [{url: 'http://a/'}]\n",
    );
    expect(marshalConfig(cfg)).not.toContain('smtp_auth_password');
  });
});
