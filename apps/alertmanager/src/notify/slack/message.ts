// The Slack message Alertmanager sends: one legacy attachment (title, text, fields, actions, color, ...), every
// configured field rendered as a template, and the parts Slack limits truncated rather than rejected.

import type { SlackAction, SlackConfig } from '../../config/notifiers-core';
import type { CompiledTemplate, Flavor, NotificationData, TemplateSet } from '../../templates';
import { TRUNCATION_MARKER } from '../../templates';
import { GoStruct, type GoJson } from '../go-json';

/** SLACK_LIMITS are the lengths (in characters) Vigil keeps message parts to. */
export const SLACK_LIMITS = {
  /** Alertmanager's limit for attachment titles (Slack's legacy-field documentation). */
  title: 1024,
  /** Slack truncates longer messages itself, possibly mid-markup; Vigil cuts first, at a clean boundary. */
  text: 40_000,
  /** Slack documents footers as limited to 300 characters. */
  footer: 300,
  /** Field titles are shown in bold above their value. */
  fieldTitle: 1024,
  fieldValue: 2000,
} as const;

/** SlackField is a rendered attachment field (`short` is always set, as Alertmanager sends it). */
export interface RenderedField {
  title: string;
  value: string;
  short: boolean;
}

/** RenderedAction is a rendered attachment action. */
export interface RenderedAction {
  type: string;
  text: string;
  url: string;
  style: string;
  name: string;
  value: string;
  confirm?: { text: string; title: string; okText: string; dismissText: string };
}

/** SlackAttachment is the attachment as rendered; empty optional parts are left out when encoded. */
export interface SlackAttachment {
  title: string;
  titleLink: string;
  pretext: string;
  text: string;
  fallback: string;
  callbackId: string;
  fields: RenderedField[];
  actions: RenderedAction[];
  imageUrl: string;
  thumbUrl: string;
  footer: string;
  color: string;
  mrkdwnIn: string[];
}

/** SlackMessage is a rendered message (Alertmanager's slack.request). */
export interface SlackMessage {
  channel: string;
  /** Set when updating an earlier message (update_message). */
  ts?: string;
  username: string;
  iconEmoji: string;
  iconUrl: string;
  linkNames: boolean;
  text: string;
  attachment: SlackAttachment;
}

/** DEFAULT_MRKDWN_IN is where Slack applies markup when `mrkdwn_in` is not configured (Alertmanager's default). */
export const DEFAULT_MRKDWN_IN: readonly string[] = ['fallback', 'pretext', 'text'];

/**
 * truncateSlack shortens Slack-escaped text to `max` characters ending with `…`, never cutting an entity
 * (`&amp;`) or a `<link|label>` in two.
 */
export function truncateSlack(text: string, max: number): string {
  const runes = Array.from(text);
  if (runes.length <= max) return text;
  let kept = runes.slice(0, Math.max(0, max - 1)).join('');
  kept = kept.replace(/&[a-z#0-9]*$/i, '');
  const open = kept.lastIndexOf('<');
  if (open > kept.lastIndexOf('>')) kept = kept.slice(0, open);
  return kept + TRUNCATION_MARKER;
}

type Render = (data: NotificationData) => string;

interface CompiledAction {
  type: Render;
  text: Render;
  url: Render;
  style: Render;
  name: Render;
  value: Render;
  confirm?: { text: Render; title: Render; okText: Render; dismissText: Render };
}

/**
 * SlackTemplates are a slack_configs entry's templates, compiled when the integration is built. Text Slack
 * formats (title, text, pretext, fallback, footer, field and action texts) escapes `&<>` in values; URLs, names,
 * colors and emoji are not escaped.
 */
export class SlackTemplates {
  private readonly parts: Record<string, Render> = {};
  private readonly fields: { title: Render; value: Render; short: boolean }[];
  private readonly actions: CompiledAction[];

  /** Compiles every field; throws TemplateError naming `<where>.<field>` and the line. */
  constructor(
    private readonly config: SlackConfig,
    set: TemplateSet,
    where: string,
  ) {
    const c = (text: string, flavor: Flavor, field: string): Render => {
      const t: CompiledTemplate = set.compile(text, flavor, `${where}.${field}`);
      return (d) => t.render(d);
    };
    const plain: [keyof SlackConfig, string][] = [
      ['channel', 'channel'],
      ['username', 'username'],
      ['iconEmoji', 'icon_emoji'],
      ['iconUrl', 'icon_url'],
      ['titleLink', 'title_link'],
      ['callbackId', 'callback_id'],
      ['imageUrl', 'image_url'],
      ['thumbUrl', 'thumb_url'],
      ['color', 'color'],
    ];
    const formatted: [keyof SlackConfig, string][] = [
      ['title', 'title'],
      ['pretext', 'pretext'],
      ['text', 'text'],
      ['fallback', 'fallback'],
      ['footer', 'footer'],
      ['messageText', 'message_text'],
    ];
    for (const [prop, key] of plain) this.parts[prop] = c(String(config[prop] ?? ''), 'text', key);
    for (const [prop, key] of formatted) this.parts[prop] = c(String(config[prop] ?? ''), 'slack', key);
    this.fields = (config.fields ?? []).map((f, i) => ({
      title: c(f.title, 'slack', `fields[${i}].title`),
      value: c(f.value, 'slack', `fields[${i}].value`),
      short: f.short ?? config.shortFields,
    }));
    this.actions = (config.actions ?? []).map((a, i) =>
      compileAction(a, (t, f, k) => c(t, f, `actions[${i}].${k}`)),
    );
  }

  /** render builds the message; it throws when a template fails at run time. */
  render(data: NotificationData): SlackMessage {
    const p = (prop: string): string => this.parts[prop]?.(data) ?? '';
    return {
      channel: p('channel'),
      username: p('username'),
      iconEmoji: p('iconEmoji'),
      iconUrl: p('iconUrl'),
      linkNames: this.config.linkNames,
      text: truncateSlack(p('messageText'), SLACK_LIMITS.text),
      attachment: {
        title: truncateSlack(p('title'), SLACK_LIMITS.title),
        titleLink: p('titleLink'),
        pretext: truncateSlack(p('pretext'), SLACK_LIMITS.text),
        text: truncateSlack(p('text'), SLACK_LIMITS.text),
        fallback: truncateSlack(p('fallback'), SLACK_LIMITS.text),
        callbackId: p('callbackId'),
        fields: this.fields.map((f) => ({
          title: truncateSlack(f.title(data), SLACK_LIMITS.fieldTitle),
          value: truncateSlack(f.value(data), SLACK_LIMITS.fieldValue),
          short: f.short,
        })),
        actions: this.actions.map((a) => renderAction(a, data)),
        imageUrl: p('imageUrl'),
        thumbUrl: p('thumbUrl'),
        footer: truncateSlack(p('footer'), SLACK_LIMITS.footer),
        color: p('color'),
        mrkdwnIn:
          this.config.mrkdwnIn && this.config.mrkdwnIn.length > 0
            ? [...this.config.mrkdwnIn]
            : [...DEFAULT_MRKDWN_IN],
      },
    };
  }
}

function compileAction(
  a: SlackAction,
  c: (text: string, flavor: Flavor, key: string) => Render,
): CompiledAction {
  return {
    type: c(a.type, 'text', 'type'),
    text: c(a.text, 'slack', 'text'),
    url: c(a.url, 'text', 'url'),
    style: c(a.style, 'text', 'style'),
    name: c(a.name, 'text', 'name'),
    value: c(a.value, 'text', 'value'),
    ...(a.confirm
      ? {
          confirm: {
            text: c(a.confirm.text, 'slack', 'confirm.text'),
            title: c(a.confirm.title, 'slack', 'confirm.title'),
            okText: c(a.confirm.okText, 'slack', 'confirm.ok_text'),
            dismissText: c(a.confirm.dismissText, 'slack', 'confirm.dismiss_text'),
          },
        }
      : {}),
  };
}

function renderAction(a: CompiledAction, d: NotificationData): RenderedAction {
  return {
    type: a.type(d),
    text: a.text(d),
    url: a.url(d),
    style: a.style(d),
    name: a.name(d),
    value: a.value(d),
    ...(a.confirm
      ? {
          confirm: {
            text: a.confirm.text(d),
            title: a.confirm.title(d),
            okText: a.confirm.okText(d),
            dismissText: a.confirm.dismissText(d),
          },
        }
      : {}),
  };
}

// Go's `omitempty`: the field is left out when empty (a nil pointer is null here).
function fieldsOf(entries: [string, GoJson, boolean][]): [string, GoJson][] {
  return entries
    .filter(
      ([, v, omitEmpty]) =>
        !omitEmpty || !(v === null || v === '' || v === false || (Array.isArray(v) && v.length === 0)),
    )
    .map(([k, v]) => [k, v]);
}

function actionStruct(a: RenderedAction): GoStruct {
  return new GoStruct(
    fieldsOf([
      ['type', a.type, true],
      ['text', a.text, true],
      ['url', a.url, true],
      ['style', a.style, true],
      ['name', a.name, true],
      ['value', a.value, true],
      [
        'confirm',
        a.confirm
          ? new GoStruct(
              fieldsOf([
                ['text', a.confirm.text, true],
                ['title', a.confirm.title, true],
                ['ok_text', a.confirm.okText, true],
                ['dismiss_text', a.confirm.dismissText, true],
              ]),
            )
          : null,
        true,
      ],
    ]),
  );
}

/** attachmentStruct is the attachment in Alertmanager's JSON field order and omitempty rules. */
export function attachmentStruct(a: SlackAttachment): GoStruct {
  return new GoStruct(
    fieldsOf([
      ['title', a.title, true],
      ['title_link', a.titleLink, true],
      ['pretext', a.pretext, true],
      ['text', a.text, false],
      ['fallback', a.fallback, false],
      ['callback_id', a.callbackId, false],
      [
        'fields',
        a.fields.map(
          (f) =>
            new GoStruct([
              ['title', f.title],
              ['value', f.value],
              ['short', f.short],
            ]),
        ),
        true,
      ],
      ['actions', a.actions.map(actionStruct), true],
      ['image_url', a.imageUrl, true],
      ['thumb_url', a.thumbUrl, true],
      ['footer', a.footer, false],
      ['color', a.color, true],
      ['mrkdwn_in', a.mrkdwnIn, true],
    ]),
  );
}

/** messageStruct is the webhook payload, byte for byte as Alertmanager encodes its slack.request. */
export function messageStruct(m: SlackMessage): GoStruct {
  return new GoStruct(
    fieldsOf([
      ['channel', m.channel, true],
      ['ts', m.ts ?? '', true],
      ['username', m.username, true],
      ['icon_emoji', m.iconEmoji, true],
      ['icon_url', m.iconUrl, true],
      ['link_names', m.linkNames, true],
      ['text', m.text, true],
      ['attachments', [attachmentStruct(m.attachment)], false],
    ]),
  );
}

/** webApiArguments are the chat.postMessage / chat.update arguments for a message (empty values left out). */
export function webApiArguments(m: SlackMessage): Record<string, unknown> {
  const a = m.attachment;
  const attachment: Record<string, unknown> = {
    text: a.text,
    fallback: a.fallback,
    callback_id: a.callbackId,
    footer: a.footer,
  };
  const optional: [string, string][] = [
    ['title', a.title],
    ['title_link', a.titleLink],
    ['pretext', a.pretext],
    ['image_url', a.imageUrl],
    ['thumb_url', a.thumbUrl],
    ['color', a.color],
  ];
  for (const [k, v] of optional) if (v !== '') attachment[k] = v;
  if (a.fields.length > 0) attachment.fields = a.fields;
  if (a.actions.length > 0) {
    attachment.actions = a.actions.map((x) => {
      const out: Record<string, unknown> = {};
      for (const k of ['type', 'text', 'url', 'style', 'name', 'value'] as const)
        if (x[k] !== '') out[k] = x[k];
      if (x.confirm) {
        out.confirm = Object.fromEntries(
          [
            ['text', x.confirm.text],
            ['title', x.confirm.title],
            ['ok_text', x.confirm.okText],
            ['dismiss_text', x.confirm.dismissText],
          ].filter(([, v]) => v !== ''),
        );
      }
      return out;
    });
  }
  attachment.mrkdwn_in = a.mrkdwnIn;
  const args: Record<string, unknown> = { attachments: [attachment] };
  if (m.channel !== '') args.channel = m.channel;
  if (m.ts) args.ts = m.ts;
  if (m.username !== '') args.username = m.username;
  if (m.iconEmoji !== '') args.icon_emoji = m.iconEmoji;
  if (m.iconUrl !== '') args.icon_url = m.iconUrl;
  if (m.linkNames) args.link_names = true;
  if (m.text !== '') args.text = m.text;
  return args;
}
