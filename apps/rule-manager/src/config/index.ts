// The rule-manager's config file (prometheus.yml's shape) and the HTTP client settings it shares with datasources.
export { ConfigError, formatConfigIssue, type ConfigIssue } from './config-error';
export {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_USER_AGENT,
  HttpAbortError,
  HttpClient,
  HttpResponseTooLargeError,
  HttpTimeoutError,
  type HttpRequest,
  type HttpResponse,
} from './http-client';
export type { Authorization, BasicAuth, HttpClientConfig, TlsConfig, TlsVersion } from './http-client-config';
export { loadRuleManagerConfig, parseRuleManagerConfig } from './load-config';
export {
  DEFAULT_ALERTMANAGER_TIMEOUT_MS,
  DEFAULT_GLOBAL_CONFIG,
  DEFAULT_QUEUE_CONFIG,
  DEFAULT_REMOTE_TIMEOUT_MS,
  alertmanagerUrls,
  type AlertingConfig,
  type AlertmanagerConfig,
  type GlobalConfig,
  type QueueConfig,
  type RemoteWriteConfig,
  type RuleManagerConfig,
  type StaticConfig,
} from './rule-manager-config';
