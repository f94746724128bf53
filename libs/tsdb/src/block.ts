// Immutable on-disk blocks (Prometheus's tsdb block, own simple format). A block is a directory:
//   meta.json  {ulid, minTime, maxTime (exclusive), stats, version}
//   chunks     "VGCH" + version byte, then chunk bytes each followed by their crc32 (u32, big-endian)
//   index      "VGIX" + version byte; series (labels + chunk refs: minT, maxT, offset, length), sorted by labels;
//              postings (name, value → series ordinals); then a crc32 of everything before it.
// The index is loaded into memory when the block is opened; chunks are read with readSync at query time.
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { Labels } from '@vigil/model';
import { seriesKey, type Matcher, type SeriesData } from '@vigil/promql';
import {
  ChunkEncoder,
  SAMPLES_PER_CHUNK,
  STALE_HI,
  STALE_LO,
  chunkCount,
  decodeChunk,
  floatBits,
} from './chunk';
import { CorruptionError, Decbuf, Encbuf } from './encoding';
import { selectPostings, type IndexReader, type Postings } from './postings';
import { SampleArena, SampleBuffer } from './sample-buffer';

/** readBuffer is reused by every select: reads are synchronous and copy out before returning. */
const readBuffer = new SampleBuffer(1024);
import type { Logger } from './wal';

/** BlockMeta is a block's meta.json. */
export interface BlockMeta {
  ulid: string;
  minTime: number;
  /** Exclusive end of the block's time range. */
  maxTime: number;
  stats: { numSeries: number; numChunks: number; numSamples: number };
  version: 1;
}

const CHUNKS_MAGIC = 0x56474348; // "VGCH"
const INDEX_MAGIC = 0x56474958; // "VGIX"
const FORMAT_VERSION = 1;
/** Chunks of neighbouring series are read together while the gap between them is at most this. */
const READ_GAP = 64 * 1024;
/** Upper bound of one batched read. */
const READ_BATCH = 8 * 1024 * 1024;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** newUlid makes a ULID-like id: 10 characters of millisecond time, then 16 random ones; sorts by time. */
export function newUlid(now = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = (CROCKFORD[t % 32] as string) + time;
    t = Math.floor(t / 32);
  }
  const rnd = randomBytes(16);
  let tail = '';
  for (const b of rnd) tail += CROCKFORD[b % 32] as string;
  return time + tail;
}

interface ChunkRef {
  minT: number;
  maxT: number;
  offset: number;
  length: number;
  /** Set once the chunk's checksum was verified (chunk files are immutable). */
  verified?: boolean;
}

interface BlockSeries {
  labels: Labels;
  chunks: ChunkRef[];
  /** seriesKey of the labels, computed when first needed. */
  key?: string;
}

/** KeyedSeries is a selected series with its seriesKey (blocks and head return them sorted by key). */
export interface KeyedSeries {
  key: string;
  data: SeriesData;
}

/** BlockSeriesInput is one series to write: samples in time order, stale markers flagged. */
export type BlockSeriesInput =
  | { labels: Labels; data: SeriesData }
  /** Encoded chunks copied as they are (head chunks wholly inside the block's range). */
  | { labels: Labels; chunks: readonly { minT: number; maxT: number; bytes: Uint8Array }[] };

function writeAll(fd: number, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
}

/**
 * writeBlock writes series (sorted by labels, each with at least one sample in [minTime, maxTime)) into a
 * new block directory under `parent`, atomically (a .tmp directory renamed into place). Returns its meta.
 */
export function writeBlock(
  parent: string,
  minTime: number,
  maxTime: number,
  series: readonly BlockSeriesInput[],
): BlockMeta {
  const ulid = newUlid();
  const tmp = join(parent, `${ulid}.tmp`);
  mkdirSync(tmp, { recursive: true });
  const chunksFd = openSync(join(tmp, 'chunks'), 'w');
  const index: BlockSeries[] = [];
  let numChunks = 0;
  let numSamples = 0;
  try {
    const header = new Uint8Array(5);
    new DataView(header.buffer).setUint32(0, CHUNKS_MAGIC);
    header[4] = FORMAT_VERSION;
    writeAll(chunksFd, header);
    let offset = header.length;
    const out = new Encbuf(64 * 1024);
    const flush = (): void => {
      writeAll(chunksFd, out.result());
      out.len = 0;
    };
    for (const s of series) {
      const refs: ChunkRef[] = [];
      if ('chunks' in s) {
        for (const c of s.chunks) {
          out.bytes(c.bytes);
          out.u32(crc32(c.bytes));
          refs.push({ minT: c.minT, maxT: c.maxT, offset, length: c.bytes.length });
          offset += c.bytes.length + 4;
          numChunks++;
          numSamples += chunkCount(c.bytes);
        }
        if (out.len > 1 << 20) flush();
        if (refs.length > 0) index.push({ labels: s.labels, chunks: refs });
        continue;
      }
      const { t, v, stale } = s.data;
      let enc: ChunkEncoder | null = null;
      const cut = (): void => {
        if (enc === null) return;
        const bytes = enc.finish();
        out.bytes(bytes);
        out.u32(crc32(bytes));
        refs.push({ minT: enc.minT, maxT: enc.maxT, offset, length: bytes.length });
        offset += bytes.length + 4;
        numChunks++;
        enc = null;
        if (out.len > 1 << 20) flush();
      };
      for (let i = 0; i < t.length; i++) {
        if (enc !== null && (enc as ChunkEncoder).count >= SAMPLES_PER_CHUNK) cut();
        if (enc === null) enc = new ChunkEncoder(256);
        const ti = t[i] as number;
        if (stale?.[i] === 1) enc.append(ti, STALE_HI, STALE_LO);
        else {
          const [hi, lo] = floatBits(v[i] as number);
          enc.append(ti, hi, lo);
        }
        numSamples++;
      }
      cut();
      if (refs.length > 0) index.push({ labels: s.labels, chunks: refs });
    }
    flush();
    fsyncSync(chunksFd);
  } finally {
    closeSync(chunksFd);
  }
  writeFileSync(join(tmp, 'index'), encodeIndex(index));
  const meta: BlockMeta = {
    ulid,
    minTime,
    maxTime,
    stats: { numSeries: index.length, numChunks, numSamples },
    version: 1,
  };
  writeFileSync(join(tmp, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
  const final = join(parent, ulid);
  renameSync(tmp, final);
  return meta;
}

function encodeIndex(series: readonly BlockSeries[]): Uint8Array {
  const e = new Encbuf(64 * 1024);
  e.u32(INDEX_MAGIC);
  e.u8(FORMAT_VERSION);
  e.uvarint(series.length);
  const postings = new Map<string, Map<string, number[]>>();
  series.forEach((s, ord) => {
    const names = Object.keys(s.labels).sort();
    e.uvarint(names.length);
    for (const n of names) {
      const value = s.labels[n] ?? '';
      e.str(n);
      e.str(value);
      if (value === '') continue;
      let values = postings.get(n);
      if (values === undefined) postings.set(n, (values = new Map()));
      const list = values.get(value);
      if (list === undefined) values.set(value, [ord]);
      else list.push(ord);
    }
    e.uvarint(s.chunks.length);
    for (const c of s.chunks) {
      e.f64(c.minT);
      e.f64(c.maxT);
      e.uvarint(c.offset);
      e.uvarint(c.length);
    }
  });
  let entries = 0;
  for (const values of postings.values()) entries += values.size;
  e.uvarint(entries);
  for (const [name, values] of postings) {
    for (const [value, list] of values) {
      e.str(name);
      e.str(value);
      e.uvarint(list.length);
      let prev = 0;
      for (const ord of list) {
        e.uvarint(ord - prev);
        prev = ord;
      }
    }
  }
  e.u32(crc32(e.result()));
  return e.result();
}

/** Block is an opened, immutable block: its index in memory, its chunk file open for reads. */
export class Block implements IndexReader {
  readonly #series: BlockSeries[];
  readonly #postings: Map<string, Map<string, Uint32Array>>;
  readonly #all: Uint32Array;
  #fd: number;
  readonly #logger: Logger;
  /** sizeBytes is the block's size on disk. */
  readonly sizeBytes: number;

  private constructor(
    readonly dir: string,
    readonly meta: BlockMeta,
    series: BlockSeries[],
    postings: Map<string, Map<string, Uint32Array>>,
    fd: number,
    sizeBytes: number,
    logger: Logger,
  ) {
    this.#series = series;
    this.#postings = postings;
    this.#all = Uint32Array.from(series, (_, i) => i);
    this.#fd = fd;
    this.sizeBytes = sizeBytes;
    this.#logger = logger;
  }

  /** open reads meta.json and the index; throws CorruptionError (naming the block) when they are unusable. */
  static open(dir: string, logger: Logger): Block {
    let meta: BlockMeta;
    try {
      meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as BlockMeta;
    } catch (err) {
      throw new CorruptionError(`block ${dir}: unreadable meta.json: ${(err as Error).message}`);
    }
    if (
      typeof meta.ulid !== 'string' ||
      typeof meta.minTime !== 'number' ||
      typeof meta.maxTime !== 'number' ||
      meta.version !== 1
    ) {
      throw new CorruptionError(
        `block ${dir}: meta.json lacks ulid/minTime/maxTime or has an unknown version`,
      );
    }
    let index: { series: BlockSeries[]; postings: Map<string, Map<string, Uint32Array>> };
    try {
      index = decodeIndex(readFileSync(join(dir, 'index')));
    } catch (err) {
      throw new CorruptionError(`block ${dir}: bad index: ${(err as Error).message}`);
    }
    const chunksPath = join(dir, 'chunks');
    const fd = openSync(chunksPath, 'r');
    const head = Buffer.alloc(5);
    readSync(fd, head, 0, 5, 0);
    if (head.readUInt32BE(0) !== CHUNKS_MAGIC) {
      closeSync(fd);
      throw new CorruptionError(`block ${dir}: chunks file has a bad magic number`);
    }
    const size =
      statSync(chunksPath).size + statSync(join(dir, 'index')).size + statSync(join(dir, 'meta.json')).size;
    return new Block(dir, meta, index.series, index.postings, fd, size, logger);
  }

  allPostings(): Postings {
    return this.#all;
  }

  labelValuesOf(name: string): Iterable<string> {
    return this.#postings.get(name)?.keys() ?? [];
  }

  postings(name: string, value: string): Postings {
    return this.#postings.get(name)?.get(value) ?? [];
  }

  /** labelSets is the label sets of matching series with a chunk overlapping [minT, maxT]. */
  labelSets(matchers: readonly Matcher[], minT: number, maxT: number): Labels[] {
    const out: Labels[] = [];
    if (minT >= this.meta.maxTime || maxT < this.meta.minTime) return out;
    const ords = selectPostings(this, matchers);
    for (let i = 0; i < ords.length; i++) {
      const s = this.#series[ords[i] as number];
      if (s !== undefined && s.chunks.some((c) => c.minT <= maxT && c.maxT >= minT)) out.push(s.labels);
    }
    return out;
  }

  /**
   * select reads matching series' samples in [minT, maxT]; a corrupt chunk is skipped with a warning. Chunks
   * of neighbouring series are read with one readSync while they lie close together in the file.
   */
  select(matchers: readonly Matcher[], minT: number, maxT: number): KeyedSeries[] {
    const out: KeyedSeries[] = [];
    if (minT >= this.meta.maxTime || maxT < this.meta.minTime || this.#fd < 0) return out;
    const ords = selectPostings(this, matchers);
    const wanted: { s: BlockSeries; chunks: ChunkRef[] }[] = [];
    for (let i = 0; i < ords.length; i++) {
      const s = this.#series[ords[i] as number];
      if (s === undefined) continue;
      const chunks = s.chunks.filter((c) => c.minT <= maxT && c.maxT >= minT);
      if (chunks.length > 0) wanted.push({ s, chunks });
    }
    const arena = new SampleArena();
    let k = 0;
    while (k < wanted.length) {
      // A batch: consecutive series whose chunks lie within READ_GAP of each other, up to READ_BATCH bytes.
      const start = (wanted[k]?.chunks[0] as ChunkRef).offset;
      let end = start;
      let j = k;
      while (j < wanted.length) {
        const w = wanted[j] as { s: BlockSeries; chunks: ChunkRef[] };
        const first = w.chunks[0] as ChunkRef;
        const last = w.chunks[w.chunks.length - 1] as ChunkRef;
        const wEnd = last.offset + last.length + 4;
        if (j > k && (first.offset < end || first.offset - end > READ_GAP || wEnd - start > READ_BATCH))
          break;
        end = Math.max(end, wEnd);
        j++;
      }
      const raw = Buffer.allocUnsafe(end - start);
      const got = readSync(this.#fd, raw, 0, end - start, start);
      for (; k < j; k++) {
        const w = wanted[k] as { s: BlockSeries; chunks: ChunkRef[] };
        const buf = readBuffer;
        buf.reset();
        for (const c of w.chunks) {
          const at = c.offset - start;
          if (at + c.length + 4 > got) {
            this.#logger.warn(
              `tsdb: block ${this.dir}: chunk at offset ${c.offset} is past the end of the file; skipped`,
            );
            continue;
          }
          const bytes = raw.subarray(at, at + c.length);
          if (c.verified !== true && crc32(bytes) !== raw.readUInt32BE(at + c.length)) {
            this.#logger.warn(
              `tsdb: block ${this.dir}: chunk at offset ${c.offset} fails its checksum; skipped`,
            );
            continue;
          }
          c.verified = true;
          decodeChunk(bytes, minT, maxT, buf.sink);
        }
        if (buf.length > 0)
          out.push({ key: (w.s.key ??= seriesKey(w.s.labels)), data: arena.take(buf, w.s.labels) });
      }
    }
    return out;
  }

  /** close releases the chunk file. */
  close(): void {
    if (this.#fd >= 0) closeSync(this.#fd);
    this.#fd = -1;
  }

  /** remove closes and deletes the block directory. */
  remove(): void {
    this.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function decodeIndex(buf: Uint8Array): {
  series: BlockSeries[];
  postings: Map<string, Map<string, Uint32Array>>;
} {
  if (buf.length < 9) throw new CorruptionError('index too short');
  const body = buf.subarray(0, buf.length - 4);
  const sum = new DataView(buf.buffer, buf.byteOffset + buf.length - 4, 4).getUint32(0);
  if (crc32(body) !== sum) throw new CorruptionError('index checksum mismatch');
  const d = new Decbuf(body);
  if (d.u32() !== INDEX_MAGIC) throw new CorruptionError('bad index magic number');
  if (d.u8() !== FORMAT_VERSION) throw new CorruptionError('unknown index version');
  const n = d.uvarint();
  const series: BlockSeries[] = [];
  for (let i = 0; i < n; i++) {
    const k = d.uvarint();
    const labels: Record<string, string> = {};
    for (let j = 0; j < k; j++) {
      const name = d.str();
      labels[name] = d.str();
    }
    const nc = d.uvarint();
    const chunks: ChunkRef[] = [];
    for (let j = 0; j < nc; j++)
      chunks.push({ minT: d.f64(), maxT: d.f64(), offset: d.uvarint(), length: d.uvarint() });
    series.push({ labels, chunks });
  }
  const postings = new Map<string, Map<string, Uint32Array>>();
  const entries = d.uvarint();
  for (let i = 0; i < entries; i++) {
    const name = d.str();
    const value = d.str();
    const len = d.uvarint();
    const list = new Uint32Array(len);
    let prev = 0;
    for (let j = 0; j < len; j++) {
      prev += d.uvarint();
      list[j] = prev;
    }
    let values = postings.get(name);
    if (values === undefined) postings.set(name, (values = new Map()));
    values.set(value, list);
  }
  return { series, postings };
}
