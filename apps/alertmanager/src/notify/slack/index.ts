// The Slack integration.
export * from './message';
export * from './slack-errors';
export * from './slack-factory';
export * from './slack-http';
export * from './slack-notifier';
