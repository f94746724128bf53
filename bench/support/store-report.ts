// The store benchmark's report: figures recorded per store, printed as one table (Vigil, Prometheus, ratio),
// one summary line per figure, and notes (answers that differ, lost samples, Vigil's head chunk size).
import type { StoreKind } from './store-procs';

/** Row is one line of the table: a figure, its unit, and each store's value (undefined = not measured). */
export interface Row {
  figure: string;
  values: Partial<Record<StoreKind, number>>;
  digits: number;
}

const rows: Row[] = [];
/** notes are printed under the table. */
export const notes: string[] = [];

/** record sets one store's value of a figure (the first call fixes the row's place and digits). */
export function record(figure: string, kind: StoreKind, value: number, digits = 1): void {
  let row = rows.find((r) => r.figure === figure);
  if (row === undefined) {
    row = { figure, values: {}, digits };
    rows.push(row);
  }
  row.values[kind] = value;
}

function fmt(v: number | undefined, digits: number): string {
  if (v === undefined || !Number.isFinite(v)) return '';
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** value finds a recorded figure by the start of its name. */
function value(prefix: string, kind: StoreKind): number | undefined {
  return rows.find((r) => r.figure.startsWith(prefix))?.values[kind];
}

function ratio(prefix: string): string {
  const v = value(prefix, 'Vigil');
  const p = value(prefix, 'Prometheus');
  return v !== undefined && p !== undefined && p !== 0 ? `${(v / p).toFixed(2)}×` : 'n/a';
}

function geomeanRatio(prefix: string): string {
  const rs = rows
    .filter((r) => r.figure.startsWith(prefix))
    .map((r) => (r.values.Vigil ?? NaN) / (r.values.Prometheus ?? NaN))
    .filter((x) => Number.isFinite(x) && x > 0);
  if (rs.length === 0) return 'n/a';
  return `${Math.exp(rs.reduce((a, x) => a + Math.log(x), 0) / rs.length).toFixed(2)}×`;
}

/** summaries are one line per figure, Vigil relative to Prometheus; figures not measured are left out. */
function summaries(): string[] {
  const out: string[] = [];
  const f = (prefix: string, kind: StoreKind, digits = 0): string => fmt(value(prefix, kind), digits);
  if (value('1. remote write: samples/s', 'Vigil') !== undefined)
    out.push(
      `1. remote write: Vigil ${f('1. remote write: samples/s', 'Vigil')} samples/s, Prometheus ` +
        `${f('1. remote write: samples/s', 'Prometheus')} (${ratio('1. remote write: samples/s')}); ` +
        `CPU per sample ${ratio('1. remote write: CPU')}`,
    );
  if (value('2. scrape (', 'Vigil') !== undefined)
    out.push(
      `2. scrape: Vigil appended ${f('2. scrape (', 'Vigil')} samples/s of the ${f('2. scrape (', 'Prometheus')} ` +
        `Prometheus did, answering ${f('2. scrape: scrapes answered', 'Vigil', 2)} of the due scrapes; ` +
        `CPU per sample ${ratio('2. scrape: CPU s')}`,
    );
  if (value('3. after scrape: RSS / head', 'Vigil') !== undefined)
    out.push(
      `3. memory: ${f('3. after scrape: RSS / head', 'Vigil')} B of RSS per head series against ` +
        `${f('3. after scrape: RSS / head', 'Prometheus')} (${ratio('3. after scrape: RSS / head')}); ` +
        `blocks ${f('3. blocks', 'Vigil', 2)} against ${f('3. blocks', 'Prometheus', 2)} bytes per sample`,
    );
  if (value('4. WAL replay (', 'Vigil') !== undefined)
    out.push(
      `4. restart after SIGKILL: ready in ${f('4. WAL replay (', 'Vigil')} ms against ` +
        `${f('4. WAL replay (', 'Prometheus')} (${ratio('4. WAL replay (')}); replay itself ` +
        `${f('4. WAL replay: replay time', 'Vigil')} ms against ${f('4. WAL replay: replay time', 'Prometheus')}`,
    );
  if (rows.some((r) => r.figure.startsWith('5. ')))
    out.push(
      `5. queries: Vigil/Prometheus median latency, geometric mean over the queries: head ` +
        `${geomeanRatio('5. query ms, head')}, blocks ${geomeanRatio('5. query ms, blocks')}`,
    );
  return out;
}

/** printTable prints the table, the summaries and the notes to stdout. */
export function printTable(): void {
  // Stable sort by the figure number the name starts with.
  rows.sort((a, b) => Number(a.figure.slice(0, 1)) - Number(b.figure.slice(0, 1)));
  const lines = rows.map((r) => {
    const v = r.values.Vigil;
    const p = r.values.Prometheus;
    const ratio = v !== undefined && p !== undefined && p !== 0 ? fmt(v / p, 2) : '';
    return [r.figure, fmt(v, r.digits), fmt(p, r.digits), ratio];
  });
  const head = ['figure', 'Vigil', 'Prometheus', 'Vigil/Prom'];
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] as string).length)));
  const show = (cells: string[]): string =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join(' | ')} |`;
  console.log(show(head));
  console.log(`| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`);
  for (const l of lines) console.log(show(l));
  const sum = summaries();
  if (sum.length > 0) console.log(`\n${sum.join('\n')}`);
  if (notes.length > 0) console.log(`\n${notes.map((n) => `- ${n}`).join('\n')}`);
}
