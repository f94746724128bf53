import type { QueryFn, QueryResult } from '@vigil/model';
import type { HttpClientConfig } from '../config/http-client-config';
import {
  HttpAbortError,
  HttpClient,
  HttpResponseTooLargeError,
  HttpTimeoutError,
  errorMessage,
  formatSeconds,
  type HttpResponse,
} from '../config/http-client';
import type { Datasource } from './datasource';
import { DatasourceError } from './datasource-error';
import { parseQueryResponse } from './parse-query-response';

/**
 * The default per-query timeout: Prometheus's own `--query.timeout` (2m). A rule group that must give
 * up sooner passes an AbortSignal; the server-side limit of the queried system still applies.
 */
export const DEFAULT_QUERY_TIMEOUT_MS = 120_000;

/** PrometheusHttpDatasourceOptions configures a PrometheusHttpDatasource. */
export interface PrometheusHttpDatasourceOptions {
  /** API root without `/api/v1`: `http://prometheus:9090`, `http://mimir/prometheus`, `http://vmselect:8481/select/0/prometheus`. */
  url: string;
  /** Per-query timeout in ms (default DEFAULT_QUERY_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Auth, TLS and extra headers (e.g. `X-Scope-OrgID`). */
  http?: HttpClientConfig;
  /** Extra form parameters sent with every query, e.g. Thanos's `dedup` or `partial_response`. */
  params?: Record<string, string>;
  /** POST (default; long expressions fit) or GET for proxies that only allow reads by GET. */
  method?: 'GET' | 'POST';
  userAgent?: string;
  /** Largest accepted response body in bytes (default 256 MiB). */
  maxResponseBytes?: number;
  /** Receives the `warnings` a server attaches to a successful answer. */
  onWarnings?: (expr: string, warnings: string[]) => void;
}

/**
 * PrometheusHttpDatasource runs instant queries against any Prometheus-compatible query API
 * (Prometheus, Thanos, Mimir, Cortex, VictoriaMetrics) through `/api/v1/query`.
 */
export class PrometheusHttpDatasource implements Datasource {
  /** query runs `expr` at `t` (ms); bound, so it can be handed around as a plain QueryFn. */
  readonly query: QueryFn;
  private readonly client: HttpClient;
  private readonly endpoint: string;
  private readonly shownEndpoint: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: PrometheusHttpDatasourceOptions) {
    let base: URL;
    try {
      base = new URL(options.url);
    } catch {
      throw new Error(`invalid datasource URL "${options.url}"`);
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new Error(`datasource URL "${options.url}" must use http or https`);
    }
    base.pathname = `${base.pathname.replace(/\/+$/, '')}/api/v1/query`;
    this.endpoint = base.href;
    if (base.password) base.password = 'xxxxx';
    this.shownEndpoint = base.href;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
    this.client = new HttpClient(options.http ?? {}, options.userAgent);
    this.query = (expr, t, signal) => this.run(expr, t, signal);
  }

  /** close drops the datasource's idle connections. */
  async close(): Promise<void> {
    this.client.close();
  }

  private async run(expr: string, t: number, signal?: AbortSignal): Promise<QueryResult> {
    const form = new URLSearchParams(this.options.params);
    form.set('query', expr);
    form.set('time', formatTime(t));
    const method = this.options.method ?? 'POST';
    let res: HttpResponse;
    try {
      res = await this.client.request({
        method,
        url: method === 'GET' ? `${this.endpoint}?${form}` : this.endpoint,
        headers:
          method === 'GET'
            ? { accept: 'application/json' }
            : { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
        body: method === 'GET' ? undefined : form.toString(),
        timeoutMs: this.timeoutMs,
        signal,
        maxResponseBytes: this.options.maxResponseBytes,
      });
    } catch (err) {
      throw this.requestError(err);
    }
    const contentType = res.headers['content-type'];
    const parsed = parseQueryResponse({
      status: res.status,
      statusText: res.statusText,
      contentType,
      body: res.body,
    });
    if (parsed.warnings.length > 0) this.options.onWarnings?.(expr, parsed.warnings);
    return parsed.result;
  }

  private requestError(err: unknown): DatasourceError {
    if (err instanceof HttpTimeoutError) {
      return new DatasourceError('timeout', `query timed out after ${formatSeconds(err.timeoutMs)}`, {
        cause: err,
      });
    }
    if (err instanceof HttpAbortError) return new DatasourceError('aborted', 'query aborted', { cause: err });
    if (err instanceof HttpResponseTooLargeError) {
      return new DatasourceError(
        'bad_response',
        `query response from ${this.shownEndpoint} is too large: ${err.message}`,
        {
          cause: err,
        },
      );
    }
    return new DatasourceError(
      'network',
      `query request to ${this.shownEndpoint} failed: ${errorMessage(err)}`,
      {
        cause: err,
      },
    );
  }
}

/** formatTime prints ms since the epoch as the API's `time` parameter: seconds with millisecond precision. */
export function formatTime(t: number): string {
  return (t / 1000).toFixed(3);
}
