// Alertmanager's email integration, sent with nodemailer: a multipart/alternative message (plain text, then HTML),
// the configured headers rendered as templates, STARTTLS when `require_tls`, and Alertmanager's choice of SMTP
// authentication mechanism.

import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import nodemailer from 'nodemailer';
import addressparser, { type Address } from 'nodemailer/lib/addressparser';
import type { Alert } from '../../alert/alert';
import type { EmailConfig } from '../../config/notifiers-core';
import { notificationDataFor, type CompiledTemplate, type Flavor, type TemplateSet } from '../../templates';
import type { Notifier } from '../integration';
import { NotifyError, errorMessage } from '../notify-error';
import type { StageContext } from '../stage';
import { classifySmtpError } from './email-errors';
import { AUTH_HANDLER, authenticate, type SmtpCredentials } from './smtp-auth';
import { tlsOptions, unsupportedTls } from './tls-options';

/** DEFAULT_EMAIL_SUBJECT is the Subject header when none is configured (Alertmanager's DefaultEmailSubject). */
export const DEFAULT_EMAIL_SUBJECT = '{{ template "email.default.subject" . }}';
/** DEFAULT_EMAIL_HTML is the HTML body when `html` is empty. */
export const DEFAULT_EMAIL_HTML = '{{ template "email.default.html" . }}';
/**
 * DEFAULT_EMAIL_TEXT is the plain-text body when `text` is empty. Alertmanager sends no text part then; Vigil
 * always sends one, for clients that do not show HTML.
 */
export const DEFAULT_EMAIL_TEXT = '{{ template "email.default.text" . }}';

/** EmailNotifierOptions are the process-wide settings and the templates an email integration renders with. */
export interface EmailNotifierOptions {
  externalUrl: string;
  templates: TemplateSet;
  /** Names the integration in template errors, e.g. `receiver "team" email_configs[0]`. */
  where?: string;
  /** The host name in Message-Id headers; default the machine's. */
  hostname?: string;
  /** SMTP timeouts (ms) for connecting and for the greeting; nodemailer's defaults otherwise. */
  connectionTimeoutMs?: number;
  greetingTimeoutMs?: number;
}

// Headers that nodemailer sets from message fields rather than from `headers`.
const FIELD_HEADERS = new Set(['Subject', 'To', 'From', 'Message-Id', 'Date']);

async function readSecret(file: string, what: string, trim: boolean): Promise<string> {
  try {
    const text = await readFile(file, 'utf8');
    return trim ? text.trim() : text;
  } catch (err) {
    throw new NotifyError(`could not read ${what} ${file}: ${errorMessage(err)}`, {
      retriable: false,
      reason: 'authError',
      cause: err,
    });
  }
}

function mailboxes(list: Address[]): string[] {
  return list.flatMap((a) => (a.group ? mailboxes(a.group) : [a.address]));
}

function parseAddresses(text: string, what: string): string[] {
  const out = mailboxes(addressparser(text));
  const bad = out.find((a) => !/^[^\s@]+@[^\s@]+$/.test(a));
  if (out.length === 0 || bad !== undefined) {
    throw new NotifyError(
      `parse '${what}' addresses: ${bad === undefined ? 'no address' : `invalid address ${JSON.stringify(bad)}`} in ${JSON.stringify(text)}`,
      {
        retriable: false,
        reason: 'clientError',
      },
    );
  }
  return out;
}

// Rendered values go into header lines: a newline in one must not start another header.
const oneLine = (s: string): string => s.replace(/[\r\n]+/g, ' ');

/**
 * EmailNotifier sends one email per notification through the config's smarthost. Templates compile at
 * construction (a bad one throws TemplateError). Failures are classified: 4xx SMTP replies and connection errors
 * are retriable, 5xx replies are not (authentication refusals are reported as auth errors).
 */
export class EmailNotifier implements Notifier {
  private readonly to: CompiledTemplate;
  private readonly from: CompiledTemplate;
  private readonly html: CompiledTemplate;
  private readonly text: CompiledTemplate;
  private readonly headers: [string, CompiledTemplate][];
  private readonly hostname: string;

  constructor(
    private readonly config: EmailConfig,
    private readonly opts: EmailNotifierOptions,
  ) {
    const where = opts.where ?? 'email_configs[0]';
    const c = (text: string, flavor: Flavor, field: string): CompiledTemplate =>
      opts.templates.compile(text, flavor, `${where}.${field}`);
    const tls = unsupportedTls(config.tlsConfig);
    if (tls) throw new Error(`${where}: not supported by Vigil: ${tls}`);
    const headers: Record<string, string> = { ...config.headers };
    headers.Subject ??= DEFAULT_EMAIL_SUBJECT;
    headers.To ??= config.to;
    headers.From ??= config.from;
    this.to = c(config.to, 'text', 'to');
    this.from = c(config.from, 'text', 'from');
    this.html = c(config.html || DEFAULT_EMAIL_HTML, 'html', 'html');
    this.text = c(config.text || DEFAULT_EMAIL_TEXT, 'text', 'text');
    this.headers = Object.entries(headers).map(([name, t]) => [name, c(t, 'text', `headers.${name}`)]);
    this.hostname = opts.hostname ?? hostname();
  }

  async notify(ctx: StageContext, alerts: Alert[]): Promise<void> {
    const message = await this.compose(ctx, alerts);
    const transport = nodemailer.createTransport(await this.transportOptions());
    try {
      await transport.sendMail({ ...message, signal: ctx.signal });
    } catch (err) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      throw classifySmtpError(err);
    } finally {
      transport.close();
    }
  }

  private async compose(ctx: StageContext, alerts: Alert[]) {
    const data = notificationDataFor(ctx, alerts, this.opts.externalUrl);
    const render = (t: CompiledTemplate, what: string): string => {
      try {
        return t.render(data);
      } catch (err) {
        throw new NotifyError(`execute ${what} template: ${errorMessage(err)}`, {
          retriable: false,
          cause: err,
        });
      }
    };
    const fromAddrs = parseAddresses(render(this.from, "'from'"), 'from');
    if (fromAddrs.length !== 1) {
      throw new NotifyError(`must be exactly one 'from' address (got: ${fromAddrs.length})`, {
        retriable: false,
      });
    }
    const toAddrs = parseAddresses(render(this.to, "'to'"), 'to');
    const headers: Record<string, string> = {};
    for (const [name, t] of this.headers)
      headers[name] = oneLine(render(t, `${JSON.stringify(name)} header`));
    if (this.config.threading?.enabled) Object.assign(headers, this.threadingHeaders(ctx));
    const custom = Object.fromEntries(Object.entries(headers).filter(([k]) => !FIELD_HEADERS.has(k)));
    return {
      envelope: { from: fromAddrs[0], to: toAddrs },
      from: headers.From ?? '',
      to: headers.To ?? '',
      subject: headers.Subject ?? '',
      messageId: headers['Message-Id'] ?? this.messageId(),
      date: headers.Date ?? new Date(),
      headers: custom,
      text: render(this.text, 'text'),
      html: render(this.html, 'html'),
      xMailer: false as const,
    };
  }

  // Alertmanager's `<unix-nanos.random@hostname>`.
  private messageId(): string {
    const nanos = BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n);
    return `<${nanos}.${randomBytes(8).readBigUInt64BE()}@${this.hostname}>`;
  }

  // Every notification of a group (per day with thread_by_date: daily) replies to the same made-up root.
  private threadingHeaders(ctx: StageContext): Record<string, string> {
    const day =
      this.config.threading?.threadByDate === 'daily' ? new Date(ctx.now).toISOString().slice(0, 10) : '';
    const keyHash = createHash('sha256').update(ctx.groupKey).digest('hex').slice(0, 16);
    const root = `<alert-${keyHash}-${day}@alertmanager>`;
    return { References: root, 'In-Reply-To': root };
  }

  private async transportOptions() {
    const c = this.config;
    const port = Number(c.smarthost.port);
    const implicitTls = c.forceImplicitTls ?? c.smarthost.port === '465';
    const requireTls = c.requireTls ?? true;
    const tls = await tlsOptions(c.tlsConfig, c.smarthost.host).catch((err: unknown) => {
      throw new NotifyError(`parse TLS configuration: ${errorMessage(err)}`, {
        retriable: false,
        cause: err,
      });
    });
    const auth = c.authUsername === '' ? undefined : await this.credentials(implicitTls || requireTls);
    return {
      host: c.smarthost.host,
      port,
      secure: implicitTls,
      // Without require_tls Alertmanager never upgrades, even when the server offers STARTTLS.
      requireTLS: requireTls && !implicitTls,
      ignoreTLS: !requireTls && !implicitTls,
      name: c.hello || 'localhost',
      tls,
      ...(this.opts.connectionTimeoutMs ? { connectionTimeout: this.opts.connectionTimeoutMs } : {}),
      ...(this.opts.greetingTimeoutMs ? { greetingTimeout: this.opts.greetingTimeoutMs } : {}),
      ...(auth
        ? {
            customAuth: { [AUTH_HANDLER]: authenticate },
            auth: { type: 'custom', method: AUTH_HANDLER, user: auth.username, pass: '-', options: auth },
          }
        : {}),
    };
  }

  // Secrets in files are read per notification, so rotating them needs no reload.
  private async credentials(encrypted: boolean): Promise<SmtpCredentials> {
    const c = this.config;
    const password = c.authPasswordFile
      ? await readSecret(c.authPasswordFile, 'auth_password_file', true)
      : c.authPassword;
    // Alertmanager uses the secret file's content as is.
    const secret = c.authSecretFile
      ? await readSecret(c.authSecretFile, 'auth_secret_file', false)
      : c.authSecret;
    return {
      username: c.authUsername,
      password,
      secret,
      identity: c.authIdentity,
      host: c.smarthost.host,
      encrypted,
    };
  }
}
