import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, formatConfigIssue } from './config-error';
import { loadRuleManagerConfig, parseRuleManagerConfig } from './load-config';
import { DEFAULT_GLOBAL_CONFIG, DEFAULT_QUEUE_CONFIG, alertmanagerUrls } from './rule-manager-config';

const here = dirname(fileURLToPath(import.meta.url));
const testdata = join(here, 'testdata');
const corpusExample = resolve(here, '../../../../../shared/corpus/prometheus/examples/prometheus.yml');

function errorsOf(text: string, file = '/etc/vigil/config.yml'): string[] {
  try {
    parseRuleManagerConfig(text, file);
  } catch (err) {
    if (err instanceof ConfigError) return err.errors.map(formatConfigIssue);
    throw err;
  }
  throw new Error('expected the config to be rejected');
}

describe('loadRuleManagerConfig', () => {
  it('reads every supported setting of a full config', async () => {
    const cfg = await loadRuleManagerConfig(join(testdata, 'good.yml'));
    expect(cfg.warnings).toEqual([]);
    expect(cfg.global).toEqual({
      evaluationIntervalMs: 30_000,
      ruleQueryOffsetMs: 15_000,
      scrapeIntervalMs: 15_000,
      scrapeTimeoutMs: 10_000,
      // Empty values drop the label; a plain 1.10 keeps its spelling, as Go's decoder does.
      externalLabels: { cluster: 'eu-1', replica: 'a', version: '1.10' },
      nameValidation: 'utf8',
    });
    expect(cfg.ruleFiles).toEqual([join(testdata, 'rules/*.yml'), '/etc/vigil/extra.rules']);
    expect(cfg.alerting.alertmanagers).toEqual([
      {
        staticConfigs: [{ targets: ['am-0:9093', 'am-1:9093'], labels: { dc: 'west' } }],
        scheme: 'https',
        pathPrefix: '/alertmanager',
        timeoutMs: 5000,
        apiVersion: 'v2',
        http: {
          basicAuth: { username: 'vigil', passwordFile: join(testdata, 'secrets/am-password') },
          tls: {
            caFile: join(testdata, 'secrets/ca.pem'),
            serverName: 'am.internal',
            insecureSkipVerify: false,
            minVersion: 'TLS12',
          },
        },
      },
      {
        staticConfigs: [{ targets: ['localhost:9093'], labels: {} }],
        scheme: 'http',
        pathPrefix: '',
        timeoutMs: 10_000,
        apiVersion: 'v2',
        http: { authorization: { type: 'Bearer', credentialsFile: join(testdata, 'secrets/token') } },
      },
    ]);
    expect(cfg.remoteWrite).toEqual([
      {
        url: 'https://mimir.example/api/v1/push',
        name: 'mimir',
        remoteTimeoutMs: 10_000,
        headers: { 'X-Scope-OrgID': 'team-a' },
        http: { authorization: { type: 'Bearer', credentials: 's3cret' } },
        queue: {
          capacity: 5000,
          maxSamplesPerSend: 500,
          batchSendDeadlineMs: 2000,
          minBackoffMs: 100,
          maxBackoffMs: 10_000,
          retryOnRateLimit: false,
          sampleAgeLimitMs: 3_600_000,
        },
      },
      {
        url: 'http://localhost:9090/api/v1/write',
        name: expect.stringMatching(/^[0-9a-f]{6}$/),
        remoteTimeoutMs: 30_000,
        headers: {},
        http: {},
        queue: DEFAULT_QUEUE_CONFIG,
      },
    ]);
    expect(cfg.alerting.alertmanagers.map(alertmanagerUrls)).toEqual([
      ['https://am-0:9093/alertmanager/api/v2/alerts', 'https://am-1:9093/alertmanager/api/v2/alerts'],
      ['http://localhost:9093/api/v2/alerts'],
    ]);
  });

  it('loads a Prometheus server config, warning about the parts it ignores', async () => {
    const file = join(testdata, 'prometheus-compat.yml');
    const cfg = await loadRuleManagerConfig(file);
    expect(cfg.global.evaluationIntervalMs).toBe(15_000);
    expect(cfg.ruleFiles).toEqual([]);
    expect(cfg.alerting.alertmanagers[0]?.staticConfigs).toEqual([{ targets: [], labels: {} }]);
    expect(cfg.remoteWrite[0]?.url).toBe('http://receiver:9090/api/v1/write');
    expect(cfg.scrapeConfigs.map((s) => [s.jobName, s.scrapeIntervalMs, s.scrapeTimeoutMs])).toEqual([
      ['prometheus', 15_000, 10_000],
    ]);
    expect(cfg.warnings.map(formatConfigIssue)).toEqual([
      `${file}:6:3: global.query_log_file: ignored: the rule-manager does not log queries to a file`,
      `${file}:22:1: storage: ignored: the rule-manager keeps no local storage`,
      `${file}:28:5: remote_write[0].metadata_config: ignored: the rule-manager sends no metric metadata`,
      `${file}:31:7: remote_write[0].queue_config.max_shards: ignored: Vigil sends over one connection per remote`,
    ]);
  });

  it('reports every problem of a bad file with its line, column and field path', async () => {
    const file = join(testdata, 'bad-several.yml');
    const err = await loadRuleManagerConfig(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).errors.map(formatConfigIssue)).toEqual([
      `${file}:2:24: global.evaluation_interval: not a valid duration string: "1minute"`,
      `${file}:4:5: global.external_labels[""]: "" is not a valid label name`,
      `${file}:8:21: alerting.alertmanagers[0].static_configs[0].targets[0]: "http://am:9093/" is not a valid hostname (use scheme and path_prefix for the URL parts)`,
      `${file}:9:20: alerting.alertmanagers[0].api_version: expected Alertmanager api version to be one of [v2] but got v1`,
      `${file}:10:7: alerting.alertmanagers[0].kubernetes_sd_configs: kubernetes_sd_configs is not supported yet; list Alertmanagers under static_configs`,
      `${file}:16:17: remote_write[0].queue_config.capacity: must be at least 1, got 0`,
      `${file}:18:20: remote_write[0].queue_config.max_backoff: remote write queue max_backoff must not be less than min_backoff`,
      `${file}:19:5: remote_write[1].name: found multiple remote write configs with name "dup"`,
      `${file}:22:7: remote_write[1].headers.Authorization: authorization header must be changed via the basic_auth or authorization parameter`,
      `${file}:23:5: remote_write[1].write_relabel_configs: write_relabel_configs is not supported yet`,
      `${file}:25:1: unknown_key: unknown field "unknown_key"`,
    ]);
    expect((err as ConfigError).message.split('\n')).toHaveLength(11);
  });

  it('gives the defaults for an empty file', () => {
    const cfg = parseRuleManagerConfig('# nothing here\n', '/etc/vigil/empty.yml');
    expect(cfg.global).toEqual(DEFAULT_GLOBAL_CONFIG);
    expect(cfg.ruleFiles).toEqual([]);
    expect(cfg.alerting.alertmanagers).toEqual([]);
    expect(cfg.remoteWrite).toEqual([]);
  });

  it('says when the file cannot be read', async () => {
    await expect(loadRuleManagerConfig(join(testdata, 'missing.yml'))).rejects.toThrow(
      /missing\.yml: cannot read config file: ENOENT/,
    );
  });

  it.skipIf(!existsSync(corpusExample))(
    "loads Prometheus's documentation example (skipped: ../shared/corpus absent)",
    async () => {
      const cfg = await loadRuleManagerConfig(corpusExample);
      expect(cfg.global.evaluationIntervalMs).toBe(15_000);
      expect(cfg.global.scrapeIntervalMs).toBe(15_000);
      expect(cfg.alerting.alertmanagers).toHaveLength(1);
      expect(cfg.ruleFiles).toEqual([]);
      expect(cfg.warnings.map((w) => w.path)).toEqual(['scrape_configs[0].scrape_native_histograms']);
      expect(cfg.scrapeConfigs.map((s) => s.jobName)).toEqual(['prometheus']);
    },
  );
});

describe('alertmanagerUrls', () => {
  it.each([
    ['', 'http://am:9093/api/v2/alerts'],
    ['/', 'http://am:9093/api/v2/alerts'],
    ['am', 'http://am:9093/am/api/v2/alerts'],
    ['/a/b/', 'http://am:9093/a/b/api/v2/alerts'],
  ])('joins path_prefix %j', (pathPrefix, expected) => {
    const cfg = parseRuleManagerConfig(
      `alerting:\n  alertmanagers:\n    - path_prefix: "${pathPrefix}"\n      static_configs: [{targets: ["am:9093"]}]\n`,
      '/x/config.yml',
    );
    expect(cfg.alerting.alertmanagers.flatMap(alertmanagerUrls)).toEqual([expected]);
  });
});

describe('parseRuleManagerConfig rejects', () => {
  it.each([
    ['a YAML syntax error', 'global:\n  evaluation_interval: [1m\n', /config\.yml:3:1: invalid YAML: /],
    ['a duplicate key', 'global: {}\nglobal: {}\n', /config\.yml:2:1: invalid YAML: Map keys must be unique/],
    ['a top level that is not a mapping', '- a\n- b\n', /config\.yml:1:1: expected a mapping, got a list/],
    ['a mistyped section', 'global: 5\n', /config\.yml:1:9: global: expected a mapping, got number 5/],
    [
      'a bare number as duration',
      'global:\n  evaluation_interval: 30\n',
      /2:24: global\.evaluation_interval: not a valid duration string: "30"/,
    ],
    [
      'scrape_timeout above scrape_interval',
      'global:\n  scrape_interval: 5s\n  scrape_timeout: 10s\n',
      /3:19: global\.scrape_timeout: global scrape timeout greater than scrape interval/,
    ],
    [
      'a legacy-invalid label name under legacy validation',
      'global:\n  metric_name_validation_scheme: legacy\n  external_labels:\n    a.b: x\n',
      /4:5: global\.external_labels\["a\.b"\]: "a\.b" is not a valid label name/,
    ],
    [
      'an unknown validation scheme',
      'global:\n  metric_name_validation_scheme: ascii\n',
      /must be "utf8" or "legacy", got "ascii"/,
    ],
    [
      'a rule file glob with a star in a directory',
      'rule_files:\n  - "rules/*/x.yml"\n',
      /2:5: rule_files\[0\]: invalid rule file path "rules\/\*\/x\.yml"/,
    ],
    [
      'a non-string rule file',
      'rule_files:\n  - [a]\n',
      /2:5: rule_files\[0\]: expected a string, got a list/,
    ],
    [
      'alert_relabel_configs',
      'alerting:\n  alert_relabel_configs:\n    - action: drop\n',
      /2:3: alerting\.alert_relabel_configs: alert_relabel_configs is not supported yet/,
    ],
    [
      'an unknown alertmanager field',
      'alerting:\n  alertmanagers:\n    - static_config: []\n',
      /3:7: alerting\.alertmanagers\[0\]\.static_config: unknown field "static_config"/,
    ],
    [
      'a bad scheme',
      'alerting:\n  alertmanagers:\n    - scheme: ftp\n',
      /scheme must be "http" or "https", got "ftp"/,
    ],
    [
      'file_sd_configs',
      'alerting:\n  alertmanagers:\n    - file_sd_configs:\n        - files: [a.json]\n',
      /file_sd_configs is not supported yet/,
    ],
    [
      'oauth2',
      'alerting:\n  alertmanagers:\n    - oauth2:\n        client_id: x\n',
      /3:7: alerting\.alertmanagers\[0\]\.oauth2: oauth2 is not supported yet/,
    ],
    [
      'bearer_token with basic_auth',
      'alerting:\n  alertmanagers:\n    - basic_auth: {username: a}\n      bearer_token: t\n',
      /at most one of basic_auth, bearer_token & bearer_token_file must be configured/,
    ],
    [
      'authorization with bearer_token',
      'alerting:\n  alertmanagers:\n    - authorization: {credentials: a}\n      bearer_token: t\n',
      /authorization is not compatible with bearer_token & bearer_token_file/,
    ],
    [
      'authorization type basic',
      'alerting:\n  alertmanagers:\n    - authorization: {type: Basic, credentials: a}\n',
      /authorization type cannot be "basic"; use basic_auth/,
    ],
    [
      'password and password_file',
      'alerting:\n  alertmanagers:\n    - basic_auth: {username: a, password: b, password_file: c}\n',
      /at most one of basic_auth password & password_file/,
    ],
    [
      'a certificate without a key',
      'alerting:\n  alertmanagers:\n    - tls_config: {cert_file: c.pem}\n',
      /a client certificate needs a key/,
    ],
    [
      'an unknown TLS version',
      'alerting:\n  alertmanagers:\n    - tls_config: {min_version: TLS9}\n',
      /unknown TLS version "TLS9"/,
    ],
    [
      'an unknown tls_config field',
      'alerting:\n  alertmanagers:\n    - tls_config: {ca_path: x}\n',
      /3:20: alerting\.alertmanagers\[0\]\.tls_config\.ca_path: unknown field "ca_path"/,
    ],
    [
      'a remote write without url',
      'remote_write:\n  - name: a\n',
      /2:5: remote_write\[0\]\.url: url for remote_write is empty/,
    ],
    [
      'a remote write with a bad url',
      'remote_write:\n  - url: "not a url"\n',
      /2:10: remote_write\[0\]\.url: invalid URL "not a url"/,
    ],
    [
      'a null remote write entry',
      'remote_write:\n  -\n',
      /remote_write\[0\]: empty or null remote write config section/,
    ],
    [
      'a reserved header',
      'remote_write:\n  - url: http://a\n    headers: {Content-Type: x}\n',
      /Content-Type is a reserved header/,
    ],
    [
      'remote write 2.0',
      'remote_write:\n  - url: http://a\n    protobuf_message: io.prometheus.write.v2.Request\n',
      /remote write 2\.0 is not supported yet/,
    ],
    [
      'a fractional capacity',
      'remote_write:\n  - url: http://a\n    queue_config: {capacity: 1.5}\n',
      /capacity: expected an integer, got number 1\.5/,
    ],
    [
      'a string boolean',
      'remote_write:\n  - url: http://a\n    queue_config: {retry_on_http_429: "yes"}\n',
      /expected true or false, got the string "yes"/,
    ],
  ])('%s', (_name, text, expected) => {
    expect(errorsOf(text).join('\n')).toMatch(expected);
  });

  it('accepts relabel config keys that are present but empty', () => {
    const cfg = parseRuleManagerConfig(
      'alerting:\n  alert_relabel_configs: []\n  alertmanagers:\n    - relabel_configs:\n      static_configs: [{targets: [a:1]}]\n',
      '/x/config.yml',
    );
    expect(cfg.alerting.alertmanagers[0]?.staticConfigs[0]?.targets).toEqual(['a:1']);
  });

  it('follows YAML anchors and merge keys', () => {
    const cfg = parseRuleManagerConfig(
      [
        'remote_write:',
        '  - &rw',
        '    url: http://a/push',
        '    remote_timeout: 3s',
        '  - <<: *rw',
        '    url: http://b/push',
      ].join('\n'),
      '/x/config.yml',
    );
    expect(cfg.remoteWrite.map((rw) => [rw.url, rw.remoteTimeoutMs])).toEqual([
      ['http://a/push', 3000],
      ['http://b/push', 3000],
    ]);
  });
});
