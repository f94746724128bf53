// The write-ahead log (Prometheus's tsdb/wlog, simplified framing): numbered segment files under <dir>/wal,
// each a sequence of records framed as [type u8][length u32][crc32 u32][payload]. A commit is one write(2).
//
// Durability policy: every commit is written to the OS before `commit()` resolves, so a crashed or SIGKILLed
// process loses nothing acknowledged; segments are fsynced when they are closed (rotation, checkpoint, close),
// not per commit (as Prometheus, which fsyncs on segment close). Set `fsync: 'commit'` to fsync every commit
// and survive power loss at the cost of write latency.
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { CorruptionError, Encbuf } from './encoding';
import {
  decodeRecord,
  encodeSamples,
  encodeSeries,
  RecordType,
  samplesRange,
  type RefSamples,
  type WalRecord,
} from './wal-record';

/** Logger is where the store reports recoveries and progress. */
export interface Logger {
  warn(msg: string): void;
  info(msg: string): void;
}

/** HEADER_BYTES is the framing overhead of one record. */
export const HEADER_BYTES = 9;

/** DEFAULT_SEGMENT_BYTES is Prometheus's WAL segment size, 128 MiB. */
export const DEFAULT_SEGMENT_BYTES = 128 * 1024 * 1024;

/** RecordBatch builds the bytes of one commit: any number of framed records, written together. */
export class RecordBatch {
  #e = new Encbuf(1024);

  /** reset empties the batch for reuse (keeping its buffer unless it grew past 16 MiB). */
  reset(): void {
    if (this.#e.buf.length > 16 << 20) this.#e = new Encbuf(1024);
    else this.#e.len = 0;
  }

  /** add frames one record whose payload `write` produces. */
  add(type: number, write: (e: Encbuf) => void): void {
    const e = this.#e;
    const start = e.len;
    e.reserve(HEADER_BYTES);
    e.len += HEADER_BYTES;
    write(e);
    const payload = e.buf.subarray(start + HEADER_BYTES, e.len);
    e.view.setUint8(start, type);
    e.view.setUint32(start + 1, payload.length);
    e.view.setUint32(start + 5, crc32(payload, type));
  }

  /** bytes is everything added so far. */
  bytes(): Uint8Array {
    return this.#e.result();
  }
}

function segmentName(n: number): string {
  return String(n).padStart(8, '0');
}

/** listSegments is the numbered segment files in a directory, ascending. */
export function listSegments(dir: string): number[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^\d{8}$/.test(f))
    .map(Number)
    .sort((a, b) => a - b);
}

function lastCheckpoint(walDir: string): { dir: string; index: number } | undefined {
  if (!existsSync(walDir)) return undefined;
  let best: { dir: string; index: number } | undefined;
  for (const f of readdirSync(walDir)) {
    const m = /^checkpoint\.(\d{8})$/.exec(f);
    if (m === null) continue;
    const index = Number(m[1]);
    if (best === undefined || index > best.index) best = { dir: join(walDir, f), index };
  }
  return best;
}

/** SegmentReadResult says how far a segment decoded. */
interface SegmentReadResult {
  records: number;
  /** Set when the segment stops with bad bytes: the offset of the first bad record and why. */
  corrupt?: { offset: number; reason: string };
}

/** readSegment decodes every record of one file, stopping at the first bad one. */
function readSegment(path: string, onRecord: (r: WalRecord) => void): SegmentReadResult {
  return readRawSegment(path, (type, payload) => onRecord(decodeRecord(type, payload)));
}

/** readRawSegment is readSegment handing out checked payloads; CorruptionError from `onPayload` stops it. */
function readRawSegment(
  path: string,
  onPayload: (type: number, payload: Uint8Array) => void,
): SegmentReadResult {
  const buf = readFileSync(path);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let pos = 0;
  let records = 0;
  while (pos < buf.length) {
    if (buf.length - pos < HEADER_BYTES)
      return { records, corrupt: { offset: pos, reason: 'torn record header' } };
    const type = view.getUint8(pos);
    const len = view.getUint32(pos + 1);
    const sum = view.getUint32(pos + 5);
    if (type === 0 && len === 0) return { records, corrupt: { offset: pos, reason: 'zeroed bytes' } };
    if (pos + HEADER_BYTES + len > buf.length) {
      return { records, corrupt: { offset: pos, reason: `torn record (${len} bytes announced)` } };
    }
    const payload = buf.subarray(pos + HEADER_BYTES, pos + HEADER_BYTES + len);
    if (crc32(payload, type) !== sum)
      return { records, corrupt: { offset: pos, reason: 'checksum mismatch' } };
    try {
      onPayload(type, payload);
    } catch (err) {
      if (err instanceof CorruptionError) return { records, corrupt: { offset: pos, reason: err.message } };
      throw err;
    }
    records++;
    pos += HEADER_BYTES + len;
  }
  return { records };
}

/** ReplayResult summarises a WAL replay. */
export interface ReplayResult {
  records: number;
  /** Segments read (checkpoint files included). */
  segments: number;
  /** Where replay stopped on bad bytes, if it did. */
  corruption?: string;
}

/** WalOptions configure the log. */
export interface WalOptions {
  segmentBytes: number;
  fsync: 'segment' | 'commit';
  logger: Logger;
}

/** Wal appends commits to segment files and replays them. */
export class Wal {
  readonly dir: string;
  #segment = 0;
  #fd = -1;
  #size = 0;
  readonly #opts: WalOptions;

  private constructor(dir: string, opts: WalOptions) {
    this.dir = dir;
    this.#opts = opts;
  }

  /**
   * open replays the checkpoint and segments in order through `onRecord`, repairs a corrupt tail (truncating
   * the bad segment, dropping later ones, with a warning), and starts a fresh segment for writing.
   */
  static open(
    dir: string,
    opts: WalOptions,
    onRecord: (r: WalRecord) => void,
  ): { wal: Wal; replay: ReplayResult } {
    mkdirSync(dir, { recursive: true });
    const replay: ReplayResult = { records: 0, segments: 0 };
    const cp = lastCheckpoint(dir);
    if (cp !== undefined) {
      for (const n of listSegments(cp.dir)) {
        const path = join(cp.dir, segmentName(n));
        const res = readSegment(path, onRecord);
        replay.records += res.records;
        replay.segments++;
        if (res.corrupt !== undefined) {
          replay.corruption = `checkpoint ${path} at offset ${res.corrupt.offset}: ${res.corrupt.reason}`;
          opts.logger.warn(`tsdb: WAL ${replay.corruption}; the rest of the checkpoint is skipped`);
          break;
        }
      }
    }
    const segments = listSegments(dir).filter((n) => cp === undefined || n > cp.index);
    for (let i = 0; i < segments.length; i++) {
      const n = segments[i] as number;
      const path = join(dir, segmentName(n));
      const res = readSegment(path, onRecord);
      replay.records += res.records;
      replay.segments++;
      if (res.corrupt !== undefined) {
        const later = segments.slice(i + 1);
        replay.corruption = `segment ${path} at offset ${res.corrupt.offset}: ${res.corrupt.reason}`;
        opts.logger.warn(
          `tsdb: WAL ${replay.corruption}; truncating it there` +
            (later.length > 0 ? ` and removing ${later.length} later segment(s)` : '') +
            ` (${res.records} records before it were replayed)`,
        );
        truncateSync(path, res.corrupt.offset);
        for (const m of later) rmSync(join(dir, segmentName(m)), { force: true });
        break;
      }
    }
    const wal = new Wal(dir, opts);
    const existing = listSegments(dir);
    const last = existing[existing.length - 1] ?? cp?.index ?? 0;
    wal.#openSegment(Math.max(last, cp?.index ?? 0) + 1);
    return { wal, replay };
  }

  #openSegment(n: number): void {
    this.#segment = n;
    this.#fd = openSync(join(this.dir, segmentName(n)), 'a');
    this.#size = 0;
  }

  /** segment is the number of the segment being written. */
  get segment(): number {
    return this.#segment;
  }

  /** log writes one commit's framed records in a single write, rotating to a new segment when full. */
  log(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (this.#size > 0 && this.#size + bytes.length > this.#opts.segmentBytes) this.rotate();
    let off = 0;
    while (off < bytes.length) off += writeSync(this.#fd, bytes, off, bytes.length - off);
    this.#size += bytes.length;
    if (this.#opts.fsync === 'commit') fsyncSync(this.#fd);
  }

  /** rotate fsyncs and closes the current segment and starts the next. */
  rotate(): void {
    fsyncSync(this.#fd);
    closeSync(this.#fd);
    this.#openSegment(this.#segment + 1);
  }

  /**
   * checkpoint folds every closed segment (and the previous checkpoint) into checkpoint.<last>: series records
   * of series `keep` accepts, samples of those series at or after `minT`. Old segments and checkpoints are
   * deleted afterwards, so replay reads only the live head. `allLive` says no series was removed since the
   * last checkpoint, so records wholly at or after `minT` are copied without decoding.
   */
  checkpoint(
    keep: (ref: number) => boolean,
    minT: number,
    allLive = false,
  ): { series: number; samples: number } {
    this.rotate();
    const upTo = this.#segment - 1;
    const prev = lastCheckpoint(this.dir);
    const sources: string[] = [];
    if (prev !== undefined)
      for (const n of listSegments(prev.dir)) sources.push(join(prev.dir, segmentName(n)));
    const olds = listSegments(this.dir).filter((n) => n <= upTo && (prev === undefined || n > prev.index));
    for (const n of olds) sources.push(join(this.dir, segmentName(n)));
    const tmp = join(this.dir, `checkpoint.${segmentName(upTo)}.tmp`);
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp);
    const fd = openSync(join(tmp, segmentName(0)), 'w');
    let series = 0;
    let samples = 0;
    try {
      for (const src of sources) {
        const batch = new RecordBatch();
        readRawSegment(src, (type, payload) => {
          // Records wholly before the cut are dropped undecoded; wholly kept ones are copied as they are.
          if (type === RecordType.samples) {
            const range = samplesRange(payload);
            if (range === undefined || range[1] < minT) return;
            if (allLive && range[0] >= minT) {
              batch.add(type, (e) => e.bytes(payload));
              return;
            }
          }
          const rec = decodeRecord(type, payload);
          if (rec.type === 'series') {
            const kept = rec.series.filter((s) => keep(s.ref));
            series += kept.length;
            if (kept.length === rec.series.length) batch.add(type, (e) => e.bytes(payload));
            else if (kept.length > 0) batch.add(RecordType.series, (e) => encodeSeries(e, kept));
          } else {
            const kept = filterSamples(rec.samples, keep, minT);
            samples += kept.refs.length;
            if (kept.refs.length === rec.samples.refs.length) batch.add(type, (e) => e.bytes(payload));
            else if (kept.refs.length > 0) batch.add(RecordType.samples, (e) => encodeSamples(e, kept));
          }
        });
        const bytes = batch.bytes();
        let off = 0;
        while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    const final = join(this.dir, `checkpoint.${segmentName(upTo)}`);
    rmSync(final, { recursive: true, force: true });
    renameSync(tmp, final);
    for (const n of olds) rmSync(join(this.dir, segmentName(n)), { force: true });
    if (prev !== undefined && prev.index !== upTo) rmSync(prev.dir, { recursive: true, force: true });
    return { series, samples };
  }

  /** sizeBytes is the WAL's size on disk (segments and checkpoint). */
  sizeBytes(): number {
    let total = 0;
    for (const n of listSegments(this.dir)) total += statSync(join(this.dir, segmentName(n))).size;
    const cp = lastCheckpoint(this.dir);
    if (cp !== undefined)
      for (const n of listSegments(cp.dir)) total += statSync(join(cp.dir, segmentName(n))).size;
    return total;
  }

  /** close fsyncs and closes the current segment. */
  close(): void {
    if (this.#fd < 0) return;
    fsyncSync(this.#fd);
    closeSync(this.#fd);
    this.#fd = -1;
  }
}

function filterSamples(s: RefSamples, keep: (ref: number) => boolean, minT: number): RefSamples {
  const idx: number[] = [];
  for (let i = 0; i < s.refs.length; i++)
    if ((s.t[i] as number) >= minT && keep(s.refs[i] as number)) idx.push(i);
  const out: RefSamples = {
    refs: new Uint32Array(idx.length),
    t: new Float64Array(idx.length),
    hi: new Uint32Array(idx.length),
    lo: new Uint32Array(idx.length),
  };
  idx.forEach((i, k) => {
    out.refs[k] = s.refs[i] as number;
    out.t[k] = s.t[i] as number;
    out.hi[k] = s.hi[i] as number;
    out.lo[k] = s.lo[i] as number;
  });
  return out;
}
