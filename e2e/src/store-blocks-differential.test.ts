// Differential test of the embedded store's blocks: the same remote-write stream (~230 series, 5 hours at 30 s
// ending near now, in time order from an empty head) goes to Debian's Prometheus 2.42 and to a `vigil
// rule-manager` process (embedded store, no --datasource.url). Both cut 2 h blocks once their head spans more than
// 3 h (Prometheus right after the commit that makes it so, Vigil at its next one-minute maintenance run); the test
// waits until both have, then the same queries must get the same answers, with windows in the newest block,
// straddling block and head, and in the head. Then Vigil is restarted (blocks read back from disk, head from WAL
// checkpoint + segments) and must answer exactly as before.
//
// No hidden flags: both use the default 2 h block range (Vigil has no flag for it) and the default one-minute
// compaction cycle. Prometheus 2.42 accepts the old samples because its head is empty when the stream starts and
// the stream is in time order (a head refuses samples over 1 h older than its newest, `out of bounds`).
//
// The block layout is computed from the data the way both stores cut (while head max - head min > 3 h, cut the
// oldest 2 h-aligned range); BLOCK_END is the end of the newest block. Samples lie at 30 s + 3 s and every query
// time is +7 s off the minute, so no sample is ever exactly on a window's edge (2.42 closes windows on the left,
// Prometheus 3 and Vigil do not).
//
// Normalisations (each a legitimate difference, not a tolerance for bugs):
//  N1 `warnings`/`infos` are dropped (2.42 predates PromQL annotations).
//  N2 instant vectors are compared sorted by labels (Prometheus does not sort them).
//  N3 in queries that sum (sum, avg, avg_over_time) values that differ as strings are compared with relative
//     tolerance 1e-12: Prometheus 3 (and Vigil) use Kahan summation, 2.42 plain addition. The count is printed.
//  N6 windows never reach back past a counter's first sample (Prometheus 2.52+ changed rate() extrapolation
//     there): every window starts after the first sample (the newest block begins 2 h or more after it).
//
// The label APIs (/labels, /label/<name>/values) answer from the index of every block and of the head whose
// time span overlaps [start, end], as Prometheus's do, so a series without samples in the range is still
// listed there (LABELS_FROM_INDEX); /series checks chunk times in both.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STALE_NAN } from '@vigil/model';
import { freePort, waitFor } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  askJson,
  diffAnswers,
  summingTolerance,
  withoutAnnotationsSorted,
  type Answer,
} from './support/answer-diff';
import { HAVE_PROMETHEUS, startPrometheus, startVigil, type Started } from './support/processes';
import { postWrite } from './support/remote-write-post';
import { blocksLoaded, historyRequests, prng, type HistorySeries } from './support/write-history';

const REDIS_URL = 'redis://127.0.0.1:6379/14';
const MIN = 60_000;
const HOUR = 60 * MIN;
const BLOCK_MS = 2 * HOUR;
const STEP_MS = 30_000;
const HISTORY_MS = 5 * HOUR;
const POINTS = HISTORY_MS / STEP_MS;
const SLICE_POINTS = 20;

/** cuts returns the block ends both stores cut for samples from first to last (see header). */
function cuts(first: number, last: number): number[] {
  const out: number[] = [];
  let minT = first;
  while (last - minT > (BLOCK_MS * 3) / 2) {
    const end = Math.floor(minT / BLOCK_MS) * BLOCK_MS + BLOCK_MS;
    out.push(end);
    minT = end;
  }
  return out;
}

/**
 * layout picks END (a minute a little before now) so that the block layout is unambiguous and the head holds
 * more than an hour: Prometheus's head starts at a cut, Vigil's at its first sample after it, so a head spanning
 * within a step of 3 h could be cut by one and not the other. END moves back 2 minutes at a time (at most 3).
 */
function layout(): { start: number; end: number; blockEnds: number[] } {
  let end = Math.floor(Date.now() / MIN) * MIN - MIN;
  for (;;) {
    const start = end - HISTORY_MS;
    const last = end - STEP_MS + 3000;
    const blockEnds = cuts(start + 3000, last);
    const headStarts = [start + 3000, ...blockEnds];
    const clear = headStarts.every((m) => Math.abs(last - m - 3 * HOUR) > 2 * STEP_MS);
    if (clear && end - (blockEnds.at(-1) ?? start) >= 65 * MIN) return { start, end, blockEnds };
    end -= 2 * MIN;
  }
}

const { start: START, end: END, blockEnds: BLOCK_ENDS } = layout();
/** BLOCK_END is where the newest block ends and the head begins; 65 min to 3 h before END. */
const BLOCK_END = BLOCK_ENDS.at(-1) ?? START;
const sampleTime = (i: number): number => START + i * STEP_MS + 3000;
const pointAt = (t: number): number => Math.round((t - START) / STEP_MS);

const LE = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '+Inf'];
/** RESETS: one counter resets in the newest block, another in the head. */
const RESETS: Record<string, number> = {
  'api/i-1/GET/200': pointAt(BLOCK_END - 50 * MIN),
  'worker/i-2/POST/500': pointAt(BLOCK_END + 10 * MIN),
};
/** up{job="worker",instance="i-3"} gets a stale marker 20 min before BLOCK_END and is back 30 min after it. */
const GONE_FROM = pointAt(BLOCK_END - 20 * MIN);
const GONE_UNTIL = pointAt(BLOCK_END + 30 * MIN);
/** batch_last_run ends (without stale marker) an hour before BLOCK_END: only the block holds it. */
const BATCH_UNTIL = pointAt(BLOCK_END - HOUR);

function generators(): HistorySeries[] {
  const rnd = prng(7);
  const out: HistorySeries[] = [];
  const instances = ['i-0', 'i-1', 'i-2', 'i-3', 'i-4'];
  for (const job of ['api', 'worker']) {
    for (const instance of instances) {
      for (const method of ['GET', 'POST']) {
        for (const code of ['200', '404', '500']) {
          const rate = 1 + Math.floor(rnd() * 50);
          const resetAt = RESETS[`${job}/${instance}/${method}/${code}`] ?? -1;
          let acc = Math.floor(rnd() * 1000);
          const values = Array.from({ length: POINTS }, (_, i) => {
            if (i === resetAt) acc = 0;
            acc += rate + Math.floor(rnd() * 5);
            return acc;
          });
          out.push({
            labels: { __name__: 'http_requests_total', job, instance, method, code },
            at: (i) => values[i],
          });
        }
      }
      const counts = LE.map(() => 0);
      let sum = 0;
      const perPoint: number[][] = [];
      const sums: number[] = [];
      for (let i = 0; i < POINTS; i++) {
        for (let k = 0; k < 10; k++) {
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
      const gone = job === 'worker' && instance === 'i-3';
      out.push({
        labels: { __name__: 'up', job, instance },
        at: (i) => (gone && i >= GONE_FROM && i < GONE_UNTIL ? (i === GONE_FROM ? STALE_NAN : undefined) : 1),
      });
    }
  }
  for (const instance of instances) {
    for (const sensor of ['cpu', 'gpu', 'nvme', 'ambient']) {
      const base = 30 + rnd() * 40;
      const phase = rnd() * 6;
      out.push({
        labels: { __name__: 'node_temperature_celsius', instance, sensor },
        at: (i) => Math.round((base + 10 * Math.sin(phase + i / 20)) * 100) / 100,
      });
    }
    const mem = 1e9 + rnd() * 1e9;
    out.push({
      labels: { __name__: 'memory_usage_bytes', instance },
      at: (i) => Math.round(mem + i * 12345.678),
    });
  }
  const gaps = [
    [pointAt(BLOCK_END - 100 * MIN), pointAt(BLOCK_END - 85 * MIN)],
    [pointAt(BLOCK_END + 40 * MIN), pointAt(BLOCK_END + 50 * MIN)],
  ];
  out.push({
    labels: { __name__: 'gappy_gauge' },
    at: (i) => (gaps.some(([a = 0, b = 0]) => i >= a && i < b) ? undefined : i % 7),
  });
  out.push({
    labels: { __name__: 'batch_last_run', job: 'nightly' },
    at: (i) => (i < BATCH_UNTIL ? 1700000000 + i : undefined),
  });
  return out;
}

const inexact: string[] = [];
/** Cases whose answer is empty in both (printed, so that agreement on nothing shows). */
const empty: string[] = [];

/** compare walks both answers; value strings that differ go through N3. */
function compare(want: unknown, got: unknown, query: string): string[] {
  return diffAnswers(want, got, summingTolerance(query, inexact));
}

const s = (ms: number): string => String(ms / 1000);
const enc = encodeURIComponent;
/** Instant query times: windows of up to 1 h (+5 min) wholly in the newest block, across its end, in the head. */
const T_BLOCK = BLOCK_END - 40 * MIN + 7000;
const T_STRADDLE = BLOCK_END + 20 * MIN + 7000;
const T_HEAD = END + 7000;

const INSTANT = [
  'http_requests_total{job="api",instance="i-1"}[1h]',
  'up[1h]',
  'up',
  'count(up)',
  'absent(up{job="worker",instance="i-3"})',
  'rate(http_requests_total[5m])',
  'rate(http_requests_total[1h])',
  'increase(http_requests_total[1h])',
  'sum by (job, code) (increase(http_requests_total[1h]))',
  'resets(http_requests_total[1h])',
  'irate(http_requests_total[2m])',
  'histogram_quantile(0.9, sum by (job, le) (rate(request_duration_seconds_bucket[10m])))',
  'histogram_quantile(0.5, rate(request_duration_seconds_bucket[1h]))',
  'rate(request_duration_seconds_sum[30m]) / rate(request_duration_seconds_count[30m])',
  'avg_over_time(node_temperature_celsius[1h])',
  'sum by (sensor) (node_temperature_celsius)',
  'count_over_time(up[1h])',
  'count_over_time(node_temperature_celsius[1h])',
  'max_over_time(memory_usage_bytes[1h])',
  'changes(up[1h])',
  'rate(http_requests_total[5m] offset 1h)',
  'node_temperature_celsius offset 90m',
  `memory_usage_bytes @ ${s(BLOCK_END - 10 * MIN + 7000)}`,
  `rate(http_requests_total{code="500"}[10m] @ ${s(BLOCK_END + 5 * MIN + 7000)})`,
  'max_over_time(rate(http_requests_total{job="api"}[5m])[1h:1m])',
  'avg_over_time(sum by (job) (rate(http_requests_total[5m]))[45m:1m])',
  'batch_last_run',
  'last_over_time(batch_last_run[2h])',
  'timestamp(up{instance="i-0"})',
];

/** Range query spans: the newest block's last hour, from 1 h into the history to the end, the head after 1 h. */
const SPANS: [string, number, number, number][] = [
  ['block', BLOCK_END - HOUR + 7000, BLOCK_END - MIN + 7000, 60],
  ['all', START + HOUR + 7000, END + 7000, 300],
  ['head', BLOCK_END + HOUR + 7000, END + 7000, 60],
];

const RANGE = [
  'sum by (job) (rate(http_requests_total[5m]))',
  'increase(http_requests_total{job="api",instance="i-1"}[1h])',
  'histogram_quantile(0.99, sum by (le) (rate(request_duration_seconds_bucket[10m])))',
  'up',
  'count(up)',
  'absent(up{job="worker",instance="i-3"})',
  'avg_over_time(node_temperature_celsius{sensor="cpu"}[1h])',
  'count_over_time(up{job="worker"}[1h])',
  'max_over_time(sum(rate(http_requests_total[2m]))[15m:1m])',
  'memory_usage_bytes offset 30m',
  'batch_last_run',
];

const range = (a: number, b: number): string => `&start=${s(a)}&end=${s(b)}`;
const METADATA = [
  `/api/v1/series?match[]=up${range(START, BLOCK_END)}`,
  `/api/v1/series?match[]=up${range(BLOCK_END - 90 * MIN, BLOCK_END - 30 * MIN)}`,
  `/api/v1/series?match[]=${enc('{job="api",instance="i-0"}')}${range(BLOCK_END - HOUR, BLOCK_END)}`,
  `/api/v1/series?match[]=batch_last_run${range(START, BLOCK_END)}`,
  `/api/v1/series?match[]=batch_last_run${range(BLOCK_END - 30 * MIN, END)}`,
  `/api/v1/series?match[]=${enc('{__name__=~"batch_.*|memory_.*"}')}${range(BLOCK_END - 90 * MIN, BLOCK_END + 30 * MIN)}`,
  `/api/v1/series?match[]=${enc('up{job="worker"}')}${range(BLOCK_END - 15 * MIN, BLOCK_END - 5 * MIN)}`,
  `/api/v1/series?match[]=${enc('up{job="worker"}')}${range(BLOCK_END + MIN, BLOCK_END + 20 * MIN)}`,
  `/api/v1/series?match[]=batch_last_run`,
  `/api/v1/series?match[]=gappy_gauge${range(BLOCK_END - 97 * MIN, BLOCK_END - 88 * MIN)}`,
  `/api/v1/series?match[]=gappy_gauge${range(BLOCK_END + 42 * MIN, BLOCK_END + 48 * MIN)}`,
  `/api/v1/labels`,
  `/api/v1/labels?${range(START, BLOCK_END).slice(1)}`,
  `/api/v1/labels?${range(BLOCK_END - 15 * MIN, BLOCK_END - 5 * MIN).slice(1)}`,
  `/api/v1/labels?match[]=batch_last_run${range(START, BLOCK_END)}`,
  `/api/v1/label/__name__/values?${range(START, BLOCK_END).slice(1)}`,
  `/api/v1/label/__name__/values?${range(BLOCK_END + 10 * MIN, END).slice(1)}`,
  `/api/v1/label/instance/values?match[]=${enc('up{job="worker"}')}${range(BLOCK_END - HOUR, BLOCK_END)}`,
];

/**
 * Label API ranges in which a matching series has no samples but its block's (or the head's) index holds it:
 * up{job="worker",instance="i-3"} (stale 20 min before BLOCK_END, back 30 min after) and batch_last_run (ended
 * an hour before BLOCK_END). Prometheus (tsdb/head_read.go, querier.go LabelValues/LabelNames) lists them; so
 * must Vigil. The second element is what only the index, not the samples, contributes.
 */
const LABELS_FROM_INDEX: [path: string, onlyInPrometheus: string[]][] = [
  [
    `/api/v1/label/instance/values?match[]=${enc('up{job="worker"}')}${range(BLOCK_END - 15 * MIN, BLOCK_END - 5 * MIN)}`,
    ['i-3'],
  ],
  [
    `/api/v1/label/instance/values?match[]=${enc('up{job="worker"}')}${range(BLOCK_END + MIN, BLOCK_END + 20 * MIN)}`,
    ['i-3'],
  ],
  [
    `/api/v1/label/instance/values?match[]=${enc('up{job="worker"}')}${range(BLOCK_END - 15 * MIN, BLOCK_END + 20 * MIN)}`,
    ['i-3'],
  ],
  [
    `/api/v1/labels?match[]=${enc('up{job="worker",instance="i-3"}')}${range(BLOCK_END - 15 * MIN, BLOCK_END - 5 * MIN)}`,
    ['__name__', 'instance', 'job'],
  ],
  [
    `/api/v1/labels?match[]=batch_last_run${range(BLOCK_END - 15 * MIN, BLOCK_END - 5 * MIN)}`,
    ['__name__', 'job'],
  ],
  [
    `/api/v1/label/__name__/values?${range(BLOCK_END - 15 * MIN, BLOCK_END - 5 * MIN).slice(1)}`,
    ['batch_last_run'],
  ],
  [`/api/v1/label/job/values?${range(BLOCK_END - 15 * MIN, BLOCK_END - 5 * MIN).slice(1)}`, ['nightly']],
];

interface Case {
  name: string;
  path: string;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const q of INSTANT) {
    for (const [tn, t] of [
      ['block', T_BLOCK],
      ['straddle', T_STRADDLE],
      ['head', T_HEAD],
    ] as const) {
      out.push({ name: `instant@${tn} ${q}`, path: `/api/v1/query?query=${enc(q)}&time=${s(t)}` });
    }
  }
  for (const q of RANGE) {
    for (const [sn, a, b, step] of SPANS) {
      out.push({
        name: `range ${sn} ${q}`,
        path: `/api/v1/query_range?query=${enc(q)}${range(a, b)}&step=${step}`,
      });
    }
  }
  for (const p of METADATA) out.push({ name: `meta ${decodeURIComponent(p)}`, path: p });
  return out;
}

describe.skipIf(!HAVE_PROMETHEUS)('embedded store blocks vs Prometheus 2.42 (remote-written history)', () => {
  let prom: Started | undefined;
  let vigil: Started | undefined;
  let dir = '';
  let vigilArgs: string[] = [];
  let port = 0;
  /** Vigil's answers before the restart, by path. */
  const before = new Map<string, Answer>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-store-blocks-'));
    writeFileSync(join(dir, 'vigil.yml'), 'rule_files: []\n');
    port = await freePort();
    vigilArgs = [
      'rule-manager',
      `--config.file=${join(dir, 'vigil.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      `--redis.url=${REDIS_URL}`,
      `--queue.name=vigil-e2e-${randomUUID()}`,
      '--log.level=warn',
    ];
    [prom, vigil] = await Promise.all([
      startPrometheus('global:\n  scrape_interval: 1m\n'),
      startVigil(vigilArgs, port),
    ]);
    const written = Date.now();
    for (const body of historyRequests(generators(), POINTS, SLICE_POINTS, sampleTime)) {
      const [a, b] = await Promise.all([postWrite(prom.url, body), postWrite(vigil.url, body)]);
      expect([a, b]).toEqual([204, 204]);
    }
    const p = prom;
    const v = vigil;
    await waitFor(
      'both stores to cut their blocks',
      async () => {
        const [a, b] = await Promise.all([blocksLoaded(p.url), blocksLoaded(v.url)]);
        return a >= BLOCK_ENDS.length && b >= BLOCK_ENDS.length ? true : undefined;
      },
      100_000,
      500,
    );
    console.log(
      `store-blocks-differential: history ${new Date(START).toISOString()}..${new Date(END).toISOString()}, ` +
        `block ends ${BLOCK_ENDS.map((t) => new Date(t).toISOString()).join(', ')}; ` +
        `written and cut after ${((Date.now() - written) / 1000).toFixed(1)} s`,
    );
  }, 180_000);

  afterAll(async () => {
    await vigil?.stop();
    await prom?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    const queries = [...new Set(inexact.map((x) => x.slice(0, x.indexOf(' .data'))))];
    console.log(
      `store-blocks-differential: ${inexact.length} values in ${queries.length} queries equal only within 1e-12 (N3)` +
        (queries.length > 0 ? `:\n  ${queries.join('\n  ')}` : '') +
        `\n  ${empty.length} answers empty in Prometheus: ${empty.map(decodeURIComponent).join('\n    ')}`,
    );
  });

  it('both cut the same number of blocks, and none more', async () => {
    if (prom === undefined || vigil === undefined) throw new Error('setup failed');
    expect([await blocksLoaded(prom.url), await blocksLoaded(vigil.url)]).toEqual([
      BLOCK_ENDS.length,
      BLOCK_ENDS.length,
    ]);
  });

  /** same asks both for `path` and expects the same answer (up to N1-N3). */
  const same = async (path: string): Promise<void> => {
    if (prom === undefined || vigil === undefined) throw new Error('setup failed');
    const [want, got] = await Promise.all([askJson(prom.url, path), askJson(vigil.url, path)]);
    before.set(path, got);
    expect(want.status, JSON.stringify(want.body)).toBe(200);
    const data = want.body['data'];
    if (Array.isArray(data) ? data.length === 0 : (data as { result: unknown[] }).result.length === 0)
      empty.push(path);
    const query = new URLSearchParams(path.split('?')[1] ?? '').get('query') ?? path;
    const diffs = compare(withoutAnnotationsSorted(want).body, withoutAnnotationsSorted(got).body, query);
    expect(diffs, JSON.stringify({ want: want.body, got: got.body }).slice(0, 3000)).toEqual([]);
  };

  it.each(cases())('$name', async ({ path }) => same(path));

  const fromIndex = LABELS_FROM_INDEX.map(([path, indexOnly]) => ({
    name: decodeURIComponent(path),
    path,
    indexOnly,
  }));
  it.each(fromIndex)('label APIs answer from the index: $name', async ({ path, indexOnly }) => {
    await same(path);
    const got = before.get(path);
    expect(got?.body['data']).toEqual(expect.arrayContaining(indexOnly));
  });

  // What the answers above must show, so that agreement is not agreement on nothing.
  it('the block holds what was written: resets, the stale marker, the series that ended', async () => {
    if (vigil === undefined) throw new Error('setup failed');
    const url = vigil.url;
    const values = async (q: string, at: number): Promise<string[]> => {
      const res = await askJson(url, `/api/v1/query?query=${enc(q)}&time=${s(at)}`);
      return (res.body['data'] as { result: { value: [number, string] }[] }).result
        .map((r) => r.value[1])
        .sort();
    };
    expect(await values('sum(resets(http_requests_total[1h]))', T_BLOCK)).toEqual(['1']);
    expect(await values('sum(resets(http_requests_total[1h]))', T_STRADDLE)).toEqual(['1']);
    expect(await values('count_over_time(up{job="worker",instance="i-3"}[1h])', T_BLOCK)).toEqual(['120']);
    expect(await values('count(up)', T_STRADDLE)).toEqual(['9']);
    expect(await values('count_over_time(batch_last_run[1h])', T_BLOCK)).toEqual(['79']);
    expect(await values('count({__name__=~".+"})', T_BLOCK)).toEqual(['226']);
  });

  it('answers the same after a restart (blocks read back from disk)', async () => {
    if (vigil === undefined) throw new Error('setup failed');
    await vigil.stop();
    vigil = await startVigil(vigilArgs, port);
    expect(await blocksLoaded(vigil.url)).toBe(BLOCK_ENDS.length);
    const url = vigil.url;
    const diffs: string[] = [];
    for (const [path, was] of before) {
      const now = await askJson(url, path);
      diffs.push(...diffAnswers(was, now, () => false).map((d) => `${decodeURIComponent(path)}: ${d}`));
    }
    expect(before.size).toBe(cases().length + LABELS_FROM_INDEX.length);
    expect(diffs.slice(0, 20)).toEqual([]);
  });
});
