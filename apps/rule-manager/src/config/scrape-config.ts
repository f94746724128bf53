// prometheus.yml `scrape_configs` → validated ScrapeConfig of @vigil/tsdb, with Prometheus's defaults and checks.
import { resolve } from 'node:path';
import { compileRe2, isValidLabelName, RegexpSyntaxError } from '@vigil/model';
import {
  DEFAULT_FILE_SD_REFRESH_MS,
  DEFAULT_RELABEL_CONFIG,
  RELABEL_ACTIONS,
  type FileSdConfig,
  type RelabelAction,
  type RelabelConfig,
  type ScrapeConfig,
  type TargetGroup,
} from '@vigil/tsdb';
import { readLabels } from './read-labels';
import { HTTP_CLIENT_KEYS, HTTP_CLIENT_UNSUPPORTED, readHttpClientConfig } from './read-http-client-config';
import type { GlobalConfig } from './rule-manager-config';
import { join, type MapView, type YamlReader, type YamlValue } from './yaml-reader';

const IGNORED_SCRAPE: Readonly<Record<string, string>> = Object.fromEntries(
  [
    'scrape_protocols',
    'fallback_scrape_protocol',
    'body_size_limit',
    'enable_compression',
    'target_limit',
    'label_name_length_limit',
    'label_value_length_limit',
    'keep_dropped_targets',
    'track_timestamps_staleness',
    'scrape_classic_histograms',
    'always_scrape_classic_histograms',
    'scrape_native_histograms',
    'native_histogram_bucket_limit',
    'native_histogram_min_bucket_factor',
    'convert_classic_histograms_to_nhcb',
    'metric_name_validation_scheme',
    'metric_name_escaping_scheme',
    'scrape_failure_log_file',
  ].map((k) => [k, 'not implemented by the scraper']),
);

const RELABEL_KEYS = [
  'source_labels',
  'separator',
  'target_label',
  'regex',
  'modulus',
  'replacement',
  'action',
];

// Prometheus's check for file_sd_configs.files: one `*` at most, in the last path element, and a known extension.
const FILE_SD_PATTERN = /^[^*]*(\*[^/]*)?\.(json|yml|yaml|JSON|YML|YAML)$/;

/**
 * readScrapeConfigs reads `scrape_configs`, defaulting interval and timeout from `global` as Prometheus does
 * and reporting duplicate job names; relative file paths resolve against `dir`.
 */
export function readScrapeConfigs(
  r: YamlReader,
  value: YamlValue,
  global: GlobalConfig,
  dir: string,
): ScrapeConfig[] {
  const out: ScrapeConfig[] = [];
  const names = new Set<string>();
  r.seq(value, 'scrape_configs').forEach((item, i) => {
    const path = `scrape_configs[${i}]`;
    const view = r.map(item, path);
    if (!view) {
      r.error(r.node(item) ?? r.node(value), path, 'empty or null scrape config section');
      return;
    }
    const cfg = readScrapeConfig(r, view, path, global, dir);
    if (!cfg) return;
    if (names.has(cfg.jobName)) {
      r.error(
        r.node(view.entries.get('job_name')?.value),
        join(path, 'job_name'),
        `found multiple scrape configs with job name ${JSON.stringify(cfg.jobName)}`,
      );
    }
    names.add(cfg.jobName);
    out.push(cfg);
  });
  return out;
}

function readScrapeConfig(
  r: YamlReader,
  view: MapView,
  path: string,
  global: GlobalConfig,
  dir: string,
): ScrapeConfig | undefined {
  r.checkKeys(view, path, {
    known: [
      'job_name',
      'scrape_interval',
      'scrape_timeout',
      'metrics_path',
      'scheme',
      'params',
      'honor_labels',
      'honor_timestamps',
      'static_configs',
      'file_sd_configs',
      'relabel_configs',
      'metric_relabel_configs',
      'sample_limit',
      'label_limit',
      ...HTTP_CLIENT_KEYS,
    ],
    ignored: IGNORED_SCRAPE,
    unsupported: HTTP_CLIENT_UNSUPPORTED,
    unsupportedPattern: {
      pattern: /_sd_configs?$/,
      message: (key) => `${key} is not supported yet; use static_configs or file_sd_configs`,
    },
  });
  const field = (key: string): YamlValue => view.entries.get(key)?.value;
  const jobName = r.string(field('job_name'), join(path, 'job_name'));
  if (!jobName) r.error(r.node(field('job_name')) ?? view.node, join(path, 'job_name'), 'job_name is empty');

  const intervalMs =
    r.duration(field('scrape_interval'), join(path, 'scrape_interval')) || global.scrapeIntervalMs;
  let timeoutMs = r.duration(field('scrape_timeout'), join(path, 'scrape_timeout')) ?? 0;
  if (timeoutMs > intervalMs) {
    r.error(
      r.node(field('scrape_timeout')),
      join(path, 'scrape_timeout'),
      `scrape timeout greater than scrape interval for scrape config with job name ${JSON.stringify(jobName ?? '')}`,
    );
  }
  if (timeoutMs === 0) timeoutMs = Math.min(global.scrapeTimeoutMs, intervalMs);

  const metricsPath = r.string(field('metrics_path'), join(path, 'metrics_path')) || '/metrics';
  const schemeText = r.string(field('scheme'), join(path, 'scheme')) || 'http';
  if (schemeText !== 'http' && schemeText !== 'https') {
    r.error(
      r.node(field('scheme')),
      join(path, 'scheme'),
      `scheme must be "http" or "https", got "${schemeText}"`,
    );
  }
  const params: Record<string, string[]> = {};
  const paramView = r.map(field('params'), join(path, 'params'));
  for (const [k, e] of paramView?.entries ?? [])
    params[k] = r.stringList(e.value, join(join(path, 'params'), k));

  const http = readHttpClientConfig(r, view, path, dir);
  const cfg: ScrapeConfig = {
    jobName: jobName ?? '',
    scrapeIntervalMs: intervalMs,
    scrapeTimeoutMs: timeoutMs,
    metricsPath,
    scheme: schemeText === 'https' ? 'https' : 'http',
    params,
    honorLabels: r.bool(field('honor_labels'), join(path, 'honor_labels')) ?? false,
    honorTimestamps: r.bool(field('honor_timestamps'), join(path, 'honor_timestamps')) ?? true,
    http: { ...http },
    staticConfigs: readStaticConfigs(r, field('static_configs'), join(path, 'static_configs')),
    fileSdConfigs: readFileSdConfigs(r, field('file_sd_configs'), join(path, 'file_sd_configs'), dir),
    relabelConfigs: readRelabelConfigs(r, field('relabel_configs'), join(path, 'relabel_configs')),
    metricRelabelConfigs: readRelabelConfigs(
      r,
      field('metric_relabel_configs'),
      join(path, 'metric_relabel_configs'),
    ),
    sampleLimit: r.int(field('sample_limit'), join(path, 'sample_limit'), 0) ?? 0,
    labelLimit: r.int(field('label_limit'), join(path, 'label_limit'), 0) ?? 0,
  };
  return jobName ? cfg : undefined;
}

function readStaticConfigs(r: YamlReader, value: YamlValue, path: string): TargetGroup[] {
  const out: TargetGroup[] = [];
  r.seq(value, path).forEach((item, j) => {
    const scPath = `${path}[${j}]`;
    const sc = r.map(item, scPath);
    if (!sc) return;
    r.checkKeys(sc, scPath, { known: ['targets', 'labels'] });
    const items = r.stringItems(sc.entries.get('targets')?.value, join(scPath, 'targets'));
    for (const [t, node, k] of items) {
      if (t.includes('/')) r.error(node, `${scPath}.targets[${k}]`, `"${t}" is not a valid hostname`);
    }
    out.push({
      targets: items.map(([t]) => t),
      labels: readLabels(r, sc.entries.get('labels')?.value, join(scPath, 'labels'), 'utf8'),
      source: String(j),
    });
  });
  return out;
}

function readFileSdConfigs(r: YamlReader, value: YamlValue, path: string, dir: string): FileSdConfig[] {
  const out: FileSdConfig[] = [];
  r.seq(value, path).forEach((item, j) => {
    const fPath = `${path}[${j}]`;
    const view = r.map(item, fPath);
    if (!view) return;
    r.checkKeys(view, fPath, { known: ['files', 'refresh_interval'] });
    const files = r
      .stringItems(view.entries.get('files')?.value, join(fPath, 'files'))
      .flatMap(([f, node, k]) => {
        if (!FILE_SD_PATTERN.test(f)) {
          r.error(
            node,
            `${fPath}.files[${k}]`,
            `path name ${JSON.stringify(f)} is not valid for file discovery`,
          );
          return [];
        }
        return [resolve(dir, f)];
      });
    if (files.length === 0 && !r.errors.some((e) => e.path.startsWith(`${fPath}.files`))) {
      r.error(
        view.node,
        join(fPath, 'files'),
        'file service discovery config must contain at least one path name',
      );
    }
    const refresh = r.duration(view.entries.get('refresh_interval')?.value, join(fPath, 'refresh_interval'));
    out.push({ files, refreshIntervalMs: refresh || DEFAULT_FILE_SD_REFRESH_MS });
  });
  return out;
}

/** readRelabelConfigs reads a list of relabel rules with Prometheus's defaults and validation. */
export function readRelabelConfigs(r: YamlReader, value: YamlValue, path: string): RelabelConfig[] {
  const out: RelabelConfig[] = [];
  r.seq(value, path).forEach((item, i) => {
    const rPath = `${path}[${i}]`;
    const view = r.map(item, rPath);
    if (!view) {
      r.error(r.node(item) ?? r.node(value), rPath, 'empty or null relabeling rule');
      return;
    }
    const rule = readRelabelConfig(r, view, rPath);
    if (rule) out.push(rule);
  });
  return out;
}

function readRelabelConfig(r: YamlReader, view: MapView, path: string): RelabelConfig | undefined {
  r.checkKeys(view, path, { known: RELABEL_KEYS });
  const field = (key: string): YamlValue => view.entries.get(key)?.value;
  const errorsBefore = r.errors.length;
  const fail = (key: string, message: string) =>
    r.error(
      r.node(field(key)) ?? view.entries.get(key)?.key ?? view.node,
      key ? join(path, key) : path,
      message,
    );

  const actionText = r.string(field('action'), join(path, 'action'));
  let action: RelabelAction = DEFAULT_RELABEL_CONFIG.action;
  if (actionText !== undefined) {
    const lower = actionText.toLowerCase();
    if (actionText === '') fail('action', 'relabel action cannot be empty');
    else if (!(RELABEL_ACTIONS as readonly string[]).includes(lower)) {
      fail('action', `unknown relabel action ${JSON.stringify(actionText)}`);
    } else action = lower as RelabelAction;
    // Prometheus stops at a bad action; the other checks depend on it.
    if (r.errors.length > errorsBefore) return undefined;
  }
  const sourceItems = r.stringItems(field('source_labels'), join(path, 'source_labels'));
  for (const [name, node, k] of sourceItems) {
    if (!isValidLabelName(name))
      r.error(node, `${path}.source_labels[${k}]`, `"${name}" is not a valid label name`);
  }
  const has = (key: string) => view.entries.has(key);
  const separator = r.string(field('separator'), join(path, 'separator')) ?? DEFAULT_RELABEL_CONFIG.separator;
  const targetLabel = r.string(field('target_label'), join(path, 'target_label')) ?? '';
  const regex = r.string(field('regex'), join(path, 'regex')) ?? DEFAULT_RELABEL_CONFIG.regex;
  const replacement =
    r.string(field('replacement'), join(path, 'replacement')) ?? DEFAULT_RELABEL_CONFIG.replacement;
  const modulus = r.int(field('modulus'), join(path, 'modulus'), 0) ?? 0;
  try {
    compileRe2(`(?s:${regex})`, { anchored: true, captures: true });
  } catch (err) {
    if (!(err instanceof RegexpSyntaxError)) throw err;
    fail('regex', err.message);
  }

  if (action === 'hashmod' && modulus === 0)
    fail('modulus', 'relabel configuration for hashmod requires non-zero modulus');
  const needsTarget: RelabelAction[] = [
    'replace',
    'hashmod',
    'lowercase',
    'uppercase',
    'keepequal',
    'dropequal',
  ];
  if (needsTarget.includes(action) && targetLabel === '') {
    fail('target_label', `relabel configuration for ${action} action requires 'target_label' value`);
  } else if (action === 'replace' && !targetLabel.includes('$') && !isValidLabelName(targetLabel)) {
    fail('target_label', `"${targetLabel}" is invalid 'target_label' for ${action} action`);
  } else if (action !== 'replace' && needsTarget.includes(action) && !isValidLabelName(targetLabel)) {
    fail('target_label', `"${targetLabel}" is invalid 'target_label' for ${action} action`);
  }
  if (
    (action === 'keepequal' || action === 'dropequal') &&
    (has('regex') || has('modulus') || has('separator') || has('replacement'))
  ) {
    fail('', `${action} action requires only 'source_labels' and \`target_label\`, and no other fields`);
  }
  if (
    (action === 'labeldrop' || action === 'labelkeep') &&
    (has('source_labels') || targetLabel !== '' || modulus !== 0 || separator !== ';' || replacement !== '$1')
  ) {
    fail('', `${action} action requires only 'regex', and no other fields`);
  }
  if (action === 'labelmap' && !replacement.includes('$') && !isValidLabelName(replacement)) {
    fail('replacement', `"${replacement}" is invalid 'replacement' for ${action} action`);
  }
  if (r.errors.length > errorsBefore) return undefined;
  return {
    sourceLabels: sourceItems.map(([n]) => n),
    separator,
    targetLabel,
    regex,
    modulus,
    replacement,
    action,
  };
}
