// What Alertmanager's Config.UnmarshalYAML does after reading the fields: check the global section, give
// every integration the global defaults it lacks (SMTP, Slack, API URLs and keys, HTTP client), require unique
// receiver names, and check the root route and every reference to receivers and time intervals.

import type { GlobalConfig } from './global';
import { defaultHttpClientConfig, type HttpClientConfig } from './http-config';
import { withTrailingSlash } from './go-values';
import { slackConfigSchema, type EmailConfig, type NotifierBase, type SlackConfig } from './notifiers-core';
import { rocketchatConfigSchema, wechatConfigSchema } from './notifiers-chat';
import { opsgenieConfigSchema } from './notifiers-incident';
import type { ReceiverConfig } from './receiver-config';
import type { RouteConfig } from './route-config';
import { issueAt, newStruct, type DecodeContext } from './schema';
import type { NamedTimeInterval } from './time-interval-config';

const set = (v: unknown): boolean => v !== undefined && v !== null && v !== '';
// Go's cmp.Or: the first value that is not the zero value.
const or = <T>(a: T, b: T): T => (set(a) ? a : b);

/** checkGlobal applies the `at most one of` rules of the global section. */
export function checkGlobal(g: GlobalConfig, ctx: DecodeContext): void {
  const fail = (message: string): void => issueAt(ctx, g, message);
  const pair = (a: unknown, b: unknown, message: string): void => {
    if (set(a) && set(b)) fail(message);
  };
  pair(
    g.slackAppToken,
    g.slackAppTokenFile,
    'at most one of slack_app_token & slack_app_token_file must be configured',
  );
  pair(
    g.slackApiUrl,
    g.slackApiUrlFile,
    'at most one of slack_api_url & slack_api_url_file must be configured',
  );
  if ((set(g.slackAppToken) || set(g.slackAppTokenFile)) && (set(g.slackApiUrl) || set(g.slackApiUrlFile))) {
    // Allowed only for the old workaround of pointing slack_api_url at the app (chat.postMessage) URL.
    if ((g.slackApiUrl ?? '') !== (g.slackAppUrl ?? '')) {
      fail(
        'at most one of slack_app_token/slack_app_token_file & slack_api_url/slack_api_url_file must be configured',
      );
    }
  }
  pair(
    g.opsgenieApiKey,
    g.opsgenieApiKeyFile,
    'at most one of opsgenie_api_key & opsgenie_api_key_file must be configured',
  );
  pair(
    g.victoropsApiKey,
    g.victoropsApiKeyFile,
    'at most one of victorops_api_key & victorops_api_key_file must be configured',
  );
  pair(
    g.telegramBotToken,
    g.telegramBotTokenFile,
    'at most one of telegram_bot_token & telegram_bot_token_file must be configured',
  );
  pair(
    g.smtpAuthPassword,
    g.smtpAuthPasswordFile,
    'at most one of smtp_auth_password & smtp_auth_password_file must be configured',
  );
  if (g.rocketchatToken !== undefined && set(g.rocketchatTokenFile)) {
    fail('at most one of rocketchat_token & rocketchat_token_file must be configured');
  }
  if (g.rocketchatTokenId !== undefined && set(g.rocketchatTokenIdFile)) {
    fail('at most one of rocketchat_token_id & rocketchat_token_id_file must be configured');
  }
  pair(
    g.smtpAuthSecret,
    g.smtpAuthSecretFile,
    'at most one of smtp_auth_secret & smtp_auth_secret_file must be configured',
  );
  pair(
    g.wechatApiSecret,
    g.wechatApiSecretFile,
    'at most one of wechat_api_secret & wechat_api_secret_file must be configured',
  );
  pair(
    g.mattermostWebhookUrl,
    g.mattermostWebhookUrlFile,
    'at most one of mattermost_webhook_url & mattermost_webhook_url_file must be configured',
  );
}

/** resolveReceivers checks receiver names and fills every integration from the global section. */
export function resolveReceivers(receivers: ReceiverConfig[], g: GlobalConfig, ctx: DecodeContext): void {
  const names = new Set<string>();
  for (const rcv of receivers) {
    const fail = (message: string, at: object = rcv): void => issueAt(ctx, at, message);
    if (names.has(rcv.name)) fail(`notification config name ${JSON.stringify(rcv.name)} is not unique`);
    resolveIntegrations(rcv, g, fail);
    names.add(rcv.name);
  }
}

type Fail = (message: string, at?: object) => void;

function copyHttp(g: GlobalConfig): HttpClientConfig {
  return structuredClone(g.httpConfig ?? defaultHttpClientConfig());
}

// Entries that are `null` in the file. Go errors on most; for a few it uses an empty struct instead.
function present<T extends object>(list: (T | undefined)[] | undefined, what: string, fail: Fail): T[] {
  const out: T[] = [];
  for (const item of list ?? []) {
    if (item === undefined) fail(`missing ${what} config`);
    else out.push(item);
  }
  return out;
}

function orEmpty<T extends object>(
  list: (T | undefined)[] | undefined,
  schema: Parameters<typeof newStruct>[0],
): T[] {
  return (list ?? []).map((item) => item ?? (newStruct(schema) as T));
}

function resolveIntegrations(rcv: ReceiverConfig, g: GlobalConfig, fail: Fail): void {
  const inheritHttp = (c: NotifierBase): void => {
    c.httpConfig = c.httpConfig ?? g.httpConfig;
  };
  for (const wh of present(rcv.webhookConfigs, 'webhook', fail)) inheritHttp(wh);
  for (const ec of present(rcv.emailConfigs, 'email', fail)) resolveEmail(ec, g, fail);
  rcv.slackConfigs = orEmpty(rcv.slackConfigs, slackConfigSchema);
  for (const sc of rcv.slackConfigs) resolveSlack(sc, g, fail);
  for (const c of present(rcv.pushoverConfigs, 'pushover', fail)) inheritHttp(c);
  for (const c of present(rcv.pagerdutyConfigs, 'pagerduty', fail)) {
    inheritHttp(c);
    c.url = or(c.url, g.pagerdutyUrl);
    if (!set(c.url)) fail('no global PagerDuty URL set', c);
  }
  for (const c of present(rcv.incidentioConfigs, 'incidentio', fail)) inheritHttp(c);
  rcv.opsgenieConfigs = orEmpty(rcv.opsgenieConfigs, opsgenieConfigSchema);
  for (const c of rcv.opsgenieConfigs) {
    inheritHttp(c);
    c.apiUrl = or(c.apiUrl, g.opsgenieApiUrl);
    if (!set(c.apiUrl)) fail('no global OpsGenie URL set', c);
    else c.apiUrl = withTrailingSlash(c.apiUrl as string);
    c.apiKey = or(c.apiKey, g.opsgenieApiKey);
    c.apiKeyFile = or(c.apiKeyFile, g.opsgenieApiKeyFile);
    if (!set(c.apiKey) && !set(c.apiKeyFile))
      fail('no global OpsGenie API Key set either inline or in a file', c);
  }
  rcv.wechatConfigs = orEmpty(rcv.wechatConfigs, wechatConfigSchema);
  for (const c of rcv.wechatConfigs) {
    inheritHttp(c);
    c.apiUrl = or(c.apiUrl, g.wechatApiUrl);
    if (!set(c.apiUrl)) fail('no global Wechat URL set', c);
    if (!set(c.apiSecret) && !set(c.apiSecretFile)) {
      if (!set(g.wechatApiSecret) && !set(g.wechatApiSecretFile)) {
        fail('no global Wechat Api Secret set either inline or in a file', c);
      }
      c.apiSecret = g.wechatApiSecret;
      c.apiSecretFile = g.wechatApiSecretFile;
    }
    c.corpId = or(c.corpId, g.wechatApiCorpId);
    if (!set(c.corpId)) fail('no global Wechat CorpID set', c);
    if (set(c.apiUrl)) c.apiUrl = withTrailingSlash(c.apiUrl as string);
  }
  for (const c of present(rcv.victoropsConfigs, 'victorops', fail)) {
    inheritHttp(c);
    c.apiUrl = or(c.apiUrl, g.victoropsApiUrl);
    if (!set(c.apiUrl)) fail('no global VictorOps URL set', c);
    else c.apiUrl = withTrailingSlash(c.apiUrl as string);
    c.apiKey = or(c.apiKey, g.victoropsApiKey);
    c.apiKeyFile = or(c.apiKeyFile, g.victoropsApiKeyFile);
    if (!set(c.apiKey) && !set(c.apiKeyFile)) fail('no global VictorOps API Key set', c);
  }
  for (const c of present(rcv.snsConfigs, 'sns', fail)) inheritHttp(c);
  for (const c of present(rcv.telegramConfigs, 'telegram', fail)) {
    inheritHttp(c);
    c.apiUrl = or(c.apiUrl, g.telegramApiUrl);
    if (!set(c.botToken) && !set(c.botTokenFile)) {
      if (!set(g.telegramBotToken) && !set(g.telegramBotTokenFile)) {
        fail('missing bot_token or bot_token_file on telegram_config', c);
      }
      c.botToken = g.telegramBotToken;
      c.botTokenFile = g.telegramBotTokenFile;
    }
  }
  for (const c of present(rcv.discordConfigs, 'discord', fail)) {
    inheritHttp(c);
    if (c.webhookUrl === undefined && !set(c.webhookUrlFile))
      fail('no discord webhook URL or URLFile provided', c);
  }
  for (const c of present(rcv.webexConfigs, 'webex', fail)) {
    inheritHttp(c);
    c.apiUrl = or(c.apiUrl, g.webexApiUrl);
    if (!set(c.apiUrl)) fail('no global Webex URL set', c);
  }
  for (const c of present(rcv.msteamsConfigs, 'msteams', fail)) {
    inheritHttp(c);
    if (c.webhookUrl === undefined && !set(c.webhookUrlFile))
      fail('no msteams webhook URL or URLFile provided', c);
  }
  for (const c of present(rcv.msteamsv2Configs, 'msteamsv2', fail)) {
    if (!c.httpConfig) c.httpConfig = copyHttp(g);
    else if (c.httpConfig.proxyUrl === undefined) c.httpConfig.proxyUrl = g.httpConfig?.proxyUrl;
    if (c.webhookUrl === undefined && !set(c.webhookUrlFile))
      fail('no msteamsv2 webhook URL or URLFile provided', c);
  }
  for (const c of present(rcv.jiraConfigs, 'jira', fail)) {
    inheritHttp(c);
    c.apiUrl = or(c.apiUrl, g.jiraApiUrl);
    if (!set(c.apiUrl)) fail('no global Jira Cloud URL set', c);
  }
  rcv.rocketchatConfigs = orEmpty(rcv.rocketchatConfigs, rocketchatConfigSchema);
  for (const c of rcv.rocketchatConfigs) {
    inheritHttp(c);
    c.apiUrl = or(c.apiUrl, g.rocketchatApiUrl);
    c.tokenId = c.tokenId ?? g.rocketchatTokenId;
    c.tokenIdFile = or(c.tokenIdFile, g.rocketchatTokenIdFile);
    if (c.tokenId === undefined && !set(c.tokenIdFile)) {
      fail('no global Rocketchat TokenID set either inline or in a file', c);
    }
    c.token = c.token ?? g.rocketchatToken;
    c.tokenFile = or(c.tokenFile, g.rocketchatTokenFile);
    if (c.token === undefined && !set(c.tokenFile))
      fail('no global Rocketchat Token set either inline or in a file', c);
  }
  for (const c of present(rcv.mattermostConfigs, 'mattermost', fail)) {
    inheritHttp(c);
    if (c.webhookUrl === undefined && !set(c.webhookUrlFile)) {
      if (g.mattermostWebhookUrl === undefined && !set(g.mattermostWebhookUrlFile)) {
        fail('missing webhook_url or webhook_url_file on mattermost_config', c);
      }
      c.webhookUrl = g.mattermostWebhookUrl;
      c.webhookUrlFile = g.mattermostWebhookUrlFile;
    }
  }
}

function resolveEmail(ec: EmailConfig, g: GlobalConfig, fail: Fail): void {
  ec.tlsConfig = ec.tlsConfig ?? g.smtpTlsConfig;
  const empty = (hp: EmailConfig['smarthost'] | undefined): boolean =>
    !hp || (hp.host === '' && hp.port === '');
  if (empty(ec.smarthost)) ec.smarthost = g.smtpSmarthost ?? { host: '', port: '' };
  if (empty(ec.smarthost)) fail('no global SMTP smarthost set', ec);
  ec.from = or(ec.from, g.smtpFrom);
  if (ec.from === '') fail('no global SMTP from set', ec);
  ec.hello = or(ec.hello, g.smtpHello);
  ec.authUsername = or(ec.authUsername, g.smtpAuthUsername);
  if (ec.authPassword === '' && ec.authPasswordFile === '') {
    ec.authPassword = g.smtpAuthPassword;
    ec.authPasswordFile = g.smtpAuthPasswordFile;
  }
  if (ec.authSecret === '' && ec.authSecretFile === '') {
    ec.authSecret = g.smtpAuthSecret;
    ec.authSecretFile = g.smtpAuthSecretFile;
  }
  ec.authIdentity = or(ec.authIdentity, g.smtpAuthIdentity);
  if (ec.requireTls === undefined) ec.requireTls = g.smtpRequireTls;
  if (ec.forceImplicitTls === undefined) ec.forceImplicitTls = g.smtpForceImplicitTls;
}

function resolveSlack(sc: SlackConfig, g: GlobalConfig, fail: Fail): void {
  sc.appUrl = or(sc.appUrl, g.slackAppUrl);
  if (!set(sc.appUrl)) fail('no global Slack App URL set', sc);
  const hasLocalAuth = sc.httpConfig?.authorization !== undefined;
  // The global app token applies only when the entry has no token, authorization or webhook URL of its own.
  if (sc.appToken === '' && sc.appTokenFile === '' && !hasLocalAuth && sc.apiUrl === undefined) {
    sc.appToken = g.slackAppToken;
    sc.appTokenFile = g.slackAppTokenFile;
  }
  if (sc.apiUrl === undefined && sc.apiUrlFile === '') {
    sc.apiUrl = g.slackApiUrl;
    sc.apiUrlFile = g.slackApiUrlFile;
  }
  const hasToken = sc.appToken !== '' || sc.appTokenFile !== '';
  if (sc.apiUrl === undefined && sc.apiUrlFile === '' && !hasToken) {
    fail('no Slack API URL nor App token set either inline or in a file', sc);
  }
  if (!sc.httpConfig) sc.httpConfig = copyHttp(g);
  if (hasToken) {
    if (sc.httpConfig.authorization !== undefined) {
      fail("http authorization can't be set when using Slack App tokens", sc);
    }
    sc.httpConfig.authorization = {
      type: 'Bearer',
      credentials: sc.appToken,
      credentialsFile: sc.appTokenFile,
      credentialsRef: '',
    };
    sc.apiUrl = sc.appUrl;
  }
}

/** checkRoutes checks the root route and that every route's receiver and time intervals exist. */
export function checkRoutes(
  root: RouteConfig,
  receivers: readonly ReceiverConfig[],
  muteTimeIntervals: readonly NamedTimeInterval[],
  timeIntervals: readonly NamedTimeInterval[],
  ctx: DecodeContext,
): void {
  if (root.receiver === '') issueAt(ctx, root, 'root route must specify a default receiver');
  if (
    Object.keys(root.match ?? {}).length > 0 ||
    Object.keys(root.matchRe ?? {}).length > 0 ||
    (root.matchers ?? []).length > 0
  ) {
    issueAt(ctx, root, 'root route must not have any matchers');
  }
  if ((root.muteTimeIntervals ?? []).length > 0) {
    issueAt(ctx, root, 'root route must not have any mute time intervals', 'mute_time_intervals');
  }
  if ((root.activeTimeIntervals ?? []).length > 0) {
    issueAt(ctx, root, 'root route must not have any active time intervals', 'active_time_intervals');
  }
  if (root.continue) issueAt(ctx, root, 'cannot have continue in root route', 'continue');

  const receiverNames = new Set(receivers.map((r) => r.name));
  const intervalNames = new Set<string>();
  for (const mt of muteTimeIntervals) {
    if (intervalNames.has(mt.name))
      issueAt(ctx, mt, `mute time interval ${JSON.stringify(mt.name)} is not unique`);
    intervalNames.add(mt.name);
  }
  for (const ti of timeIntervals) {
    if (intervalNames.has(ti.name))
      issueAt(ctx, ti, `time interval ${JSON.stringify(ti.name)} is not unique`);
    intervalNames.add(ti.name);
  }
  const walk = (r: RouteConfig): void => {
    for (const child of r.routes ?? []) {
      if (child) walk(child);
      else issueAt(ctx, r, 'invalid empty route in routes', 'routes');
    }
    if (r.receiver !== '' && !receiverNames.has(r.receiver)) {
      issueAt(ctx, r, `undefined receiver ${JSON.stringify(r.receiver)} used in route`, 'receiver');
    }
    for (const name of [...(r.activeTimeIntervals ?? []), ...(r.muteTimeIntervals ?? [])]) {
      if (!intervalNames.has(name))
        issueAt(ctx, r, `undefined time interval ${JSON.stringify(name)} used in route`);
    }
  };
  walk(root);
}
