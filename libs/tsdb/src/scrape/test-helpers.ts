// Helpers of the scrape tests: an in-memory Appendable and a scrape config with Prometheus's defaults.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isStaleNaN, type Labels } from '@vigil/model';
import type { AppendError, Appendable, Appender } from '../appender';
import type { ScrapeConfig } from './scrape-config';
import { labelsKey, type Clock } from './scrape-loop';

/** StoredSample is one committed sample. */
export interface StoredSample {
  t: number;
  v: number;
  stale: boolean;
}

/**
 * MemoryAppendable stores committed samples by series, refusing out-of-order and duplicate ones. It hands out
 * series refs as the store does (appendRef); `drop` forgets series and their refs, as head truncation does.
 */
export class MemoryAppendable implements Appendable {
  readonly series = new Map<string, { labels: Labels; samples: StoredSample[] }>();
  commits = 0;
  /** Appends that came with a ref the store knew (so no label lookup was needed). */
  refHits = 0;
  readonly #refKeys = new Map<number, string>();
  readonly #keyRefs = new Map<string, number>();
  #nextRef = 1;

  /** drop removes the series matching `match`, and their refs. */
  drop(match: Labels): void {
    for (const s of this.find(match)) {
      const key = labelsKey(s.labels);
      this.series.delete(key);
      const ref = this.#keyRefs.get(key);
      if (ref !== undefined) this.#refKeys.delete(ref);
      this.#keyRefs.delete(key);
    }
  }

  appender(): Appender {
    const batch: Array<[Labels, number, number]> = [];
    const last = new Map<string, number>();
    const add = (key: string, labels: Labels, t: number, v: number): AppendError | undefined => {
      const s = this.series.get(key)?.samples;
      const prev = last.get(key) ?? s?.[s.length - 1]?.t;
      if (prev !== undefined && t < prev) return 'out_of_order';
      if (prev !== undefined && t === prev) return 'duplicate_timestamp';
      last.set(key, t);
      batch.push([labels, t, v]);
      return undefined;
    };
    return {
      append: (labels, t, v): AppendError | undefined => add(labelsKey(labels), labels, t, v),
      appendRef: (ref, labels, t, v): number | AppendError => {
        let key = ref > 0 ? this.#refKeys.get(ref) : undefined;
        if (key !== undefined) {
          if (key !== labelsKey(labels)) throw new Error(`ref ${ref} used for other labels`);
          this.refHits++;
        } else {
          key = labelsKey(labels);
          ref = this.#keyRefs.get(key) ?? this.#nextRef++;
          this.#keyRefs.set(key, ref);
          this.#refKeys.set(ref, key);
        }
        return add(key, labels, t, v) ?? ref;
      },
      commit: async () => {
        this.commits++;
        for (const [labels, t, v] of batch) {
          const key = labelsKey(labels);
          let s = this.series.get(key);
          if (!s) {
            s = { labels, samples: [] };
            this.series.set(key, s);
          }
          s.samples.push({ t, v, stale: isStaleNaN(v) });
        }
        batch.length = 0;
      },
      rollback: () => {
        batch.length = 0;
      },
    };
  }

  /** get returns the samples of the series whose labels include `match`. */
  find(match: Labels): Array<{ labels: Labels; samples: StoredSample[] }> {
    return [...this.series.values()].filter((s) =>
      Object.entries(match).every(([k, v]) => s.labels[k] === v),
    );
  }

  /** last returns the latest sample of the one series matching `match`. */
  last(match: Labels): StoredSample | undefined {
    const found = this.find(match);
    if (found.length !== 1) return undefined;
    const samples = found[0]?.samples ?? [];
    return samples[samples.length - 1];
  }
}

/** job builds a scrape config with Prometheus's defaults. */
export function job(over: Partial<ScrapeConfig> = {}): ScrapeConfig {
  return {
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
    ...over,
  };
}

/** ManualClock is a Clock whose time moves only when a test advances it; due timers fire in order. */
export class ManualClock implements Clock {
  #timers = new Map<number, { at: number; fn: () => void }>();
  #seq = 0;

  constructor(public nowMs = 1_700_000_000_000) {}

  now(): number {
    return this.nowMs;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.#seq;
    this.#timers.set(id, { at: this.nowMs + ms, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    if (typeof handle === 'number') this.#timers.delete(handle);
  }

  /** pending counts the timers not yet fired. */
  get pending(): number {
    return this.#timers.size;
  }

  /** advance moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const end = this.nowMs + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const e of this.#timers) if (e[1].at <= end && (!next || e[1].at < next[1].at)) next = e;
      if (!next) break;
      this.#timers.delete(next[0]);
      this.nowMs = Math.max(this.nowMs, next[1].at);
      next[1].fn();
    }
    this.nowMs = end;
  }
}

/** waitFor polls `cond` until it holds (or throws after `ms` of real time). */
export async function waitFor(cond: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** TestServer is a real HTTP server on 127.0.0.1 whose handler a test may swap. */
export interface TestServer {
  address: string;
  requests: IncomingMessage[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  close(): Promise<void>;
}

/** startServer listens on 127.0.0.1:0 with a handler serving `body` as text until replaced. */
export async function startServer(
  body = 'metric_a 1\n',
  create: (h: (req: IncomingMessage, res: ServerResponse) => void) => Server = (h) => createServer(h),
): Promise<TestServer> {
  const ts: TestServer = {
    address: '',
    requests: [],
    handler: (_req, res) => {
      res.setHeader('Content-Type', 'text/plain; version=0.0.4');
      res.end(body);
    },
    close: () =>
      new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
  const server = create((req, res) => {
    ts.requests.push(req);
    ts.handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  ts.address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return ts;
}
