// Compares two query API answers (Vigil's and Prometheus's JSON `data`) series by series, values within 1e-9.
import type { QueryData } from './store-procs';

type Points = [number, number][];

interface JsonSeries {
  metric: Record<string, string>;
  value?: [number, string];
  values?: [number, string][];
}

function key(metric: Record<string, string>): string {
  return JSON.stringify(Object.entries(metric).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function normalise(data: QueryData): Map<string, Points> {
  const out = new Map<string, Points>();
  if (data.resultType === 'scalar' || data.resultType === 'string') {
    const [t, v] = data.result as [number, string];
    out.set('', [[t, Number(v)]]);
    return out;
  }
  for (const s of data.result as JsonSeries[]) {
    const pts = s.values ?? (s.value ? [s.value] : []);
    out.set(
      key(s.metric),
      pts.map(([t, v]) => [t, Number(v)]),
    );
  }
  return out;
}

function close(a: number, b: number): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Comparison is the outcome: the differences found (at most 5 listed) and the series and points compared. */
export interface Comparison {
  mismatches: string[];
  series: number;
  points: number;
}

/** compareData returns how two answers differ; empty `mismatches` when they are equal. */
export function compareData(vigil: QueryData, prom: QueryData): Comparison {
  const out: string[] = [];
  if (vigil.resultType !== prom.resultType)
    out.push(`result type: Vigil ${vigil.resultType}, Prometheus ${prom.resultType}`);
  const a = normalise(vigil);
  const b = normalise(prom);
  let points = 0;
  for (const [k, pa] of a) {
    const pb = b.get(k);
    if (pb === undefined) {
      out.push(`only in Vigil: ${k}`);
      continue;
    }
    points += pa.length;
    if (pa.length !== pb.length) {
      out.push(`${k}: Vigil ${pa.length} points, Prometheus ${pb.length}`);
      continue;
    }
    const bad = pa.findIndex(([t, v], i) => {
      const q = pb[i] as [number, number];
      return t !== q[0] || !close(v, q[1]);
    });
    if (bad >= 0) out.push(`${k} at ${bad}: Vigil ${String(pa[bad])}, Prometheus ${String(pb[bad])}`);
  }
  for (const k of b.keys()) if (!a.has(k)) out.push(`only in Prometheus: ${k}`);
  const more = out.length > 5 ? [`... and ${out.length - 5} more`] : [];
  return { mismatches: [...out.slice(0, 5), ...more], series: Math.max(a.size, b.size), points };
}
