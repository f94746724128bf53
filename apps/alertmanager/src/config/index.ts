// Alertmanager configuration: loading, validation, typed sections and the redacted form.
export * from './config';
export * from './global';
export * from './http-config';
export * from './inhibit-rule-config';
export * from './notifiers-core';
export * from './receiver-config';
export * from './redact';
export * from './route-config';
export * from './time-interval-config';
export type { ConfigIssue, DecodeOptions } from './schema';
export type { HostPort } from './go-values';
export type { RegexpValue } from './kinds';
export type { IntegrationConfig } from './notifiers-shared';
