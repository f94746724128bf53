// Alert delivery from the rule-manager: the BullMQ queue, Alertmanagers over HTTP, or both.
export * from './alert-sender';
export * from './alertmanager-http-sender';
export * from './multi-sender';
export * from './queue-alert-sender';
export * from './sender-metrics';
