// Differential test of the query API and the remote-write receiver: the same remote-write stream goes to Debian's
// Prometheus 2.42 and to the rule-manager's two plugins (queryApi + remoteWriteApi over a MemoryStorage), then the
// same HTTP queries must get the same answers.
//
// Data: ~300 series (counters with a reset, gauges incl. +Inf/NaN, classic histogram buckets, `up` with a stale
// marker), 3 hours at 30 s ending near now. Samples lie at 30 s + 3 s so that no query time used below (multiples
// of 60 s, +7 s offsets, subquery steps of 1 m) is ever exactly a range or lookback boundary: Prometheus 3 (which
// Vigil follows) made those windows left-open, 2.42 has them closed, and only boundary samples would differ.
//
// Normalisations (each one a legitimate difference, not a tolerance for bugs):
//  N1 `warnings`/`infos` are dropped before comparing: 2.42 predates PromQL annotations (they are listed in the
//     test output instead).
//  N2 instant-vector results are compared sorted by labels (unless the query sorts): Prometheus does not sort them.
//  N3 in queries that sum (sum, avg, avg_over_time), sample values that differ as strings are compared as floats
//     with relative tolerance 1e-12: Prometheus 3 (and Vigil) use Kahan summation there, 2.42 plain addition.
//     How many values needed it is printed.
//  N4 error texts that 2.42 words differently from Prometheus 3 are mapped (list in ERROR_REWRITES).
//  N5 the series listed in a many-to-many matching error are masked (storage order differs).
//  N6 rate() windows that reach back past a counter's first sample are avoided (see RANGE_START).
//  N7 remote-write: Vigil answers 415 to a non-protobuf media type and 400 to samples over 10 minutes ahead, as
//     Prometheus 2.5x+ does; 2.42 answered 400 and stored them (asserted explicitly at the end of the file).
import { STALE_NAN } from '@vigil/model';
import { Engine, MemoryStorage } from '@vigil/promql';
import { queryApi, remoteWriteApi } from '@vigil/rule-manager';
import { storageAppendable } from '@vigil/testing';
import Fastify, { type FastifyInstance } from 'fastify';
import { compressSync } from 'snappy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffAnswers } from './support/answer-diff';
import { HAVE_PROMETHEUS, startPrometheus, type Started } from './support/processes';
import { postWrite, writeBody } from './support/remote-write-post';
import { historyRequests, prng, type HistorySeries } from './support/write-history';

const STEP_MS = 30_000;
const HISTORY_MS = 3 * 3_600_000;
const SLICE_MS = 10 * 60_000;
/** END is the last sample's grid point: a multiple of 30 s, a little before now. */
const END = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
const START = END - HISTORY_MS;
const sampleTime = (i: number): number => START + i * STEP_MS + 3000;
const POINTS = HISTORY_MS / STEP_MS;

const LE = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '+Inf'];

function generators(): HistorySeries[] {
  const rnd = prng(42);
  const out: HistorySeries[] = [];
  const jobs = ['api', 'worker'];
  const instances = ['i-0', 'i-1', 'i-2', 'i-3', 'i-4'];
  for (const job of jobs) {
    for (const instance of instances) {
      for (const method of ['GET', 'POST']) {
        for (const code of ['200', '404', '500']) {
          const rate = 1 + Math.floor(rnd() * 50);
          const jitter = Array.from({ length: POINTS }, () => Math.floor(rnd() * 5));
          const resetAt =
            job === 'api' && instance === 'i-1' && method === 'GET' && code === '200' ? 200 : -1;
          let acc = Math.floor(rnd() * 1000);
          const values = jitter.map((j, i) => {
            if (i === resetAt) acc = 0;
            acc += rate + j;
            return acc;
          });
          out.push({
            labels: { __name__: 'http_requests_total', job, instance, method, code },
            at: (i) => values[i],
          });
        }
      }
      // Classic histogram: cumulative buckets, _sum and _count.
      const counts = LE.map(() => 0);
      let sum = 0;
      const perPoint: number[][] = [];
      const sums: number[] = [];
      for (let i = 0; i < POINTS; i++) {
        for (let k = 0; k < 20; k++) {
          const d = rnd() ** 3 * 3;
          sum += Math.round(d * 1000) / 1000;
          LE.forEach((le, b) => {
            if (le === '+Inf' || d <= Number(le)) counts[b] = (counts[b] ?? 0) + 1;
          });
        }
        perPoint.push([...counts]);
        sums.push(sum);
      }
      LE.forEach((le, b) =>
        out.push({
          labels: { __name__: 'request_duration_seconds_bucket', job, instance, le },
          at: (i) => perPoint[i]?.[b],
        }),
      );
      out.push({ labels: { __name__: 'request_duration_seconds_sum', job, instance }, at: (i) => sums[i] });
      out.push({
        labels: { __name__: 'request_duration_seconds_count', job, instance },
        at: (i) => perPoint[i]?.[LE.length - 1],
      });
      // up: i-3 of worker goes away (stale marker) for an hour in the middle.
      const gone = job === 'worker' && instance === 'i-3';
      out.push({
        labels: { __name__: 'up', job, instance },
        at: (i) => (gone && i >= 120 && i < 240 ? (i === 120 ? STALE_NAN : undefined) : 1),
      });
    }
  }
  for (const instance of instances) {
    for (const sensor of ['cpu', 'gpu', 'nvme', 'ambient']) {
      const base = 30 + rnd() * 40;
      const phase = rnd() * 6;
      out.push({
        labels: { __name__: 'node_temperature_celsius', instance, sensor, site: 'zürich "hq"' },
        at: (i) => Math.round((base + 10 * Math.sin(phase + i / 20)) * 100) / 100,
      });
    }
    const mem = 1e9 + rnd() * 1e9;
    out.push({
      labels: { __name__: 'memory_usage_bytes', instance },
      at: (i) => Math.round(mem + i * 12345.678),
    });
  }
  out.push({ labels: { __name__: 'odd_values', kind: 'inf' }, at: (i) => (i % 50 === 0 ? Infinity : i) });
  out.push({ labels: { __name__: 'odd_values', kind: 'nan' }, at: (i) => (i % 40 === 0 ? NaN : -i / 8) });
  out.push({ labels: { __name__: 'odd_values', kind: 'tiny' }, at: (i) => i * 1e-9 });
  // A series that stops an hour before the end (no stale marker): visible to /series over the whole range only.
  out.push({
    labels: { __name__: 'batch_last_run', job: 'nightly' },
    at: (i) => (i < 240 ? 1700000000 + i : undefined),
  });
  return out;
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function ask(base: string, path: string, method: 'GET' | 'POST'): Promise<Answer> {
  const [p, qs = ''] = path.split('?');
  const res =
    method === 'GET'
      ? await fetch(`${base}${path}`)
      : await fetch(`${base}${p}`, {
          method: 'POST',
          body: qs,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** N4: 2.42's wording of errors whose text Prometheus 3 changed. */
const ERROR_REWRITES: [RegExp, string][] = [
  [/Invalid time value for/, 'invalid time value for'],
  // Prometheus 3 reports the position of an error in an empty query as "unknown position", 2.42 as 1:1.
  [/^(invalid parameter "query": )1:1(: parse error: no expression found in input)$/, '$1unknown position$2'],
  // 2.42 answered NewRangeQuery's errors (parse errors, expression type) without naming the parameter.
  [/^(\d+:\d+: parse error|invalid expression type)/, 'invalid parameter "query": $1'],
  // N5: the series a many-to-many error lists come in storage order: 2.42's head returns series in creation
  // order, the MemoryStorage in label order. Only the list is masked.
  [
    /(found duplicate series for the match group .*? on the (?:right|left) hand-side of the operation: )\[.*\];/,
    '$1[…];',
  ],
];

const inexact: string[] = [];
const annotations: string[] = [];

/** N3 applies only to queries that sum floats (sum, avg, avg_over_time and what builds on them). */
const SUMMING = /\b(sum|avg|avg_over_time)\b/;

function sameFloat(a: string, b: string): boolean {
  if (a === b) return true;
  const x = Number(a);
  const y = Number(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return false;
  return Math.abs(x - y) <= 1e-12 * Math.max(Math.abs(x), Math.abs(y));
}

/** normalise applies N1-N4; float tolerance (N3) is applied by compare. */
function normalise(a: Answer, query: string, side: string): Answer {
  const body = { ...a.body };
  for (const k of ['warnings', 'infos']) {
    if (body[k] !== undefined) annotations.push(`${side} ${k} for ${query}: ${JSON.stringify(body[k])}`);
    delete body[k];
  }
  if (typeof body['error'] === 'string') {
    let e = body['error'];
    for (const [re, to] of ERROR_REWRITES) e = e.replace(re, to);
    body['error'] = e;
  }
  const data = body['data'] as
    { resultType?: string; result?: { metric: Record<string, string> }[] } | undefined;
  if (data?.resultType === 'vector' && Array.isArray(data.result) && !/^\s*sort/.test(query)) {
    const key = (m: Record<string, string>) =>
      JSON.stringify(Object.entries(m).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
    body['data'] = {
      ...data,
      result: [...data.result].sort((x, y) => (key(x.metric) < key(y.metric) ? -1 : 1)),
    };
  }
  return { status: a.status, body };
}

/** compare walks both answers; value strings that differ go through sameFloat (N3). */
function compare(want: unknown, got: unknown, query: string): string[] {
  return diffAnswers(want, got, (w, g, path) => {
    if (!path.endsWith('[1]') || !SUMMING.test(query) || !sameFloat(w, g)) return false;
    inexact.push(`${query} ${path}: ${w} vs ${g}`);
    return true;
  });
}

const s = (ms: number): string => String(ms / 1000);
const enc = encodeURIComponent;
/** T_END is a minute after END: the last samples (END + 3 s) are 57 s old then. */
const T_END = END + 60_000;
const T_MID = START + 90 * 60_000 + 7000;

/** INSTANT queries are evaluated at T_END and T_MID. */
const INSTANT = [
  'up',
  'up == 0',
  'count(up)',
  'http_requests_total{code="500"}',
  'rate(http_requests_total[5m])',
  'sum by (job) (rate(http_requests_total[5m]))',
  'sum by (job, code) (increase(http_requests_total[1h]))',
  'sum without (instance, method) (irate(http_requests_total[2m]))',
  'topk(3, rate(http_requests_total[5m]))',
  'bottomk(2, sum by (instance) (rate(http_requests_total[10m])))',
  'sort_desc(sum by (instance) (rate(http_requests_total[10m])))',
  'histogram_quantile(0.9, sum by (job, le) (rate(request_duration_seconds_bucket[5m])))',
  'histogram_quantile(0.5, rate(request_duration_seconds_bucket[10m]))',
  'rate(request_duration_seconds_sum[5m]) / rate(request_duration_seconds_count[5m])',
  'label_replace(up, "host", "$1", "instance", "i-(.*)")',
  'label_join(up, "id", "/", "job", "instance")',
  'absent(nonexistent_metric{job="x"})',
  'absent(up)',
  'absent_over_time(batch_last_run[30m])',
  'up offset 1h',
  'rate(http_requests_total[5m] offset 30m)',
  `memory_usage_bytes @ ${s(START + 3_600_000 + 7000)}`,
  'max_over_time(rate(http_requests_total{job="api",code="200"}[2m])[30m:1m])',
  'avg_over_time(node_temperature_celsius[15m])',
  'quantile_over_time(0.95, node_temperature_celsius[1h])',
  'stddev by (sensor) (node_temperature_celsius)',
  'avg by (instance) (node_temperature_celsius)',
  'quantile(0.3, node_temperature_celsius)',
  'count_values("value", up)',
  'deriv(memory_usage_bytes[10m])',
  'predict_linear(memory_usage_bytes[30m], 3600)',
  'delta(node_temperature_celsius[10m])',
  'changes(up[3h])',
  'resets(http_requests_total[3h])',
  'odd_values',
  'sum(odd_values)',
  'max_over_time(odd_values[1h])',
  'timestamp(up{instance="i-0"})',
  'clamp_max(node_temperature_celsius, 40)',
  'round(node_temperature_celsius, 0.5) > 45',
  'node_temperature_celsius > bool 50',
  'node_temperature_celsius * on (instance) group_left (job) up{job="api"}',
  'memory_usage_bytes / 1024 / 1024',
  'vector(1) + scalar(count(up))',
  'time() - timestamp(batch_last_run)',
  'last_over_time(batch_last_run[3h])',
  '{__name__=~"request_duration_seconds_(sum|count)", instance="i-2"}',
  '1.5e-7 * 3',
  '2e21 * 1.5',
  'vector(2e21 * 1.5)',
  'vector(1.5e-7 * 3)',
  'odd_values * 1e-3',
  '"a string"',
  'http_requests_total[1m]',
  'rate(node_temperature_celsius[5m])',
  'quantile(1.5, up)',
];

/**
 * RANGE_START is 30 minutes into the history. N6: windows reaching back past a counter's first sample are avoided,
 * because Prometheus 2.52+ (and Vigil) clamp a counter's extrapolation to its zero point after choosing how far to
 * extrapolate, 2.42 before (promql/functions.go extrapolatedRate): rate() of a series that starts inside the window
 * legitimately differs.
 */
const RANGE_START = START + 30 * 60_000 + 7000;

/** RANGE queries are evaluated over the whole history (from RANGE_START, step 5m) and the last hour (step 1m), +7 s off grid. */
const RANGE = [
  'sum by (job) (rate(http_requests_total[5m]))',
  'up',
  'count(up)',
  'histogram_quantile(0.99, sum by (le) (rate(request_duration_seconds_bucket[10m])))',
  'topk(2, sum by (instance) (rate(http_requests_total[5m])))',
  'rate(http_requests_total{instance="i-1",job="api"}[5m])',
  'absent(up{instance="i-3",job="worker"})',
  'avg_over_time(node_temperature_celsius{sensor="cpu"}[10m])',
  'max_over_time(sum(rate(http_requests_total[2m]))[15m:1m])',
  'memory_usage_bytes offset 15m',
  'batch_last_run',
  'time()',
  'odd_values',
];

/** ERRORS are answered with the same status, errorType and error. */
const ERRORS = [
  `/api/v1/query?query=${enc('sum(')}`,
  `/api/v1/query?query=up&time=yesterday`,
  `/api/v1/query?query=${enc('rate(up)')}`,
  `/api/v1/query?query=${enc('label_replace(up, "a", "b", "c", "(")')}`,
  `/api/v1/query?query=up&timeout=abc`,
  `/api/v1/query?query=${enc('up * on (instance) group_left (sensor) node_temperature_celsius')}`,
  `/api/v1/query_range?query=${enc('sum(')}&start=0&end=100&step=10`,
  `/api/v1/query_range?query=up&start=10&end=5&step=1`,
  `/api/v1/query_range?query=up&start=0&end=100000&step=1`,
  `/api/v1/query_range?query=up&start=0&end=100&step=0`,
  `/api/v1/query_range?query=up&start=0&end=100`,
  `/api/v1/query_range?query=up&start=x&end=100&step=1`,
  `/api/v1/query_range?query=${enc('up[5m]')}&start=0&end=100&step=10`,
  `/api/v1/series`,
  `/api/v1/series?match[]=${enc('{job=~".*"}')}`,
  `/api/v1/series?match[]=${enc('up{')}`,
  `/api/v1/labels?start=abc`,
  `/api/v1/query`,
  `/api/v1/query?query=${enc('foo{')}`,
  `/api/v1/query?query=${enc('sum(rate(x[5m])) by')}`,
  `/api/v1/query?query=${enc('rate(x[5m:1m:1m])')}`,
  `/api/v1/query?query=${enc('"unterminated')}`,
  `/api/v1/query?query=${enc('up @ foo')}`,
  `/api/v1/query?query=${enc('histogram_quantile("a", up)')}`,
  `/api/v1/label/__name__/values?start=x`,
  `/api/v1/series?match[]=up&end=x`,
  `/api/v1/query_range?query=up&start=2023-01-01T00:00:00Z&end=2023-01-01T01:00:00Z&step=1h30`,
];

const LONG = [
  'sum by (job, instance) (rate(http_requests_total{job="api",code=~"5.."}[5m])) / sum by (job, instance) (rate(http_requests_total{job="api"}[5m])) > 0.05',
  'histogram_quantile(0.99, sum by (le, job) (rate(request_duration_seconds_bucket{job="api",instance=~"i-[0-3]"}[5m]))) and on (job) topk(3, sum by (job) (rate(http_requests_total[1h])))',
  '-max_over_time(sum without (method, code) (rate(http_requests_total{job="worker",instance!="i-0",code!="404"}[2m] offset 5m))[30m:1m])',
  'label_replace(avg by (instance) (node_temperature_celsius{sensor=~"cpu|gpu",site="zürich \\"hq\\""}), "host", "$1", "instance", "i-(.*)")',
  '(sum(rate(http_requests_total[5m])) + sum(rate(http_requests_total[5m] offset 1d)) + sum(rate(http_requests_total[5m] offset 2d))) / 3',
  'quantile by (sensor) (0.9, node_temperature_celsius{instance=~"i-1|i-2|i-3|i-4",sensor!="ambient"}) > bool on (sensor) group_left () count by (sensor) (up)',
  'sum(up)',
];

const METADATA = [
  ...LONG.map((q) => `/api/v1/format_query?query=${enc(q)}`),
  `/api/v1/series?match[]=up`,
  `/api/v1/series?match[]=${enc('{job="api",instance="i-0"}')}&match[]=${enc('odd_values')}`,
  `/api/v1/series?match[]=batch_last_run&start=${s(END - 30 * 60_000)}&end=${s(END)}`,
  `/api/v1/series?match[]=batch_last_run&start=${s(START)}&end=${s(END)}`,
  `/api/v1/labels`,
  `/api/v1/labels?match[]=memory_usage_bytes`,
  `/api/v1/label/__name__/values`,
  `/api/v1/label/instance/values?match[]=${enc('up{job="worker"}')}`,
  `/api/v1/label/site/values`,
  `/api/v1/label/le/values`,
];

interface Case {
  name: string;
  path: string;
  method: 'GET' | 'POST';
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const q of INSTANT) {
    for (const [tn, t] of [
      ['end', T_END],
      ['mid', T_MID],
    ] as const) {
      out.push({
        name: `instant@${tn} ${q}`,
        path: `/api/v1/query?query=${enc(q)}&time=${s(t)}`,
        method: 'GET',
      });
    }
  }
  for (const q of RANGE) {
    out.push({
      name: `range 3h/5m ${q}`,
      path: `/api/v1/query_range?query=${enc(q)}&start=${s(RANGE_START)}&end=${s(END + 7000)}&step=300`,
      method: 'POST',
    });
    out.push({
      name: `range 1h/1m ${q}`,
      path: `/api/v1/query_range?query=${enc(q)}&start=${s(END - 3_600_000 + 7000)}&end=${s(END + 7000)}&step=1m`,
      method: 'GET',
    });
  }
  for (const p of ERRORS) out.push({ name: `error ${decodeURIComponent(p)}`, path: p, method: 'GET' });
  for (const p of METADATA) out.push({ name: `meta ${decodeURIComponent(p)}`, path: p, method: 'GET' });
  for (const p of METADATA.slice(0, 2))
    out.push({ name: `meta POST ${decodeURIComponent(p)}`, path: p, method: 'POST' });
  return out;
}

describe.skipIf(!HAVE_PROMETHEUS)('query API and remote-write receiver vs Prometheus 2.42', () => {
  let prom: Started;
  let app: FastifyInstance;
  let vigilUrl: string;
  const storage = new MemoryStorage();

  beforeAll(async () => {
    prom = await startPrometheus('global:\n  scrape_interval: 1m\n');
    app = Fastify();
    await app.register(remoteWriteApi, { appendable: storageAppendable(storage) });
    await app.register(queryApi, { engine: new Engine(storage), querier: storage });
    vigilUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    const bodies = historyRequests(generators(), POINTS, SLICE_MS / STEP_MS, sampleTime);
    for (const body of bodies) {
      const [a, b] = await Promise.all([postWrite(prom.url, body), postWrite(vigilUrl, body)]);
      expect([a, b]).toEqual([204, 204]);
    }
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await prom?.stop();
    const queries = [...new Set(inexact.map((x) => x.slice(0, x.indexOf(' .body'))))];
    console.log(
      `query-api differential: ${inexact.length} values in ${queries.length} queries equal only within 1e-12 (N3)` +
        (queries.length > 0 ? `:\n  ${queries.join('\n  ')}` : ''),
    );
    if (annotations.length > 0)
      console.log(`annotations (N1), first 10:\n  ${annotations.slice(0, 10).join('\n  ')}`);
  });

  it.each(cases())('$name', async ({ path, method }) => {
    const [want, got] = await Promise.all([ask(prom.url, path, method), ask(vigilUrl, path, method)]);
    const query = new URLSearchParams(path.split('?')[1] ?? '').get('query') ?? path;
    const diffs = compare(normalise(want, query, 'prometheus'), normalise(got, query, 'vigil'), query);
    expect(diffs, JSON.stringify({ want: want.body, got: got.body }).slice(0, 3000)).toEqual([]);
  });

  const up0 = { __name__: 'up', job: 'api', instance: 'i-0' };
  // These run after the queries: some of them change what Prometheus holds. The last column is Vigil's status where
  // it legitimately differs from 2.42's: Prometheus 2.5x+ refuses samples over 10 minutes in the future (400)
  // and answers 415 to another media type; 2.42 stored the former and tried to decode the latter (400).
  it.each<[string, Record<string, string>, () => Buffer, number | undefined]>([
    [
      'an out-of-order sample',
      { 'content-type': 'application/x-protobuf' },
      () => writeBody([{ labels: up0, samples: [{ t: START, v: 1 }] }]),
      undefined,
    ],
    [
      'a series without a metric name (skipped)',
      { 'content-type': 'application/x-protobuf' },
      () => writeBody([{ labels: { job: 'nameless' }, samples: [{ t: END, v: 1 }] }]),
      undefined,
    ],
    [
      'a corrupt snappy block',
      { 'content-type': 'application/x-protobuf' },
      () => Buffer.from([0x05, 1, 2]),
      undefined,
    ],
    [
      'a body that is no WriteRequest',
      { 'content-type': 'application/x-protobuf' },
      () => compressSync(Buffer.from([0x0a, 0x05])),
      undefined,
    ],
    ['an empty request', {}, () => compressSync(Buffer.alloc(0)), undefined],
    ['JSON', { 'content-type': 'application/json' }, () => Buffer.from('{}'), 415],
    [
      'a sample too far in the future',
      { 'content-type': 'application/x-protobuf' },
      () => writeBody([{ labels: { __name__: 'future' }, samples: [{ t: Date.now() + 3_600_000, v: 1 }] }]),
      400,
    ],
  ])('both receivers answer the same status for %s', async (_n, headers, make, vigilStatus) => {
    const body = make();
    const send = async (url: string) => {
      const res = await fetch(`${url}/api/v1/write`, {
        method: 'POST',
        body,
        headers: { 'content-encoding': 'snappy', ...headers },
      });
      await res.arrayBuffer();
      return res.status;
    };
    const [a, b] = await Promise.all([send(prom.url), send(vigilUrl)]);
    expect(b).toBe(vigilStatus ?? a);
  });
});
