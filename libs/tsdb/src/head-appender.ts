// The head's Appender: validates samples as they are appended, then on commit writes one WAL batch (new series
// records + one samples record) and applies the samples to the head.
import type { Labels } from '@vigil/model';
import type { AppendError, Appender, SeriesRef } from './appender';
import { FloatScratch } from './chunk';
import type { Head, MemSeries } from './head';
import { RecordBatch } from './wal';
import { RecordType, encodeSeries, encodeSamples, type RefSeries } from './wal-record';

/** AppenderHost is what an appender needs from the store. */
export interface AppenderHost {
  readonly head: Head;
  /** logWal writes one commit's bytes before returning (they are reused); throws on I/O failure or when closed. */
  logWal(bytes: Uint8Array): void;
  /** refuse counts a refused sample by reason. */
  refuse(reason: AppendError): void;
}

/** Pending is an appender's batch as growable parallel arrays; released to a small pool after each batch. */
class Pending {
  n = 0;
  series: Array<MemSeries | undefined> = [];
  t = new Float64Array(256);
  hi = new Uint32Array(256);
  lo = new Uint32Array(256);
  ooo = new Uint8Array(256);
  /** Refs, filled at commit. */
  refs = new Uint32Array(256);

  push(s: MemSeries, t: number, hi: number, lo: number, ooo: boolean): void {
    const n = this.n;
    if (n === this.t.length) this.#grow(n * 2);
    this.series[n] = s;
    this.t[n] = t;
    this.hi[n] = hi;
    this.lo[n] = lo;
    this.ooo[n] = ooo ? 1 : 0;
    this.n = n + 1;
  }

  #grow(cap: number): void {
    const t = new Float64Array(cap);
    t.set(this.t);
    this.t = t;
    const hi = new Uint32Array(cap);
    hi.set(this.hi);
    this.hi = hi;
    const lo = new Uint32Array(cap);
    lo.set(this.lo);
    this.lo = lo;
    const ooo = new Uint8Array(cap);
    ooo.set(this.ooo);
    this.ooo = ooo;
    this.refs = new Uint32Array(cap);
  }
}

const pendingPool: Pending[] = [];

function releasePending(p: Pending): void {
  for (let i = 0; i < p.n; i++) p.series[i] = undefined;
  p.n = 0;
  if (pendingPool.length < 16 && p.t.length <= 1 << 20) pendingPool.push(p);
}

// Commits encode synchronously and the WAL writes synchronously, so one batch buffer serves them all.
const sharedBatch = new RecordBatch();

/** HeadAppender buffers one batch; nothing is visible before commit. */
export class HeadAppender implements Appender {
  #p: Pending | null = null;

  constructor(readonly host: AppenderHost) {}

  append(labels: Labels, t: number, v: number): AppendError | undefined {
    const r = this.appendRef(0, labels, t, v);
    return typeof r === 'number' ? undefined : r;
  }

  appendRef(ref: SeriesRef, labels: Labels, t: number, v: number): SeriesRef | AppendError {
    const head = this.host.head;
    if (!Number.isSafeInteger(t)) {
      this.host.refuse('out_of_bounds');
      return 'out_of_bounds';
    }
    // A ref of a series truncation removed is unknown (refs are never reused): look the labels up again.
    let s = ref > 0 ? head.byRef(ref) : undefined;
    if (s === undefined || s.deleted) {
      s = head.getOrCreate(labels);
      if (s.deleted) s = head.getOrCreate(s.labels);
    }
    FloatScratch.f64[0] = v;
    const hi = FloatScratch.hi();
    const lo = FloatScratch.lo();
    const verdict =
      s.pendingOwner === this && s.pendingT >= s.lastT
        ? head.check(t, hi, lo, s.pendingT, s.pendingHi, s.pendingLo)
        : head.check(t, hi, lo, s.lastT, s.lastHi, s.lastLo);
    if (verdict === 'skip') return s.ref;
    if (verdict !== 'append' && verdict !== 'ooo') {
      this.host.refuse(verdict);
      return verdict;
    }
    const p = (this.#p ??= pendingPool.pop() ?? new Pending());
    p.push(s, t, hi, lo, verdict === 'ooo');
    if (verdict === 'append') {
      s.pendingOwner = this;
      s.pendingT = t;
      s.pendingHi = hi;
      s.pendingLo = lo;
    }
    return s.ref;
  }

  async commit(): Promise<void> {
    const p = this.#p;
    if (p === null || p.n === 0) return;
    const n = p.n;
    const head = this.host.head;
    const series = p.series;
    const refs = p.refs;
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
      refs[i] = s.ref;
    }
    const batch = sharedBatch;
    batch.reset();
    if (newSeries.length > 0) batch.add(RecordType.series, (e) => encodeSeries(e, newSeries));
    batch.add(RecordType.samples, (e) => encodeSamples(e, p, 0, n));
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
    const ts = p.t;
    const his = p.hi;
    const los = p.lo;
    const ooo = p.ooo;
    for (let i = 0; i < n; i++) {
      const s = series[i] as MemSeries;
      const t = ts[i] as number;
      const hi = his[i] as number;
      const lo = los[i] as number;
      if (ooo[i] === 0 && t > s.lastT) head.appendInOrder(s, t, hi, lo);
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
    const p = this.#p;
    if (p === null) return;
    this.#p = null;
    for (let i = 0; i < p.n; i++) {
      const s = p.series[i] as MemSeries;
      if (s.pendingOwner === this) s.pendingOwner = null;
    }
    releasePending(p);
  }
}
