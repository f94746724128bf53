import { describe, expect, it } from 'vitest';
import { compileRelabelConfigs, DEFAULT_RELABEL_CONFIG, type RelabelConfig } from './relabel';
import { populateLabels, targetUrl } from './target';
import { job } from './test-helpers';

const rules = (rs: Array<Partial<RelabelConfig>>) =>
  compileRelabelConfigs(rs.map((r) => ({ ...DEFAULT_RELABEL_CONFIG, ...r })));

describe('populateLabels', () => {
  it('adds the job defaults and instance, keeping the discovered labels', () => {
    const cfg = job({ params: { module: ['http_2xx', 'other'] } });
    const out = populateLabels(cfg, [], { __address__: 'a:9100', __meta_x: 'm' }, { env: 'prod' });
    expect(out).toEqual({
      kind: 'active',
      discoveredLabels: {
        __address__: 'a:9100',
        __meta_x: 'm',
        env: 'prod',
        job: 'node',
        __scrape_interval__: '1m',
        __scrape_timeout__: '10s',
        __metrics_path__: '/metrics',
        __scheme__: 'http',
        __param_module: 'http_2xx',
      },
      labels: {
        __address__: 'a:9100',
        env: 'prod',
        job: 'node',
        __scrape_interval__: '1m',
        __scrape_timeout__: '10s',
        __metrics_path__: '/metrics',
        __scheme__: 'http',
        __param_module: 'http_2xx',
        instance: 'a:9100',
      },
    });
  });

  it('target labels override group labels and relabeling can set everything', () => {
    const out = populateLabels(
      job(),
      rules([
        { sourceLabels: ['__address__'], targetLabel: '__param_target' },
        { sourceLabels: ['__param_target'], targetLabel: 'instance' },
        { targetLabel: '__address__', replacement: 'exporter:9115' },
        { targetLabel: '__scrape_interval__', replacement: '30s' },
      ]),
      { __address__: 'example.com', env: 'target' },
      { env: 'group' },
    );
    expect(out.kind).toBe('active');
    if (out.kind !== 'active') return;
    expect(out.labels['env']).toBe('target');
    expect(out.labels['instance']).toBe('example.com');
    expect(out.labels['__address__']).toBe('exporter:9115');
    expect(out.labels['__scrape_interval__']).toBe('30s');
    expect(targetUrl(out.labels, { module: ['a', 'b'] })).toBe(
      'http://exporter:9115/metrics?module=a&module=b&target=example.com',
    );
  });

  it('dropped targets keep their discovered labels', () => {
    const out = populateLabels(
      job(),
      rules([{ action: 'drop', sourceLabels: ['env'], regex: 'dev' }]),
      { __address__: 'a:1' },
      { env: 'dev' },
    );
    expect(out).toMatchObject({
      kind: 'dropped',
      discoveredLabels: { __address__: 'a:1', env: 'dev', job: 'node' },
    });
  });

  it.each([
    [[{ targetLabel: '__address__', replacement: '' }], 'no address'],
    [[{ targetLabel: '__address__', replacement: 'a/b' }], '"a/b" is not a valid hostname'],
    [
      [{ targetLabel: '__scrape_interval__', replacement: 'x' }],
      'error parsing scrape interval: not a valid duration string: "x"',
    ],
    [[{ targetLabel: '__scrape_timeout__', replacement: '0' }], 'scrape timeout cannot be 0'],
    [
      [{ targetLabel: '__scrape_timeout__', replacement: '2m' }],
      'scrape timeout cannot be greater than scrape interval ("2m" > "1m")',
    ],
  ] as Array<[Array<Partial<RelabelConfig>>, string]>)('rejects invalid targets: %j', (rs, message) => {
    const out = populateLabels(job(), rules(rs), { __address__: 'a:1' }, {});
    expect(out).toMatchObject({ kind: 'error', error: message });
  });
});
