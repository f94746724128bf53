// The email integration.
export * from './email-errors';
export * from './email-factory';
export * from './email-notifier';
export * from './smtp-auth';
export * from './tls-options';
