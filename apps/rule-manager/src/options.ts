/** RuleManagerOptions are the rule-manager's command-line settings (Prometheus's and vmalert's flag names). */
export interface RuleManagerOptions {
  /** `--config.file`: the prometheus.yml-shaped config (rule_files, global, alerting, remote_write). */
  configFile: string;
  /** `--web.listen-address`. */
  listenAddress: string;
  /** `--web.external-url`: the URL users reach the rule-manager at; used in generatorURL and templates. */
  externalUrl?: string;
  /** `--datasource.url`: a Prometheus-compatible query API; absent means the embedded store. */
  datasourceUrl?: string;
  datasourceTimeoutMs: number;
  /** `--storage.tsdb.path`: where the embedded store keeps its WAL and blocks (Prometheus default `data/`). */
  storagePath: string;
  /** `--storage.tsdb.retention.time` (Prometheus default 15d). */
  retentionTimeMs: number;
  /** `--storage.tsdb.retention.size` in bytes; 0 keeps blocks regardless of size (Prometheus default). */
  retentionSizeBytes: number;
  /** `--query.lookback-delta` (Prometheus default 5m). */
  lookbackDeltaMs: number;
  /** `--query.timeout` (Prometheus default 2m). */
  queryTimeoutMs: number;
  /** `--query.max-samples` (Prometheus default 50000000). */
  queryMaxSamples: number;
  datasourceBasicAuthUsername?: string;
  datasourceBasicAuthPasswordFile?: string;
  datasourceBearerTokenFile?: string;
  datasourceTlsCaFile?: string;
  datasourceTlsInsecureSkipVerify: boolean;
  /** `--redis.url`. */
  redisUrl: string;
  /** `--queue.name`, shared with the alertmanager. */
  queueName: string;
  /** `--rules.alert.resend-delay` (Prometheus default 1m). */
  resendDelayMs: number;
  /** `--rules.alert.for-grace-period` (Prometheus default 10m). */
  forGracePeriodMs: number;
  /** `--rules.alert.for-outage-tolerance` (Prometheus default 1h). */
  forOutageToleranceMs: number;
  /** `--rules.watch`: reload when a rule file changes on disk (opt-in). */
  watchRules: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  logFormat: 'logfmt' | 'json';
}
