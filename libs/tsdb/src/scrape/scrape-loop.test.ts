import { afterEach, describe, expect, it } from 'vitest';
import { Tsdb } from '../tsdb';
import { newMatcher } from '@vigil/promql';
import { plain, tempDir } from '../test-support';
import { DEFAULT_RELABEL_CONFIG, compileRelabelConfigs, type RelabelConfig } from './relabel';
import { ScrapeLoop, type ScrapeLoopOptions } from './scrape-loop';
import { ManualClock, MemoryAppendable } from './test-helpers';
import type { Appendable } from '../appender';

const TARGET = { job: 'app', instance: 'h:1' };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** loop builds a loop whose target answers whatever `body.text` holds at scrape time. */
function loop(
  appendable: Appendable,
  over: Partial<ScrapeLoopOptions> = {},
  body = { text: '', contentType: 'text/plain; version=0.0.4' },
) {
  const clock = new ManualClock();
  const l = new ScrapeLoop({
    pool: 'app',
    labels: { ...TARGET, __address__: 'h:1' },
    discoveredLabels: {},
    url: 'http://h:1/metrics',
    intervalMs: 1000,
    timeoutMs: 1000,
    honorLabels: false,
    honorTimestamps: true,
    metricRelabel: [],
    sampleLimit: 0,
    labelLimit: 0,
    scraper: async () => ({ body: body.text, contentType: body.contentType }),
    appendable,
    clock,
    offsetSeed: 0n,
    ...over,
  });
  const scrape = async (text: string): Promise<void> => {
    body.text = text;
    clock.advance(1000);
    await l.scrapeOnce();
  };
  return { l, clock, scrape, body };
}

const rule = (r: Partial<RelabelConfig>): RelabelConfig => ({ ...DEFAULT_RELABEL_CONFIG, ...r });

describe('ScrapeLoop scrape cache', () => {
  it('appends steady-state scrapes by ref with the same results', async () => {
    const store = new MemoryAppendable();
    const { scrape } = loop(store);
    const body = 'a{x="1"} 1\na{x="2"} 2\nb 3\n';
    await scrape(body);
    expect(store.refHits).toBe(0);
    await scrape(body);
    await scrape(body.replace('b 3', 'b 4'));
    // Second and third scrapes: 3 series + 5 report series each, all by ref.
    expect(store.refHits).toBe(16);
    expect(store.find({ __name__: 'a' })).toHaveLength(2);
    expect(store.last({ ...TARGET, __name__: 'b' })?.v).toBe(4);
    expect(store.last({ ...TARGET, __name__: 'scrape_series_added' })?.v).toBe(0);
    expect(store.last({ ...TARGET, __name__: 'scrape_samples_scraped' })?.v).toBe(3);
  });

  it('caches what metric relabeling drops, and maps two spellings of a series to one', async () => {
    const store = new MemoryAppendable();
    const metricRelabel = compileRelabelConfigs([
      rule({ action: 'drop', sourceLabels: ['__name__'], regex: 'dropped' }),
      rule({ action: 'labeldrop', regex: 'noise' }),
    ]);
    const { scrape, l } = loop(store, { metricRelabel });
    const body = 'dropped 1\nkept{noise="a"} 1\nkept{noise="b"} 2\n';
    await scrape(body);
    await scrape(body);
    expect(store.find({ __name__: 'dropped' })).toEqual([]);
    const kept = store.find({ __name__: 'kept' });
    expect(kept).toHaveLength(1);
    // The first spelling wins; the second is a duplicate in each scrape.
    expect(kept[0]?.samples.map((s) => s.v)).toEqual([1, 1]);
    expect(l.refused.duplicate_timestamp).toBe(2);
    expect(store.last({ ...TARGET, __name__: 'scrape_samples_post_metric_relabeling' })?.v).toBe(2);
  });

  it('writes staleness markers for cached series that went away, once', async () => {
    const store = new MemoryAppendable();
    const { scrape } = loop(store);
    await scrape('a 1\nb 2\n');
    await scrape('a 1\n');
    await scrape('a 1\nb 3\n');
    await scrape('a 1\n');
    await scrape('a 1\n');
    const b = store.find({ __name__: 'b' })[0]?.samples.map((s) => (s.stale ? 'stale' : s.v));
    expect(b).toEqual([2, 'stale', 3, 'stale']);
    expect(store.last({ ...TARGET, __name__: 'scrape_series_added' })?.v).toBe(0);
  });

  it('follows lines that move, change shape or change meaning between scrapes', async () => {
    const store = new MemoryAppendable();
    const { scrape } = loop(store);
    await scrape('a 1\nb 2\nc 3\n');
    await scrape('c 4\na {x="1"} 5\nb 6\n');
    await scrape('b 7\na 8\n');
    const values = (m: Record<string, string>) =>
      store.find({ ...TARGET, ...m })[0]?.samples.map((s) => (s.stale ? 'stale' : s.v));
    expect(values({ __name__: 'a', x: '1' })).toEqual([5, 'stale']);
    expect(store.find({ __name__: 'a' })).toHaveLength(2);
    expect(values({ __name__: 'b' })).toEqual([2, 6, 7]);
    expect(values({ __name__: 'c' })).toEqual([3, 4, 'stale']);
    expect(store.last({ ...TARGET, __name__: 'scrape_series_added' })?.v).toBe(1);
  });

  it('re-looks a series up when the store dropped its ref', async () => {
    const store = new MemoryAppendable();
    const { scrape } = loop(store);
    await scrape('a 1\n');
    store.drop({ __name__: 'a' });
    await scrape('a 2\n');
    expect(store.last({ ...TARGET, __name__: 'a' })?.v).toBe(2);
  });

  it('still fails the scrape on a bad line after cached ones, appending nothing of it', async () => {
    const store = new MemoryAppendable();
    const { scrape, l } = loop(store);
    await scrape('a 1\n');
    await scrape('a 2\nb{x="1" 3\n');
    expect(l.health).toBe('down');
    expect(l.lastError).toMatch(/line 2/);
    expect(store.find({ __name__: 'a' })[0]?.samples.map((s) => (s.stale ? 'stale' : s.v))).toEqual([
      1,
      'stale',
    ]);
  });

  it('re-validates cached series text when the format changes', async () => {
    const store = new MemoryAppendable();
    const { scrape, body, l } = loop(store);
    // `\q` is kept as is by the text format and refused by OpenMetrics.
    await scrape('a{x="\\q"} 1\n');
    expect(l.health).toBe('up');
    body.contentType = 'application/openmetrics-text; version=1.0.0';
    await scrape('a{x="\\q"} 1\n# EOF\n');
    expect(l.health).toBe('down');
    expect(l.lastError).toMatch(/invalid escape/);
  });

  it('appends by ref into the store and survives head truncation of its series', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const db = await Tsdb.open({ dir, maintenanceIntervalMs: 0 });
    cleanups.push(() => db.close());
    const { scrape, clock } = loop(db);
    await scrape('a 1\ngone 1\n');
    const t1 = clock.now();
    await scrape('a 2\n');
    // Everything before now is in a block; `gone` has no samples left and its ref goes away.
    db.head.truncate(clock.now() + 1);
    await scrape('a 3\ngone 5\n');
    const sel = (name: string) =>
      plain(db.select([newMatcher('=', '__name__', name)], 0, clock.now() + 1)).map((s) => s.samples);
    expect(sel('gone')).toEqual([[[clock.now(), 5]]]);
    expect(sel('a')[0]?.at(-1)).toEqual([clock.now(), 3]);
    expect(t1).toBeLessThan(clock.now());
  });
});
