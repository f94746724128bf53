// Writing a decoded remote-write 1.0 request into the store, with Prometheus's write_handler.go rules.
import type { Labels } from '@vigil/model';
import { uncompressSync } from 'snappy';
import { appendWithRef, type AppendError, type Appendable } from '../appender';
import { WriteRequestDecodeError, decodeWriteRequest, type DecodedTimeSeries } from './decode';

/** MAX_AHEAD_MS is how far past now a sample may lie (Prometheus's maxAheadTime, 10 minutes). */
export const MAX_AHEAD_MS = 10 * 60_000;

/** APPEND_ERROR_MESSAGES are Prometheus's storage error texts, as the 400 response body carries them. */
export const APPEND_ERROR_MESSAGES: Readonly<Record<AppendError, string>> = {
  out_of_order: 'out of order sample',
  out_of_bounds: 'out of bounds',
  duplicate_timestamp: 'duplicate sample for timestamp',
};

/** IngestStats counts what one request carried and what became of it. */
export interface IngestStats {
  /** Float samples appended (and committed, when the outcome is `ok`). */
  samplesAppended: number;
  /** Samples of series refused for their labels (no `__name__`, invalid UTF-8, a repeated name). */
  samplesInvalidLabels: number;
  /** Native histogram samples skipped: the store keeps floats only. */
  histogramsSkipped: number;
  /** Exemplars skipped. */
  exemplarsSkipped: number;
  /** Metadata entries skipped. */
  metadataSkipped: number;
}

/**
 * IngestOutcome is how a request ended: `ok` (committed), `rejected` (a sample was refused; nothing of the request
 * is kept and the sender must not retry — 400), or `failed` (the store failed; the sender should retry — 5xx).
 */
export type IngestOutcome =
  | { kind: 'ok'; stats: IngestStats }
  | { kind: 'rejected'; reason: AppendError; message: string; stats: IngestStats }
  | { kind: 'failed'; error: Error; stats: IngestStats };

/** IngestOptions tunes ingestion; every field is optional. */
export interface IngestOptions {
  /** The clock (epoch ms), for the "too far in the future" bound. */
  now?: () => number;
  /** How far ahead of now a sample may lie (default MAX_AHEAD_MS). */
  maxAheadMs?: number;
}

/**
 * seriesLabels turns wire labels into a label set the store accepts, or undefined when Prometheus refuses the
 * series: no non-empty `__name__`, invalid UTF-8, an empty name, or a name given twice. Empty values are dropped,
 * as the TSDB head drops them.
 */
export function seriesLabels(ts: DecodedTimeSeries): Labels | undefined {
  if (!ts.validUtf8) return undefined;
  const out: Labels = {};
  const seen = new Set<string>();
  for (const [name, value] of ts.labels) {
    if (name === '' || seen.has(name)) return undefined;
    seen.add(name);
    if (value !== '') out[name] = value;
  }
  if (out['__name__'] === undefined) return undefined;
  return out;
}

/**
 * ingestWriteRequest appends a decoded request in one batch. As Prometheus's 1.0 handler: series with invalid
 * labels are skipped and counted; the first refused sample (out of order, out of bounds, duplicate, or more than
 * maxAheadMs in the future) rolls the whole batch back; a commit failure is `failed`.
 */
export async function ingestWriteRequest(
  appendable: Appendable,
  timeseries: readonly DecodedTimeSeries[],
  metadataCount = 0,
  opts: IngestOptions = {},
): Promise<IngestOutcome> {
  const stats: IngestStats = {
    samplesAppended: 0,
    samplesInvalidLabels: 0,
    histogramsSkipped: 0,
    exemplarsSkipped: 0,
    metadataSkipped: metadataCount,
  };
  const maxT = (opts.now ?? Date.now)() + (opts.maxAheadMs ?? MAX_AHEAD_MS);
  const app = appendable.appender();
  try {
    for (const ts of timeseries) {
      const labels = seriesLabels(ts);
      if (labels === undefined) {
        stats.samplesInvalidLabels += ts.samples.length + ts.histograms;
        continue;
      }
      // The series' ref from its first sample spares the rest a label lookup.
      let ref = 0;
      for (const s of ts.samples) {
        let refused: AppendError | undefined;
        if (s.t > maxT) refused = 'out_of_bounds';
        else {
          const r = appendWithRef(app, ref, labels, s.t, s.v);
          if (typeof r === 'number') ref = r;
          else refused = r;
        }
        if (refused !== undefined) {
          app.rollback();
          const message =
            s.t > maxT
              ? `${APPEND_ERROR_MESSAGES.out_of_bounds}: timestamp is too far in the future`
              : APPEND_ERROR_MESSAGES[refused];
          return { kind: 'rejected', reason: refused, message, stats: { ...stats, samplesAppended: 0 } };
        }
        stats.samplesAppended++;
      }
      stats.exemplarsSkipped += ts.exemplars;
      stats.histogramsSkipped += ts.histograms;
    }
  } catch (err) {
    app.rollback();
    return { kind: 'failed', error: asError(err), stats: { ...stats, samplesAppended: 0 } };
  }
  try {
    await app.commit();
  } catch (err) {
    return { kind: 'failed', error: asError(err), stats: { ...stats, samplesAppended: 0 } };
  }
  return { kind: 'ok', stats };
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/**
 * snappyUncompressedLength reads the length a snappy block announces in its header (a varint), so a body can be
 * refused before it is inflated. Throws WriteRequestDecodeError when the header is malformed.
 */
export function snappyUncompressedLength(block: Uint8Array): number {
  let out = 0;
  let mul = 1;
  for (let i = 0; i < 5 && i < block.length; i++) {
    const b = block[i] as number;
    out += (b & 0x7f) * mul;
    if (b < 0x80) return out;
    mul *= 128;
  }
  throw new WriteRequestDecodeError('snappy: corrupt input');
}

/** DecompressTooLargeError is a body that would inflate past the configured limit. */
export class DecompressTooLargeError extends Error {
  constructor(
    readonly length: number,
    readonly limit: number,
  ) {
    super(`decompressed body of ${length} bytes exceeds the limit of ${limit} bytes`);
    this.name = 'DecompressTooLargeError';
  }
}

/**
 * decodeSnappyWriteRequest inflates a snappy block (the remote-write body) and decodes it. Throws
 * DecompressTooLargeError past maxBytes and WriteRequestDecodeError for corrupt snappy or protobuf.
 */
export function decodeSnappyWriteRequest(
  body: Uint8Array,
  maxBytes: number,
): ReturnType<typeof decodeWriteRequest> {
  const length = snappyUncompressedLength(body);
  if (length > maxBytes) throw new DecompressTooLargeError(length, maxBytes);
  let raw: Uint8Array;
  try {
    const out = uncompressSync(body, { asBuffer: true });
    raw = typeof out === 'string' ? Buffer.from(out) : out;
  } catch (err) {
    throw new WriteRequestDecodeError(`snappy: ${asError(err).message}`);
  }
  return decodeWriteRequest(raw);
}
