// The webhook integration.
export * from './message';
export * from './payload';
export * from './webhook-notifier';
