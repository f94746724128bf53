// Chat integrations Alertmanager supports (WeChat, Telegram, Webex, Discord, Microsoft Teams, Rocket.Chat,
// Mattermost), parsed and validated as Alertmanager does so that their configs load (and bad ones fail) the
// same way. Vigil does not send to them yet.

import { httpConfigField, sendResolved, str, tmpl } from './notifiers-core';
import { both, secretUrlField, url } from './notifiers-shared';
import { K, field, type StructSchema } from './schema';

/** `wechat_configs`. */
export const wechatConfigSchema: StructSchema = {
  goType: 'config.plain',
  fields: [
    sendResolved(false),
    httpConfigField,
    str('api_secret', 'apiSecret', true),
    str('api_secret_file', 'apiSecretFile'),
    str('corp_id', 'corpId'),
    tmpl('message', 'message', 'wechat.default.message'),
    url('api_url', 'apiUrl'),
    tmpl('to_user', 'toUser', 'wechat.default.to_user'),
    tmpl('to_party', 'toParty', 'wechat.default.to_party'),
    tmpl('to_tag', 'toTag', 'wechat.default.to_tag'),
    tmpl('agent_id', 'agentId', 'wechat.default.agent_id'),
    str('message_type', 'messageType'),
  ],
  validate: (o, v) => {
    if (o.messageType === '') o.messageType = 'text';
    if (!/^(text|markdown)$/.test(o.messageType as string)) {
      v.fail(
        `weChat message type ${JSON.stringify(o.messageType)} does not match valid options ^(text|markdown)$`,
      );
    }
    if (both(o, 'apiSecret', 'apiSecretFile'))
      v.fail('at most one of api_secret & api_secret_file must be configured');
  },
};

/** `telegram_configs`. */
export const telegramConfigSchema: StructSchema = {
  goType: 'telegram.plain',
  fields: [
    sendResolved(true),
    httpConfigField,
    url('api_url', 'apiUrl', false),
    str('bot_token', 'botToken', true),
    str('bot_token_file', 'botTokenFile'),
    field('chat_id', 'chatId', { t: 'int', go: 'int64' }, { omitEmpty: true }),
    str('chat_id_file', 'chatIdFile'),
    field('message_thread_id', 'messageThreadId', K.int, { omitEmpty: true }),
    tmpl('message', 'message', 'telegram.default.message'),
    field('disable_notifications', 'disableNotifications', K.bool, { omitEmpty: true }),
    field('parse_mode', 'parseMode', K.string, { omitEmpty: true, def: () => 'HTML' }),
  ],
  validate: (o, v) => {
    if (both(o, 'botToken', 'botTokenFile'))
      v.fail('at most one of bot_token & bot_token_file must be configured');
    if (o.chatId === 0 && o.chatIdFile === '') v.fail('missing chat_id or chat_id_file on telegram_config');
    if (o.chatId !== 0 && o.chatIdFile !== '')
      v.fail('at most one of chat_id & chat_id_file must be configured');
    if (!['', 'Markdown', 'MarkdownV2', 'HTML'].includes(o.parseMode as string)) {
      v.fail('unknown parse_mode on telegram_config, must be Markdown, MarkdownV2, HTML or empty string');
    }
  },
};

/** `webex_configs`. */
export const webexConfigSchema: StructSchema = {
  goType: 'config.plain',
  fields: [
    sendResolved(true),
    httpConfigField,
    url('api_url', 'apiUrl'),
    tmpl('message', 'message', 'webex.default.message'),
    field('room_id', 'roomId', K.string),
  ],
  validate: (o, v) => {
    if (o.roomId === '') v.fail('missing room_id on webex_config');
    const http = o.httpConfig as { authorization?: unknown } | undefined;
    if (!http?.authorization) v.fail('missing webex_configs.http_config.authorization');
  },
};

const webhookUrlPair = (o: Record<string, unknown>, v: { fail(m: string): void }): void => {
  if (o.webhookUrl === undefined && o.webhookUrlFile === '')
    v.fail('one of webhook_url or webhook_url_file must be configured');
  if (o.webhookUrl !== undefined && o.webhookUrlFile !== '')
    v.fail('at most one of webhook_url & webhook_url_file must be configured');
};

/** `discord_configs`. */
export const discordConfigSchema: StructSchema = {
  goType: 'discord.plain',
  fields: [
    sendResolved(true),
    httpConfigField,
    secretUrlField('webhook_url', 'webhookUrl'),
    str('webhook_url_file', 'webhookUrlFile'),
    str('content', 'content'),
    tmpl('title', 'title', 'discord.default.title'),
    tmpl('message', 'message', 'discord.default.message'),
    str('username', 'username'),
    str('avatar_url', 'avatarUrl'),
  ],
  validate: webhookUrlPair,
};

/** `msteams_configs`. */
export const msteamsConfigSchema: StructSchema = {
  goType: 'msteams.plain',
  fields: [
    sendResolved(true),
    httpConfigField,
    secretUrlField('webhook_url', 'webhookUrl'),
    str('webhook_url_file', 'webhookUrlFile'),
    tmpl('title', 'title', 'msteams.default.title'),
    tmpl('summary', 'summary', 'msteams.default.summary'),
    tmpl('text', 'text', 'msteams.default.text'),
  ],
  validate: webhookUrlPair,
};

/** `msteamsv2_configs`. */
export const msteamsV2ConfigSchema: StructSchema = {
  goType: 'msteamsv2.plain',
  fields: [
    sendResolved(true),
    httpConfigField,
    secretUrlField('webhook_url', 'webhookUrl'),
    str('webhook_url_file', 'webhookUrlFile'),
    tmpl('title', 'title', 'msteamsv2.default.title'),
    tmpl('text', 'text', 'msteamsv2.default.text'),
  ],
  validate: webhookUrlPair,
};

// Rocket.Chat's attachment structs have no yaml tags, so yaml.v2 uses the lower-cased Go field names.
const rocketchatField: StructSchema = {
  goType: 'rocketchat.RocketchatAttachmentField',
  fields: [field('short', 'short', K.bool, { pointer: true }), str('title', 'title'), str('value', 'value')],
};
const rocketchatAction: StructSchema = {
  goType: 'rocketchat.RocketchatAttachmentAction',
  fields: [
    str('type', 'type'),
    str('text', 'text'),
    str('url', 'url'),
    str('imageurl', 'imageUrl'),
    field('iswebview', 'isWebview', K.bool),
    str('webviewheightratio', 'webviewHeightRatio'),
    str('msg', 'msg'),
    field('msginchatwindow', 'msgInChatWindow', K.bool),
    str('msgprocessingtype', 'msgProcessingType'),
  ],
};

/** `rocketchat_configs`. */
export const rocketchatConfigSchema: StructSchema = {
  goType: 'rocketchat.plain',
  fields: [
    sendResolved(false),
    httpConfigField,
    url('api_url', 'apiUrl'),
    field('token_id', 'tokenId', K.secret, { omitEmpty: true, pointer: true }),
    str('token_id_file', 'tokenIdFile'),
    field('token', 'token', K.secret, { omitEmpty: true, pointer: true }),
    str('token_file', 'tokenFile'),
    str('channel', 'channel'),
    field('color', 'color', K.string, {
      omitEmpty: true,
      def: () => '{{ if eq .Status "firing" }}red{{ else }}green{{ end }}',
    }),
    tmpl('title', 'title', 'rocketchat.default.title'),
    tmpl('title_link', 'titleLink', 'rocketchat.default.titlelink'),
    tmpl('text', 'text', 'rocketchat.default.text'),
    field('fields', 'fields', K.list(K.struct(rocketchatField)), { omitEmpty: true }),
    field('short_fields', 'shortFields', K.bool),
    tmpl('emoji', 'emoji', 'rocketchat.default.emoji'),
    tmpl('icon_url', 'iconUrl', 'rocketchat.default.iconurl'),
    str('image_url', 'imageUrl'),
    str('thumb_url', 'thumbUrl'),
    field('link_names', 'linkNames', K.bool),
    field('actions', 'actions', K.list(K.struct(rocketchatAction)), { omitEmpty: true }),
  ],
  validate: (o, v) => {
    if (o.token !== undefined && o.tokenFile !== '')
      v.fail('at most one of token & token_file must be configured');
    if (o.tokenId !== undefined && o.tokenIdFile !== '')
      v.fail('at most one of token_id & token_id_file must be configured');
  },
};

const mattermostField: StructSchema = {
  goType: 'mattermost.plain',
  fields: [
    str('title', 'title'),
    str('value', 'value'),
    field('short', 'short', K.bool, { omitEmpty: true, pointer: true }),
  ],
  validate: (o, v) => {
    if (o.title === '') v.fail('missing title in Mattermost field configuration');
    if (o.value === '') v.fail('missing value in Mattermost field configuration');
  },
};
const mattermostAttachment: StructSchema = {
  goType: 'mattermost.MattermostAttachment',
  fields: [
    ...[
      'fallback',
      'color',
      'pretext',
      'text',
      'author_name',
      'author_link',
      'author_icon',
      'title',
      'title_link',
    ].map((k) => str(k, camel(k))),
    field('fields', 'fields', K.list(K.struct(mattermostField)), { omitEmpty: true }),
    ...['thumb_url', 'footer', 'footer_icon', 'image_url'].map((k) => str(k, camel(k))),
  ],
};

/** `mattermost_configs`. */
export const mattermostConfigSchema: StructSchema = {
  goType: 'mattermost.plain',
  fields: [
    sendResolved(true),
    httpConfigField,
    secretUrlField('webhook_url', 'webhookUrl'),
    str('webhook_url_file', 'webhookUrlFile'),
    str('channel', 'channel'),
    tmpl('username', 'username', 'mattermost.default.username'),
    tmpl('text', 'text', 'mattermost.default.text'),
    tmpl('fallback', 'fallback', 'mattermost.default.fallback'),
    tmpl('color', 'color', 'mattermost.default.color'),
    str('pretext', 'pretext'),
    str('author_name', 'authorName'),
    str('author_link', 'authorLink'),
    str('author_icon', 'authorIcon'),
    tmpl('title', 'title', 'mattermost.default.title'),
    tmpl('title_link', 'titleLink', 'mattermost.default.titlelink'),
    field('fields', 'fields', K.list(K.struct(mattermostField)), { omitEmpty: true }),
    str('thumb_url', 'thumbUrl'),
    str('footer', 'footer'),
    str('footer_icon', 'footerIcon'),
    str('image_url', 'imageUrl'),
    str('icon_url', 'iconUrl'),
    str('icon_emoji', 'iconEmoji'),
    field('attachments', 'attachments', K.list(K.struct(mattermostAttachment)), { omitEmpty: true }),
    str('type', 'type'),
    field(
      'props',
      'props',
      K.struct({ goType: 'mattermost.MattermostProps', fields: [str('card', 'card')] }),
      {
        omitEmpty: true,
        pointer: true,
      },
    ),
    field(
      'priority',
      'priority',
      K.struct({
        goType: 'mattermost.MattermostPriority',
        fields: [
          str('priority', 'priority'),
          field('requested_ack', 'requestedAck', K.bool, { omitEmpty: true }),
          field('persistent_notifications', 'persistentNotifications', K.bool, { omitEmpty: true }),
        ],
      }),
      { omitEmpty: true, pointer: true },
    ),
  ],
  validate: (o, v) => {
    if (o.webhookUrl !== undefined && o.webhookUrlFile !== '') {
      v.fail('at most one of webhook_url & webhook_url_file must be configured');
    }
  },
};

function camel(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}
