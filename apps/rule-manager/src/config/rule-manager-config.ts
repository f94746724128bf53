import type { Labels, NameValidation } from '@vigil/model';
import type { ScrapeConfig } from '@vigil/tsdb';
import type { ConfigIssue } from './config-error';
import type { HttpClientConfig } from './http-client-config';

/** GlobalConfig is the `global` block; durations are milliseconds. */
export interface GlobalConfig {
  /** Default group interval (`evaluation_interval`, 1m). */
  evaluationIntervalMs: number;
  /** Default group query offset (`rule_query_offset`, 0s). */
  ruleQueryOffsetMs: number;
  /** Labels added to alerts and remote-written series that lack them; empty values are dropped. */
  externalLabels: Labels;
  /** Default interval of scrape jobs (`scrape_interval`, 1m). */
  scrapeIntervalMs: number;
  /** Default timeout of scrape jobs (`scrape_timeout`, min(10s, scrape_interval)). */
  scrapeTimeoutMs: number;
  /** Label-name rules for external labels (`metric_name_validation_scheme`, utf8). */
  nameValidation: NameValidation;
}

/** StaticConfig is one `static_configs` entry: Alertmanager addresses (`host:port`) and their labels. */
export interface StaticConfig {
  targets: string[];
  labels: Labels;
}

/** AlertmanagerConfig is one `alerting.alertmanagers` entry. */
export interface AlertmanagerConfig {
  staticConfigs: StaticConfig[];
  scheme: 'http' | 'https';
  /** Path before `/api/v2/alerts`, e.g. `/alertmanager`; '' by default. */
  pathPrefix: string;
  /** Per-request timeout (`timeout`, 10s). */
  timeoutMs: number;
  apiVersion: 'v2';
  http: HttpClientConfig;
}

/** AlertingConfig is the `alerting` block. */
export interface AlertingConfig {
  alertmanagers: AlertmanagerConfig[];
}

/** QueueConfig is a remote write `queue_config`; durations are milliseconds. */
export interface QueueConfig {
  /** Samples buffered before the oldest are dropped (`capacity`, 10000). */
  capacity: number;
  /** Samples per request (`max_samples_per_send`, 2000). */
  maxSamplesPerSend: number;
  /** Longest a sample waits for a batch to fill (`batch_send_deadline`, 5s). */
  batchSendDeadlineMs: number;
  /** First retry delay (`min_backoff`, 30ms), doubled per attempt up to `max_backoff` (5s). */
  minBackoffMs: number;
  maxBackoffMs: number;
  /**
   * Retry on HTTP 429 (`retry_on_http_429`). Vigil defaults to true, unlike Prometheus (false):
   * recording-rule output is small and losing it to a rate limit is worse than waiting.
   */
  retryOnRateLimit: boolean;
  /** Samples older than this are dropped instead of sent (`sample_age_limit`, 0 = never). */
  sampleAgeLimitMs: number;
}

/** RemoteWriteConfig is one `remote_write` entry. */
export interface RemoteWriteConfig {
  url: string;
  /** `name`, or a short hash of the URL when unset (as Prometheus labels its queues). */
  name: string;
  /** Per-request timeout (`remote_timeout`, 30s). */
  remoteTimeoutMs: number;
  headers: Record<string, string>;
  http: HttpClientConfig;
  queue: QueueConfig;
}

/** RuleManagerConfig is a loaded, validated and defaulted rule-manager config file. */
export interface RuleManagerConfig {
  /** The file it was loaded from, as given. */
  file: string;
  global: GlobalConfig;
  /** `rule_files` globs, made absolute against the config file's directory; expanded by `loadRuleFiles` of @vigil/rulefmt. */
  ruleFiles: string[];
  alerting: AlertingConfig;
  remoteWrite: RemoteWriteConfig[];
  /** `scrape_configs`, defaulted from `global` and validated, for the embedded store's ScrapeManager. */
  scrapeConfigs: ScrapeConfig[];
  /** Accepted but ignored settings (e.g. `storage`), each with its position, to be logged. */
  warnings: ConfigIssue[];
}

/** The defaults of the `global` block, as Prometheus has them. */
export const DEFAULT_GLOBAL_CONFIG: Readonly<GlobalConfig> = Object.freeze({
  evaluationIntervalMs: 60_000,
  ruleQueryOffsetMs: 0,
  externalLabels: {},
  scrapeIntervalMs: 60_000,
  scrapeTimeoutMs: 10_000,
  nameValidation: 'utf8',
});

/** The defaults of a remote write `queue_config`, as Prometheus has them (except retryOnRateLimit). */
export const DEFAULT_QUEUE_CONFIG: Readonly<QueueConfig> = Object.freeze({
  capacity: 10_000,
  maxSamplesPerSend: 2000,
  batchSendDeadlineMs: 5000,
  minBackoffMs: 30,
  maxBackoffMs: 5000,
  retryOnRateLimit: true,
  sampleAgeLimitMs: 0,
});

/** The default `remote_timeout`. */
export const DEFAULT_REMOTE_TIMEOUT_MS = 30_000;

/** The default Alertmanager `timeout`. */
export const DEFAULT_ALERTMANAGER_TIMEOUT_MS = 10_000;

/** alertmanagerUrls lists the alert-push endpoints of one Alertmanager config, one per static target. */
export function alertmanagerUrls(am: AlertmanagerConfig): string[] {
  const prefix = am.pathPrefix.replace(/^\/*/, '/').replace(/\/+$/, '');
  const path = `${prefix}/api/v2/alerts`;
  return am.staticConfigs.flatMap((sc) => sc.targets.map((target) => `${am.scheme}://${target}${path}`));
}
