import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { SCRAPE_ACCEPT_HEADER } from './scrape-client';
import type { ScrapeConfig } from './scrape-config';
import { fnv64a, scrapeOffsetMs } from './scrape-loop';
import { ScrapeManager } from './scrape-manager';
import { job, ManualClock, MemoryAppendable, startServer, waitFor, type TestServer } from './test-helpers';

const INTERVAL = 10_000;

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function server(body?: string): Promise<TestServer> {
  const s = await startServer(body);
  cleanups.push(() => s.close());
  return s;
}

function setup(configs: ScrapeConfig[]) {
  const clock = new ManualClock();
  const store = new MemoryAppendable();
  const errors: string[] = [];
  const manager = new ScrapeManager({ appendable: store, clock, onError: (m) => errors.push(m) });
  cleanups.push(() => manager.stop());
  /** scrape advances one interval and waits for `n` more commits. */
  const tick = async (n = 1) => {
    const want = store.commits + n;
    clock.advance(INTERVAL);
    await waitFor(() => store.commits >= want);
  };
  return { clock, store, manager, errors, tick, apply: () => manager.applyConfig(configs) };
}

const cfg = (address: string, over: Partial<ScrapeConfig> = {}): ScrapeConfig =>
  job({
    jobName: 'app',
    scrapeIntervalMs: INTERVAL,
    scrapeTimeoutMs: 5000,
    staticConfigs: [{ targets: [address], labels: { env: 'test' } }],
    ...over,
  });

describe('ScrapeManager', () => {
  it('scrapes a target, labels its samples and reports up and counts', async () => {
    const s = await server('# TYPE a counter\na_total{x="1"} 5\nb 2.5\n');
    const { store, manager, tick, clock } = setup([]);
    await manager.applyConfig([cfg(s.address)]);
    await tick();
    const t = clock.now();
    const target = { job: 'app', instance: s.address, env: 'test' };
    expect(store.last({ ...target, __name__: 'a_total', x: '1' })).toMatchObject({ v: 5 });
    expect(store.last({ ...target, __name__: 'b' })).toMatchObject({ v: 2.5 });
    expect(store.last({ ...target, __name__: 'up' })).toMatchObject({ v: 1 });
    expect(store.last({ ...target, __name__: 'scrape_samples_scraped' })).toMatchObject({ v: 2 });
    expect(store.last({ ...target, __name__: 'scrape_samples_post_metric_relabeling' })).toMatchObject({
      v: 2,
    });
    expect(store.last({ ...target, __name__: 'scrape_series_added' })).toMatchObject({ v: 2 });
    expect(store.last({ ...target, __name__: 'scrape_duration_seconds' })).toBeDefined();
    expect(store.last({ __name__: 'b' })?.t).toBeLessThanOrEqual(t);

    const req = s.requests[0];
    expect(req?.url).toBe('/metrics');
    expect(req?.headers['accept']).toBe(SCRAPE_ACCEPT_HEADER);
    expect(req?.headers['accept-encoding']).toBe('gzip');
    expect(req?.headers['x-prometheus-scrape-timeout-seconds']).toBe('5');

    const [active] = manager.activeTargets();
    expect(active).toMatchObject({
      scrapePool: 'app',
      health: 'up',
      lastError: '',
      scrapeUrl: `http://${s.address}/metrics`,
      labels: target,
      scrapeIntervalMs: INTERVAL,
      scrapeTimeoutMs: 5000,
    });
    expect(active?.discoveredLabels['__address__']).toBe(s.address);

    // The next scrape lands exactly one interval later.
    await tick();
    const ups = store.find({ __name__: 'up' })[0]?.samples ?? [];
    expect(ups.length).toBe(2);
    expect((ups[1]?.t ?? 0) - (ups[0]?.t ?? 0)).toBe(INTERVAL);
    expect(store.last({ __name__: 'scrape_series_added' })?.v).toBe(0);
  });

  it('reads gzip, OpenMetrics timestamps in seconds, params and a metrics path', async () => {
    const s = await server();
    s.handler = (_req, res) => {
      res.setHeader('Content-Type', 'application/openmetrics-text; version=1.0.0; charset=utf-8');
      res.setHeader('Content-Encoding', 'gzip');
      res.end(gzipSync('# TYPE c counter\nc_total 3 1700000000.5\n# EOF\n'));
    };
    const { store, manager, tick } = setup([]);
    await manager.applyConfig([cfg(s.address, { metricsPath: '/probe', params: { module: ['m1'] } })]);
    await tick();
    expect(s.requests[0]?.url).toBe('/probe?module=m1');
    expect(store.last({ __name__: 'c_total' })).toMatchObject({ v: 3, t: 1_700_000_000_500 });
  });

  it('writes staleness markers for vanished series and on failure, keeping up=0', async () => {
    const s = await server('a 1\nb 2\n');
    const { store, manager, tick } = setup([]);
    await manager.applyConfig([cfg(s.address)]);
    await tick();
    s.handler = (_req, res) => res.end('a 1\n');
    await tick();
    expect(store.last({ __name__: 'b' })).toMatchObject({
      stale: true,
      t: store.last({ __name__: 'up' })?.t,
    });
    expect(store.last({ __name__: 'a' })).toMatchObject({ stale: false, v: 1 });

    s.handler = (_req, res) => {
      res.statusCode = 500;
      res.end('boom');
    };
    await tick();
    expect(store.last({ __name__: 'a' })).toMatchObject({ stale: true });
    expect(store.last({ __name__: 'up' })).toMatchObject({ v: 0, stale: false });
    expect(store.last({ __name__: 'scrape_samples_scraped' })?.v).toBe(0);
    expect(manager.activeTargets()[0]).toMatchObject({
      health: 'down',
      lastError: 'server returned HTTP status 500 Internal Server Error',
    });

    s.handler = (_req, res) => res.end('a 1\nbad line here\n');
    await tick();
    expect(manager.activeTargets()[0]?.lastError).toMatch(/^line 2: /);
  });

  it('renames conflicting exposed labels unless honor_labels, and honors timestamps as configured', async () => {
    const s = await server('m{job="exposed",instance="i"} 1 1000\n');
    const { store, manager, tick } = setup([]);
    await manager.applyConfig([
      cfg(s.address, { honorTimestamps: false }),
      cfg(s.address, { jobName: 'honor', honorLabels: true }),
    ]);
    await tick(2);
    const scrapedAt = store.last({ __name__: 'up', job: 'app' })?.t;
    expect(store.last({ __name__: 'm', job: 'app', exported_job: 'exposed' })?.t).toBe(scrapedAt);
    const renamed = store.find({ __name__: 'm', job: 'app' })[0];
    expect(renamed?.labels).toEqual({
      __name__: 'm',
      job: 'app',
      instance: s.address,
      env: 'test',
      exported_job: 'exposed',
      exported_instance: 'i',
    });
    expect(renamed?.samples[0]?.t).not.toBe(1000);
    const honored = store.find({ __name__: 'm', job: 'exposed' })[0];
    expect(honored?.labels).toEqual({ __name__: 'm', job: 'exposed', instance: 'i', env: 'test' });
    expect(honored?.samples[0]?.t).toBe(1000);
    // A sample with an explicit timestamp is too old the second time: the store refuses it and it is counted.
    await tick(2);
    const refused = manager.activeTargets().find((t) => t.scrapePool === 'honor')?.refused;
    expect(refused?.duplicate_timestamp).toBe(1);
  });

  it('applies metric_relabel_configs and fails scrapes over sample_limit', async () => {
    const s = await server('keep_me 1\ndrop_me 2\nkeep_too 3\n');
    const { store, manager, tick } = setup([]);
    const drop = {
      sourceLabels: ['__name__'],
      separator: ';',
      targetLabel: '',
      regex: 'drop_.*',
      modulus: 0,
      replacement: '$1',
      action: 'drop' as const,
    };
    await manager.applyConfig([cfg(s.address, { metricRelabelConfigs: [drop] })]);
    await tick();
    expect(store.find({ __name__: 'drop_me' })).toHaveLength(0);
    expect(store.last({ __name__: 'scrape_samples_scraped' })?.v).toBe(3);
    expect(store.last({ __name__: 'scrape_samples_post_metric_relabeling' })?.v).toBe(2);

    await manager.applyConfig([cfg(s.address, { metricRelabelConfigs: [drop], sampleLimit: 1 })]);
    await tick();
    expect(manager.activeTargets()[0]).toMatchObject({ health: 'down', lastError: 'sample limit exceeded' });
    expect(store.last({ __name__: 'up' })?.v).toBe(0);
    expect(store.last({ __name__: 'keep_me' })?.stale).toBe(true);
  });

  it('sends basic auth and bearer credentials (token files re-read)', async () => {
    const s = await server();
    const { manager, tick } = setup([]);
    await manager.applyConfig([
      cfg(s.address, { http: { basicAuth: { username: 'u', password: 'p' } } }),
      cfg(s.address, { jobName: 'bearer', http: { authorization: { type: 'Bearer', credentials: 'tok' } } }),
    ]);
    await tick(2);
    const auths = s.requests.map((r) => r.headers['authorization']).sort();
    expect(auths).toEqual([`Basic ${Buffer.from('u:p').toString('base64')}`, 'Bearer tok']);
  });

  it('times out slow targets and words transport errors as Prometheus', async () => {
    const s = await server();
    s.handler = (_req, res) => setTimeout(() => res.end('a 1\n'), 2000);
    const closed = await server();
    await closed.close();
    const { manager, tick } = setup([]);
    await manager.applyConfig([
      cfg(s.address, { scrapeTimeoutMs: 200 }),
      cfg(closed.address, { jobName: 'refused' }),
    ]);
    await tick(2);
    const byPool = Object.fromEntries(manager.activeTargets().map((t) => [t.scrapePool, t]));
    expect(byPool['app']).toMatchObject({
      health: 'down',
      lastError: `Get "http://${s.address}/metrics": context deadline exceeded`,
    });
    expect(byPool['refused']).toMatchObject({
      health: 'down',
      lastError: `Get "http://${closed.address}/metrics": dial tcp ${closed.address}: connect: connection refused`,
    });
  });

  it('spreads first scrapes over the interval by target hash, starting within one interval', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 20; i++) {
      const wait = scrapeOffsetMs(fnv64a(`target-${i}`), 0n, INTERVAL, 1_700_000_000_123);
      expect(wait).toBeGreaterThanOrEqual(0);
      expect(wait).toBeLessThanOrEqual(INTERVAL);
      seen.add(wait);
    }
    expect(seen.size).toBeGreaterThan(10);
    // The same target keeps its phase: its scrapes land at the same point of every interval.
    const a = scrapeOffsetMs(fnv64a('t'), 0n, INTERVAL, 1_000_000);
    const b = scrapeOffsetMs(fnv64a('t'), 0n, INTERVAL, 1_000_000 + 3 * INTERVAL + 10);
    expect((1_000_000 + a) % INTERVAL).toBe((1_000_000 + 3 * INTERVAL + 10 + b) % INTERVAL);
  });

  it('keeps unchanged pools, marks removed targets stale, and applies all-or-nothing', async () => {
    const s = await server('a 1\n');
    const { store, manager, tick, clock } = setup([]);
    const keep = cfg(s.address, { jobName: 'keep' });
    const gone = cfg(s.address, { jobName: 'gone' });
    await manager.applyConfig([keep, gone]);
    await tick(2);
    const before = manager.activeTargets().find((t) => t.scrapePool === 'keep');

    await expect(manager.applyConfig([keep, keep])).rejects.toThrow(
      'found multiple scrape configs with job name "keep"',
    );
    const badRegex = { ...DEFAULT_RULE, regex: '(' };
    await expect(
      manager.applyConfig([cfg(s.address, { jobName: 'new', relabelConfigs: [badRegex] })]),
    ).rejects.toThrow(/scrape job "new": relabel rule 0: invalid regex/);
    expect(
      manager
        .activeTargets()
        .map((t) => t.scrapePool)
        .sort(),
    ).toEqual(['gone', 'keep']);

    await manager.applyConfig([{ ...keep }]);
    expect(manager.activeTargets().map((t) => t.scrapePool)).toEqual(['keep']);
    expect(store.last({ job: 'gone', __name__: 'a' })).toMatchObject({ stale: true, t: clock.now() });
    expect(store.last({ job: 'gone', __name__: 'up' })).toMatchObject({ stale: true });
    expect(store.last({ job: 'keep', __name__: 'a' })?.stale).toBe(false);
    // The kept pool's target is the same, still up, and keeps its phase.
    expect(manager.activeTargets()[0]?.lastScrapeMs).toBe(before?.lastScrapeMs);
    await tick();
    expect(store.find({ job: 'keep', __name__: 'up' })[0]?.samples).toHaveLength(2);

    // A changed job restarts with its target's series carried over: no staleness for series still there.
    await manager.applyConfig([{ ...keep, scrapeTimeoutMs: 4000 }]);
    await tick();
    const keepSamples = store.find({ job: 'keep', __name__: 'a' })[0]?.samples ?? [];
    expect(keepSamples.every((x) => !x.stale)).toBe(true);
    expect(manager.activeTargets()[0]?.scrapeTimeoutMs).toBe(4000);
  });

  it('lists targets dropped by relabeling', async () => {
    const { manager } = setup([]);
    await manager.applyConfig([
      job({
        jobName: 'j',
        staticConfigs: [{ targets: ['a:1', 'b:2'], labels: {} }],
        relabelConfigs: [{ ...DEFAULT_RULE, action: 'drop', sourceLabels: ['__address__'], regex: 'b:.*' }],
      }),
    ]);
    expect(manager.activeTargets().map((t) => t.labels['instance'])).toEqual(['a:1']);
    expect(manager.droppedTargets()).toEqual([
      { scrapePool: 'j', discoveredLabels: expect.objectContaining({ __address__: 'b:2', job: 'j' }) },
    ]);
  });
});

const DEFAULT_RULE = {
  sourceLabels: [],
  separator: ';',
  targetLabel: '',
  regex: '(.*)',
  modulus: 0,
  replacement: '$1',
  action: 'replace' as const,
};
