// Differential test of the embedded store end to end: Debian's Prometheus 2.42 and the rule-manager (no
// --datasource.url) scrape the same local target every second, and the same queries must get the same answers.
//
// The target exposes explicit timestamps (honor_timestamps is on by default), so both stores hold identical
// (t, v) although they scrape at different moments. Its values change every 2 s (TICK_MS) and both scrape every
// 1 s, so each tick is scraped at least once by each; scraping a tick twice stores nothing new (same t and v).
// Samples lie at T0 + even seconds and every query time is T0 + an odd second with even range durations, so no
// sample is ever exactly on a window's boundary (2.42 closes windows on the left, Prometheus 3 and Vigil do not).
//
// `session_active` has no timestamps (scrape time is used) so that staleness can be seen: `alice` goes away at
// T0 + 30 s and both write a staleness marker at their next scrape. Only instant selections at least 3 s from that
// moment are compared for it. `queue_depth{queue="b"}` (explicit timestamps) goes away at the same moment and gets
// no staleness marker in either (Prometheus does not track staleness of series with explicit timestamps).
//
// Normalisations (legitimate differences, not tolerances for bugs):
//  N1 `warnings`/`infos` are dropped (2.42 predates PromQL annotations).
//  N2 instant vectors are compared sorted by labels (Prometheus does not sort them).
//  N3 in queries that sum or average (sum, avg, avg_over_time) values that differ as strings are compared with
//     relative tolerance 1e-12: Prometheus 3 (and Vigil) use Kahan summation and sum/count, 2.42 plain addition
//     and an incremental mean. How many values needed it is printed.
//  `up` and `scrape_*` series are never compared: they describe each scraper's own scrapes.
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { freePort, waitFor } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_PROMETHEUS, startPrometheus, startVigil, type Started } from './support/processes';
import { askJson, diffAnswers, summingTolerance, withoutAnnotationsSorted } from './support/answer-diff';
import { postWrite, writeBody } from './support/remote-write-post';

const REDIS_URL = 'redis://127.0.0.1:6379/14';
const TICK_MS = 2000;
/** END_TICK is the last tick that changes values; the target keeps serving it afterwards. */
const END_TICK = 27;
/** GONE_TICK is when `session_active{user="alice"}` and `queue_depth{queue="b"}` disappear. */
const GONE_TICK = 15;

const CODES: [string, string][] = [
  ['200', 'GET'],
  ['200', 'POST'],
  ['404', 'GET'],
  ['500', 'GET'],
];
const LE = ['0.05', '0.1', '0.25', '0.5', '1', '+Inf'];
const PATHS = ['/a', '/b'];
const ROOMS = ['a', 'b', 'c'];

const inc = (k: number, idx: number): number => 5 + ((k * 7 + idx * 3) % 11);

/** counter is http_requests_total of combination idx at tick k; 500/GET resets at tick 12 (to 40, not near 0). */
function counter(idx: number, k: number): number {
  const reset = idx === 3 ? 12 : -1;
  let v = 1000 * (idx + 1);
  for (let j = 1; j <= k; j++) v = j === reset ? 40 : v + inc(j, idx);
  return v;
}

/** bucketPiece is how many observations of tick k fell into bucket b alone (not cumulative). */
const bucketPiece = (p: number, b: number, k: number): number => ((k * (b + 3) + b + p) % 5) + b;

/** exposition is the target's page at tick k (timestamps in ms) and wall time `now`. */
function exposition(t0: number, k: number, now: number): string {
  const ts = t0 + k * TICK_MS;
  const lines: string[] = ['# HELP http_requests_total Requests.', '# TYPE http_requests_total counter'];
  CODES.forEach(([code, method], idx) =>
    lines.push(`http_requests_total{code="${code}",method="${method}"} ${counter(idx, k)} ${ts}`),
  );
  lines.push('# TYPE temperature_celsius gauge');
  ROOMS.forEach((room, r) =>
    lines.push(`temperature_celsius{room="${room}"} ${20 + ((k * 13 + r * 5) % 17) * 0.25} ${ts}`),
  );
  lines.push('# TYPE request_duration_seconds histogram');
  PATHS.forEach((path, p) => {
    let cum = 0;
    let sum = 0;
    LE.forEach((le, b) => {
      for (let j = 0; j <= k; j++) cum += bucketPiece(p, b, j);
      // Bucket b's own observations count 0.25 × (b + 1) s each towards _sum.
      for (let j = 0; j <= k; j++) sum += bucketPiece(p, b, j) * 0.25 * (b + 1);
      lines.push(`request_duration_seconds_bucket{path="${path}",le="${le}"} ${cum} ${ts}`);
    });
    lines.push(`request_duration_seconds_sum{path="${path}"} ${sum} ${ts}`);
    lines.push(`request_duration_seconds_count{path="${path}"} ${cum} ${ts}`);
  });
  lines.push('# TYPE queue_depth gauge');
  lines.push(`queue_depth{queue="a"} ${(k * 3) % 10} ${ts}`);
  if (k < GONE_TICK) lines.push(`queue_depth{queue="b"} ${k} ${ts}`);
  lines.push('# TYPE session_active gauge');
  if (now < t0 + GONE_TICK * TICK_MS) lines.push('session_active{user="alice"} 1');
  lines.push('session_active{user="bob"} 1');
  return `${lines.join('\n')}\n`;
}

/** Target serves `exposition` once started; before that an empty page. It remembers who scraped it. */
class Target {
  t0: number | undefined;
  readonly agents = new Set<string>();
  readonly server: Server = createServer((req, res) => {
    this.agents.add(req.headers['user-agent'] ?? '');
    const now = Date.now();
    const body =
      this.t0 === undefined || now < this.t0
        ? ''
        : exposition(this.t0, Math.min(END_TICK, Math.floor((now - this.t0) / TICK_MS)), now);
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(body);
  });
}

const inexact: string[] = [];

/** compare walks both answers; value strings that differ go through N3. */
function compare(want: unknown, got: unknown, query: string): string[] {
  return diffAnswers(want, got, summingTolerance(query, inexact));
}

/** TARGET_SERIES selects everything the target exposes (not the scrapers' own up/scrape_* series). */
const TARGET_SERIES = '{job="diff",__name__!~"up|scrape_.+"}';

const INSTANT = [
  `${TARGET_SERIES.slice(0, -1)},__name__!="session_active"}[70s]`,
  'http_requests_total',
  'rate(http_requests_total[10s])',
  'irate(http_requests_total[10s])',
  'increase(http_requests_total[20s])',
  'sum by (code) (rate(http_requests_total[10s]))',
  'sum(increase(http_requests_total[20s]))',
  'resets(http_requests_total[60s])',
  'rate(http_requests_total[10s] offset 6s)',
  'bottomk(1, rate(http_requests_total[10s]))',
  'histogram_quantile(0.9, sum by (le) (rate(request_duration_seconds_bucket[10s])))',
  'histogram_quantile(0.5, rate(request_duration_seconds_bucket[20s]))',
  'rate(request_duration_seconds_sum[20s]) / rate(request_duration_seconds_count[20s])',
  'temperature_celsius',
  'temperature_celsius offset 10s',
  'avg_over_time(temperature_celsius[20s])',
  'max_over_time(temperature_celsius[30s])',
  'count_over_time(temperature_celsius[20s])',
  'deriv(temperature_celsius[20s])',
  'delta(temperature_celsius[20s])',
  'topk(2, temperature_celsius)',
  'label_replace(temperature_celsius, "floor", "f$1", "room", "(.)")',
  'queue_depth',
  'count(queue_depth)',
  'changes(queue_depth[20s])',
  'timestamp(queue_depth)',
  'absent(queue_depth{queue="b"})',
  'session_active',
  'count(session_active)',
  'absent(session_active{user="alice"})',
  'absent(nonexistent_metric{job="diff"})',
  'rw_requests_total',
  'rate(rw_requests_total[10s])',
  'sum by (instance) (rw_requests_total)',
];

const RANGE = [
  'rate(http_requests_total[10s])',
  'irate(http_requests_total[6s])',
  'sum by (code) (increase(http_requests_total[20s]))',
  'histogram_quantile(0.9, sum by (le) (rate(request_duration_seconds_bucket[10s])))',
  'avg_over_time(temperature_celsius[10s])',
  'temperature_celsius offset 4s',
  'topk(1, temperature_celsius)',
  'queue_depth',
  'count(queue_depth)',
  'absent(queue_depth{queue="b"})',
  'rw_requests_total',
  'count(rw_requests_total)',
];

/** STALENESS range queries step 6 s from T0 + 21 s: no step within 3 s of alice's disappearance at T0 + 30 s. */
const STALENESS = ['session_active', 'count(session_active)', 'absent(session_active{user="alice"})'];

describe.skipIf(!HAVE_PROMETHEUS)('embedded store vs Prometheus 2.42, scraping the same target', () => {
  const target = new Target();
  let prom: Started | undefined;
  let vigil: Started | undefined;
  let dir: string;
  let t0 = 0;
  const enc = encodeURIComponent;
  const s = (offsetMs: number): string => String((t0 + offsetMs) / 1000);

  beforeAll(async () => {
    await new Promise<void>((r) => target.server.listen(0, '127.0.0.1', r));
    const addr = `127.0.0.1:${(target.server.address() as AddressInfo).port}`;
    const config =
      `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n` +
      `scrape_configs:\n  - job_name: diff\n    static_configs:\n      - targets: ['${addr}']\n`;
    dir = mkdtempSync(join(tmpdir(), 'vigil-store-diff-'));
    writeFileSync(join(dir, 'prometheus.yml'), config);
    const port = await freePort();
    [prom, vigil] = await Promise.all([
      startPrometheus(config),
      startVigil(
        [
          'rule-manager',
          `--config.file=${join(dir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${join(dir, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
          `--redis.url=${REDIS_URL}`,
          `--queue.name=vigil-e2e-${randomUUID()}`,
          '--log.level=warn',
        ],
        port,
      ),
    ]);
    await waitFor('both to scrape the target', () => (target.agents.size >= 2 ? true : undefined), 20_000);
    // T0: the next even second; both scrape every tick from there on.
    t0 = Math.ceil((Date.now() + 500) / TICK_MS) * TICK_MS;
    target.t0 = t0;
    // The same remote-write stream to both meanwhile (ticks 0..END_TICK, a stale marker for i-1 at tick 20).
    for (let k = 0; k <= END_TICK; k++) {
      const t = t0 + k * TICK_MS;
      const body = writeBody(
        ['i-0', 'i-1'].flatMap((instance, n) =>
          n === 1 && k > 20
            ? []
            : [
                {
                  labels: { __name__: 'rw_requests_total', job: 'diff', instance },
                  samples: [
                    n === 1 && k === 20 ? { t, v: 0, stale: true } : { t, v: 100 * n + 7 * k + (k % 3) },
                  ],
                },
              ],
        ),
      );
      expect([await postWrite(prom.url, body), await postWrite(vigil.url, body)]).toEqual([204, 204]);
    }
    // Let both scrape the last tick at least twice.
    const end = t0 + END_TICK * TICK_MS + 2500;
    await new Promise((r) => setTimeout(r, Math.max(0, end - Date.now())));
  }, 150_000);

  afterAll(async () => {
    await vigil?.stop();
    await prom?.stop();
    target.server.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    const queries = [...new Set(inexact.map((x) => x.slice(0, x.indexOf(' .data'))))];
    console.log(
      `store-differential: ${inexact.length} values in ${queries.length} queries equal only within 1e-12 (N3)` +
        (queries.length > 0
          ? `:\n  ${queries.join('\n  ')}\n  e.g. ${inexact.slice(0, 3).join('\n  e.g. ')}`
          : ''),
    );
  });

  const cases = (): { name: string; path: () => string }[] => [
    ...INSTANT.flatMap((q) =>
      (
        [
          ['mid', 25_000],
          ['stale', 35_000],
          ['end', END_TICK * TICK_MS + 1000],
        ] as const
      ).map(([n, at]) => ({
        name: `instant@${n} ${q}`,
        path: () => `/api/v1/query?query=${enc(q)}&time=${s(at)}`,
      })),
    ),
    ...RANGE.map((q) => ({
      name: `range ${q}`,
      path: () =>
        `/api/v1/query_range?query=${enc(q)}&start=${s(21_000)}&end=${s(END_TICK * TICK_MS + 1000)}&step=2`,
    })),
    ...STALENESS.map((q) => ({
      name: `staleness ${q}`,
      path: () =>
        `/api/v1/query_range?query=${enc(q)}&start=${s(21_000)}&end=${s(END_TICK * TICK_MS + 1000)}&step=6`,
    })),
    {
      name: 'series',
      path: () => `/api/v1/series?match[]=${enc(TARGET_SERIES)}&start=${s(0)}&end=${s(END_TICK * TICK_MS)}`,
    },
    { name: 'labels', path: () => `/api/v1/labels?match[]=${enc(TARGET_SERIES)}` },
    { name: 'label job values', path: () => '/api/v1/label/job/values' },
    {
      name: 'label __name__ values',
      path: () => `/api/v1/label/__name__/values?match[]=${enc(TARGET_SERIES)}`,
    },
    { name: 'label le values', path: () => '/api/v1/label/le/values' },
  ];

  it.each(cases())('$name', async ({ path }) => {
    if (prom === undefined || vigil === undefined) throw new Error('setup failed');
    const p = path();
    const [want, got] = await Promise.all([askJson(prom.url, p), askJson(vigil.url, p)]);
    expect(want.status, JSON.stringify(want.body)).toBe(200);
    const query = new URLSearchParams(p.split('?')[1] ?? '').get('query') ?? p;
    const diffs = compare(withoutAnnotationsSorted(want).body, withoutAnnotationsSorted(got).body, query);
    expect(diffs, JSON.stringify({ want: want.body, got: got.body }).slice(0, 3000)).toEqual([]);
  });

  // What the answers compared above must show, so that agreement is not agreement on nothing.
  it('stores every tick, marks alice stale and keeps queue b (explicit timestamps) for the lookback', async () => {
    if (vigil === undefined) throw new Error('setup failed');
    const values = async (q: string, atMs: number): Promise<string[]> => {
      const res = await askJson(vigil?.url ?? '', `/api/v1/query?query=${enc(q)}&time=${s(atMs)}`);
      const result = (res.body['data'] as { result: { value: [number, string] }[] }).result;
      return result.map((r) => r.value[1]).sort();
    };
    const end = END_TICK * TICK_MS + 1000;
    expect(await values('count_over_time(http_requests_total{code="200",method="GET"}[70s])', end)).toEqual([
      String(END_TICK + 1),
    ]);
    expect(await values('count(session_active)', 27_000)).toEqual(['2']);
    expect(await values('count(session_active)', 33_000)).toEqual(['1']);
    expect(await values('queue_depth{queue="b"}', 35_000)).toEqual([String(GONE_TICK - 1)]);
    expect(await values('count(rw_requests_total)', 41_000)).toEqual(['1']);
    expect(await values('resets(http_requests_total[60s])', end)).toEqual(['0', '0', '0', '1']);
  });
});
