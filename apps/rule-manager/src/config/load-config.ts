import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigError, type ConfigIssue } from './config-error';
import { errorMessage } from './http-client';
import { HTTP_CLIENT_KEYS, HTTP_CLIENT_UNSUPPORTED, readHttpClientConfig } from './read-http-client-config';
import {
  DEFAULT_ALERTMANAGER_TIMEOUT_MS,
  DEFAULT_GLOBAL_CONFIG,
  DEFAULT_QUEUE_CONFIG,
  DEFAULT_REMOTE_TIMEOUT_MS,
  type AlertmanagerConfig,
  type GlobalConfig,
  type QueueConfig,
  type RemoteWriteConfig,
  type RuleManagerConfig,
  type StaticConfig,
} from './rule-manager-config';
import { readLabels } from './read-labels';
import { readScrapeConfigs } from './scrape-config';
import { join, YamlReader, type MapView, type YamlValue } from './yaml-reader';

/** Top-level prometheus.yml sections the rule-manager has no use for: accepted with a warning. */
const IGNORED_TOP_LEVEL: Readonly<Record<string, string>> = {
  scrape_config_files: 'scrape_config_files is not supported; list jobs under scrape_configs',
  storage: 'the rule-manager keeps no local storage',
  tracing: 'the rule-manager does not export traces',
  remote_read: 'the rule-manager reads through its datasource, not remote read',
  otlp: 'the rule-manager does not receive OTLP',
  runtime: 'Go runtime settings do not apply',
};

const SCRAPE_ONLY = 'only used for scraping';
const IGNORED_GLOBAL: Readonly<Record<string, string>> = Object.fromEntries(
  [
    'query_log_file',
    'scrape_failure_log_file',
    'body_size_limit',
    'sample_limit',
    'target_limit',
    'label_limit',
    'label_name_length_limit',
    'label_value_length_limit',
    'keep_dropped_targets',
    'metric_name_escaping_scheme',
    'scrape_protocols',
    'scrape_native_histograms',
    'convert_classic_histograms_to_nhcb',
    'always_scrape_classic_histograms',
    'extra_scrape_metrics',
  ].map((k) => [k, k === 'query_log_file' ? 'the rule-manager does not log queries to a file' : SCRAPE_ONLY]),
);

// Prometheus's check: at most one `*`, and only in the last path element.
const RULE_FILE_PATTERN = /^[^*]*(\*[^/]*)?$/;

// Headers Prometheus sets itself on remote write requests; `authorization` has its own message.
const RESERVED_HEADERS = new Set([
  'host',
  'content-encoding',
  'content-length',
  'content-type',
  'user-agent',
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'www-authenticate',
  'accept-encoding',
  'x-prometheus-remote-write-version',
  'x-prometheus-remote-read-version',
  'x-amz-date',
  'x-amz-security-token',
  'x-amz-content-sha256',
]);

/**
 * loadRuleManagerConfig reads and validates a rule-manager config file (prometheus.yml's shape),
 * throwing ConfigError with every problem found, each placed by file, line, column and field path.
 */
export async function loadRuleManagerConfig(path: string): Promise<RuleManagerConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ConfigError([
      { file: path, line: 0, col: 0, path: '', message: `cannot read config file: ${errorMessage(err)}` },
    ]);
  }
  return parseRuleManagerConfig(text, path);
}

/** parseRuleManagerConfig validates config text; `file` names it in errors and anchors relative paths. */
export function parseRuleManagerConfig(text: string, file: string): RuleManagerConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const r = new YamlReader(file, doc, lines);
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => {
        const { line, col } = lines.linePos(e.pos[0]);
        return { file, line, col, path: '', message: `invalid YAML: ${e.message.split('\n')[0] ?? ''}` };
      }),
    );
  }
  const dir = dirname(resolve(file));
  const top = r.map(doc.contents as YamlValue, '');
  const field = (key: string): YamlValue => top?.entries.get(key)?.value;
  if (top) {
    r.checkKeys(top, '', {
      known: ['global', 'rule_files', 'alerting', 'remote_write', 'scrape_configs'],
      ignored: IGNORED_TOP_LEVEL,
    });
  }
  const global = readGlobal(r, field('global'));
  const ruleFiles = readRuleFiles(r, field('rule_files'), dir);
  const alertmanagers = readAlerting(r, field('alerting'), dir);
  const remoteWrite = readRemoteWrites(r, field('remote_write'), dir);
  const scrapeConfigs = readScrapeConfigs(r, field('scrape_configs'), global, dir);
  if (r.errors.length > 0) throw new ConfigError(inFileOrder(r.errors));
  return {
    file,
    global,
    ruleFiles,
    alerting: { alertmanagers },
    remoteWrite,
    scrapeConfigs,
    warnings: inFileOrder(r.warnings),
  };
}

function inFileOrder(issues: ConfigIssue[]): ConfigIssue[] {
  return [...issues].sort((a, b) => a.line - b.line || a.col - b.col);
}

function readGlobal(r: YamlReader, value: YamlValue): GlobalConfig {
  const out: GlobalConfig = { ...DEFAULT_GLOBAL_CONFIG, externalLabels: {} };
  const view = r.map(value, 'global');
  if (!view) return out;
  r.checkKeys(view, 'global', {
    known: [
      'evaluation_interval',
      'rule_query_offset',
      'external_labels',
      'scrape_interval',
      'scrape_timeout',
      'metric_name_validation_scheme',
    ],
    ignored: IGNORED_GLOBAL,
  });
  const field = (key: string): YamlValue => view.entries.get(key)?.value;
  const scheme = r.string(field('metric_name_validation_scheme'), 'global.metric_name_validation_scheme');
  if (scheme === 'legacy' || scheme === 'utf8') out.nameValidation = scheme;
  else if (scheme !== undefined && scheme !== '') {
    r.error(
      r.node(field('metric_name_validation_scheme')),
      'global.metric_name_validation_scheme',
      `must be "utf8" or "legacy", got "${scheme}"`,
    );
  }
  // Zero means "unset" for these, as in Prometheus.
  const evaluation = r.duration(field('evaluation_interval'), 'global.evaluation_interval');
  if (evaluation) out.evaluationIntervalMs = evaluation;
  out.ruleQueryOffsetMs = r.duration(field('rule_query_offset'), 'global.rule_query_offset') ?? 0;
  const scrapeInterval = r.duration(field('scrape_interval'), 'global.scrape_interval');
  if (scrapeInterval) out.scrapeIntervalMs = scrapeInterval;
  const scrapeTimeout = r.duration(field('scrape_timeout'), 'global.scrape_timeout');
  if (scrapeTimeout && scrapeTimeout > out.scrapeIntervalMs) {
    r.error(
      r.node(field('scrape_timeout')),
      'global.scrape_timeout',
      'global scrape timeout greater than scrape interval',
    );
  }
  out.scrapeTimeoutMs =
    scrapeTimeout || Math.min(DEFAULT_GLOBAL_CONFIG.scrapeTimeoutMs, out.scrapeIntervalMs);
  out.externalLabels = readLabels(r, field('external_labels'), 'global.external_labels', out.nameValidation);
  return out;
}

function readRuleFiles(r: YamlReader, value: YamlValue, dir: string): string[] {
  return r.stringItems(value, 'rule_files').flatMap(([pattern, node, i]) => {
    if (!RULE_FILE_PATTERN.test(pattern)) {
      r.error(
        node,
        `rule_files[${i}]`,
        `invalid rule file path "${pattern}" (a "*" may only appear in the last path element)`,
      );
      return [];
    }
    return [resolve(dir, pattern)];
  });
}

function readAlerting(r: YamlReader, value: YamlValue, dir: string): AlertmanagerConfig[] {
  const view = r.map(value, 'alerting');
  if (!view) return [];
  r.checkKeys(view, 'alerting', {
    known: ['alertmanagers'],
    unsupported: { alert_relabel_configs: 'alert_relabel_configs is not supported yet' },
  });
  const items = r.seq(view.entries.get('alertmanagers')?.value, 'alerting.alertmanagers');
  const out: AlertmanagerConfig[] = [];
  items.forEach((item, i) => {
    const path = `alerting.alertmanagers[${i}]`;
    const am = r.map(item, path);
    if (!am) {
      r.error(r.node(item), path, 'empty Alertmanager config');
      return;
    }
    out.push(readAlertmanager(r, am, path, dir));
  });
  return out;
}

function readAlertmanager(r: YamlReader, view: MapView, path: string, dir: string): AlertmanagerConfig {
  r.checkKeys(view, path, {
    known: ['static_configs', 'scheme', 'path_prefix', 'timeout', 'api_version', ...HTTP_CLIENT_KEYS],
    unsupported: {
      ...HTTP_CLIENT_UNSUPPORTED,
      relabel_configs: 'relabel_configs is not supported yet',
      alert_relabel_configs: 'alert_relabel_configs is not supported yet',
    },
    unsupportedPattern: {
      pattern: /_sd_configs?$/,
      message: (key) => `${key} is not supported yet; list Alertmanagers under static_configs`,
    },
  });
  const field = (key: string): YamlValue => view.entries.get(key)?.value;
  const scheme = readScheme(r, field('scheme'), join(path, 'scheme'));
  const timeoutMs = r.duration(field('timeout'), join(path, 'timeout'));
  if (timeoutMs === 0) r.error(r.node(field('timeout')), join(path, 'timeout'), 'must be greater than 0s');
  const apiVersion = r.string(field('api_version'), join(path, 'api_version'));
  if (apiVersion !== undefined && apiVersion !== 'v2') {
    r.error(
      r.node(field('api_version')),
      join(path, 'api_version'),
      `expected Alertmanager api version to be one of [v2] but got ${apiVersion}`,
    );
  }
  const staticConfigs: StaticConfig[] = [];
  r.seq(field('static_configs'), join(path, 'static_configs')).forEach((item, j) => {
    const scPath = `${path}.static_configs[${j}]`;
    const sc = r.map(item, scPath);
    if (!sc) return;
    r.checkKeys(sc, scPath, { known: ['targets', 'labels'] });
    const items = r.stringItems(sc.entries.get('targets')?.value, join(scPath, 'targets'));
    const targets = items.map(([t]) => t);
    items.forEach(([t, node, k]) => {
      if (t.includes('/')) {
        r.error(
          node,
          `${scPath}.targets[${k}]`,
          `"${t}" is not a valid hostname (use scheme and path_prefix for the URL parts)`,
        );
      }
    });
    const labels = readLabels(r, sc.entries.get('labels')?.value, join(scPath, 'labels'), 'utf8');
    staticConfigs.push({ targets, labels });
  });
  return {
    staticConfigs,
    scheme,
    pathPrefix: r.string(field('path_prefix'), join(path, 'path_prefix')) ?? '',
    timeoutMs: timeoutMs || DEFAULT_ALERTMANAGER_TIMEOUT_MS,
    apiVersion: 'v2',
    http: readHttpClientConfig(r, view, path, dir),
  };
}

function readScheme(r: YamlReader, value: YamlValue, path: string): 'http' | 'https' {
  const scheme = r.string(value, path);
  if (scheme === undefined || scheme === '' || scheme === 'http') return 'http';
  if (scheme === 'https') return 'https';
  r.error(r.node(value), path, `scheme must be "http" or "https", got "${scheme}"`);
  return 'http';
}

function readRemoteWrites(r: YamlReader, value: YamlValue, dir: string): RemoteWriteConfig[] {
  const out: RemoteWriteConfig[] = [];
  const names = new Set<string>();
  r.seq(value, 'remote_write').forEach((item, i) => {
    const path = `remote_write[${i}]`;
    const view = r.map(item, path);
    if (!view) {
      r.error(r.node(item) ?? r.node(value), path, 'empty or null remote write config section');
      return;
    }
    const rw = readRemoteWrite(r, view, path, dir);
    if (!rw) return;
    const explicitName = view.entries.get('name');
    if (explicitName && names.has(rw.name)) {
      r.error(
        explicitName.key,
        join(path, 'name'),
        `found multiple remote write configs with name "${rw.name}"`,
      );
    }
    names.add(rw.name);
    out.push(rw);
  });
  return out;
}

function readRemoteWrite(
  r: YamlReader,
  view: MapView,
  path: string,
  dir: string,
): RemoteWriteConfig | undefined {
  r.checkKeys(view, path, {
    known: [
      'url',
      'name',
      'remote_timeout',
      'headers',
      'queue_config',
      'protobuf_message',
      'send_exemplars',
      'send_native_histograms',
      ...HTTP_CLIENT_KEYS,
    ],
    ignored: {
      metadata_config: 'the rule-manager sends no metric metadata',
      round_robin_dns: 'hosts are resolved normally',
    },
    unsupported: {
      ...HTTP_CLIENT_UNSUPPORTED,
      write_relabel_configs: 'write_relabel_configs is not supported yet',
      azuread: 'azuread is not supported yet',
      google_iam: 'google_iam is not supported yet',
    },
  });
  const field = (key: string): YamlValue => view.entries.get(key)?.value;
  // Recording rules produce neither exemplars nor native histograms, so these switches change nothing.
  r.bool(field('send_exemplars'), join(path, 'send_exemplars'));
  r.bool(field('send_native_histograms'), join(path, 'send_native_histograms'));
  const message = r.string(field('protobuf_message'), join(path, 'protobuf_message'));
  if (message === 'io.prometheus.write.v2.Request') {
    r.error(
      r.node(field('protobuf_message')),
      join(path, 'protobuf_message'),
      'remote write 2.0 is not supported yet',
    );
  } else if (message !== undefined && message !== 'prometheus.WriteRequest') {
    r.error(
      r.node(field('protobuf_message')),
      join(path, 'protobuf_message'),
      `unknown protobuf message "${message}"`,
    );
  }
  const url = readUrl(r, field('url'), join(path, 'url'), view);
  const remoteTimeoutMs = r.duration(field('remote_timeout'), join(path, 'remote_timeout'));
  if (remoteTimeoutMs === 0)
    r.error(r.node(field('remote_timeout')), join(path, 'remote_timeout'), 'must be greater than 0s');
  const headerView = r.map(field('headers'), join(path, 'headers'));
  const headers = headerView ? r.stringEntries(headerView, join(path, 'headers')) : {};
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    const at = headerView?.entries.get(name)?.key;
    if (lower === 'authorization') {
      r.error(
        at,
        join(join(path, 'headers'), name),
        'authorization header must be changed via the basic_auth or authorization parameter',
      );
    } else if (RESERVED_HEADERS.has(lower)) {
      r.error(at, join(join(path, 'headers'), name), `${name} is a reserved header. It must not be changed`);
    }
  }
  const queue = readQueueConfig(r, field('queue_config'), join(path, 'queue_config'));
  const http = readHttpClientConfig(r, view, path, dir);
  if (url === undefined) return undefined;
  return {
    url,
    name:
      r.string(field('name'), join(path, 'name')) ||
      createHash('sha256').update(url).digest('hex').slice(0, 6),
    remoteTimeoutMs: remoteTimeoutMs || DEFAULT_REMOTE_TIMEOUT_MS,
    headers,
    http,
    queue,
  };
}

function readUrl(r: YamlReader, value: YamlValue, path: string, parent: MapView): string | undefined {
  const text = r.string(value, path);
  if (text === undefined || text === '') {
    r.error(r.node(value) ?? parent.node, path, 'url for remote_write is empty');
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    r.error(r.node(value), path, `invalid URL "${text}"`);
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    r.error(r.node(value), path, `URL "${text}" must use http or https`);
    return undefined;
  }
  return text;
}

function readQueueConfig(r: YamlReader, value: YamlValue, path: string): QueueConfig {
  const out: QueueConfig = { ...DEFAULT_QUEUE_CONFIG };
  const view = r.map(value, path);
  if (!view) return out;
  const oneConnection = 'Vigil sends over one connection per remote';
  r.checkKeys(view, path, {
    known: [
      'capacity',
      'max_samples_per_send',
      'batch_send_deadline',
      'min_backoff',
      'max_backoff',
      'retry_on_http_429',
      'sample_age_limit',
    ],
    ignored: { max_shards: oneConnection, min_shards: oneConnection },
  });
  const field = (key: string): YamlValue => view.entries.get(key)?.value;
  out.capacity = r.int(field('capacity'), join(path, 'capacity'), 1) ?? out.capacity;
  out.maxSamplesPerSend =
    r.int(field('max_samples_per_send'), join(path, 'max_samples_per_send'), 1) ?? out.maxSamplesPerSend;
  const deadline = r.duration(field('batch_send_deadline'), join(path, 'batch_send_deadline'));
  if (deadline === 0)
    r.error(
      r.node(field('batch_send_deadline')),
      join(path, 'batch_send_deadline'),
      'must be greater than 0s',
    );
  out.batchSendDeadlineMs = deadline || out.batchSendDeadlineMs;
  out.minBackoffMs = r.duration(field('min_backoff'), join(path, 'min_backoff')) ?? out.minBackoffMs;
  out.maxBackoffMs = r.duration(field('max_backoff'), join(path, 'max_backoff')) ?? out.maxBackoffMs;
  if (out.maxBackoffMs < out.minBackoffMs) {
    r.error(
      r.node(field('max_backoff')) ?? view.node,
      join(path, 'max_backoff'),
      'remote write queue max_backoff must not be less than min_backoff',
    );
  }
  out.retryOnRateLimit =
    r.bool(field('retry_on_http_429'), join(path, 'retry_on_http_429')) ?? out.retryOnRateLimit;
  out.sampleAgeLimitMs = r.duration(field('sample_age_limit'), join(path, 'sample_age_limit')) ?? 0;
  return out;
}
