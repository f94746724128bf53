import { createServer, type Server } from 'node:http';
import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import {
  DEFAULT_RELABEL_CONFIG,
  ScrapeManager,
  type Appendable,
  type ScrapeConfig,
  type TargetRetriever,
} from '@vigil/tsdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalUrl, targetsApi } from './targets-api';

const discard: Appendable = {
  appender: () => ({ append: () => undefined, commit: async () => undefined, rollback: () => undefined }),
};

function job(name: string, targets: string[], over: Partial<ScrapeConfig> = {}): ScrapeConfig {
  return {
    jobName: name,
    scrapeIntervalMs: 100,
    scrapeTimeoutMs: 100,
    metricsPath: '/metrics',
    scheme: 'http',
    params: {},
    honorLabels: false,
    honorTimestamps: true,
    http: {},
    staticConfigs: [{ targets, labels: { team: 'a' } }],
    fileSdConfigs: [],
    relabelConfigs: [],
    metricRelabelConfigs: [],
    sampleLimit: 0,
    labelLimit: 0,
    ...over,
  };
}

let server: Server;
let address: string;
let manager: ScrapeManager;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/fail') res.statusCode = 503;
    res.end('m 1\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  manager = new ScrapeManager({ appendable: discard });
  await manager.applyConfig([
    job('zeta', [address]),
    job('alpha', [address, 'dropped:1'], {
      metricsPath: '/fail',
      relabelConfigs: [
        { ...DEFAULT_RELABEL_CONFIG, action: 'drop', sourceLabels: ['__address__'], regex: 'dropped:.*' },
      ],
    }),
  ]);
  const deadline = Date.now() + 10_000;
  while (manager.activeTargets().some((t) => t.health === 'unknown') && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
});

afterAll(async () => {
  await manager.stop();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

async function get(url: string, retriever: TargetRetriever = manager, listenAddress?: string) {
  const app = Fastify();
  await app.register(targetsApi, { retriever, ...(listenAddress ? { listenAddress } : {}) });
  const res = await app.inject({ method: 'GET', url });
  await app.close();
  return { status: res.statusCode, body: res.json() as { status: string; data: Record<string, unknown> } };
}

describe('GET /api/v1/targets', () => {
  it("returns Prometheus's shape, pools in name order", async () => {
    const { status, body } = await get('/api/v1/targets');
    expect(status).toBe(200);
    expect(body.status).toBe('success');
    const active = body.data['activeTargets'] as Array<Record<string, unknown>>;
    expect(active.map((t) => t['scrapePool'])).toEqual(['alpha', 'zeta']);
    const zeta = active[1] ?? {};
    expect(Object.keys(zeta)).toEqual([
      'discoveredLabels',
      'labels',
      'scrapePool',
      'scrapeUrl',
      'globalUrl',
      'lastError',
      'lastScrape',
      'lastScrapeDuration',
      'health',
      'scrapeInterval',
      'scrapeTimeout',
    ]);
    expect(zeta).toMatchObject({
      discoveredLabels: {
        __address__: address,
        __metrics_path__: '/metrics',
        __scheme__: 'http',
        __scrape_interval__: '100ms',
        __scrape_timeout__: '100ms',
        job: 'zeta',
        team: 'a',
      },
      labels: { instance: address, job: 'zeta', team: 'a' },
      scrapeUrl: `http://${address}/metrics`,
      globalUrl: `http://${address}/metrics`,
      lastError: '',
      health: 'up',
      scrapeInterval: '100ms',
      scrapeTimeout: '100ms',
    });
    expect(zeta['lastScrape']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(typeof zeta['lastScrapeDuration']).toBe('number');
    expect(Object.keys(zeta['discoveredLabels'] as object)).toEqual(
      Object.keys(zeta['discoveredLabels'] as object).sort(),
    );
    expect(active[0]).toMatchObject({
      health: 'down',
      lastError: 'server returned HTTP status 503 Service Unavailable',
    });
    expect(body.data['droppedTargets']).toEqual([
      {
        discoveredLabels: {
          __address__: 'dropped:1',
          __metrics_path__: '/fail',
          __scheme__: 'http',
          __scrape_interval__: '100ms',
          __scrape_timeout__: '100ms',
          job: 'alpha',
          team: 'a',
        },
        scrapePool: 'alpha',
      },
    ]);
    expect(body.data['droppedTargetCounts']).toEqual({ alpha: 1, zeta: 0 });
  });

  it.each([
    ['state=active', ['alpha', 'zeta'], 0, false],
    ['state=dropped', [], 1, true],
    ['state=any&scrapePool=zeta', ['zeta'], 0, true],
    ['state=Dropped&scrapePool=alpha', [], 1, true],
    ['state=bogus', [], 0, false],
  ])('filters with %s', async (query, pools, dropped, counts) => {
    const { body } = await get(`/api/v1/targets?${query}`);
    expect((body.data['activeTargets'] as Array<{ scrapePool: string }>).map((t) => t.scrapePool)).toEqual(
      pools,
    );
    expect(body.data['droppedTargets']).toHaveLength(dropped);
    expect(body.data['droppedTargetCounts'] === null).toBe(!counts);
  });

  it('shows "unknown" health and the zero time before the first scrape', async () => {
    const retriever: TargetRetriever = {
      activeTargets: () => [
        {
          scrapePool: 'p',
          discoveredLabels: { __address__: 'localhost:9100' },
          labels: { job: 'p', instance: 'localhost:9100' },
          scrapeUrl: 'http://localhost:9100/metrics',
          lastError: '',
          lastScrapeMs: 0,
          lastScrapeDurationMs: 0,
          health: 'unknown',
          scrapeIntervalMs: 60_000,
          scrapeTimeoutMs: 10_000,
          scrapeInterval: '1m',
          scrapeTimeout: '10s',
          refused: { out_of_order: 0, out_of_bounds: 0, duplicate_timestamp: 0 },
        },
      ],
      droppedTargets: () => [],
      droppedTargetCounts: () => ({ p: 0 }),
    };
    const { body } = await get('/api/v1/targets', retriever, '0.0.0.0:9090');
    expect(body.data['activeTargets']).toEqual([
      expect.objectContaining({
        health: 'unknown',
        lastScrape: '0001-01-01T00:00:00Z',
        lastScrapeDuration: 0,
        // Prometheus's default external URL is http://<hostname>:<listen port>.
        globalUrl: `http://${hostname()}:9100/metrics`,
      }),
    ]);
  });
});

describe('globalUrl', () => {
  it.each([
    ['http://localhost:9100/metrics', 'http://prom.example.com:9100/metrics'],
    ['http://127.0.0.1:9090/metrics', 'https://prom.example.com/metrics'],
    ['http://[::1]:9100/metrics', 'http://prom.example.com:9100/metrics'],
    ['http://node-1:9100/metrics', 'http://node-1:9100/metrics'],
  ])('%s → %s', (url, want) => {
    expect(globalUrl(url, '0.0.0.0:9090', 'https://prom.example.com')).toBe(want);
  });
});
