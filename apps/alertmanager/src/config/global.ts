// The `global` section: defaults every receiver inherits (SMTP, Slack, API URLs and keys, HTTP client).

import {
  defaultHttpClientConfig,
  httpClientConfigSchema,
  tlsConfigSchema,
  type HttpClientConfig,
  type TlsConfig,
} from './http-config';
import type { HostPort } from './go-values';
import { hostPort, httpUrl, modelDuration, secretUrl } from './kinds';
import { K, field, newStruct, type Field, type StructSchema } from './schema';

/** GlobalConfig is the `global` section with Alertmanager's defaults applied. */
export interface GlobalConfig {
  /** Milliseconds after which an alert without endsAt counts as resolved (default 5m). */
  resolveTimeout: number;
  httpConfig?: HttpClientConfig;
  jiraApiUrl?: string;
  smtpFrom: string;
  smtpHello: string;
  smtpSmarthost: HostPort;
  smtpAuthUsername: string;
  smtpAuthPassword: string;
  smtpAuthPasswordFile: string;
  smtpAuthSecret: string;
  smtpAuthSecretFile: string;
  smtpAuthIdentity: string;
  smtpRequireTls: boolean;
  smtpTlsConfig?: TlsConfig;
  smtpForceImplicitTls?: boolean;
  slackApiUrl?: string;
  slackApiUrlFile: string;
  slackAppToken: string;
  slackAppTokenFile: string;
  slackAppUrl?: string;
  pagerdutyUrl?: string;
  opsgenieApiUrl?: string;
  opsgenieApiKey: string;
  opsgenieApiKeyFile: string;
  wechatApiUrl?: string;
  wechatApiSecret: string;
  wechatApiSecretFile: string;
  wechatApiCorpId: string;
  victoropsApiUrl?: string;
  victoropsApiKey: string;
  victoropsApiKeyFile: string;
  telegramApiUrl?: string;
  telegramBotToken: string;
  telegramBotTokenFile: string;
  webexApiUrl?: string;
  rocketchatApiUrl?: string;
  rocketchatToken?: string;
  rocketchatTokenFile: string;
  rocketchatTokenId?: string;
  rocketchatTokenIdFile: string;
  mattermostWebhookUrl?: string;
  mattermostWebhookUrlFile: string;
}

const str = (key: string, prop: string, secret = false): Field =>
  field(key, prop, secret ? K.secret : K.string, { omitEmpty: true });
const url = (key: string, prop: string, def?: string): Field =>
  field(key, prop, httpUrl, { omitEmpty: true, pointer: true, ...(def ? { def: () => def } : {}) });

/** The `global` schema; its defaults are Alertmanager's DefaultGlobalConfig. */
export const globalConfigSchema: StructSchema = {
  goType: 'config.plain',
  fields: [
    field('resolve_timeout', 'resolveTimeout', modelDuration, { def: () => 5 * 60_000 }),
    field('http_config', 'httpConfig', K.struct(httpClientConfigSchema), {
      omitEmpty: true,
      pointer: true,
      def: defaultHttpClientConfig,
    }),
    url('jira_api_url', 'jiraApiUrl'),
    str('smtp_from', 'smtpFrom'),
    field('smtp_hello', 'smtpHello', K.string, { omitEmpty: true, def: () => 'localhost' }),
    field('smtp_smarthost', 'smtpSmarthost', hostPort, {
      omitEmpty: true,
      def: () => ({ host: '', port: '' }),
    }),
    str('smtp_auth_username', 'smtpAuthUsername'),
    str('smtp_auth_password', 'smtpAuthPassword', true),
    str('smtp_auth_password_file', 'smtpAuthPasswordFile'),
    str('smtp_auth_secret', 'smtpAuthSecret', true),
    str('smtp_auth_secret_file', 'smtpAuthSecretFile'),
    str('smtp_auth_identity', 'smtpAuthIdentity'),
    field('smtp_require_tls', 'smtpRequireTls', K.bool, { def: () => true }),
    field('smtp_tls_config', 'smtpTlsConfig', K.struct(tlsConfigSchema), {
      omitEmpty: true,
      pointer: true,
      def: () => newStruct(tlsConfigSchema),
    }),
    field('smtp_force_implicit_tls', 'smtpForceImplicitTls', K.bool, { omitEmpty: true, pointer: true }),
    field('slack_api_url', 'slackApiUrl', secretUrl, { omitEmpty: true, pointer: true }),
    str('slack_api_url_file', 'slackApiUrlFile'),
    str('slack_app_token', 'slackAppToken', true),
    str('slack_app_token_file', 'slackAppTokenFile'),
    url('slack_app_url', 'slackAppUrl', 'https://slack.com/api/chat.postMessage'),
    url('pagerduty_url', 'pagerdutyUrl', 'https://events.pagerduty.com/v2/enqueue'),
    url('opsgenie_api_url', 'opsgenieApiUrl', 'https://api.opsgenie.com/'),
    str('opsgenie_api_key', 'opsgenieApiKey', true),
    str('opsgenie_api_key_file', 'opsgenieApiKeyFile'),
    url('wechat_api_url', 'wechatApiUrl', 'https://qyapi.weixin.qq.com/cgi-bin/'),
    str('wechat_api_secret', 'wechatApiSecret', true),
    str('wechat_api_secret_file', 'wechatApiSecretFile'),
    str('wechat_api_corp_id', 'wechatApiCorpId'),
    url(
      'victorops_api_url',
      'victoropsApiUrl',
      'https://alert.victorops.com/integrations/generic/20131114/alert/',
    ),
    str('victorops_api_key', 'victoropsApiKey', true),
    str('victorops_api_key_file', 'victoropsApiKeyFile'),
    url('telegram_api_url', 'telegramApiUrl', 'https://api.telegram.org'),
    str('telegram_bot_token', 'telegramBotToken', true),
    str('telegram_bot_token_file', 'telegramBotTokenFile'),
    url('webex_api_url', 'webexApiUrl', 'https://webexapis.com/v1/messages'),
    url('rocketchat_api_url', 'rocketchatApiUrl', 'https://open.rocket.chat/'),
    field('rocketchat_token', 'rocketchatToken', K.secret, { omitEmpty: true, pointer: true }),
    str('rocketchat_token_file', 'rocketchatTokenFile'),
    field('rocketchat_token_id', 'rocketchatTokenId', K.secret, { omitEmpty: true, pointer: true }),
    str('rocketchat_token_id_file', 'rocketchatTokenIdFile'),
    field('mattermost_webhook_url', 'mattermostWebhookUrl', secretUrl, { omitEmpty: true, pointer: true }),
    str('mattermost_webhook_url_file', 'mattermostWebhookUrlFile'),
  ],
};

/** defaultGlobalConfig returns the global section Alertmanager uses when the file has none. */
export function defaultGlobalConfig(): GlobalConfig {
  return newStruct(globalConfigSchema) as unknown as GlobalConfig;
}
