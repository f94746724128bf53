// `receivers` entries: a unique name, optional labels, and lists of integration configs.

import {
  emailConfigSchema,
  slackConfigSchema,
  webhookConfigSchema,
  type EmailConfig,
  type SlackConfig,
  type WebhookConfig,
} from './notifiers-core';
import {
  discordConfigSchema,
  mattermostConfigSchema,
  msteamsConfigSchema,
  msteamsV2ConfigSchema,
  rocketchatConfigSchema,
  telegramConfigSchema,
  webexConfigSchema,
  wechatConfigSchema,
} from './notifiers-chat';
import {
  incidentioConfigSchema,
  jiraConfigSchema,
  opsgenieConfigSchema,
  pagerdutyConfigSchema,
  pushoverConfigSchema,
  snsConfigSchema,
  victoropsConfigSchema,
} from './notifiers-incident';
import type { IntegrationConfig } from './notifiers-shared';
import { K, field, type StructSchema } from './schema';

/** ReceiverConfig is one `receivers` entry. Integration lists are resolved against `global` by the loader. */
export interface ReceiverConfig {
  name: string;
  /** Labels for filtering; `name` is always set to the receiver's name. */
  labels: Record<string, string>;
  discordConfigs?: IntegrationConfig[];
  emailConfigs?: EmailConfig[];
  incidentioConfigs?: IntegrationConfig[];
  pagerdutyConfigs?: IntegrationConfig[];
  slackConfigs?: SlackConfig[];
  webhookConfigs?: WebhookConfig[];
  opsgenieConfigs?: IntegrationConfig[];
  wechatConfigs?: IntegrationConfig[];
  pushoverConfigs?: IntegrationConfig[];
  victoropsConfigs?: IntegrationConfig[];
  snsConfigs?: IntegrationConfig[];
  telegramConfigs?: IntegrationConfig[];
  webexConfigs?: IntegrationConfig[];
  msteamsConfigs?: IntegrationConfig[];
  msteamsv2Configs?: IntegrationConfig[];
  jiraConfigs?: IntegrationConfig[];
  rocketchatConfigs?: IntegrationConfig[];
  mattermostConfigs?: IntegrationConfig[];
}

/** INTEGRATIONS lists every integration: YAML key, property on ReceiverConfig, entry schema, Go name. */
export const INTEGRATIONS = [
  ['discord_configs', 'discordConfigs', discordConfigSchema, 'discord'],
  ['email_configs', 'emailConfigs', emailConfigSchema, 'email'],
  ['incidentio_configs', 'incidentioConfigs', incidentioConfigSchema, 'incidentio'],
  ['pagerduty_configs', 'pagerdutyConfigs', pagerdutyConfigSchema, 'pagerduty'],
  ['slack_configs', 'slackConfigs', slackConfigSchema, 'slack'],
  ['webhook_configs', 'webhookConfigs', webhookConfigSchema, 'webhook'],
  ['opsgenie_configs', 'opsgenieConfigs', opsgenieConfigSchema, 'opsgenie'],
  ['wechat_configs', 'wechatConfigs', wechatConfigSchema, 'wechat'],
  ['pushover_configs', 'pushoverConfigs', pushoverConfigSchema, 'pushover'],
  ['victorops_configs', 'victoropsConfigs', victoropsConfigSchema, 'victorops'],
  ['sns_configs', 'snsConfigs', snsConfigSchema, 'sns'],
  ['telegram_configs', 'telegramConfigs', telegramConfigSchema, 'telegram'],
  ['webex_configs', 'webexConfigs', webexConfigSchema, 'webex'],
  ['msteams_configs', 'msteamsConfigs', msteamsConfigSchema, 'msteams'],
  ['msteamsv2_configs', 'msteamsv2Configs', msteamsV2ConfigSchema, 'msteamsv2'],
  ['jira_configs', 'jiraConfigs', jiraConfigSchema, 'jira'],
  ['rocketchat_configs', 'rocketchatConfigs', rocketchatConfigSchema, 'rocketchat'],
  ['mattermost_configs', 'mattermostConfigs', mattermostConfigSchema, 'mattermost'],
] as const satisfies readonly (readonly [string, keyof ReceiverConfig, StructSchema, string])[];

/** The `receivers` entry schema. */
export const receiverSchema: StructSchema = {
  goType: 'config.plain',
  fields: [
    field('name', 'name', K.string),
    field('labels', 'labels', K.stringMap, { omitEmpty: true }),
    ...INTEGRATIONS.map(([key, prop, schema]) =>
      field(key, prop, K.list(K.struct(schema)), { omitEmpty: true }),
    ),
  ],
  validate: (o, v) => {
    const r = o as unknown as ReceiverConfig;
    if (r.name === '') {
      v.fail('missing name in receiver');
      return;
    }
    r.labels = { ...(r.labels ?? {}) };
    const given = r.labels.name;
    if (given !== undefined && given !== r.name) {
      v.fail(
        `receiver label "name" must match receiver name ${JSON.stringify(r.name)}, got ${JSON.stringify(given)}`,
        'labels',
      );
    }
    r.labels.name = r.name;
  },
};
