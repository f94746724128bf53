import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmailConfig } from '../../config/notifiers-core';
import { TemplateError, defaultTemplateSet } from '../../templates';
import { NotifyError } from '../notify-error';
import type { StageContext } from '../stage';
import { T0, makeAlert, makeCtx } from '../test-support';
import { EmailNotifier } from './email-notifier';
import {
  TEST_CERT,
  startSmtpServer,
  type SmtpTestServer,
  type SmtpTestServerOptions,
} from './smtp-test-server';

const templates = defaultTemplateSet();

function emailConfig(port: number, over: Partial<EmailConfig> = {}): EmailConfig {
  return {
    sendResolved: false,
    to: 'oncall@example.com',
    from: 'Vigil <alertmanager@example.com>',
    hello: 'vigil.test',
    smarthost: { host: '127.0.0.1', port: String(port) },
    authUsername: '',
    authPassword: '',
    authPasswordFile: '',
    authSecret: '',
    authSecretFile: '',
    authIdentity: '',
    html: '{{ template "email.default.html" . }}',
    text: '',
    requireTls: false,
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
    { alertname: 'HighLatency', service: 'api', instance: '<script>alert(1)</script>' },
    {
      annotations: { summary: 'p99 above 500ms', runbook_url: 'https://runbooks.example.com/latency' },
      generatorURL: 'http://prom.example/graph?g0.expr=up&g0.tab=1',
    },
  ),
  makeAlert({ alertname: 'HighLatency', service: 'api', instance: 'api-2' }, { startsAt: T0 - 7_500_000 }),
  makeAlert({ alertname: 'HighLatency', service: 'api', instance: 'api-3' }, { endsAt: T0 - 60_000 }),
];

describe('EmailNotifier', () => {
  let server: SmtpTestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const serve = async (opts: SmtpTestServerOptions = {}): Promise<SmtpTestServer> => {
    server = await startSmtpServer(opts);
    return server;
  };
  const notifier = (config: EmailConfig): EmailNotifier =>
    new EmailNotifier(config, { externalUrl: 'http://am.example:9093', templates, hostname: 'vigil-host' });
  const failure = (p: Promise<unknown>): Promise<NotifyError> =>
    p.then(
      () => {
        throw new Error('expected the notification to fail');
      },
      (e: unknown) => e as NotifyError,
    );

  it('sends the default multipart message: subject, text and HTML parts, headers', async () => {
    const srv = await serve();
    await notifier(emailConfig(srv.port)).notify(ctx(), alerts);
    expect(srv.mails).toHaveLength(1);
    const mail = srv.mails[0];
    expect(mail?.mailFrom).toBe('alertmanager@example.com');
    expect(mail?.rcptTo).toEqual(['oncall@example.com']);
    expect(mail?.hello).toBe('vigil.test');
    expect(mail?.secure).toBe(false);
    const parsed = mail?.parsed;
    // Alertmanager's __subject: a trailing space separates group values from the (absent) extra common labels.
    expect(parsed?.subject).toBe('[FIRING:2] HighLatency (api)');
    expect(parsed?.from?.text).toBe('"Vigil" <alertmanager@example.com>');
    expect(parsed?.to && !Array.isArray(parsed.to) ? parsed.to.text : '').toBe('oncall@example.com');
    expect(parsed?.messageId).toMatch(/^<\d+\.\d+@vigil-host>$/);
    expect(parsed?.date?.getTime()).toBeGreaterThan(0);
    expect(mail?.raw).toMatch(/^Content-Type: multipart\/alternative;/m);
    // The plain-text part comes first, HTML (the preferred alternative) last, as RFC 2046 orders them.
    expect(mail?.raw.indexOf('Content-Type: text/plain')).toBeLessThan(
      mail?.raw.indexOf('Content-Type: text/html') ?? 0,
    );

    const text = parsed?.text ?? '';
    expect(text).toContain('FIRING (2)');
    expect(text).toContain('RESOLVED (1)');
    expect(text).toContain('instance = <script>alert(1)</script>');
    expect(text).toContain('* HighLatency (firing for 2h 5m)');
    expect(text).toContain('Silence this group: http://am.example:9093/#/silences/new?filter=');

    const html = parsed?.html || '';
    expect(html).toContain('<title>[FIRING:2] HighLatency (api)</title>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('href="http://am.example:9093/#/alerts?receiver=team-api"');
    expect(html).toContain('<a href="https://runbooks.example.com/latency"');
    expect(html).toContain('Firing (2)');
    expect(html).toContain('Resolved (1)');
  });

  it('renders templated addresses and headers, and sends to every address in `to`', async () => {
    const srv = await serve();
    await notifier(
      emailConfig(srv.port, {
        to: 'a@example.com, {{commonLabels.service}}-team@example.com',
        headers: {
          Subject: 'Alert: {{toUpper commonLabels.alertname}}\nBcc: evil@example.com',
          'X-Team': '{{commonLabels.service}}',
        },
        threading: { enabled: true, threadByDate: 'none' },
      }),
    ).notify(ctx(), alerts);
    const mail = srv.mails[0];
    expect(mail?.rcptTo).toEqual(['a@example.com', 'api-team@example.com']);
    // A newline a template produces cannot start a header of its own.
    expect(mail?.parsed.subject).toBe('Alert: HIGHLATENCY Bcc: evil@example.com');
    expect(mail?.parsed.headers.get('x-team')).toBe('api');
    expect(mail?.parsed.headers.get('bcc')).toBeUndefined();
    expect(mail?.parsed.inReplyTo).toMatch(/^<alert-[0-9a-f]{16}-@alertmanager>$/);
    expect(mail?.parsed.references).toBe(mail?.parsed.inReplyTo);
  });

  it('upgrades with STARTTLS when require_tls, verifying the server against tls_config', async () => {
    const srv = await serve({ starttls: true });
    await notifier(
      emailConfig(srv.port, {
        requireTls: true,
        tlsConfig: {
          ca: TEST_CERT,
          cert: '',
          key: '',
          caFile: '',
          certFile: '',
          keyFile: '',
          caRef: '',
          certRef: '',
          keyRef: '',
          serverName: 'localhost',
          insecureSkipVerify: false,
        },
      }),
    ).notify(ctx(), alerts);
    expect(srv.mails[0]?.secure).toBe(true);
  });

  it('does not upgrade without require_tls, even when the server offers STARTTLS', async () => {
    const srv = await serve({ starttls: true });
    await notifier(emailConfig(srv.port, { requireTls: false })).notify(ctx(), alerts);
    expect(srv.mails[0]?.secure).toBe(false);
  });

  it.each([
    ['require_tls and no STARTTLS offered', {}, { requireTls: true }],
    ['an untrusted certificate', { starttls: true }, { requireTls: true }],
  ] as const)('fails retriably on %s', async (_name, serverOpts, over) => {
    const srv = await serve(serverOpts);
    const err = await failure(notifier(emailConfig(srv.port, over)).notify(ctx(), alerts));
    expect(err).toBeInstanceOf(NotifyError);
    expect(err.retriable).toBe(true);
    expect(srv.mails).toHaveLength(0);
  });

  it.each([
    [
      'PLAIN with the identity',
      ['PLAIN', 'LOGIN'],
      { authPassword: 'pw', authIdentity: 'ops' },
      'PLAIN',
      'ops',
    ],
    ['LOGIN', ['LOGIN'], { authPassword: 'pw' }, 'LOGIN', undefined],
    ['CRAM-MD5 with the secret', ['CRAM-MD5', 'PLAIN'], { authSecret: 'pw' }, 'CRAM-MD5', undefined],
    ['PLAIN when CRAM-MD5 lacks a secret', ['CRAM-MD5', 'PLAIN'], { authPassword: 'pw' }, 'PLAIN', ''],
  ] as const)('authenticates with %s', async (_name, methods, creds, method, authzid) => {
    const srv = await serve({ auth: { username: 'am', password: 'pw', methods: [...methods] } });
    await notifier(emailConfig(srv.port, { authUsername: 'am', ...creds })).notify(ctx(), alerts);
    expect(srv.mails[0]?.auth).toEqual({ method, username: 'am', authzid });
  });

  it('reads auth_password_file on every notification', async () => {
    const srv = await serve({ auth: { username: 'am', password: 'rotated', methods: ['LOGIN'] } });
    const dir = await mkdtemp(join(tmpdir(), 'vigil-email-'));
    const file = join(dir, 'password');
    await writeFile(file, 'old\n');
    const n = notifier(emailConfig(srv.port, { authUsername: 'am', authPasswordFile: file }));
    const err = await failure(n.notify(ctx(), alerts));
    expect(err).toMatchObject({ retriable: false, reason: 'authError' });
    expect(err.message).toContain('535');
    await writeFile(file, 'rotated\n');
    await n.notify(ctx(), alerts);
    expect(srv.mails).toHaveLength(1);
  });

  it('fails without retry when no offered mechanism has credentials', async () => {
    const srv = await serve({ auth: { username: 'am', password: 'pw', methods: ['CRAM-MD5'] } });
    const err = await failure(
      notifier(emailConfig(srv.port, { authUsername: 'am', authPassword: 'pw' })).notify(ctx(), alerts),
    );
    expect(err).toMatchObject({ retriable: false, reason: 'authError' });
    expect(err.message).toContain('missing secret for CRAM-MD5 auth mechanism');
    expect(srv.authFailures).toEqual([]);
  });

  it.each([
    ['a 4xx reply is retriable', 450, true, 'serverError'],
    ['a 5xx reply is not', 550, false, 'clientError'],
  ] as const)('%s', async (_name, code, retriable, reason) => {
    const srv = await serve({ rejectRcpt: { code, message: 'mailbox unavailable' } });
    const err = await failure(notifier(emailConfig(srv.port)).notify(ctx(), alerts));
    expect(err).toMatchObject({ retriable, reason });
    expect(err.message).toContain(`${code} mailbox unavailable`);
  });

  it('fails retriably when nothing listens', async () => {
    const srv = await serve();
    const port = srv.port;
    await srv.close();
    server = undefined;
    const err = await failure(notifier(emailConfig(port)).notify(ctx(), alerts));
    expect(err).toMatchObject({ retriable: true, reason: 'other' });
  });

  it('gives up with the abort reason when the flush is cancelled', async () => {
    const srv = await serve();
    const controller = new AbortController();
    const reason = new Error('context deadline exceeded');
    controller.abort(reason);
    await expect(
      notifier(emailConfig(srv.port)).notify(ctx({ signal: controller.signal }), alerts),
    ).rejects.toBe(reason);
    expect(srv.mails).toHaveLength(0);
  });

  it.each([
    ['an unknown from address', { from: 'not an address' }, "parse 'from' addresses"],
    ['two from addresses', { from: 'a@example.com, b@example.com' }, "exactly one 'from' address"],
  ] as const)('fails without retry on %s', async (_name, over, message) => {
    const srv = await serve();
    const err = await failure(notifier(emailConfig(srv.port, over)).notify(ctx(), alerts));
    expect(err).toMatchObject({ retriable: false });
    expect(err.message).toContain(message);
  });

  it('rejects a broken template when built, naming the field and line', () => {
    const build = () =>
      new EmailNotifier(emailConfig(25, { html: '<p>\n{{#each alerts}}\n' }), {
        externalUrl: '',
        templates,
        where: 'receiver "team" email_configs[0]',
      });
    expect(build).toThrow(TemplateError);
    expect(build).toThrow(
      /^receiver "team" email_configs\[0\]\.html:3: syntax error: unexpected end of template/,
    );
  });
});
