// The integrations Vigil sends itself: webhook, email and Slack, with Alertmanager's defaults and checks.

import type { HostPort } from './go-values';
import {
  canonicalHeaderKey,
  httpClientConfigSchema,
  tlsConfigSchema,
  type HttpClientConfig,
  type TlsConfig,
} from './http-config';
import { goDuration, hostPort, httpUrl, secretTemplateUrl, secretUrl } from './kinds';
import { K, field, type Field, type StructSchema } from './schema';

/** Fields every integration has: `send_resolved` (default per integration) and its HTTP client. */
export interface NotifierBase {
  sendResolved: boolean;
  httpConfig?: HttpClientConfig;
}

/** sendResolved is the inlined NotifierConfig field with an integration's default. */
export const sendResolved = (def: boolean): Field =>
  field('send_resolved', 'sendResolved', K.bool, { def: () => def });
/** httpConfigField is the optional per-integration `http_config`. */
export const httpConfigField: Field = field('http_config', 'httpConfig', K.struct(httpClientConfigSchema), {
  omitEmpty: true,
  pointer: true,
});
/** str is an omitempty string field. */
export const str = (key: string, prop: string, secret = false): Field =>
  field(key, prop, secret ? K.secret : K.string, { omitEmpty: true });
/** tmpl is an omitempty string field whose default is one of Alertmanager's default templates. */
export const tmpl = (key: string, prop: string, template: string): Field =>
  field(key, prop, K.string, { omitEmpty: true, def: () => `{{ template "${template}" . }}` });

/** WebhookConfig is one `webhook_configs` entry. */
export interface WebhookConfig extends NotifierBase {
  url: string;
  urlFile: string;
  /** 0 means no limit. */
  maxAlerts: number;
  /** Milliseconds; 0 means no timeout. */
  timeout: number;
  payload?: unknown;
}

/** The `webhook_configs` entry schema. */
export const webhookConfigSchema: StructSchema = {
  goType: 'webhook.plain',
  fields: [
    sendResolved(true),
    httpConfigField,
    field('url', 'url', secretTemplateUrl, { omitEmpty: true, def: () => '' }),
    field('url_file', 'urlFile', K.string),
    field('max_alerts', 'maxAlerts', K.uint),
    field('timeout', 'timeout', goDuration, { def: () => 0 }),
    field('payload', 'payload', K.any, { omitEmpty: true }),
  ],
  validate: (o, v) => {
    if (o.url === '' && o.urlFile === '') v.fail('one of url or url_file must be configured');
    if (o.url !== '' && o.urlFile !== '') v.fail('at most one of url & url_file must be configured');
  },
};

/** EmailConfig is one `email_configs` entry, after inheriting the global SMTP settings. */
export interface EmailConfig extends NotifierBase {
  to: string;
  from: string;
  hello: string;
  smarthost: HostPort;
  authUsername: string;
  authPassword: string;
  authPasswordFile: string;
  authSecret: string;
  authSecretFile: string;
  authIdentity: string;
  headers?: Record<string, string>;
  html: string;
  text: string;
  requireTls?: boolean;
  tlsConfig?: TlsConfig;
  forceImplicitTls?: boolean;
  threading?: { enabled: boolean; threadByDate: string };
}

const threadingSchema: StructSchema = {
  goType: 'config.ThreadingConfig',
  fields: [field('enabled', 'enabled', K.bool, { omitEmpty: true }), str('thread_by_date', 'threadByDate')],
};

/** The `email_configs` entry schema. */
export const emailConfigSchema: StructSchema = {
  goType: 'config.plain',
  fields: [
    sendResolved(false),
    str('to', 'to'),
    str('from', 'from'),
    str('hello', 'hello'),
    field('smarthost', 'smarthost', hostPort, { omitEmpty: true, def: () => ({ host: '', port: '' }) }),
    str('auth_username', 'authUsername'),
    str('auth_password', 'authPassword', true),
    str('auth_password_file', 'authPasswordFile'),
    str('auth_secret', 'authSecret', true),
    str('auth_secret_file', 'authSecretFile'),
    str('auth_identity', 'authIdentity'),
    field('headers', 'headers', K.stringMap, { omitEmpty: true }),
    tmpl('html', 'html', 'email.default.html'),
    str('text', 'text'),
    field('require_tls', 'requireTls', K.bool, { omitEmpty: true, pointer: true }),
    field('tls_config', 'tlsConfig', K.struct(tlsConfigSchema), { omitEmpty: true, pointer: true }),
    field('force_implicit_tls', 'forceImplicitTls', K.bool, { omitEmpty: true, pointer: true }),
    field('threading', 'threading', K.struct(threadingSchema), { omitEmpty: true }),
  ],
  validate: (o, v) => {
    const c = o as unknown as EmailConfig;
    if (c.to === '') v.fail('missing to address in email config');
    const normalized: Record<string, string> = {};
    for (const [name, value] of Object.entries(c.headers ?? {})) {
      const key = canonicalHeaderKey(name);
      if (key in normalized) v.fail(`duplicate header ${JSON.stringify(key)} in email config`);
      normalized[key] = value;
    }
    if (c.headers) c.headers = normalized;
    if (c.threading?.enabled) {
      if ('References' in normalized) {
        v.fail('conflicting configuration: threading.enabled conflicts with custom References header');
      }
      if ('In-Reply-To' in normalized) {
        v.fail('conflicting configuration: threading.enabled conflicts with custom In-Reply-To header');
      }
      if (!['none', 'daily'].includes(c.threading.threadByDate)) {
        v.fail("threading.thread_by_date must be either 'none' or 'daily'");
      }
    }
  },
};

/** SlackField is one entry of a Slack config's `fields`. */
export interface SlackField {
  title: string;
  value: string;
  short?: boolean;
}

/** SlackAction is one entry of a Slack config's `actions`. */
export interface SlackAction {
  type: string;
  text: string;
  url: string;
  style: string;
  name: string;
  value: string;
  confirm?: { text: string; title: string; okText: string; dismissText: string };
}

/** SlackConfig is one `slack_configs` entry, after inheriting the global Slack settings. */
export interface SlackConfig extends NotifierBase {
  apiUrl?: string;
  apiUrlFile: string;
  appToken: string;
  appTokenFile: string;
  appUrl?: string;
  channel: string;
  username: string;
  color: string;
  title: string;
  titleLink: string;
  pretext: string;
  text: string;
  messageText: string;
  fields?: SlackField[];
  shortFields: boolean;
  footer: string;
  fallback: string;
  callbackId: string;
  iconEmoji: string;
  iconUrl: string;
  imageUrl: string;
  thumbUrl: string;
  linkNames: boolean;
  mrkdwnIn?: string[];
  actions?: SlackAction[];
  updateMessage: boolean;
  /** Milliseconds; 0 means no timeout. */
  timeout: number;
}

const slackConfirmSchema: StructSchema = {
  goType: 'config.plain',
  fields: [
    str('text', 'text'),
    str('title', 'title'),
    str('ok_text', 'okText'),
    str('dismiss_text', 'dismissText'),
  ],
  validate: (o, v) => {
    if (o.text === '') v.fail('missing text in Slack confirmation configuration');
  },
};

const slackActionSchema: StructSchema = {
  goType: 'config.plain',
  fields: [
    str('type', 'type'),
    str('text', 'text'),
    str('url', 'url'),
    str('style', 'style'),
    str('name', 'name'),
    str('value', 'value'),
    field('confirm', 'confirm', K.struct(slackConfirmSchema), { omitEmpty: true, pointer: true }),
  ],
  validate: (o, v) => {
    if (o.type === '') v.fail('missing type in Slack action configuration');
    if (o.text === '') v.fail('missing text in Slack action configuration');
    if (o.url !== '') {
      o.name = '';
      o.value = '';
      o.confirm = undefined;
    } else if (o.name === '') {
      v.fail('missing name or url in Slack action configuration');
    }
  },
};

const slackFieldSchema: StructSchema = {
  goType: 'config.plain',
  fields: [
    str('title', 'title'),
    str('value', 'value'),
    field('short', 'short', K.bool, { omitEmpty: true, pointer: true }),
  ],
  validate: (o, v) => {
    if (o.title === '') v.fail('missing title in Slack field configuration');
    if (o.value === '') v.fail('missing value in Slack field configuration');
  },
};

const SLACK_POST_MESSAGE_URL = 'https://slack.com/api/chat.postMessage';

/** The `slack_configs` entry schema. */
export const slackConfigSchema: StructSchema = {
  goType: 'config.plain',
  fields: [
    sendResolved(false),
    httpConfigField,
    field('api_url', 'apiUrl', secretUrl, { omitEmpty: true, pointer: true }),
    str('api_url_file', 'apiUrlFile'),
    str('app_token', 'appToken', true),
    str('app_token_file', 'appTokenFile'),
    field('app_url', 'appUrl', httpUrl, { omitEmpty: true, pointer: true }),
    str('channel', 'channel'),
    tmpl('username', 'username', 'slack.default.username'),
    tmpl('color', 'color', 'slack.default.color'),
    tmpl('title', 'title', 'slack.default.title'),
    tmpl('title_link', 'titleLink', 'slack.default.titlelink'),
    tmpl('pretext', 'pretext', 'slack.default.pretext'),
    tmpl('text', 'text', 'slack.default.text'),
    str('message_text', 'messageText'),
    field('fields', 'fields', K.list(K.struct(slackFieldSchema)), { omitEmpty: true }),
    field('short_fields', 'shortFields', K.bool),
    tmpl('footer', 'footer', 'slack.default.footer'),
    tmpl('fallback', 'fallback', 'slack.default.fallback'),
    tmpl('callback_id', 'callbackId', 'slack.default.callbackid'),
    tmpl('icon_emoji', 'iconEmoji', 'slack.default.iconemoji'),
    tmpl('icon_url', 'iconUrl', 'slack.default.iconurl'),
    str('image_url', 'imageUrl'),
    str('thumb_url', 'thumbUrl'),
    field('link_names', 'linkNames', K.bool),
    field('mrkdwn_in', 'mrkdwnIn', K.strings, { omitEmpty: true }),
    field('actions', 'actions', K.list(K.struct(slackActionSchema)), { omitEmpty: true }),
    field('update_message', 'updateMessage', K.bool),
    field('timeout', 'timeout', goDuration, { def: () => 0 }),
  ],
  validate: (o, v) => {
    const c = o as unknown as SlackConfig;
    const hasUrl = c.apiUrl !== undefined || c.apiUrlFile !== '';
    const hasToken = c.appToken !== '' || c.appTokenFile !== '';
    if (c.apiUrl !== undefined && c.apiUrlFile !== '')
      v.fail('at most one of api_url & api_url_file must be configured');
    if (c.appToken !== '' && c.appTokenFile !== '')
      v.fail('at most one of app_token & app_token_file must be configured');
    if (hasUrl && hasToken)
      v.fail('at most one of api_url/api_url_file & app_token/app_token_file must be configured');
    // Message updates need a bot token; a webhook URL cannot update messages.
    if (c.updateMessage && c.apiUrl !== undefined && c.apiUrl !== SLACK_POST_MESSAGE_URL) {
      v.fail(
        `update_message can only be used with bot tokens. api_url must be set to ${SLACK_POST_MESSAGE_URL}`,
      );
    }
    if (c.updateMessage && c.apiUrl === undefined && c.apiUrlFile !== '') {
      v.fail(
        `update_message can only be used with bot tokens. api_url must be set to ${SLACK_POST_MESSAGE_URL}`,
      );
    }
  },
};
