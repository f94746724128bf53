// Alerts as the alertmanager holds them: intake normalization and validation, merge rules, the store and its
// persistence.
export * from './alert';
export * from './alert-persistence';
export * from './alert-sort';
export * from './alert-state';
export * from './alert-store';
export * from './codec';
export * from './intake';
export * from './merge';
export * from './redis-alert-persistence';
export * from './validate';
