// From configured receivers to integrations: one notifier per `*_configs` entry.

import type { EmailConfig, NotifierBase, SlackConfig, WebhookConfig } from '../config/notifiers-core';
import { INTEGRATIONS, type ReceiverConfig } from '../config/receiver-config';
import type { Integration, Notifier } from './integration';
import { WebhookNotifier, type WebhookNotifierOptions } from './webhook/webhook-notifier';

/** NotifierFactory makes the notifier of one integration config. */
export type NotifierFactory<C> = (config: C, where: { receiver: string; index: number }) => Notifier;

/** NotifierFactories are the integrations Vigil can send through, by Alertmanager's integration name. */
export interface NotifierFactories {
  webhook?: NotifierFactory<WebhookConfig>;
  email?: NotifierFactory<EmailConfig>;
  slack?: NotifierFactory<SlackConfig>;
}

/** UnsupportedIntegrationError is a receiver using an integration no factory is given for. */
export class UnsupportedIntegrationError extends Error {
  override readonly name = 'UnsupportedIntegrationError';
  constructor(
    readonly receiver: string,
    readonly integration: string,
  ) {
    super(`receiver ${JSON.stringify(receiver)}: ${integration} is not supported`);
  }
}

const BUILT = new Set(['webhook', 'email', 'slack']);

/**
 * buildReceiverIntegrations makes every receiver's integrations (name → list, in Alertmanager's order: webhook,
 * email, slack), indexed per kind. A receiver with no configs gets an empty list (notifications to it succeed
 * trivially). It throws UnsupportedIntegrationError for a configured kind without a factory.
 */
export function buildReceiverIntegrations(
  receivers: readonly ReceiverConfig[],
  factories: NotifierFactories,
): Map<string, Integration[]> {
  const out = new Map<string, Integration[]>();
  for (const r of receivers) {
    for (const [key, prop, , name] of INTEGRATIONS) {
      if (!BUILT.has(name) && (r[prop]?.length ?? 0) > 0) throw new UnsupportedIntegrationError(r.name, key);
    }
    const list: Integration[] = [];
    const add = <C extends NotifierBase>(
      name: string,
      key: string,
      configs: C[] | undefined,
      f?: NotifierFactory<C>,
    ): void => {
      if (!configs || configs.length === 0) return;
      if (!f) throw new UnsupportedIntegrationError(r.name, key);
      configs.forEach((c, index) =>
        list.push({
          name,
          index,
          receiverName: r.name,
          sendResolved: c.sendResolved,
          notifier: f(c, { receiver: r.name, index }),
        }),
      );
    };
    add('webhook', 'webhook_configs', r.webhookConfigs, factories.webhook);
    add('email', 'email_configs', r.emailConfigs, factories.email);
    add('slack', 'slack_configs', r.slackConfigs, factories.slack);
    out.set(r.name, list);
  }
  return out;
}

/** webhookFactory makes WebhookNotifiers sharing process-wide options. */
export function webhookFactory(opts: WebhookNotifierOptions): NotifierFactory<WebhookConfig> {
  return (config) => new WebhookNotifier(config, opts);
}
