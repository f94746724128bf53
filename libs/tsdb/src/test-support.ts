// Helpers shared by the store's tests: temp dirs, a recording logger, and a comparable view of query results.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SeriesData } from '@vigil/promql';
import type { Logger } from './wal';

/** tempDir makes a fresh directory and returns it with its cleanup. */
export function tempDir(prefix = 'vigil-tsdb-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** RecordingLogger keeps what the store logged. */
export class RecordingLogger implements Logger {
  readonly warnings: string[] = [];
  readonly infos: string[] = [];
  warn(msg: string): void {
    this.warnings.push(msg);
  }
  info(msg: string): void {
    this.infos.push(msg);
  }
}

/** PlainSeries is SeriesData with plain arrays; stale samples appear as 'stale'. */
export interface PlainSeries {
  labels: Record<string, string>;
  samples: [number, number | 'stale'][];
}

/** plain turns query results into something toEqual compares usefully. */
export function plain(data: readonly SeriesData[]): PlainSeries[] {
  return data.map((d) => ({
    labels: { ...d.labels },
    samples: Array.from(d.t, (t, i): [number, number | 'stale'] => [
      t,
      d.stale?.[i] === 1 ? 'stale' : (d.v[i] as number),
    ]),
  }));
}
