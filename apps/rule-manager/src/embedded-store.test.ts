import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compressSync } from 'snappy';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '@vigil/service-kit';
import { waitForAssertion } from '@vigil/testing';
import { buildRuleManagerService, type RuleManagerService } from './app';
import type { RuleManagerOptions } from './options';
import { encodeWriteRequest } from './remote-write';

const RULES = `
groups:
  - name: embedded
    interval: 1s
    rules:
      - record: job:requests:sum
        expr: sum by (job) (requests)
      # Reads the recording rule above: it fires at its first evaluation only if that rule's output of the
      # same evaluation is already in the store.
      - alert: ManyRequests
        expr: job:requests:sum > 5
        labels:
          severity: ticket
`;

function options(dir: string): RuleManagerOptions {
  return {
    configFile: join(dir, 'prometheus.yml'),
    listenAddress: '127.0.0.1:0',
    datasourceTimeoutMs: 10_000,
    datasourceTlsInsecureSkipVerify: false,
    storagePath: join(dir, 'data'),
    retentionTimeMs: 15 * 86_400_000,
    retentionSizeBytes: 0,
    lookbackDeltaMs: 300_000,
    queryTimeoutMs: 120_000,
    queryMaxSamples: 50_000_000,
    redisUrl: 'redis://127.0.0.1:6379/14',
    queueName: `vigil-embedded-test-${process.pid}-${Date.now()}`,
    resendDelayMs: 60_000,
    forGracePeriodMs: 600_000,
    forOutageToleranceMs: 3_600_000,
    watchRules: false,
    logLevel: 'error',
    logFormat: 'logfmt',
  };
}

describe('the rule-manager on its embedded store (no --datasource.url)', () => {
  let service: RuleManagerService | undefined;
  let dir = '';
  afterEach(async () => {
    await service?.close();
    service = undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('stores remote-written samples, evaluates rules on them and serves the result as Prometheus does', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-embedded-'));
    await writeFile(join(dir, 'rules.yml'), RULES);
    await writeFile(join(dir, 'prometheus.yml'), 'rule_files: [rules.yml]\n');
    service = await buildRuleManagerService(
      options(dir),
      createLogger('test', { level: 'error', format: 'logfmt' }),
    );
    const app = service.app;

    const now = Date.now();
    const samples = [0, 1, 2].map((i) => ({ t: now - 3000 + i * 1000, v: 3 }));
    const write = await app.inject({
      method: 'POST',
      url: '/api/v1/write',
      headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy' },
      payload: compressSync(
        Buffer.from(
          encodeWriteRequest([
            { labels: { __name__: 'requests', job: 'api', instance: 'a' }, samples },
            { labels: { __name__: 'requests', job: 'api', instance: 'b' }, samples },
          ]),
        ),
      ),
    });
    expect(write.statusCode).toBe(204);

    const raw = await app.inject({ method: 'GET', url: `/api/v1/query?query=requests&time=${now / 1000}` });
    expect(raw.json().data.result).toHaveLength(2);

    await waitForAssertion(async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/query',
        payload: { query: 'job:requests:sum' },
      });
      expect(res.json()).toMatchObject({
        status: 'success',
        data: { resultType: 'vector', result: [{ metric: { __name__: 'job:requests:sum', job: 'api' } }] },
      });
      expect(res.json().data.result[0].value[1]).toBe('6');
    }, 10_000);

    // The alert reads the recording rule's output of the same evaluation, so it is active from the first one
    // the recording rule produced anything in (no `for`: firing at once).
    await waitForAssertion(async () => {
      const res = await app.inject({ method: 'GET', url: '/api/v1/alerts' });
      expect(res.json().data.alerts).toMatchObject([
        {
          labels: { alertname: 'ManyRequests', job: 'api', severity: 'ticket' },
          state: 'firing',
          value: '6e+00',
        },
      ]);
    }, 10_000);
    const firstOutput = await app.inject({
      method: 'GET',
      url: `/api/v1/query_range?query=job:requests:sum&start=${(now - 5000) / 1000}&end=${(Date.now() + 1000) / 1000}&step=1`,
    });
    const alertsSeries = await app.inject({
      method: 'GET',
      url: `/api/v1/query_range?query=ALERTS{alertname="ManyRequests"}&start=${(now - 5000) / 1000}&end=${(Date.now() + 1000) / 1000}&step=1`,
    });
    const firstRecorded = firstOutput.json().data.result[0].values[0][0];
    const firstAlert = alertsSeries.json().data.result[0].values[0][0];
    expect(firstAlert).toBe(firstRecorded);

    const series = await app.inject({ method: 'GET', url: '/api/v1/series?match[]=requests' });
    expect(series.json().data).toEqual([
      { __name__: 'requests', instance: 'a', job: 'api' },
      { __name__: 'requests', instance: 'b', job: 'api' },
    ]);
  });

  it('refuses to start on a store another rule-manager holds, naming the directory', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-embedded-'));
    await writeFile(join(dir, 'rules.yml'), RULES);
    await writeFile(join(dir, 'prometheus.yml'), 'rule_files: [rules.yml]\n');
    const logger = createLogger('test', { level: 'error', format: 'logfmt' });
    service = await buildRuleManagerService(options(dir), logger);
    await expect(buildRuleManagerService(options(dir), logger)).rejects.toThrow(
      new RegExp(`cannot open the embedded store at ${join(dir, 'data')}`),
    );
  });
});
