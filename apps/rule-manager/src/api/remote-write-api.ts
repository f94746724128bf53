import {
  DecompressTooLargeError,
  WriteRequestDecodeError,
  decodeSnappyWriteRequest,
  ingestWriteRequest,
  type Appendable,
  type DecodedWriteRequest,
  type IngestStats,
} from '@vigil/tsdb';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { Counter, type Registry } from 'prom-client';

/** The remote-write 1.0 protobuf message name, as the `proto` Content-Type parameter names it. */
const PROTO_V1 = 'prometheus.WriteRequest';
/** The remote-write 2.0 message name; recognised, and refused with 415 (this receiver speaks 1.0). */
const PROTO_V2 = 'io.prometheus.write.v2.Request';
const MEDIA_TYPE = 'application/x-protobuf';

/** RemoteWriteCounters are the receiver's counters; the integrator exports them as metrics. */
export interface RemoteWriteCounters {
  /** Requests by answered HTTP status. */
  requests: Map<number, number>;
  samplesAppended: number;
  samplesInvalidLabels: number;
  histogramsSkipped: number;
  exemplarsSkipped: number;
  metadataSkipped: number;
  /** Samples of requests refused (400) or failed (5xx) after decoding. */
  samplesRejected: number;
}

/** newRemoteWriteCounters returns zeroed counters. */
export function newRemoteWriteCounters(): RemoteWriteCounters {
  return {
    requests: new Map(),
    samplesAppended: 0,
    samplesInvalidLabels: 0,
    histogramsSkipped: 0,
    exemplarsSkipped: 0,
    metadataSkipped: 0,
    samplesRejected: 0,
  };
}

/**
 * registerRemoteWriteReceiverMetrics exports the receiver's counters: Prometheus's own name for samples refused for
 * their labels, and vigil_remote_write_* for the rest.
 */
export function registerRemoteWriteReceiverMetrics(registry: Registry, c: RemoteWriteCounters): void {
  const counter = (name: string, help: string, read: () => number): void => {
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  };
  counter(
    'prometheus_api_remote_write_invalid_labels_samples_total',
    'The total number of received remote write samples and histogram samples which were rejected due to invalid labels.',
    () => c.samplesInvalidLabels,
  );
  counter(
    'vigil_remote_write_samples_appended_total',
    'Remote-write samples stored.',
    () => c.samplesAppended,
  );
  counter(
    'vigil_remote_write_samples_rejected_total',
    'Remote-write samples of requests refused (400) or failed (5xx) after decoding.',
    () => c.samplesRejected,
  );
  counter(
    'vigil_remote_write_histograms_skipped_total',
    'Native histogram samples skipped (the store keeps floats only).',
    () => c.histogramsSkipped,
  );
  counter('vigil_remote_write_exemplars_skipped_total', 'Exemplars skipped.', () => c.exemplarsSkipped);
  counter(
    'vigil_remote_write_metadata_skipped_total',
    'Metric metadata entries skipped.',
    () => c.metadataSkipped,
  );
  new Counter({
    name: 'vigil_remote_write_requests_total',
    help: 'Remote-write requests by HTTP status code answered.',
    labelNames: ['code'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [code, n] of c.requests) this.inc({ code: String(code) }, n);
    },
  });
}

/** RemoteWriteApiOptions gives the receiver its store and limits. */
export interface RemoteWriteApiOptions {
  appendable: Appendable;
  /** Largest compressed body accepted (default 32 MiB); larger ones get 413. */
  bodyLimitBytes?: number;
  /** Largest body after snappy decompression (default 256 MiB); larger ones get 413. */
  maxDecompressedBytes?: number;
  /** Counters to update (default: a fresh set, reachable only through this option). */
  counters?: RemoteWriteCounters;
  /** The clock for the "too far in the future" bound (epoch ms). */
  now?: () => number;
}

/** protoMessage reads the protobuf message a Content-Type names, or an error text for 415 (write_handler.go). */
export function protoMessage(contentType: string | undefined): { msg: string } | { error: string } {
  const ct = (contentType ?? '').trim();
  // No Content-Type: assume 1.0, as Prometheus does not to break old clients.
  if (ct === '') return { msg: PROTO_V1 };
  const parts = ct.split(';');
  if ((parts[0] ?? '').trim().toLowerCase() !== MEDIA_TYPE) {
    return { error: `expected ${MEDIA_TYPE} as the first (media) part, got ${ct} content-type` };
  }
  for (const p of parts.slice(1)) {
    const pair = p.split('=');
    if (pair.length !== 2) {
      return {
        error: `as per https://www.rfc-editor.org/rfc/rfc9110#parameter expected parameters to be key-values, got ${p} in ${ct} content-type`,
      };
    }
    if ((pair[0] ?? '').trim() === 'proto') {
      const msg = (pair[1] ?? '').trim();
      if (msg !== PROTO_V1 && msg !== PROTO_V2) {
        return {
          error: `got ${ct} content type; unknown remote write protobuf message ${msg}, supported: ${PROTO_V1}, ${PROTO_V2}`,
        };
      }
      return { msg };
    }
  }
  return { msg: PROTO_V1 };
}

function addStats(c: RemoteWriteCounters, s: IngestStats, rejected: boolean, total: number): void {
  c.samplesAppended += s.samplesAppended;
  c.samplesInvalidLabels += s.samplesInvalidLabels;
  c.histogramsSkipped += s.histogramsSkipped;
  c.exemplarsSkipped += s.exemplarsSkipped;
  c.metadataSkipped += s.metadataSkipped;
  if (rejected) c.samplesRejected += total;
}

/**
 * remoteWriteApi serves Prometheus's remote-write receiver, `POST /api/v1/write` (protocol 1.0, snappy block
 * compression): 204 when stored; 400 for an undecodable body or a refused sample (out of order, out of bounds,
 * duplicate — the whole request is dropped and the sender does not retry); 415 for another media type, encoding
 * or a 2.0 message; 413 past the size limits; 500 when the store fails, so the sender retries. Series with invalid
 * labels are skipped and counted, as Prometheus does. Errors are plain text, as Go's http.Error writes them.
 * Register it as its own (encapsulated) plugin: it replaces the body parsers of its scope.
 */
export const remoteWriteApi: FastifyPluginAsync<RemoteWriteApiOptions> = async (app, opts) => {
  const bodyLimit = opts.bodyLimitBytes ?? 32 << 20;
  const maxDecompressed = opts.maxDecompressedBytes ?? 256 << 20;
  const counters = opts.counters ?? newRemoteWriteCounters();

  // This plugin's scope takes any body as raw bytes; the media type is checked in the handler so refusals carry
  // Prometheus's messages rather than fastify's.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));

  const answer = (reply: FastifyReply, code: number, text?: string): FastifyReply => {
    counters.requests.set(code, (counters.requests.get(code) ?? 0) + 1);
    if (text === undefined) return reply.code(code).send();
    return reply
      .code(code)
      .type('text/plain; charset=utf-8')
      .header('x-content-type-options', 'nosniff')
      .send(`${text}\n`);
  };

  app.post('/api/v1/write', { bodyLimit }, async (req, reply) => {
    const proto = protoMessage(req.headers['content-type']);
    if ('error' in proto) return answer(reply, 415, proto.error);
    if (proto.msg !== PROTO_V1) {
      return answer(
        reply,
        415,
        `${proto.msg} protobuf message is not accepted by this server; accepted [${PROTO_V1}]`,
      );
    }
    const enc = req.headers['content-encoding'];
    if (enc !== undefined && enc !== '' && enc.toLowerCase() !== 'snappy') {
      return answer(
        reply,
        415,
        `${enc} encoding (compression) is not accepted by this server; only snappy is acceptable`,
      );
    }
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    let decoded: DecodedWriteRequest;
    try {
      decoded = decodeSnappyWriteRequest(body, maxDecompressed);
    } catch (err) {
      if (err instanceof DecompressTooLargeError) return answer(reply, 413, err.message);
      if (err instanceof WriteRequestDecodeError) {
        req.log.warn({ err: err.message }, 'error decoding remote write request');
        return answer(reply, 400, err.message);
      }
      throw err;
    }
    const total = decoded.timeseries.reduce((n, ts) => n + ts.samples.length, 0);
    const outcome = await ingestWriteRequest(opts.appendable, decoded.timeseries, decoded.metadata, {
      now: opts.now,
    });
    addStats(counters, outcome.stats, outcome.kind !== 'ok', total);
    if (outcome.kind === 'rejected') {
      req.log.warn({ err: outcome.message }, 'out of order sample from remote write');
      return answer(reply, 400, outcome.message);
    }
    if (outcome.kind === 'failed') {
      req.log.error({ err: outcome.error }, 'error while remote writing the v1 request');
      return answer(reply, 500, outcome.error.message);
    }
    return answer(reply, 204);
  });
};
