// Rule evaluation: alerting and recording rules, groups on Prometheus's schedule, the manager that reloads them.
export * from './alert';
export * from './alerting-rule';
export * from './clock';
export * from './generator-url';
export * from './group-slot';
export * from './outgoing-alert';
export * from './recording-rule';
export * from './rule';
export * from './rule-group';
export * from './rule-logger';
export * from './rule-manager';
export * from './rule-metrics';
export * from './rule-views';
export * from './template-expander';
