// The validated, defaulted form of one prometheus.yml `scrape_configs` entry, as the scrape manager takes it.
import type { Labels } from '@vigil/model';
import type { RelabelConfig } from './relabel';

/** ScrapeBasicAuth holds HTTP basic credentials; `*File` paths are re-read on every scrape. */
export interface ScrapeBasicAuth {
  username?: string;
  usernameFile?: string;
  password?: string;
  passwordFile?: string;
}

/** ScrapeAuthorization sends `Authorization: <type> <credentials>` (bearer_token(_file) becomes type Bearer). */
export interface ScrapeAuthorization {
  type: string;
  credentials?: string;
  /** Re-read on every scrape so rotated tokens apply. */
  credentialsFile?: string;
}

/** ScrapeTlsConfig is `tls_config`: CA, client certificate, SNI name and the verification switch. */
export interface ScrapeTlsConfig {
  ca?: string;
  caFile?: string;
  cert?: string;
  certFile?: string;
  key?: string;
  keyFile?: string;
  serverName?: string;
  insecureSkipVerify?: boolean;
}

/** ScrapeHttpConfig is the HTTP client part of a scrape config. */
export interface ScrapeHttpConfig {
  basicAuth?: ScrapeBasicAuth;
  authorization?: ScrapeAuthorization;
  tls?: ScrapeTlsConfig;
  /** Follow 3xx redirects (default true). */
  followRedirects?: boolean;
}

/** TargetGroup is a set of targets (`host:port`) sharing labels: a static_configs entry or one from a file. */
export interface TargetGroup {
  targets: string[];
  labels: Labels;
  /** Where the group came from (`file.json:0`), for de-duplication across refreshes. */
  source?: string;
}

/** FileSdConfig is one `file_sd_configs` entry: globs of JSON/YAML target files and their re-read period. */
export interface FileSdConfig {
  /** Absolute paths; `*`, `?` and `[…]` are allowed in the last path element. */
  files: string[];
  /** `refresh_interval`, 5m by default. */
  refreshIntervalMs: number;
}

/** ScrapeConfig is one validated scrape job; durations are milliseconds. */
export interface ScrapeConfig {
  jobName: string;
  scrapeIntervalMs: number;
  /** At most `scrapeIntervalMs`. */
  scrapeTimeoutMs: number;
  /** `/metrics` by default. */
  metricsPath: string;
  scheme: 'http' | 'https';
  /** URL query parameters; each also seeds a `__param_<name>` label with its first value. */
  params: Record<string, string[]>;
  honorLabels: boolean;
  honorTimestamps: boolean;
  http: ScrapeHttpConfig;
  staticConfigs: TargetGroup[];
  fileSdConfigs: FileSdConfig[];
  relabelConfigs: RelabelConfig[];
  metricRelabelConfigs: RelabelConfig[];
  /** Most samples (after metric relabeling) one scrape may have; 0 = no limit. */
  sampleLimit: number;
  /** Most labels one sample may have; 0 = no limit. */
  labelLimit: number;
}

/** DEFAULT_FILE_SD_REFRESH_MS is file_sd_configs' default refresh_interval (5m). */
export const DEFAULT_FILE_SD_REFRESH_MS = 5 * 60_000;
