import type { EmailConfig } from '../../config/notifiers-core';
import type { NotifierFactory } from '../receivers';
import { EmailNotifier, type EmailNotifierOptions } from './email-notifier';

/**
 * emailFactory makes the EmailNotifiers of a config (pass it as `email` to buildReceiverIntegrations). Each
 * integration's templates compile as it is built, so a bad one fails the config load with a TemplateError naming
 * the receiver, the field and the line.
 */
export function emailFactory(opts: Omit<EmailNotifierOptions, 'where'>): NotifierFactory<EmailConfig> {
  return (config, where) =>
    new EmailNotifier(config, {
      ...opts,
      where: `receiver ${JSON.stringify(where.receiver)} email_configs[${where.index}]`,
    });
}
