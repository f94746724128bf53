/** AlertmanagerOptions are the alertmanager's command-line settings (Alertmanager's flag names). */
export interface AlertmanagerOptions {
  /** `--config.file`: an unchanged alertmanager.yml. */
  configFile: string;
  /** `--web.listen-address`. */
  listenAddress: string;
  /** `--web.external-url`: links in notifications and the UI. */
  externalUrl?: string;
  /** `--web.config.file`: basic auth users and write tokens; when set, writes need credentials (reads stay open). */
  webConfigFile?: string;
  /** `--redis.url`: alerts, silences and the notification log live there. */
  redisUrl: string;
  /** `--queue.name`: the BullMQ queue the rule-manager fills. */
  queueName: string;
  /** `--data.retention`: how long silences and notification log entries are kept (120h). */
  dataRetentionMs: number;
  /** `--alerts.gc-interval`: interval between alert garbage collections (30m). */
  alertGcIntervalMs: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  logFormat: 'logfmt' | 'json';
}
