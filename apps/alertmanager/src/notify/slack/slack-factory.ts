import type { SlackConfig } from '../../config/notifiers-core';
import type { NotifierFactory } from '../receivers';
import { SlackNotifier, type SlackNotifierOptions } from './slack-notifier';

/**
 * slackFactory makes the SlackNotifiers of a config (pass it as `slack` to buildReceiverIntegrations). Each
 * integration's templates compile as it is built, so a bad one fails the config load with a TemplateError naming
 * the receiver, the field and the line.
 */
export function slackFactory(opts: Omit<SlackNotifierOptions, 'where'>): NotifierFactory<SlackConfig> {
  return (config, where) =>
    new SlackNotifier(config, {
      ...opts,
      where: `receiver ${JSON.stringify(where.receiver)} slack_configs[${where.index}]`,
    });
}
