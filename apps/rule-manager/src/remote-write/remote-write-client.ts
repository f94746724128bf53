import { createHash } from 'node:crypto';
import type { Labels, Sample } from '@vigil/model';
import { compressSync } from 'snappy';
import { HttpClient, errorMessage, type HttpResponse } from '../config/http-client';
import type { HttpClientConfig } from '../config/http-client-config';
import {
  DEFAULT_QUEUE_CONFIG,
  DEFAULT_REMOTE_TIMEOUT_MS,
  type QueueConfig,
} from '../config/rule-manager-config';
import { SampleQueue } from './sample-queue';
import { encodeWriteRequest, type WriteSeries } from './write-request';

/** How long close() keeps trying to deliver by default: Prometheus's `--storage.remote.flush-deadline` (1m). */
export const DEFAULT_FLUSH_DEADLINE_MS = 60_000;

/** How much of an error response body is quoted, as Prometheus does. */
const MAX_ERROR_BODY = 1024;

/** WriteSample is one sample to remote-write; `stale: true` sends Prometheus's stale marker instead of `v`. */
export interface WriteSample extends Sample {
  stale?: boolean;
}

/** RemoteWriteClientOptions configures a RemoteWriteClient; field names follow RemoteWriteConfig. */
export interface RemoteWriteClientOptions {
  url: string;
  /** Names the remote in logs and metrics; a short hash of the URL by default. */
  name?: string;
  /** Per-request timeout (30s by default). */
  remoteTimeoutMs?: number;
  headers?: Record<string, string>;
  http?: HttpClientConfig;
  queue?: Partial<QueueConfig>;
  /** Added to every series lacking the label, as Prometheus adds `global.external_labels`. */
  externalLabels?: Labels;
  userAgent?: string;
  /** Hears every failed attempt: `willRetry` false means those samples are lost. */
  onError?: (error: RemoteWriteError, info: { samples: number; willRetry: boolean }) => void;
}

/** RemoteWriteStats are the client's counters and gauges, for export as metrics. */
export interface RemoteWriteStats {
  /** Samples the remote accepted (counter). */
  samplesSent: number;
  /** Samples lost to a non-retryable error or to the close deadline while being retried (counter). */
  samplesFailed: number;
  /** Samples re-sent after a retryable error, counted per retry (counter). */
  samplesRetried: number;
  /** Samples discarded unsent: buffer overflow, older than sample_age_limit, appended after close, unsent at the close deadline (counter). */
  samplesDropped: number;
  /** Samples buffered or in flight (gauge). */
  samplesPending: number;
  /** Requests the remote accepted (counter). */
  batchesSent: number;
  /** Newest sample timestamp (ms) the remote accepted; 0 before the first (gauge). */
  highestSentTimestamp: number;
  /** The latest error message, if any. */
  lastError?: string;
}

/** RemoteWriteError describes a failed send; `status` is set when the remote answered. */
export class RemoteWriteError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RemoteWriteError';
  }
}

type Attempt =
  | { kind: 'ok' }
  | { kind: 'retry'; error: RemoteWriteError; retryAfterMs: number }
  | { kind: 'fail'; error: RemoteWriteError };

/**
 * RemoteWriteClient sends samples with the Prometheus remote-write 1.0 protocol. `append` never blocks:
 * samples wait in a bounded buffer (oldest dropped when full) and go out in batches of
 * `maxSamplesPerSend`, or after `batchSendDeadline`, one request at a time so order is kept. 5xx, 429
 * and network errors are retried with exponential backoff until they succeed or close's deadline
 * passes; other 4xx answers drop the batch, as Prometheus's queue manager does.
 */
export class RemoteWriteClient {
  /** The remote's name (from the options or derived from its URL). */
  readonly name: string;
  private readonly queue: SampleQueue<WriteSample>;
  private readonly queueConfig: QueueConfig;
  private readonly http: HttpClient;
  private readonly headers: Record<string, string>;
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;
  private drainRequested = false;
  private timer: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;
  private inFlight = 0;
  private readonly counters = {
    samplesSent: 0,
    samplesFailed: 0,
    samplesRetried: 0,
    samplesDropped: 0,
    batchesSent: 0,
    highestSentTimestamp: 0,
  };
  private lastError: string | undefined;

  constructor(private readonly options: RemoteWriteClientOptions) {
    const url = new URL(options.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`remote write URL "${options.url}" must use http or https`);
    }
    this.name = options.name || createHash('sha256').update(options.url).digest('hex').slice(0, 6);
    const given = Object.entries(options.queue ?? {}).filter(([, v]) => v !== undefined);
    this.queueConfig = { ...DEFAULT_QUEUE_CONFIG, ...Object.fromEntries(given) };
    if (!(this.queueConfig.maxSamplesPerSend >= 1)) {
      throw new Error(`max_samples_per_send must be at least 1, got ${this.queueConfig.maxSamplesPerSend}`);
    }
    this.queue = new SampleQueue(this.queueConfig.capacity);
    this.http = new HttpClient(
      { ...options.http, headers: { ...options.http?.headers, ...options.headers } },
      options.userAgent,
    );
    this.headers = {
      'content-encoding': 'snappy',
      'content-type': 'application/x-protobuf',
      'x-prometheus-remote-write-version': '0.1.0',
    };
  }

  /** append queues samples for sending; after close() they are counted as dropped. */
  append(samples: Iterable<WriteSample>): void {
    if (this.closing) {
      for (const _ of samples) this.counters.samplesDropped++;
      return;
    }
    for (const s of samples) this.counters.samplesDropped += this.queue.push(s);
    if (this.queue.length >= this.queueConfig.maxSamplesPerSend) void this.kick();
    else this.armTimer();
  }

  /** flush sends everything buffered and resolves when the buffer is empty and no send is in flight. */
  async flush(): Promise<void> {
    do {
      this.drainRequested = true;
      await this.kick();
    } while (!this.stopping.signal.aborted && (this.queue.length > 0 || this.loop));
  }

  /**
   * close stops accepting samples, sends what is buffered and resolves once done or once `deadlineMs`
   * has passed; then the in-flight batch counts as failed and the rest as dropped.
   */
  close(deadlineMs: number = DEFAULT_FLUSH_DEADLINE_MS): Promise<void> {
    this.closing ??= (async () => {
      this.clearTimer();
      const deadline = setTimeout(() => this.stopping.abort(), deadlineMs);
      try {
        await this.flush();
      } finally {
        clearTimeout(deadline);
        this.counters.samplesDropped += this.queue.clear();
        this.http.close();
      }
    })();
    return this.closing;
  }

  /** stats returns the current counters and gauges. */
  stats(): RemoteWriteStats {
    const out: RemoteWriteStats = { ...this.counters, samplesPending: this.queue.length + this.inFlight };
    if (this.lastError !== undefined) out.lastError = this.lastError;
    return out;
  }

  private kick(): Promise<void> {
    this.loop ??= this.run().finally(() => {
      this.loop = undefined;
      if (this.stopping.signal.aborted) return;
      // Samples may have arrived while the loop was winding down.
      if (
        this.queue.length >= this.queueConfig.maxSamplesPerSend ||
        (this.drainRequested && this.queue.length > 0)
      ) {
        void this.kick();
      } else {
        this.drainRequested = false;
        this.armTimer();
      }
    });
    return this.loop;
  }

  private async run(): Promise<void> {
    const max = this.queueConfig.maxSamplesPerSend;
    while (
      !this.stopping.signal.aborted &&
      (this.queue.length >= max || (this.drainRequested && this.queue.length > 0))
    ) {
      if (this.queue.length < max) this.clearTimer();
      await this.sendBatch(this.queue.take(max));
    }
  }

  private armTimer(): void {
    if (this.timer || this.closing || this.queue.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.drainRequested = true;
      void this.kick();
    }, this.queueConfig.batchSendDeadlineMs);
    // Buffered samples alone must not keep the process alive; close() is how to deliver them.
    this.timer.unref();
  }

  private clearTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async sendBatch(batch: WriteSample[]): Promise<void> {
    const ageLimit = this.queueConfig.sampleAgeLimitMs;
    if (ageLimit > 0) {
      const oldest = Date.now() - ageLimit;
      const fresh = batch.filter((s) => s.t >= oldest);
      this.counters.samplesDropped += batch.length - fresh.length;
      batch = fresh;
    }
    if (batch.length === 0) return;
    this.inFlight = batch.length;
    try {
      let body: Uint8Array;
      try {
        body = compressSync(encodeWriteRequest(this.toSeries(batch)));
      } catch (err) {
        // Unencodable input (a caller broke the Labels type) must cost this batch, not the send loop.
        const error = new RemoteWriteError(
          `remote write to ${this.name}: cannot encode batch: ${errorMessage(err)}`,
        );
        this.lastError = error.message;
        this.options.onError?.(error, { samples: batch.length, willRetry: false });
        this.counters.samplesFailed += batch.length;
        return;
      }
      let backoff = this.queueConfig.minBackoffMs;
      for (let attempt = 0; ; attempt++) {
        const outcome = await this.attempt(body, attempt);
        if (outcome.kind === 'ok') {
          this.counters.samplesSent += batch.length;
          this.counters.batchesSent++;
          for (const s of batch)
            if (s.t > this.counters.highestSentTimestamp) this.counters.highestSentTimestamp = s.t;
          return;
        }
        this.lastError = outcome.error.message;
        const willRetry = outcome.kind === 'retry' && !this.stopping.signal.aborted;
        this.options.onError?.(outcome.error, { samples: batch.length, willRetry });
        if (outcome.kind === 'fail' || !willRetry) {
          this.counters.samplesFailed += batch.length;
          return;
        }
        // A server's Retry-After wins over our own schedule, as in Prometheus.
        const wait = outcome.retryAfterMs > 0 ? outcome.retryAfterMs : backoff;
        if (!(await sleep(wait, this.stopping.signal))) {
          this.counters.samplesFailed += batch.length;
          return;
        }
        this.counters.samplesRetried += batch.length;
        backoff = Math.min(wait * 2, this.queueConfig.maxBackoffMs);
      }
    } finally {
      this.inFlight = 0;
    }
  }

  private async attempt(body: Uint8Array, attempt: number): Promise<Attempt> {
    let res: HttpResponse;
    try {
      res = await this.http.request({
        method: 'POST',
        url: this.options.url,
        headers: attempt > 0 ? { ...this.headers, 'retry-attempt': String(attempt) } : this.headers,
        body,
        timeoutMs: this.options.remoteTimeoutMs ?? DEFAULT_REMOTE_TIMEOUT_MS,
        signal: this.stopping.signal,
        // Only the first bytes of an error body are read; a huge success body must not fail the send.
        maxResponseBytes: 64 * 1024 * 1024,
      });
    } catch (err) {
      // No answer (refused, reset, timed out): the data may not have arrived, so try again.
      const error = new RemoteWriteError(
        `remote write to ${this.name} failed: ${errorMessage(err)}`,
        undefined,
        { cause: err },
      );
      return { kind: 'retry', error, retryAfterMs: 0 };
    }
    if (res.status >= 200 && res.status < 300) return { kind: 'ok' };
    const text = res.body.subarray(0, MAX_ERROR_BODY).toString('utf8').trim();
    const error = new RemoteWriteError(
      `remote write to ${this.name}: server returned HTTP status ${res.status} ${res.statusText}: ${text}`,
      res.status,
    );
    if (res.status >= 500 || (res.status === 429 && this.queueConfig.retryOnRateLimit)) {
      return { kind: 'retry', error, retryAfterMs: retryAfterMs(res.headers['retry-after']) };
    }
    return { kind: 'fail', error };
  }

  private toSeries(batch: WriteSample[]): WriteSeries[] {
    const external = this.options.externalLabels;
    const hasExternal = external !== undefined && Object.keys(external).length > 0;
    // One TimeSeries per sample, as Prometheus's queue sends them: no grouping cost, same result.
    return batch.map((s) => ({
      labels: hasExternal ? { ...external, ...s.labels } : s.labels,
      samples: [s.stale ? { t: s.t, v: s.v, stale: true } : { t: s.t, v: s.v }],
    }));
  }
}

/** retryAfterMs reads a Retry-After header (seconds or an HTTP date); 0 when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now: number = Date.now()): number {
  if (header === undefined || header.trim() === '') return 0;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? 0 : Math.max(0, at - now);
}

function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
