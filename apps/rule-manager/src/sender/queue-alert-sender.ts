import { randomUUID } from 'node:crypto';
import { ALERT_BATCH_JOB_VERSION, compileParser, QueuedAlertSchema } from '@vigil/contracts';
import type { AlertBatchJob, AlertBatchSource } from '@vigil/contracts';
import { InvalidAlertBatchJobError } from '@vigil/queue';
import type { AlertBatchEntry } from '@vigil/queue';
import { AlertBuffer } from './alert-buffer';
import { DEFAULT_CLOSE_TIMEOUT_MS, errorMessage, silentLogger, withRule } from './alert-sender';
import type { AlertSender, AlertSource, CloseOptions, OutgoingAlert, SenderLogger } from './alert-sender';
import { WakeSignal } from './wake-signal';

/** AlertBatchQueue is what the sender needs from the queue; AlertQueueProducer from @vigil/queue provides it. */
export interface AlertBatchQueue {
  /** addBulk writes jobs in order; re-adding an id it already holds must be a no-op. */
  addBulk(entries: readonly AlertBatchEntry[]): Promise<unknown>;
  /** isReady tells whether a write can succeed now. */
  isReady(): boolean;
  /** onReady subscribes to (re)connections; returns an unsubscribe. */
  onReady(listener: () => void): () => void;
}

/** QueueAlertSenderOptions configures a QueueAlertSender. */
export interface QueueAlertSenderOptions {
  queue: AlertBatchQueue;
  /** This rule-manager's id in job payloads, e.g. `host:port`. */
  instance: string;
  /** Most alerts held while Redis is unreachable (default 10000, Prometheus's notifier queue capacity). */
  capacity?: number;
  /** Most batches written per round trip (default 100). */
  maxBatchesPerWrite?: number;
  /** A write not answered within this is treated as failed and retried (default 10000 ms). */
  writeTimeoutMs?: number;
  /** Retry backoff bounds after a failed write (defaults 100 and 2000 ms). */
  minRetryDelayMs?: number;
  maxRetryDelayMs?: number;
  logger?: SenderLogger;
  /** Clock for `sentAt` (ms since epoch). */
  now?: () => number;
}

/** QueueAlertSenderStats are the sender's gauges and counters, for /metrics. */
export interface QueueAlertSenderStats {
  /** Alerts waiting in memory, including a write in progress. */
  bufferedAlerts: number;
  bufferedBatches: number;
  capacity: number;
  /** Alerts dropped: buffer overflow, left over at close, or sent after close. */
  droppedAlerts: number;
  /** Alerts dropped because they broke the payload contract (a bug upstream). */
  invalidAlerts: number;
  sentAlerts: number;
  sentBatches: number;
  /** Writes to Redis that failed or timed out (each is retried). */
  failedWrites: number;
}

/** DEFAULT_QUEUE_SENDER_CAPACITY matches Prometheus's default `--alertmanager.notification-queue-capacity`. */
export const DEFAULT_QUEUE_SENDER_CAPACITY = 10_000;

interface PendingBatch {
  jobId: string;
  source: AlertBatchSource;
  sentAt: string;
  alerts: OutgoingAlert[];
}

const checkAlert = compileParser(QueuedAlertSchema);

/**
 * QueueAlertSender puts each batch on the BullMQ alert queue. `send` only appends to a bounded in-memory buffer; a
 * background loop writes the buffer to Redis in order, waits out outages (woken when the connection is ready again)
 * and retries failed writes. Every batch has a job id fixed when it is buffered, so a write that timed out but did
 * land is not duplicated by its retry.
 */
export class QueueAlertSender implements AlertSender {
  private readonly buffer: AlertBuffer<OutgoingAlert, PendingBatch>;
  private readonly signal = new WakeSignal();
  private readonly queue: AlertBatchQueue;
  private readonly instance: string;
  private readonly maxBatchesPerWrite: number;
  private readonly writeTimeoutMs: number;
  private readonly minRetryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly logger: SenderLogger;
  private readonly now: () => number;
  private readonly bootId = randomUUID();
  private readonly unsubscribe: () => void;
  private readonly loop: Promise<void>;
  private seq = 0;
  private inFlightAlerts = 0;
  private inFlightBatches = 0;
  private failuresInRow = 0;
  private closing = false;
  private closeDeadline = Infinity;
  private closed: Promise<void> | undefined;
  private counters = { droppedAlerts: 0, invalidAlerts: 0, sentAlerts: 0, sentBatches: 0, failedWrites: 0 };

  constructor(opts: QueueAlertSenderOptions) {
    if (opts.instance === '') throw new Error('QueueAlertSender needs a non-empty instance id');
    this.queue = opts.queue;
    this.instance = opts.instance;
    this.buffer = new AlertBuffer(opts.capacity ?? DEFAULT_QUEUE_SENDER_CAPACITY);
    this.maxBatchesPerWrite = opts.maxBatchesPerWrite ?? 100;
    this.writeTimeoutMs = opts.writeTimeoutMs ?? 10_000;
    this.minRetryDelayMs = opts.minRetryDelayMs ?? 100;
    this.maxRetryDelayMs = opts.maxRetryDelayMs ?? 2000;
    this.logger = opts.logger ?? silentLogger;
    this.now = opts.now ?? Date.now;
    this.unsubscribe = this.queue.onReady(() => this.signal.notify());
    this.loop = this.run().catch((err: unknown) => {
      this.logger.error({ err: errorMessage(err) }, 'alert queue sender loop stopped');
    });
  }

  /** send buffers one batch for the queue and returns at once. */
  send(alerts: readonly OutgoingAlert[], source: AlertSource): void {
    try {
      this.enqueue(alerts, source);
    } catch (err) {
      // send must never throw into rule evaluation.
      this.logger.error({ err: errorMessage(err), group: source.group }, 'buffering alerts failed');
    }
  }

  /** stats reports buffer size and totals since start. */
  stats(): QueueAlertSenderStats {
    return {
      bufferedAlerts: this.buffer.alertCount + this.inFlightAlerts,
      bufferedBatches: this.buffer.batchCount + this.inFlightBatches,
      capacity: this.buffer.capacity,
      ...this.counters,
    };
  }

  /** flush resolves true once everything buffered so far is written, or false after timeoutMs. */
  async flush(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.buffer.alertCount + this.inFlightAlerts > 0) {
      if (Date.now() >= deadline) return false;
      await sleep(10);
    }
    return true;
  }

  /** close stops accepting batches, writes what it can within the timeout and counts the rest as dropped. */
  close(opts: CloseOptions = {}): Promise<void> {
    if (!this.closed) {
      this.closing = true;
      this.closeDeadline = Date.now() + (opts.timeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS);
      this.signal.notify();
      this.closed = this.loop.then(() => {
        this.unsubscribe();
        const left = this.buffer.clear();
        if (left > 0) {
          this.counters.droppedAlerts += left;
          this.logger.warn({ count: left }, 'alert queue not drained on shutdown, dropping alerts');
        }
      });
    }
    return this.closed;
  }

  private enqueue(alerts: readonly OutgoingAlert[], source: AlertSource): void {
    if (alerts.length === 0) return;
    if (this.closing) {
      this.counters.droppedAlerts += alerts.length;
      return;
    }
    const valid: OutgoingAlert[] = [];
    for (const alert of withRule(alerts, source.rule)) {
      const checked = checkAlert(alert);
      if (checked.ok) valid.push(checked.value);
      else {
        this.counters.invalidAlerts += 1;
        this.logger.error(
          { group: source.group, labels: alert.labels, errors: checked.errors },
          'dropping invalid alert',
        );
      }
    }
    if (valid.length === 0) return;
    const dropped = this.buffer.push({
      jobId: `${this.bootId}-${++this.seq}`,
      source: { instance: this.instance, group: source.group, file: source.file },
      sentAt: new Date(this.now()).toISOString(),
      alerts: valid,
    });
    if (dropped > 0) {
      this.counters.droppedAlerts += dropped;
      this.logger.warn(
        { count: dropped, capacity: this.buffer.capacity },
        'alert queue buffer full, dropped oldest alerts',
      );
    }
    this.signal.notify();
  }

  private async run(): Promise<void> {
    for (;;) {
      if (this.closing && (this.buffer.alertCount === 0 || Date.now() >= this.closeDeadline)) return;
      if (this.buffer.alertCount === 0) {
        await this.signal.wait();
      } else if (!this.queue.isReady()) {
        await this.signal.wait(this.boundedDelay(this.maxRetryDelayMs));
      } else if (!(await this.writeOnce())) {
        await this.signal.wait(this.boundedDelay(this.retryDelay()));
      }
    }
  }

  /** writeOnce writes the front of the buffer; on failure the batches go back to the front for the next try. */
  private async writeOnce(): Promise<boolean> {
    const batches = this.buffer.takeBatches(this.maxBatchesPerWrite);
    const alertCount = batches.reduce((n, b) => n + b.alerts.length, 0);
    this.inFlightAlerts = alertCount;
    this.inFlightBatches = batches.length;
    try {
      const entries = batches.map((b) => ({ jobId: b.jobId, job: toJob(b) }));
      await withTimeout(
        this.queue.addBulk(entries),
        this.boundedDelay(this.writeTimeoutMs),
        'queue write timed out',
      );
      this.counters.sentAlerts += alertCount;
      this.counters.sentBatches += batches.length;
      if (this.failuresInRow > 0) {
        this.logger.info({ failedWrites: this.failuresInRow }, 'alert queue writes resumed');
        this.failuresInRow = 0;
      }
      return true;
    } catch (err) {
      if (err instanceof InvalidAlertBatchJobError) {
        // Alerts are checked on send, so this is a bug; retrying cannot fix it and would block the queue.
        this.counters.invalidAlerts += alertCount;
        this.logger.error(
          { err: err.message, count: alertCount },
          'dropping batches the queue rejected as invalid',
        );
        return true;
      }
      this.counters.failedWrites += 1;
      this.failuresInRow += 1;
      if (this.failuresInRow === 1) {
        this.logger.warn({ err: errorMessage(err) }, 'alert queue write failed; buffering and retrying');
      }
      const dropped = this.buffer.putBack(batches);
      this.counters.droppedAlerts += dropped;
      return false;
    } finally {
      this.inFlightAlerts = 0;
      this.inFlightBatches = 0;
    }
  }

  private retryDelay(): number {
    const exponent = Math.min(Math.max(this.failuresInRow, 1) - 1, 20);
    return Math.min(this.minRetryDelayMs * 2 ** exponent, this.maxRetryDelayMs);
  }

  /** boundedDelay keeps waits within the close deadline once closing. */
  private boundedDelay(ms: number): number {
    return this.closing ? Math.max(0, Math.min(ms, this.closeDeadline - Date.now())) : ms;
  }
}

function toJob(b: PendingBatch): AlertBatchJob {
  return { version: ALERT_BATCH_JOB_VERSION, source: b.source, alerts: b.alerts, sentAt: b.sentAt };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  // The abandoned write may still settle later; its outcome is irrelevant because the retry reuses the job ids.
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
