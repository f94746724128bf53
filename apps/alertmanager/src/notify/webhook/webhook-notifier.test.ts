import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Labels } from '@vigil/model';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebhookConfig } from '../../config/notifiers-core';
import { MemoryNotificationLog } from '../../nflog';
import { Intervener } from '../../timeinterval';
import { startTestServer, type Reply, type TestServer } from '../http/test-server';
import { NotifyError } from '../notify-error';
import { PipelineBuilder } from '../pipeline';
import type { StageContext } from '../stage';
import { T0, integrationOf, makeAlert, makeCtx } from '../test-support';
import { WebhookNotifier } from './webhook-notifier';

const HOUR = 3_600_000;

function webhookConfig(over: Partial<WebhookConfig>): WebhookConfig {
  return { sendResolved: true, url: '', urlFile: '', maxAlerts: 0, timeout: 0, ...over };
}

function ctx(over: Partial<StageContext> = {}): StageContext {
  return makeCtx({
    groupKey: '{}/{team="db"}:{alertname="Disk<Full>"}',
    receiver: 'team.db',
    groupLabels: { alertname: 'Disk<Full>' },
    routeLabels: { tier: '1' },
    notification: { firing: [], resolved: [], reason: 'first notification', receiverData: {} },
    ...over,
  });
}

// `desc: ""` on one alert and absent on the other count as common (Go map semantics), as Alertmanager sends it.
const firing = makeAlert(
  { alertname: 'Disk<Full>', instance: 'a&b', Z: '1' },
  {
    annotations: { summary: 'disk full', desc: '' },
    startsAt: Date.parse('2024-01-01T00:00:00.120Z'),
    generatorURL: 'http://prom/graph?g0.expr=x&g0.tab=1',
  },
);
const resolved = makeAlert(
  { alertname: 'Disk<Full>', instance: 'c' },
  { annotations: { summary: 'disk full' }, startsAt: T0 - HOUR, endsAt: T0 - 1000 },
);

describe('WebhookNotifier', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function serve(replies?: Reply[]): Promise<TestServer> {
    server = await startTestServer(replies);
    return server;
  }

  it('posts Alertmanager’s version 4 JSON byte for byte', async () => {
    const srv = await serve();
    const notifier = new WebhookNotifier(webhookConfig({ url: `${srv.url}/hook?x=1` }), {
      externalUrl: 'http://am.example:9093',
    });
    await notifier.notify(ctx(), [firing, resolved]);
    expect(srv.requests).toHaveLength(1);
    const req = srv.requests[0];
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe('/hook?x=1');
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.headers['user-agent']).toBe('Vigil-Alertmanager/0.1.0');
    expect(req?.body).toBe(
      '{"receiver":"team\\\\.db","status":"firing","alerts":[' +
        '{"status":"firing","labels":{"Z":"1","alertname":"Disk\\u003cFull\\u003e","instance":"a\\u0026b"},' +
        '"annotations":{"desc":"","summary":"disk full"},"startsAt":"2024-01-01T00:00:00.12Z",' +
        '"endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prom/graph?g0.expr=x\\u0026g0.tab=1",' +
        `"fingerprint":"${firing.fingerprint}"},` +
        '{"status":"resolved","labels":{"alertname":"Disk\\u003cFull\\u003e","instance":"c"},' +
        '"annotations":{"summary":"disk full"},"startsAt":"2023-12-31T23:00:00Z","endsAt":"2023-12-31T23:59:59Z",' +
        `"generatorURL":"","fingerprint":"${resolved.fingerprint}"}],` +
        '"notification_reason":"first notification","groupLabels":{"alertname":"Disk\\u003cFull\\u003e"},' +
        '"commonLabels":{"alertname":"Disk\\u003cFull\\u003e"},"commonAnnotations":{"desc":"","summary":"disk full"},' +
        '"routeLabels":{"tier":"1"},"externalURL":"http://am.example:9093","version":"4",' +
        '"groupKey":"{}/{team=\\"db\\"}:{alertname=\\"Disk\\u003cFull\\u003e\\"}","truncatedAlerts":0}\n',
    );
  });

  it('carries fingerprints as Alertmanager computes them', () => {
    // Alertmanager 0.25 sent this fingerprint for these labels.
    expect(makeAlert({ alertname: 'B', instance: 'c' }).fingerprint).toBe('b07b9dc60c52ea96');
  });

  it('sends at most max_alerts alerts and says how many it dropped', async () => {
    const srv = await serve();
    const alerts = ['a', 'b', 'c', 'd', 'e'].map((i) =>
      makeAlert({ alertname: 'X', instance: i, ...(i === 'a' || i === 'b' ? { zone: 'z1' } : {}) }),
    );
    await new WebhookNotifier(webhookConfig({ url: srv.url, maxAlerts: 2 }), { externalUrl: '' }).notify(
      ctx(),
      alerts,
    );
    const body = JSON.parse(srv.requests[0]?.body ?? '{}') as {
      alerts: { labels: Labels }[];
      truncatedAlerts: number;
      commonLabels: Labels;
    };
    expect(body.alerts.map((a) => a.labels.instance)).toEqual(['a', 'b']);
    expect(body.truncatedAlerts).toBe(3);
    // Common labels are those of the alerts sent.
    expect(body.commonLabels).toEqual({ alertname: 'X', zone: 'z1' });
  });

  it.each([
    ['a 500 is retriable', 500, 'boom', true, 'serverError'],
    ['a 429 is retriable', 429, '', true, 'rateLimited'],
    ['a 400 is not', 400, 'bad payload', false, 'clientError'],
    ['a 401 is not', 401, '', false, 'authError'],
  ])('%s', async (_name, status, body, retriable, reason) => {
    const srv = await serve([{ status, body }]);
    const err = await new WebhookNotifier(webhookConfig({ url: srv.url }), { externalUrl: '' })
      .notify(ctx(), [firing])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotifyError);
    expect(err).toMatchObject({
      retriable,
      reason,
      message: `unexpected status code ${status}${body ? `: ${body}` : ''}`,
    });
  });

  it('reads the URL from url_file, trimmed', async () => {
    const srv = await serve();
    const dir = await mkdtemp(join(tmpdir(), 'vigil-webhook-'));
    const file = join(dir, 'url');
    await writeFile(file, `${srv.url}/from-file\n`);
    await new WebhookNotifier(webhookConfig({ urlFile: file }), { externalUrl: '' }).notify(ctx(), [firing]);
    expect(srv.requests[0]?.path).toBe('/from-file');
  });

  it('fails without retry when url_file cannot be read', async () => {
    const err = await new WebhookNotifier(webhookConfig({ urlFile: '/nonexistent/vigil-url' }), {
      externalUrl: '',
    })
      .notify(ctx(), [firing])
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ retriable: false, message: expect.stringMatching(/^read url_file: /) });
  });

  it('renders a templated URL with the configured renderer, and refuses one without', async () => {
    const srv = await serve();
    const url = `${srv.url}/{{ .GroupLabels.alertname }}`;
    const renderText = (text: string, data: { GroupLabels: Labels }) =>
      text.replace('{{ .GroupLabels.alertname }}', encodeURIComponent(data.GroupLabels.alertname ?? ''));
    await new WebhookNotifier(webhookConfig({ url }), { externalUrl: '', renderText }).notify(ctx(), [
      firing,
    ]);
    expect(srv.requests[0]?.path).toBe('/Disk%3CFull%3E');
    const err = await new WebhookNotifier(webhookConfig({ url }), { externalUrl: '' })
      .notify(ctx(), [firing])
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      retriable: false,
      message: expect.stringMatching(/^failed to template webhook URL/),
    });
  });

  it('sends a custom payload, strings rendered and structured results decoded', async () => {
    const srv = await serve();
    const renderText = (text: string) =>
      text.replace('{{ .CommonLabels | toJson }}', '{"alertname":"Disk<Full>"}');
    const payload = {
      custom: 'some content',
      commonLabels: '{{ .CommonLabels | toJson }}',
      n: '5',
      flag: 'yes',
      d: '2024-01-01',
    };
    await new WebhookNotifier(webhookConfig({ url: srv.url, payload }), {
      externalUrl: '',
      renderText,
    }).notify(ctx(), [firing]);
    expect(srv.requests[0]?.body).toBe(
      '{"commonLabels":{"alertname":"Disk\\u003cFull\\u003e"},"custom":"some content","d":"2024-01-01","flag":true,"n":5}\n',
    );
  });

  it('fails with a retriable, URL-free error when nothing listens', async () => {
    const srv = await serve();
    const url = `${srv.url}/secret-token`;
    await srv.close();
    server = undefined;
    const err = await new WebhookNotifier(webhookConfig({ url }), { externalUrl: '' })
      .notify(ctx(), [firing])
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ retriable: true, message: expect.stringMatching(/^Post "<redacted>": /) });
    expect((err as Error).message).not.toContain('secret-token');
  });

  it('gives up on a slow receiver after its timeout, retriably', async () => {
    const srv = await serve([{ status: 200, delayMs: 2000 }]);
    const err = await new WebhookNotifier(webhookConfig({ url: srv.url, timeout: 100 }), { externalUrl: '' })
      .notify(ctx(), [firing])
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      retriable: true,
      message: 'Post "<redacted>": context deadline exceeded: configured webhook timeout reached (100ms)',
    });
  });
});

describe('a webhook receiver in the notification pipeline', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  function pipelineFor(url: string) {
    const notifier = new WebhookNotifier(webhookConfig({ url }), { externalUrl: '' });
    return new PipelineBuilder({ registry: new Registry(), random: () => 0 }).build(
      new Map([['team.db', [integrationOf(notifier, { receiverName: 'team.db' })]]]),
      {
        inhibitor: { mutes: () => false },
        silencer: { mutes: () => false },
        timeMuter: new Intervener({}),
        notificationLog: new MemoryNotificationLog(),
      },
    );
  }

  const flushCtx = {
    ...ctx(),
    signal: undefined,
    notification: undefined,
    now: Date.now(),
    deadline: Date.now() + 10_000,
  };

  it('retries a 500 and succeeds on the following 200', async () => {
    server = await startTestServer([{ status: 500, body: 'try later' }, { status: 200 }]);
    expect(await pipelineFor(server.url).notify(flushCtx, [firing])).toBe(true);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.body).toBe(server.requests[0]?.body);
  });

  it('does not retry a 400', async () => {
    server = await startTestServer([{ status: 400, body: 'bad' }, { status: 200 }]);
    expect(await pipelineFor(server.url).notify(flushCtx, [firing])).toBe(false);
    expect(server.requests).toHaveLength(1);
  });
});
