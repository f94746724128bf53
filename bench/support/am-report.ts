// Formats the alertmanager benchmark's figures: one table of the headline figures with the Vigil/Alertmanager
// ratio and which direction wins, one of supporting counts, and what the load and each definition were.
import { GROUP_WAIT } from './am-targets';
import { type Figures } from './am-scenario';
import { median } from './bench-kit';

/** MB is a mebibyte, the unit memory figures are shown in. */
export const MB = 2 ** 20;

/** ReportContext is what the report says about the run besides the figures. */
export interface ReportContext {
  alerts: number;
  alertNames: number;
  instances: number;
  batch: number;
  concurrency: number;
  silences: number;
  silencedAlerts: number;
  getRepeats: number;
  inhibitRule: boolean;
}

type Better = 'higher' | 'lower';

interface Metric {
  label: string;
  read: (f: Figures) => number;
  digits: number;
  better?: Better;
  /** True when the figure is only a lower bound (a request that hit its cap). */
  atLeast?: (f: Figures) => boolean;
}

function formatTable(rows: string[][]): string {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r.map((cell, col) => (col === 0 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0))),
    )
    .map((r) => r.join('  '))
    .join('\n');
}

const show = (n: number, digits: number): string => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/**
 * compare gives the ratio cell and whether Vigil wins. With a lower bound on one side only the direction can be
 * certain: the ratio is shown as `<` or `>` the bound's ratio, and the winner as `?` when the bound leaves it open.
 */
function compare(m: Metric, vigil: Figures, am: Figures): [string, string] {
  const v = m.read(vigil);
  const a = m.read(am);
  const ratio = v / a;
  if (!Number.isFinite(ratio) || m.better === undefined) return ['', ''];
  const vBound = m.atLeast?.(vigil) ?? false;
  const aBound = m.atLeast?.(am) ?? false;
  const wins = m.better === 'higher' ? ratio > 1 : ratio < 1;
  if (vBound && aBound) return ['?', '?'];
  if (!vBound && !aBound) return [ratio.toFixed(2), wins ? 'yes' : 'NO'];
  // Alertmanager's true figure is larger: the true ratio is smaller than shown; Vigil's bound: larger.
  const prefix = aBound ? '<' : '>';
  const certain = m.better === 'lower' ? (aBound ? wins : !wins) : aBound ? !wins : wins;
  return [`${prefix}${ratio.toFixed(2)}`, certain ? (wins ? 'yes' : 'NO') : '?'];
}

function rows(metrics: Metric[], results: Figures[], withRatio: boolean): string[][] {
  const vigil = results.find((r) => r.name === 'Vigil');
  const am = results.find((r) => r.name === 'Alertmanager');
  return metrics.map((m) => {
    const cells = results.map((f) => `${m.atLeast?.(f) ? '>' : ''}${show(m.read(f), m.digits)}`);
    if (!withRatio || !vigil || !am) return [m.label, ...cells];
    return [m.label, ...cells, ...compare(m, vigil, am), m.better ?? ''];
  });
}

/** report renders the figures of every run as text for the terminal. */
export function report(results: Figures[], ctx: ReportContext): string {
  const both = results.some((r) => r.name === 'Vigil') && results.some((r) => r.name === 'Alertmanager');
  const n = ctx.alerts.toLocaleString('en-US');
  const s = ctx.silences.toLocaleString('en-US');
  const headline: Metric[] = [
    { label: `alerts/s ingested (${n} alerts)`, read: (f) => f.alertsPerSecond, digits: 0, better: 'higher' },
    {
      label: `peak RSS, whole run with ${n} alerts (MB, VmHWM)`,
      read: (f) => f.peakRssBytes / MB,
      digits: 0,
      better: 'lower',
      // Stopped in the middle of a capped request: the peak it would have reached is unknown.
      atLeast: (f) => f.silenceMatchTimedOut,
    },
    {
      label: `peak RSS after ingest (MB, VmHWM)`,
      read: (f) => f.peakRssIngestBytes / MB,
      digits: 0,
      better: 'lower',
    },
    {
      label: `RSS settled after ingest (MB, VmRSS)`,
      read: (f) => f.steadyRssBytes / MB,
      digits: 0,
      better: 'lower',
    },
    {
      label: 'peak RSS after 1st GET /api/v2/alerts (MB, VmHWM)',
      read: (f) => f.peakRssGetBytes / MB,
      digits: 0,
      better: 'lower',
    },
    {
      label: `GET /api/v2/alerts (s, median of ${ctx.getRepeats})`,
      read: (f) => median(f.getAlertsMs) / 1000,
      digits: 2,
      better: 'lower',
    },
    {
      label: `silence matching, ${s} silences (s)`,
      read: (f) => f.silenceMatchFirstMs / 1000,
      digits: 2,
      better: 'lower',
      atLeast: (f) => f.silenceMatchTimedOut,
    },
    {
      label: '  same GET repeated (s, median of 2)',
      read: (f) => median(f.silenceMatchRepeatMs) / 1000,
      digits: 2,
      better: 'lower',
    },
    { label: `creating ${s} silences (s)`, read: (f) => f.silenceCreateSeconds, digits: 2, better: 'lower' },
    { label: 'CPU during ingest (s)', read: (f) => f.ingestCpuSeconds, digits: 2, better: 'lower' },
  ];
  const supporting: Metric[] = [
    { label: 'ingest wall time (s)', read: (f) => f.ingestSeconds, digits: 2 },
    { label: 'busy after the last POST (s)', read: (f) => f.settleSeconds, digits: 1 },
    { label: 'runtime heap in use at end (MB)', read: (f) => f.heapBytes / MB, digits: 0 },
    { label: 'Redis used_memory growth (MB)', read: (f) => f.redisMemoryDeltaBytes / MB, digits: 0 },
    { label: 'Redis CPU during ingest (s)', read: (f) => f.ingestRedisCpuSeconds, digits: 2 },
    { label: 'Redis keys in the bench database', read: (f) => f.redisKeys, digits: 0 },
    { label: 'GET /api/v2/alerts: alerts listed', read: (f) => f.getAlertsCount, digits: 0 },
    { label: 'GET /api/v2/alerts: answer (MB)', read: (f) => f.getAlertsBytes / MB, digits: 1 },
    {
      label: `?silenced=false: alerts listed (want ${ctx.alerts - ctx.silencedAlerts})`,
      read: (f) => f.unsilencedCount,
      digits: 0,
    },
    { label: 'webhook notifications received', read: (f) => f.webhookPosts, digits: 0 },
    { label: 'startup until /-/ready (s)', read: (f) => f.startupSeconds, digits: 1 },
  ];
  const header = ['', ...results.map((f) => f.name), ...(both ? ['Vigil/AM', 'Vigil wins', 'better'] : [])];
  const side = formatTable([header.slice(0, results.length + 1), ...rows(supporting, results, false)]);
  return [
    formatTable([header, ...rows(headline, results, true)]),
    '',
    // The supporting table's header repeats the headline one's.
    ...side.split('\n').slice(1),
    '',
    `load: ${n} distinct alerts (${ctx.alertNames} alertnames × ${ctx.instances} instances), POSTed ` +
      `${ctx.batch} per request, ${ctx.concurrency} at once over kept-alive connections; group_wait ` +
      `${GROUP_WAIT}, so no group is flushed during the run (notifications excluded); ` +
      `${ctx.inhibitRule ? 'with a' : 'no'} inhibit rule.`,
    `silence matching = the first GET /api/v2/alerts?silenced=false after ${s} silences were created ` +
      `(${ctx.silencedAlerts} alerts silenced): every alert is checked against the new silence set ` +
      '(Alertmanager re-queries all silences for each alert once the set has changed). ">" marks a request ' +
      'that hit its cap (--silence-timeout): the true time is longer.',
    'ratio = Vigil / Alertmanager. Vigil keeps alerts and silences in Redis as well: its RSS excludes the ' +
      'Redis growth shown above.',
    ...results.filter((f) => f.failure !== undefined).map((f) => `${f.name} FAILED: ${f.failure ?? ''}`),
  ].join('\n');
}
