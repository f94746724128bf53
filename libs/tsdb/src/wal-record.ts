// WAL record payloads (Prometheus's tsdb/record): series records map refs to label sets, sample records carry
// (ref, t, value bits). Values travel as raw IEEE-754 bits so the staleness marker survives.
import type { Labels } from '@vigil/model';
import { CorruptionError, Decbuf, Encbuf } from './encoding';

/** RecordType tags a WAL record. */
export const RecordType = { series: 1, samples: 2 } as const;

/** RefSeries is one series record entry. */
export interface RefSeries {
  ref: number;
  labels: Labels;
}

/** RefSamples is a batch of samples as parallel arrays; hi/lo are the value's IEEE-754 halves. */
export interface RefSamples {
  refs: Uint32Array;
  t: Float64Array;
  hi: Uint32Array;
  lo: Uint32Array;
}

/** WalRecord is one decoded record. */
export type WalRecord = { type: 'series'; series: RefSeries[] } | { type: 'samples'; samples: RefSamples };

/** encodeSeries appends a series record payload (without framing) to `e`. */
export function encodeSeries(e: Encbuf, series: readonly RefSeries[]): void {
  e.uvarint(series.length);
  for (const s of series) {
    e.uvarint(s.ref);
    const names = Object.keys(s.labels).sort();
    e.uvarint(names.length);
    for (const n of names) {
      e.str(n);
      e.str(s.labels[n] ?? '');
    }
  }
}

/** encodeSamples appends a samples record payload for entries [from, to) of the arrays. */
export function encodeSamples(e: Encbuf, s: RefSamples, from = 0, to = s.refs.length): void {
  const n = to - from;
  e.uvarint(n);
  if (n === 0) return;
  const base = s.t[from] as number;
  let min = base;
  let max = base;
  for (let i = from; i < to; i++) {
    const t = s.t[i] as number;
    if (t > max) max = t;
    if (t < min) min = t;
  }
  e.f64(base);
  // The time range lets a checkpoint drop or copy a record without decoding it.
  e.f64(min);
  e.f64(max);
  e.reserve(n * 22);
  for (let i = from; i < to; i++) {
    e.uvarint(s.refs[i] as number);
    e.varint((s.t[i] as number) - base);
    e.u32(s.hi[i] as number);
    e.u32(s.lo[i] as number);
  }
}

/** samplesRange reads the oldest and newest timestamps of a samples record payload (undefined when empty). */
export function samplesRange(payload: Uint8Array): [number, number] | undefined {
  const d = new Decbuf(payload);
  if (d.uvarint() === 0) return undefined;
  d.f64();
  return [d.f64(), d.f64()];
}

/** decodeRecord decodes a payload of the given type; throws CorruptionError on bad bytes. */
export function decodeRecord(type: number, payload: Uint8Array): WalRecord {
  const d = new Decbuf(payload);
  if (type === RecordType.series) {
    const n = d.uvarint();
    const series: RefSeries[] = [];
    for (let i = 0; i < n; i++) {
      const ref = d.uvarint();
      const k = d.uvarint();
      const labels: Record<string, string> = {};
      for (let j = 0; j < k; j++) {
        const name = d.str();
        labels[name] = d.str();
      }
      series.push({ ref, labels });
    }
    return { type: 'series', series };
  }
  if (type === RecordType.samples) {
    const n = d.uvarint();
    const out: RefSamples = {
      refs: new Uint32Array(n),
      t: new Float64Array(n),
      hi: new Uint32Array(n),
      lo: new Uint32Array(n),
    };
    if (n === 0) return { type: 'samples', samples: out };
    if (n > d.remaining)
      throw new CorruptionError(`samples record claims ${n} samples in ${d.remaining} bytes`);
    const base = d.f64();
    d.f64(); // oldest timestamp
    d.f64(); // newest timestamp
    for (let i = 0; i < n; i++) {
      out.refs[i] = d.uvarint();
      out.t[i] = base + d.varint();
      out.hi[i] = d.u32();
      out.lo[i] = d.u32();
    }
    return { type: 'samples', samples: out };
  }
  throw new CorruptionError(`unknown record type ${type}`);
}
