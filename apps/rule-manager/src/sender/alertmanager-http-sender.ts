import type { PostableAlert } from '@vigil/contracts';
import { AlertBuffer } from './alert-buffer';
import { DEFAULT_CLOSE_TIMEOUT_MS, errorMessage, silentLogger } from './alert-sender';
import type { AlertSender, AlertSource, CloseOptions, OutgoingAlert, SenderLogger } from './alert-sender';
import { WakeSignal } from './wake-signal';

/** AlertmanagerEndpoint is one Alertmanager to POST to. */
export interface AlertmanagerEndpoint {
  /** Base URL including any path prefix, e.g. `http://am:9093` or `https://host/alertmanager`. */
  url: string;
  /** Per-request timeout; default the sender's timeoutMs. */
  timeoutMs?: number;
  basicAuth?: { username: string; password: string };
  /** Sent as `Authorization: Bearer <token>`; ignored when basicAuth is set. */
  bearerToken?: string;
  /** Extra request headers. */
  headers?: Record<string, string>;
}

/** AlertmanagerHttpSenderOptions configures an AlertmanagerHttpSender. */
export interface AlertmanagerHttpSenderOptions {
  alertmanagers: readonly AlertmanagerEndpoint[];
  /** Most alerts queued (default 10000); when full the oldest are dropped. */
  capacity?: number;
  /** Most alerts per request (default 256, Prometheus's DefaultMaxBatchSize). */
  maxBatchSize?: number;
  /** Request timeout (default 10000 ms, Prometheus's default `timeout`). */
  timeoutMs?: number;
  userAgent?: string;
  logger?: SenderLogger;
  /** The fetch to use (tests, proxies); default the global fetch. */
  fetch?: typeof fetch;
}

/** AlertmanagerStats are one Alertmanager's counters. */
export interface AlertmanagerStats {
  /** The POST URL (`…/api/v2/alerts`). */
  url: string;
  sentAlerts: number;
  /** Alerts in requests that failed (non-2xx, timeout, connection error). */
  errorAlerts: number;
  /** Seconds the last request took, successful or not. */
  lastLatencySeconds: number;
}

/** AlertmanagerHttpSenderStats are the sender's gauges and counters, for /metrics. */
export interface AlertmanagerHttpSenderStats {
  queueLength: number;
  capacity: number;
  /** Alerts dropped: queue overflow, no Alertmanager accepted them, or left over at close. */
  droppedAlerts: number;
  alertmanagers: AlertmanagerStats[];
}

/** DEFAULT_MAX_BATCH_SIZE is Prometheus's notifier batch size. */
export const DEFAULT_MAX_BATCH_SIZE = 256;

interface Target {
  postURL: string;
  timeoutMs: number;
  headers: Record<string, string>;
  stats: AlertmanagerStats;
}

/**
 * AlertmanagerHttpSender POSTs alerts to every configured Alertmanager's `/api/v2/alerts`, as Prometheus's notifier
 * does: one bounded queue (oldest dropped when full), batches of at most maxBatchSize sent to all Alertmanagers at
 * once, and a batch counts as delivered when at least one accepted it. A batch nobody accepted is dropped, not
 * retried: the rules resend firing alerts every resend delay anyway.
 */
export class AlertmanagerHttpSender implements AlertSender {
  private readonly buffer: AlertBuffer<PostableAlert, { alerts: PostableAlert[] }>;
  private readonly signal = new WakeSignal();
  private readonly targets: Target[];
  private readonly maxBatchSize: number;
  private readonly logger: SenderLogger;
  private readonly fetch: typeof fetch;
  private readonly loop: Promise<void>;
  private inFlight = 0;
  private droppedAlerts = 0;
  private closing = false;
  private closeDeadline = Infinity;
  private closed: Promise<void> | undefined;

  constructor(opts: AlertmanagerHttpSenderOptions) {
    if (opts.alertmanagers.length === 0)
      throw new Error('AlertmanagerHttpSender needs at least one Alertmanager');
    const timeoutMs = opts.timeoutMs ?? 10_000;
    const userAgent = opts.userAgent ?? 'vigil-rule-manager';
    this.targets = opts.alertmanagers.map((am) => {
      const postURL = alertsURL(am.url);
      return {
        postURL,
        timeoutMs: am.timeoutMs ?? timeoutMs,
        headers: {
          ...am.headers,
          'Content-Type': 'application/json',
          'User-Agent': userAgent,
          ...authHeader(am),
        },
        stats: { url: postURL, sentAlerts: 0, errorAlerts: 0, lastLatencySeconds: 0 },
      };
    });
    this.buffer = new AlertBuffer(opts.capacity ?? 10_000);
    this.maxBatchSize = opts.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE;
    this.logger = opts.logger ?? silentLogger;
    this.fetch = opts.fetch ?? globalThis.fetch;
    this.loop = this.run().catch((err: unknown) => {
      this.logger.error({ err: errorMessage(err) }, 'alertmanager sender loop stopped');
    });
  }

  /** send queues the alerts (without their `rule` field, which Alertmanager does not know) and returns at once. */
  send(alerts: readonly OutgoingAlert[], _source: AlertSource): void {
    try {
      if (alerts.length === 0) return;
      if (this.closing) {
        this.droppedAlerts += alerts.length;
        return;
      }
      const dropped = this.buffer.push({ alerts: alerts.map(toPostable) });
      if (dropped > 0) {
        this.droppedAlerts += dropped;
        this.logger.warn({ count: dropped }, 'alert notification queue full, dropping alerts');
      }
      this.signal.notify();
    } catch (err) {
      this.logger.error({ err: errorMessage(err) }, 'queueing alerts for alertmanager failed');
    }
  }

  /** stats reports the queue and per-Alertmanager counters. */
  stats(): AlertmanagerHttpSenderStats {
    return {
      queueLength: this.buffer.alertCount + this.inFlight,
      capacity: this.buffer.capacity,
      droppedAlerts: this.droppedAlerts,
      alertmanagers: this.targets.map((t) => ({ ...t.stats })),
    };
  }

  /** flush resolves true once every queued alert has been attempted, or false after timeoutMs. */
  async flush(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.buffer.alertCount + this.inFlight > 0) {
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return true;
  }

  /** close stops accepting alerts, sends what is queued within the timeout and drops the rest. */
  close(opts: CloseOptions = {}): Promise<void> {
    if (!this.closed) {
      this.closing = true;
      this.closeDeadline = Date.now() + (opts.timeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS);
      this.signal.notify();
      this.closed = this.loop.then(() => {
        const left = this.buffer.clear();
        if (left > 0) {
          this.droppedAlerts += left;
          this.logger.warn(
            { count: left },
            'alert notification queue not drained on shutdown, dropping alerts',
          );
        }
      });
    }
    return this.closed;
  }

  private async run(): Promise<void> {
    for (;;) {
      if (this.closing && (this.buffer.alertCount === 0 || Date.now() >= this.closeDeadline)) return;
      if (this.buffer.alertCount === 0) {
        await this.signal.wait();
        continue;
      }
      const batch = this.buffer.takeAlerts(this.maxBatchSize);
      this.inFlight = batch.length;
      try {
        if (!(await this.sendAll(batch))) this.droppedAlerts += batch.length;
      } finally {
        this.inFlight = 0;
      }
    }
  }

  /** sendAll posts one batch to every Alertmanager at once; true when at least one accepted it. */
  private async sendAll(batch: PostableAlert[]): Promise<boolean> {
    const body = JSON.stringify(batch);
    const results = await Promise.all(this.targets.map((t) => this.post(t, body, batch.length)));
    return results.some(Boolean);
  }

  private async post(target: Target, body: string, count: number): Promise<boolean> {
    const started = performance.now();
    const timeoutMs = this.closing
      ? Math.max(1, Math.min(target.timeoutMs, this.closeDeadline - Date.now()))
      : target.timeoutMs;
    try {
      const res = await this.fetch(target.postURL, {
        method: 'POST',
        headers: target.headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      // Read the body so the connection can be reused.
      const text = await res.text();
      if (!res.ok) throw new Error(`bad response status ${res.status}: ${text.slice(0, 200)}`);
      target.stats.sentAlerts += count;
      return true;
    } catch (err) {
      target.stats.errorAlerts += count;
      this.logger.error(
        { alertmanager: target.postURL, count, err: errorMessage(err) },
        'error sending alerts',
      );
      return false;
    } finally {
      target.stats.lastLatencySeconds = (performance.now() - started) / 1000;
    }
  }
}

/** alertsURL is the `/api/v2/alerts` endpoint under an Alertmanager base URL; it throws on a non-HTTP(S) URL. */
export function alertsURL(base: string): string {
  const url = new URL(base);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`alertmanager URL ${JSON.stringify(base)} must be http or https`);
  }
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/api/v2/alerts`;
  return url.toString();
}

function authHeader(am: AlertmanagerEndpoint): Record<string, string> {
  if (am.basicAuth) {
    const token = Buffer.from(`${am.basicAuth.username}:${am.basicAuth.password}`).toString('base64');
    return { Authorization: `Basic ${token}` };
  }
  if (am.bearerToken !== undefined) return { Authorization: `Bearer ${am.bearerToken}` };
  return {};
}

function toPostable(alert: OutgoingAlert): PostableAlert {
  const { rule: _rule, ...postable } = alert;
  return postable;
}
