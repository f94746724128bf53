import { describe, expect, it } from 'vitest';
import { ConfigError, formatConfigIssue } from './config-error';
import { parseRuleManagerConfig } from './load-config';

const FILE = '/etc/vigil/config.yml';

function errorsOf(text: string): string[] {
  try {
    parseRuleManagerConfig(text, FILE);
  } catch (err) {
    if (err instanceof ConfigError) return err.errors.map(formatConfigIssue);
    throw err;
  }
  throw new Error('expected the config to be rejected');
}

describe('scrape_configs', () => {
  it('reads a job with Prometheus defaults', () => {
    const cfg = parseRuleManagerConfig('scrape_configs:\n  - job_name: node\n', FILE);
    expect(cfg.scrapeConfigs).toEqual([
      {
        jobName: 'node',
        scrapeIntervalMs: 60_000,
        scrapeTimeoutMs: 10_000,
        metricsPath: '/metrics',
        scheme: 'http',
        params: {},
        honorLabels: false,
        honorTimestamps: true,
        http: {},
        staticConfigs: [],
        fileSdConfigs: [],
        relabelConfigs: [],
        metricRelabelConfigs: [],
        sampleLimit: 0,
        labelLimit: 0,
      },
    ]);
  });

  it('reads every supported setting', () => {
    const text = `
global:
  scrape_interval: 15s
  scrape_timeout: 12s
scrape_configs:
  - job_name: blackbox
    scrape_interval: 5s
    metrics_path: /probe
    scheme: https
    params:
      module: [http_2xx]
    honor_labels: true
    honor_timestamps: false
    sample_limit: 1000
    label_limit: 30
    basic_auth:
      username: u
      password_file: secrets/pw
    tls_config:
      ca_file: ca.pem
      insecure_skip_verify: true
    static_configs:
      - targets: ['a:1', 'b:2']
        labels:
          env: prod
    file_sd_configs:
      - files: ['targets/*.json']
      - files: ['more.yml']
        refresh_interval: 1m
    relabel_configs:
      - source_labels: [__address__]
        target_label: __param_target
      - action: HashMod
        source_labels: [__address__]
        target_label: shard
        modulus: 4
      - action: labelmap
        regex: __meta_(.+)
    metric_relabel_configs:
      - action: drop
        source_labels: [__name__]
        regex: go_.*
  - job_name: short
    scrape_interval: 8s
`;
    const cfg = parseRuleManagerConfig(text, FILE);
    expect(cfg.warnings).toEqual([]);
    const [bb, short] = cfg.scrapeConfigs;
    expect(bb).toMatchObject({
      jobName: 'blackbox',
      scrapeIntervalMs: 5000,
      // The global timeout is above this job's interval: the interval wins.
      scrapeTimeoutMs: 5000,
      metricsPath: '/probe',
      scheme: 'https',
      params: { module: ['http_2xx'] },
      honorLabels: true,
      honorTimestamps: false,
      sampleLimit: 1000,
      labelLimit: 30,
      http: {
        basicAuth: { username: 'u', passwordFile: '/etc/vigil/secrets/pw' },
        tls: { caFile: '/etc/vigil/ca.pem', insecureSkipVerify: true },
      },
      staticConfigs: [{ targets: ['a:1', 'b:2'], labels: { env: 'prod' } }],
      fileSdConfigs: [
        { files: ['/etc/vigil/targets/*.json'], refreshIntervalMs: 300_000 },
        { files: ['/etc/vigil/more.yml'], refreshIntervalMs: 60_000 },
      ],
    });
    expect(bb?.relabelConfigs).toEqual([
      {
        sourceLabels: ['__address__'],
        separator: ';',
        targetLabel: '__param_target',
        regex: '(.*)',
        modulus: 0,
        replacement: '$1',
        action: 'replace',
      },
      {
        sourceLabels: ['__address__'],
        separator: ';',
        targetLabel: 'shard',
        regex: '(.*)',
        modulus: 4,
        replacement: '$1',
        action: 'hashmod',
      },
      {
        sourceLabels: [],
        separator: ';',
        targetLabel: '',
        regex: '__meta_(.+)',
        modulus: 0,
        replacement: '$1',
        action: 'labelmap',
      },
    ]);
    expect(bb?.metricRelabelConfigs[0]).toMatchObject({ action: 'drop', regex: 'go_.*' });
    expect(short).toMatchObject({ scrapeIntervalMs: 8000, scrapeTimeoutMs: 8000 });
  });

  it.each([
    [
      'scrape_configs:\n  - job_name: a\n  - job_name: a\n',
      `${FILE}:3:15: scrape_configs[1].job_name: found multiple scrape configs with job name "a"`,
    ],
    [
      'scrape_configs:\n  - scrape_interval: 5s\n',
      `${FILE}:2:5: scrape_configs[0].job_name: job_name is empty`,
    ],
    [
      'scrape_configs:\n  - job_name: a\n    scrape_interval: 5s\n    scrape_timeout: 6s\n',
      `${FILE}:4:21: scrape_configs[0].scrape_timeout: scrape timeout greater than scrape interval for scrape config with job name "a"`,
    ],
    [
      'scrape_configs:\n  - job_name: a\n    scheme: ftp\n',
      `${FILE}:3:13: scrape_configs[0].scheme: scheme must be "http" or "https", got "ftp"`,
    ],
    [
      'scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: ["http://a:1/"]\n',
      `${FILE}:4:19: scrape_configs[0].static_configs[0].targets[0]: "http://a:1/" is not a valid hostname`,
    ],
    [
      'scrape_configs:\n  - job_name: a\n    file_sd_configs:\n      - files: ["a/*/b.json"]\n',
      `${FILE}:4:17: scrape_configs[0].file_sd_configs[0].files[0]: path name "a/*/b.json" is not valid for file discovery`,
    ],
    [
      'scrape_configs:\n  - job_name: a\n    kubernetes_sd_configs:\n      - role: pod\n',
      `${FILE}:3:5: scrape_configs[0].kubernetes_sd_configs: kubernetes_sd_configs is not supported yet; use static_configs or file_sd_configs`,
    ],
    [
      'scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: explode\n',
      `${FILE}:4:17: scrape_configs[0].relabel_configs[0].action: unknown relabel action "explode"`,
    ],
    [
      'scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: hashmod\n        target_label: x\n',
      `${FILE}:4:9: scrape_configs[0].relabel_configs[0].modulus: relabel configuration for hashmod requires non-zero modulus`,
    ],
    [
      'scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - source_labels: [a]\n',
      `${FILE}:4:9: scrape_configs[0].relabel_configs[0].target_label: relabel configuration for replace action requires 'target_label' value`,
    ],
    [
      'scrape_configs:\n  - job_name: a\n    metric_relabel_configs:\n      - regex: "("\n        target_label: x\n',
      `${FILE}:4:16: scrape_configs[0].metric_relabel_configs[0].regex: error parsing regexp: missing closing ): \`(?s:()\``,
    ],
    [
      'scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: labeldrop\n        regex: x\n        target_label: y\n',
      `${FILE}:4:9: scrape_configs[0].relabel_configs[0]: labeldrop action requires only 'regex', and no other fields`,
    ],
    [
      'scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: keepequal\n        source_labels: [a]\n        target_label: b\n        regex: x\n',
      `${FILE}:4:9: scrape_configs[0].relabel_configs[0]: keepequal action requires only 'source_labels' and \`target_label\`, and no other fields`,
    ],
  ])('rejects %j', (text, want) => {
    expect(errorsOf(text)).toEqual([want]);
  });
});
