// The head's Appender: validates samples as they are appended, then on commit writes one WAL batch (new series
// records + one samples record) and applies the samples to the head.
import type { Labels } from '@vigil/model';
import type { AppendError, Appender } from './appender';
import { FloatScratch } from './chunk';
import type { Head, MemSeries } from './head';
import { RecordBatch } from './wal';
import { RecordType, encodeSeries, encodeSamples, type RefSeries } from './wal-record';

/** AppenderHost is what an appender needs from the store. */
export interface AppenderHost {
  readonly head: Head;
  /** logWal writes one commit's bytes; throws on I/O failure or when the store is closed. */
  logWal(bytes: Uint8Array): void;
  /** refuse counts a refused sample by reason. */
  refuse(reason: AppendError): void;
}

/** HeadAppender buffers one batch; nothing is visible before commit. */
export class HeadAppender implements Appender {
  #series: MemSeries[] = [];
  #t: number[] = [];
  #hi: number[] = [];
  #lo: number[] = [];
  #ooo: boolean[] = [];

  constructor(readonly host: AppenderHost) {}

  append(labels: Labels, t: number, v: number): AppendError | undefined {
    const head = this.host.head;
    if (!Number.isSafeInteger(t)) {
      this.host.refuse('out_of_bounds');
      return 'out_of_bounds';
    }
    let s = head.getOrCreate(labels);
    if (s.deleted) s = head.getOrCreate(s.labels);
    FloatScratch.f64[0] = v;
    const hi = FloatScratch.hi();
    const lo = FloatScratch.lo();
    const verdict =
      s.pendingOwner === this && s.pendingT >= s.lastT
        ? head.check(t, hi, lo, s.pendingT, s.pendingHi, s.pendingLo)
        : head.check(t, hi, lo, s.lastT, s.lastHi, s.lastLo);
    if (verdict === 'skip') return undefined;
    if (verdict !== 'append' && verdict !== 'ooo') {
      this.host.refuse(verdict);
      return verdict;
    }
    this.#series.push(s);
    this.#t.push(t);
    this.#hi.push(hi);
    this.#lo.push(lo);
    this.#ooo.push(verdict === 'ooo');
    if (verdict === 'append') {
      s.pendingOwner = this;
      s.pendingT = t;
      s.pendingHi = hi;
      s.pendingLo = lo;
    }
    return undefined;
  }

  async commit(): Promise<void> {
    const n = this.#t.length;
    if (n === 0) return;
    const head = this.host.head;
    const series = this.#series;
    const newSeries: RefSeries[] = [];
    for (let i = 0; i < n; i++) {
      let s = series[i] as MemSeries;
      if (s.deleted) {
        s = head.getOrCreate(s.labels);
        series[i] = s;
      }
      if (!s.walLogged) {
        s.walLogged = true;
        newSeries.push({ ref: s.ref, labels: s.labels });
      }
    }
    const refs = new Uint32Array(n);
    for (let i = 0; i < n; i++) refs[i] = (series[i] as MemSeries).ref;
    const samples = {
      refs,
      t: Float64Array.from(this.#t),
      hi: Uint32Array.from(this.#hi),
      lo: Uint32Array.from(this.#lo),
    };
    const batch = new RecordBatch();
    if (newSeries.length > 0) batch.add(RecordType.series, (e) => encodeSeries(e, newSeries));
    batch.add(RecordType.samples, (e) => encodeSamples(e, samples));
    try {
      this.host.logWal(batch.bytes());
    } catch (err) {
      for (const s of newSeries) {
        const m = head.byRef(s.ref);
        if (m !== undefined) m.walLogged = false;
      }
      this.#reset();
      throw err;
    }
    const window = head.opts.outOfOrderTimeWindowMs;
    for (let i = 0; i < n; i++) {
      const s = series[i] as MemSeries;
      const t = this.#t[i] as number;
      const hi = this.#hi[i] as number;
      const lo = this.#lo[i] as number;
      if (!(this.#ooo[i] as boolean) && t > s.lastT) head.appendInOrder(s, t, hi, lo);
      else if (t === s.lastT) continue;
      else if (window > 0 && t >= head.minValidTime && t >= head.maxT - window)
        head.appendOutOfOrder(s, t, hi, lo);
      // Another appender committed newer samples meanwhile: this one is now out of order.
      else this.host.refuse('out_of_order');
    }
    this.#reset();
  }

  rollback(): void {
    this.#reset();
  }

  #reset(): void {
    for (const s of this.#series) if (s.pendingOwner === this) s.pendingOwner = null;
    this.#series = [];
    this.#t = [];
    this.#hi = [];
    this.#lo = [];
    this.#ooo = [];
  }
}
