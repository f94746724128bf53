// The notification log: the last notification per aggregation group and receiver integration (Redis or memory).
export * from './codec';
export * from './entry';
export * from './memory-notification-log';
export * from './nflog-metrics';
export * from './notification-log';
export * from './redis-notification-log';
