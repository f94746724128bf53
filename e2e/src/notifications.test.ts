// Notifications end to end: Debian's Prometheus holds the data, `vigil rule-manager` fires an alert onto the
// BullMQ queue, `vigil alertmanager` takes it from there and sends one Slack message (bot token, Web API) and one
// email (real SMTP) for it, then one of each when it resolves. An alert matching a silence reaches the
// alertmanager but neither Slack nor email.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from '@vigil/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_PROMETHEUS, startPrometheus, startVigil, type Started } from './support/processes';
import { openSeriesWriter, type SeriesWriter } from './support/series-writer';
import { startSlackApiServer, type SlackApiServer, type SlackPost } from './support/slack-api-server';
import { startSmtpSink, type SmtpSink, type SunkMail } from './support/smtp-sink';

// A database of its own, flushed before and after, so the test never touches other Vigil state.
const REDIS_DB = 12;
const REDIS_URL = `redis://127.0.0.1:6379/${REDIS_DB}`;
const SLACK_TOKEN = 'xoxb-vigil-e2e';
const CHANNEL = '#alerts';
const GROUP_INTERVAL_MS = 2000;
const TEMPERATURE = { __name__: 'vigil_e2e_notify_temperature', instance: 'sensor-1' };
const PRESSURE = { __name__: 'vigil_e2e_notify_pressure', instance: 'pump-1' };

const RULES = `
groups:
  - name: notifications
    interval: 1s
    rules:
      - alert: NotifyTooHot
        expr: vigil_e2e_notify_temperature > 30
        for: 1s
        labels:
          severity: page
        annotations:
          summary: '{{ $labels.instance }} is at {{ $value }} degrees'
          description: 'Cool {{ $labels.instance }} down.'
      - alert: NotifyMuted
        expr: vigil_e2e_notify_pressure > 5
        for: 1s
        annotations:
          summary: 'pressure on {{ $labels.instance }}'
`;

const alertmanagerYml = (slackUrl: string, smarthost: string) => `
route:
  receiver: team
  group_by: [alertname]
  group_wait: 1s
  group_interval: ${GROUP_INTERVAL_MS / 1000}s
  repeat_interval: 1h
receivers:
  - name: team
    slack_configs:
      - app_token: ${SLACK_TOKEN}
        app_url: ${slackUrl}
        channel: '${CHANNEL}'
        send_resolved: true
    email_configs:
      - to: team@example.com
        from: vigil@example.com
        smarthost: ${smarthost}
        require_tls: false
        send_resolved: true
`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function flushRedis(): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}

const titleOf = (p: SlackPost): string => p.attachments[0]?.title ?? '';

describe.skipIf(!HAVE_PROMETHEUS)(
  'notifications: rule-manager → queue → alertmanager → Slack and email (needs /usr/bin/prometheus)',
  () => {
    let prom: Started | undefined;
    let ruleManager: Started | undefined;
    let am: Started | undefined;
    let writer: SeriesWriter | undefined;
    let slack: SlackApiServer | undefined;
    let smtp: SmtpSink | undefined;
    let dir: string | undefined;
    const queueName = `vigil-e2e-notify-${randomUUID()}`;

    beforeAll(async () => {
      await flushRedis();
      slack = await startSlackApiServer(SLACK_TOKEN, [CHANNEL]);
      smtp = await startSmtpSink();
      prom = await startPrometheus('global:\n  scrape_interval: 1m\n');
      writer = openSeriesWriter(prom.url);
      dir = mkdtempSync(join(tmpdir(), 'vigil-notify-'));
      writeFileSync(join(dir, 'rules.yml'), RULES);
      writeFileSync(
        join(dir, 'prometheus.yml'),
        "global:\n  evaluation_interval: 1s\nrule_files: ['rules.yml']\n",
      );
      writeFileSync(join(dir, 'alertmanager.yml'), alertmanagerYml(slack.postMessageUrl, smtp.smarthost));
      const amPort = await freePort();
      am = await startVigil(
        [
          'alertmanager',
          `--config.file=${join(dir, 'alertmanager.yml')}`,
          `--web.listen-address=127.0.0.1:${amPort}`,
          `--web.external-url=http://am.example:9093`,
          `--redis.url=${REDIS_URL}`,
          `--queue.name=${queueName}`,
          '--log.level=error',
        ],
        amPort,
      );
      const rmPort = await freePort();
      ruleManager = await startVigil(
        [
          'rule-manager',
          `--config.file=${join(dir, 'prometheus.yml')}`,
          `--web.listen-address=127.0.0.1:${rmPort}`,
          `--datasource.url=${prom.url}`,
          `--redis.url=${REDIS_URL}`,
          `--queue.name=${queueName}`,
          '--rules.alert.resend-delay=1s',
          '--log.level=warn',
        ],
        rmPort,
      );
    });

    afterAll(async () => {
      await ruleManager?.stop();
      await am?.stop();
      await writer?.close();
      await prom?.stop();
      await slack?.close();
      await smtp?.close();
      await flushRedis();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const postsFor = (alertname: string): SlackPost[] =>
      (slack?.posts ?? []).filter((p) => titleOf(p).includes(` ${alertname}`));
    const mailsFor = (alertname: string): SunkMail[] =>
      (smtp?.mails ?? []).filter((m) => m.subject.includes(` ${alertname}`));
    const why = () => `alertmanager:\n${am?.output() ?? ''}\nrule-manager:\n${ruleManager?.output() ?? ''}`;

    it('sends one Slack message and one email when the alert fires, and one of each when it resolves', async () => {
      if (!writer) throw new Error('no series writer');
      await writer.write(TEMPERATURE, 40, Date.now() - 1000);

      const firingPost = await waitFor(
        'the firing Slack message',
        () => postsFor('NotifyTooHot')[0],
        30_000,
      ).catch((err: Error) => Promise.reject(new Error(`${err.message}\n${why()}`)));
      const firingMail = await waitFor('the firing email', () => mailsFor('NotifyTooHot')[0]);

      const title = '[FIRING:1] NotifyTooHot (sensor-1 page)';
      expect(firingPost.channel).toBe(CHANNEL);
      expect(titleOf(firingPost)).toBe(title);
      expect(firingPost.attachments[0]?.color).toBe('danger');
      expect(firingPost.attachments[0]?.text).toContain('*sensor-1 is at 40 degrees*');
      expect(firingPost.attachments[0]?.text).toContain('Cool sensor-1 down.');
      expect(firingPost.attachments[0]?.title_link).toBe('http://am.example:9093/#/alerts?receiver=team');
      expect(firingMail.rcptTo).toEqual(['team@example.com']);
      expect(firingMail.subject).toBe(title);
      expect(firingMail.text).toContain('summary = sensor-1 is at 40 degrees');
      expect(firingMail.text).toContain('description = Cool sensor-1 down.');
      expect(firingMail.html).toContain('sensor-1 is at 40 degrees');

      // While it keeps firing (the rule-manager resends it every second), later group intervals send nothing new.
      await sleep(2 * GROUP_INTERVAL_MS + 500);
      expect(postsFor('NotifyTooHot')).toHaveLength(1);
      expect(mailsFor('NotifyTooHot')).toHaveLength(1);

      await writer.write(TEMPERATURE, 10, Date.now());
      const resolvedPost = await waitFor('the resolved Slack message', () => postsFor('NotifyTooHot')[1]);
      const resolvedMail = await waitFor('the resolved email', () => mailsFor('NotifyTooHot')[1]);
      const resolvedTitle = '[RESOLVED] NotifyTooHot (sensor-1 page)';
      expect(titleOf(resolvedPost)).toBe(resolvedTitle);
      expect(resolvedPost.attachments[0]?.color).toBe('good');
      expect(resolvedPost.attachments[0]?.text).toContain('*Resolved (1)*');
      expect(resolvedPost.at).toBeGreaterThan(firingPost.at);
      expect(resolvedMail.subject).toBe(resolvedTitle);
      expect(resolvedMail.text).toContain('RESOLVED (1)');
      expect(resolvedMail.at).toBeGreaterThan(firingMail.at);

      // The rule-manager keeps resending the resolved alert; the notification log keeps it from going out again.
      await sleep(2 * GROUP_INTERVAL_MS + 500);
      expect(postsFor('NotifyTooHot').map(titleOf)).toEqual([title, resolvedTitle]);
      expect(mailsFor('NotifyTooHot').map((m) => m.subject)).toEqual([title, resolvedTitle]);
      expect(slack?.refused).toEqual([]);
    });

    it('sends nothing to Slack or email for an alert a silence matches', async () => {
      if (!writer || !am) throw new Error('not started');
      const res = await fetch(`${am.url}/api/v2/silences`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          matchers: [{ name: 'alertname', value: 'NotifyMuted', isRegex: false, isEqual: true }],
          startsAt: new Date().toISOString(),
          endsAt: new Date(Date.now() + 3600_000).toISOString(),
          createdBy: 'e2e',
          comment: 'pump maintenance',
        }),
      });
      expect(res.status).toBe(200);
      const { silenceID } = (await res.json()) as { silenceID: string };
      const postsBefore = slack?.posts.length;
      const mailsBefore = smtp?.mails.length;

      await writer.write(PRESSURE, 10, Date.now() - 1000);
      // The alert did come through the queue: the alertmanager holds it, muted by the silence.
      const status = await waitFor(
        'the silenced alert in the alertmanager',
        async () => {
          const url = `${am?.url}/api/v2/alerts?filter=${encodeURIComponent('alertname="NotifyMuted"')}`;
          const alerts = (await (await fetch(url)).json()) as {
            status: { state: string; silencedBy: string[] };
          }[];
          return alerts[0]?.status;
        },
        30_000,
      );
      expect(status).toEqual(expect.objectContaining({ state: 'suppressed', silencedBy: [silenceID] }));

      // group_wait, then a couple of group intervals: nothing goes out, to either integration.
      await sleep(1000 + 2 * GROUP_INTERVAL_MS + 500);
      expect(postsFor('NotifyMuted')).toEqual([]);
      expect(mailsFor('NotifyMuted')).toEqual([]);
      expect(slack?.posts.length).toBe(postsBefore);
      expect(smtp?.mails.length).toBe(mailsBefore);
    });
  },
);
