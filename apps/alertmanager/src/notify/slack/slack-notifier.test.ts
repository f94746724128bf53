import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAlertmanagerConfig } from '../../config/config';
import type { SlackConfig } from '../../config/notifiers-core';
import { MemoryNotificationLog } from '../../nflog';
import { TemplateError, defaultTemplateSet } from '../../templates';
import { Intervener } from '../../timeinterval';
import { NotifyError } from '../notify-error';
import { PipelineBuilder } from '../pipeline';
import { buildReceiverIntegrations } from '../receivers';
import type { StageContext } from '../stage';
import { T0, makeAlert, makeCtx } from '../test-support';
import { SLACK_LIMITS } from './message';
import { SlackRateLimitError } from './slack-errors';
import { slackFactory } from './slack-factory';
import { SlackNotifier } from './slack-notifier';
import { startFakeSlack, type FakeSlack } from './slack-test-server';

const templates = defaultTemplateSet();
const TOKEN = 'xoxb-test-token';
const dflt = (name: string): string => `{{ template "slack.default.${name}" . }}`;

/** slackConfig is a slack_configs entry with the defaults the config loader fills in. */
function slackConfig(over: Partial<SlackConfig>): SlackConfig {
  return {
    sendResolved: false,
    apiUrlFile: '',
    appToken: '',
    appTokenFile: '',
    channel: '#alerts',
    username: dflt('username'),
    color: dflt('color'),
    title: dflt('title'),
    titleLink: dflt('titlelink'),
    pretext: dflt('pretext'),
    text: dflt('text'),
    messageText: '',
    shortFields: false,
    footer: dflt('footer'),
    fallback: dflt('fallback'),
    callbackId: dflt('callbackid'),
    iconEmoji: dflt('iconemoji'),
    iconUrl: dflt('iconurl'),
    imageUrl: '',
    thumbUrl: '',
    linkNames: false,
    updateMessage: false,
    timeout: 0,
    ...over,
  };
}

const ctx = (over: Partial<StageContext> = {}): StageContext =>
  makeCtx({
    receiver: 'team-api',
    groupKey: '{}:{alertname="HighLatency"}',
    groupLabels: { alertname: 'HighLatency' },
    notification: { firing: [], resolved: [], reason: 'first notification', receiverData: {} },
    ...over,
  });

const alerts = [
  makeAlert(
    { alertname: 'HighLatency', service: 'api', instance: '<!channel> & <http://evil.example|click>' },
    {
      annotations: { summary: 'p99 above 500ms', description: 'Latency "high"' },
      generatorURL: 'http://prom.example/graph?g0.expr=up&g0.tab=1',
    },
  ),
  makeAlert({ alertname: 'HighLatency', service: 'api', instance: 'api-2' }, { startsAt: T0 - 7_500_000 }),
];

interface WebhookBody {
  channel?: string;
  username?: string;
  text?: string;
  link_names?: boolean;
  attachments: {
    title?: string;
    title_link?: string;
    text: string;
    fallback: string;
    color?: string;
    footer: string;
    mrkdwn_in?: string[];
    fields?: { title: string; value: string; short: boolean }[];
    actions?: Record<string, unknown>[];
  }[];
}

describe('SlackNotifier', () => {
  let slack: FakeSlack | undefined;
  afterEach(async () => {
    await slack?.close();
    slack = undefined;
  });
  const start = async (): Promise<FakeSlack> => {
    slack = await startFakeSlack({ token: TOKEN });
    return slack;
  };
  const notifier = (config: SlackConfig): SlackNotifier =>
    new SlackNotifier(config, { externalUrl: 'http://am.example:9093', templates });
  const failure = (p: Promise<unknown>): Promise<NotifyError> =>
    p.then(
      () => {
        throw new Error('expected the notification to fail');
      },
      (e: unknown) => e as NotifyError,
    );
  const webhookBody = (s: FakeSlack, i = 0): WebhookBody =>
    JSON.parse(s.requests[i]?.body ?? '{}') as WebhookBody;

  describe('through an incoming webhook', () => {
    it('posts Alertmanager’s attachment: title, link, color, fallback and the default text', async () => {
      const s = await start();
      await notifier(slackConfig({ apiUrl: s.webhookUrl })).notify(ctx(), alerts);
      expect(s.requests).toHaveLength(1);
      const req = s.requests[0];
      expect(req?.path).toBe('/services/T0000/B0000/XXXXSECRET');
      expect(req?.headers['content-type']).toBe('application/json');
      // Go's field order and omitempty rules; < > & escaped the way Go's encoder does.
      expect(req?.body).toMatch(
        /^\{"channel":"#alerts","username":"Alertmanager","attachments":\[\{"title":"\[FIRING:2\] HighLatency \(api\)","title_link":"http:\/\/am.example:9093\/#\/alerts\?receiver=team-api","text":"/,
      );
      const body = webhookBody(s);
      const [att] = body.attachments;
      expect(att).toMatchObject({
        title: '[FIRING:2] HighLatency (api)',
        title_link: 'http://am.example:9093/#/alerts?receiver=team-api',
        fallback: '[FIRING:2] HighLatency (api) | http://am.example:9093/#/alerts?receiver=team-api',
        color: 'danger',
        footer: '',
        mrkdwn_in: ['fallback', 'pretext', 'text'],
      });
      expect(att?.text).toContain('*Firing (2)*');
      expect(att?.text).toContain('• *p99 above 500ms* · firing for 1m');
      expect(att?.text).toContain('• *HighLatency* · firing for 2h 5m');
      expect(att?.text).toContain('<http://prom.example/graph?g0.expr=up&amp;g0.tab=1|Source>');
      expect(att?.text).toMatch(
        /<http:\/\/am\.example:9093\/#\/silences\/new\?filter=%7B[^|]+\|Silence this group>/,
      );
    });

    it('escapes & < > in label values, so a label cannot mention or link', async () => {
      const s = await start();
      await notifier(slackConfig({ apiUrl: s.webhookUrl })).notify(ctx(), alerts);
      const text = webhookBody(s).attachments[0]?.text ?? '';
      expect(text).toContain('`instance=&lt;!channel&gt; &amp; &lt;http://evil.example|click&gt;`');
      expect(text).not.toContain('<!channel>');
      // Quotes are not HTML-escaped: Slack would show the entity.
      expect(text).toContain('Latency "high"');
    });

    it('says good and drops the silence link when everything resolved', async () => {
      const s = await start();
      const resolved = alerts.map((a) => ({ ...a, endsAt: T0 - 1000 }));
      await notifier(slackConfig({ apiUrl: s.webhookUrl, sendResolved: true })).notify(ctx(), resolved);
      const att = webhookBody(s).attachments[0];
      expect(att?.title).toBe('[RESOLVED] HighLatency (api)');
      expect(att?.color).toBe('good');
      expect(att?.text).toContain('*Resolved (2)*');
      expect(att?.text).not.toContain('Silence this group');
    });

    it('renders fields, actions, icons and link_names from their templates', async () => {
      const s = await start();
      await notifier(
        slackConfig({
          apiUrl: s.webhookUrl,
          channel: '{{#if (eq commonLabels.service "api")}}#alerts{{else}}#other{{/if}}',
          iconEmoji: ':fire:',
          linkNames: true,
          messageText: '{{len alerts}} alerts for <@oncall>',
          shortFields: true,
          fields: [
            { title: 'Service', value: '{{commonLabels.service}}' },
            { title: 'Instances', value: '{{join (values alerts.[0].labels) ", "}}', short: false },
          ],
          actions: [
            {
              type: 'button',
              text: 'Silence {{commonLabels.alertname}}',
              url: '{{silenceURL}}',
              style: 'danger',
              name: '',
              value: '',
            },
          ],
        }),
      ).notify(ctx(), alerts);
      const body = webhookBody(s);
      expect(body).toMatchObject({ channel: '#alerts', link_names: true, text: '2 alerts for <@oncall>' });
      expect(JSON.parse(s.requests[0]?.body ?? '{}')).toHaveProperty('icon_emoji', ':fire:');
      expect(body.attachments[0]?.fields).toEqual([
        { title: 'Service', value: 'api', short: true },
        {
          title: 'Instances',
          value: 'HighLatency, &lt;!channel&gt; &amp; &lt;http://evil.example|click&gt;, api',
          short: false,
        },
      ]);
      expect(body.attachments[0]?.actions).toEqual([
        {
          type: 'button',
          text: 'Silence HighLatency',
          url: expect.stringMatching(
            /^http:\/\/am\.example:9093\/#\/silences\/new\?filter=%7Balertname%3D%22HighLatency%22%2C%20service%3D%22api%22%7D$/,
          ),
          style: 'danger',
        },
      ]);
    });

    it('truncates an over-long title and text with … instead of failing', async () => {
      const s = await start();
      const long = makeAlert({ alertname: 'A'.repeat(3000) }, { annotations: { big: 'x&'.repeat(30_000) } });
      await notifier(slackConfig({ apiUrl: s.webhookUrl, text: '{{commonAnnotations.big}}' })).notify(
        ctx({ groupLabels: { alertname: 'A'.repeat(3000) } }),
        [long],
      );
      const att = webhookBody(s).attachments[0];
      expect(Array.from(att?.title ?? '')).toHaveLength(SLACK_LIMITS.title);
      expect(att?.title?.endsWith('…')).toBe(true);
      expect(Array.from(att?.text ?? '').length).toBeLessThanOrEqual(SLACK_LIMITS.text);
      // 39,999 characters of `x&amp;x&amp;…` end inside an entity; the cut backs off to before it.
      expect(att?.text).toMatch(/x&amp;x…$/);
    });

    it.each([
      [
        'a 404 channel_not_found is not retriable',
        { status: 404, body: 'channel_not_found' },
        false,
        'clientError',
        'unexpected status code 404: channel_not_found',
      ],
      [
        'a 500 is retriable',
        { status: 500, body: 'rollup_error' },
        true,
        'serverError',
        'unexpected status code 500: rollup_error',
      ],
      [
        'a 200 that is not "ok" is not retriable',
        { status: 200, body: 'invalid_payload' },
        false,
        'clientError',
        'received an error response from Slack: invalid_payload',
      ],
    ] as const)('%s', async (_name, reply, retriable, reason, message) => {
      const s = await start();
      s.script.push(reply);
      const err = await failure(notifier(slackConfig({ apiUrl: s.webhookUrl })).notify(ctx(), alerts));
      expect(err).toBeInstanceOf(NotifyError);
      expect(err).toMatchObject({ retriable, reason, message: `channel "#alerts": ${message}` });
    });

    it('reads a 429’s Retry-After into the error for the retry stage', async () => {
      const s = await start();
      s.script.push({ status: 429, body: 'rate_limited', headers: { 'retry-after': '7' } });
      const err = await failure(notifier(slackConfig({ apiUrl: s.webhookUrl })).notify(ctx(), alerts));
      expect(err).toBeInstanceOf(SlackRateLimitError);
      expect(err).toMatchObject({ retriable: true, reason: 'rateLimited', retryAfterMs: 7000 });
      expect(s.requests).toHaveLength(1);
    });

    it('reads api_url_file per notification and keeps the URL out of errors', async () => {
      const s = await start();
      const dir = await mkdtemp(join(tmpdir(), 'vigil-slack-'));
      const file = join(dir, 'url');
      await writeFile(file, `${s.webhookUrl}\n`);
      const n = notifier(slackConfig({ apiUrlFile: file }));
      await n.notify(ctx(), alerts);
      expect(s.requests[0]?.path).toBe('/services/T0000/B0000/XXXXSECRET');
      await s.close();
      slack = undefined;
      const err = await failure(n.notify(ctx(), alerts));
      expect(err).toMatchObject({ retriable: true });
      expect(err.message).toMatch(/Post "<redacted>"/);
      expect(err.message).not.toContain('XXXXSECRET');
    });

    it('gives up on a slow Slack after the configured timeout, retriably', async () => {
      const s = await start();
      s.script.push({ status: 200, body: 'ok', delayMs: 2000 });
      const err = await failure(
        notifier(slackConfig({ apiUrl: s.webhookUrl, timeout: 100 })).notify(ctx(), alerts),
      );
      expect(err).toMatchObject({
        retriable: true,
        message:
          'channel "#alerts": Post "<redacted>": context deadline exceeded: configured slack timeout reached (100ms)',
      });
    });
  });

  describe('through the Web API with a bot token', () => {
    const tokenConfig = (s: FakeSlack, over: Partial<SlackConfig> = {}): SlackConfig =>
      slackConfig({ appToken: TOKEN, apiUrl: `${s.apiUrl}chat.postMessage`, ...over });

    it('posts with chat.postMessage, the token as a bearer', async () => {
      const s = await start();
      await notifier(tokenConfig(s, { linkNames: true })).notify(ctx(), alerts);
      expect(s.requests).toHaveLength(1);
      const req = s.requests[0];
      expect(req?.path).toBe('/api/chat.postMessage');
      expect(req?.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(req?.params).toMatchObject({ channel: '#alerts', username: 'Alertmanager', link_names: 'true' });
      expect(req?.params.attachments).toEqual([
        expect.objectContaining({
          title: '[FIRING:2] HighLatency (api)',
          color: 'danger',
          mrkdwn_in: ['fallback', 'pretext', 'text'],
          text: expect.stringContaining('*Firing (2)*'),
        }),
      ]);
    });

    it.each([
      [
        'an unknown channel',
        { channel: '#nope' },
        'channel "#nope": error response from Slack: channel_not_found',
        'clientError',
      ],
      [
        'a wrong token',
        { appToken: 'xoxb-wrong' },
        'channel "#alerts": error response from Slack: invalid_auth',
        'authError',
      ],
    ] as const)('fails without retry on %s', async (_name, over, message, reason) => {
      const s = await start();
      const err = await failure(notifier(tokenConfig(s, over)).notify(ctx(), alerts));
      expect(err).toMatchObject({ retriable: false, reason, message });
      expect(s.requests).toHaveLength(1);
    });

    it('turns a 429 into a retriable error carrying Retry-After, without retrying itself', async () => {
      const s = await start();
      s.script.push({ status: 429, body: '', headers: { 'retry-after': '2' } });
      const err = await failure(notifier(tokenConfig(s)).notify(ctx(), alerts));
      expect(err).toBeInstanceOf(SlackRateLimitError);
      expect(err).toMatchObject({ retriable: true, reason: 'rateLimited', retryAfterMs: 2000 });
      expect(s.requests).toHaveLength(1);
    });

    it('turns a 500 into a retriable error, without retrying itself', async () => {
      const s = await start();
      s.script.push({ status: 500, body: 'oops' });
      const err = await failure(notifier(tokenConfig(s)).notify(ctx(), alerts));
      expect(err).toMatchObject({
        retriable: true,
        reason: 'serverError',
        message: 'channel "#alerts": unexpected status code 500: oops',
      });
      expect(s.requests).toHaveLength(1);
    });

    it('updates the group’s message with update_message', async () => {
      const s = await start();
      const n = notifier(tokenConfig(s, { updateMessage: true, channel: 'C0ALERTS' }));
      const c1 = ctx();
      await n.notify(c1, alerts);
      expect(c1.notification?.receiverData).toEqual({ threadTs: '1700000000.000001', channelId: 'C0ALERTS' });
      const c2 = ctx({
        notification: {
          firing: [],
          resolved: [],
          reason: 'new alerts added',
          receiverData: { ...c1.notification?.receiverData },
        },
      });
      await n.notify(c2, alerts.slice(0, 1));
      expect(s.requests.map((r) => r.path)).toEqual(['/api/chat.postMessage', '/api/chat.update']);
      expect(s.requests[1]?.params).toMatchObject({ channel: 'C0ALERTS', ts: '1700000000.000001' });
    });

    it('reads app_token_file per notification', async () => {
      const s = await start();
      const dir = await mkdtemp(join(tmpdir(), 'vigil-slack-'));
      const file = join(dir, 'token');
      await writeFile(file, 'xoxb-old\n');
      const n = notifier(tokenConfig(s, { appToken: '', appTokenFile: file }));
      expect(await failure(n.notify(ctx(), alerts))).toMatchObject({ reason: 'authError' });
      await writeFile(file, `${TOKEN}\n`);
      await n.notify(ctx(), alerts);
      expect(s.requests.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    });
  });

  describe('templates', () => {
    it.each([
      ['title', { title: '{{#if status}}open' }, /^slack_configs\[0\]\.title:1: syntax error/],
      [
        'a Go template',
        { text: '{{ .CommonLabels.alertname }}' },
        /^slack_configs\[0\]\.text:1: .*Handlebars, not Go templates/,
      ],
      [
        'an unknown helper',
        { pretext: 'x\n{{shout status}}' },
        /^slack_configs\[0\]\.pretext:2: unknown helper "shout"$/,
      ],
      [
        'an unknown partial',
        { footer: '{{> team.footer}}' },
        /^slack_configs\[0\]\.footer:1: unknown partial "team.footer"$/,
      ],
      [
        'a field value',
        { fields: [{ title: 'x', value: '{{/each}}' }] },
        /^slack_configs\[0\]\.fields\[0\]\.value:1: /,
      ],
    ] as const)('rejects a broken %s when built', (_name, over, message) => {
      const build = () =>
        notifier(slackConfig({ apiUrl: 'http://127.0.0.1:1/x', ...(over as Partial<SlackConfig>) }));
      expect(build).toThrow(TemplateError);
      expect(build).toThrow(message);
    });
  });
});

describe('a Slack receiver from alertmanager.yml, in the notification pipeline', () => {
  let slack: FakeSlack | undefined;
  afterEach(async () => {
    await slack?.close();
    slack = undefined;
  });

  async function pipelineFor(extra: string) {
    slack = await startFakeSlack({ token: TOKEN });
    const config = parseAlertmanagerConfig(
      [
        'route: { receiver: team-api }',
        'receivers:',
        '  - name: team-api',
        '    slack_configs:',
        `      - app_token: ${TOKEN}`,
        `        app_url: ${slack.apiUrl}chat.postMessage`,
        `        ${extra}`,
      ].join('\n'),
    );
    const integrations = buildReceiverIntegrations(config.receivers, {
      slack: slackFactory({ externalUrl: 'http://am.example:9093', templates }),
    });
    return new PipelineBuilder({ registry: new Registry(), random: () => 0 }).build(integrations, {
      inhibitor: { mutes: () => false },
      silencer: { mutes: () => false },
      timeMuter: new Intervener({}),
      notificationLog: new MemoryNotificationLog(),
    });
  }

  const flush = () => ({
    ...ctx(),
    signal: undefined,
    notification: undefined,
    now: Date.now(),
    deadline: Date.now() + 10_000,
  });

  it('does not retry channel_not_found', async () => {
    const pipeline = await pipelineFor('channel: "#nope"');
    expect(await pipeline.notify(flush(), alerts)).toBe(false);
    expect(slack?.requests).toHaveLength(1);
  });

  it('retries a 500 and delivers on the next attempt', async () => {
    const pipeline = await pipelineFor('channel: "#alerts"');
    slack?.script.push({ status: 500, body: 'oops' });
    expect(await pipeline.notify(flush(), alerts)).toBe(true);
    expect(slack?.requests.map((r) => r.path)).toEqual(['/api/chat.postMessage', '/api/chat.postMessage']);
  });

  it('names the receiver, field and line of a broken template at config load', async () => {
    await expect(pipelineFor('title: "{{#if}}"')).rejects.toThrow(
      /^receiver "team-api" slack_configs\[0\]\.title:1: syntax error/,
    );
  });
});
