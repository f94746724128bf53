// What every Vigil service shares: logger, /metrics, health/ready/reload endpoints, listen-address parsing.
export * from './lifecycle-api';
export * from './listen-address';
export * from './logger';
export * from './metrics-api';
