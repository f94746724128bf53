// The HTTP transport of Slack notifications: a fetch function on node:http/https that honours the integration's
// `http_config` (TLS, extra headers, authorization), the flush's abort signal and the configured timeout. Both the
// incoming-webhook POST and @slack/web-api's WebClient (through its `fetch` option) send through it, so
// Retry-After and the status reach the classifier.

import { readFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { FetchFunction } from '@slack/web-api';
import type { HttpClientConfig } from '../../config/http-config';
import { DEFAULT_USER_AGENT, UnsupportedHttpConfigError } from '../http/http-client';
import { tlsOptions, unsupportedTls } from '../email/tls-options';

/** Response bodies are kept up to this size; Slack's answers are small. */
const MAX_BODY_BYTES = 1024 * 1024;

/** SlackTimeoutError is a request that ran past the integration's `timeout`. */
export class SlackTimeoutError extends Error {
  override readonly name = 'SlackTimeoutError';
}

/** SlackHttpOptions configure the transport. */
export interface SlackHttpOptions {
  httpConfig?: HttpClientConfig;
  userAgent?: string;
  /** The Web API path sends the app token itself; http_config's authorization (that same token) is skipped. */
  skipAuthorization?: boolean;
}

function unsupported(c: HttpClientConfig | undefined): string[] {
  if (!c) return [];
  const out: string[] = [];
  if (c.oauth2) out.push('oauth2');
  if (c.proxyUrl) out.push('proxy_url');
  if (c.proxyFromEnvironment) out.push('proxy_from_environment');
  if (c.basicAuth?.usernameRef || c.basicAuth?.passwordRef) out.push('basic_auth *_ref');
  if (c.authorization?.credentialsRef) out.push('authorization credentials_ref');
  const tls = unsupportedTls(c.tlsConfig);
  if (tls) out.push(tls);
  return out;
}

async function readSecret(file: string, what: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (err) {
    throw new Error(
      `unable to read ${what} file ${file}: ${err instanceof Error ? err.message : String(err)}`,
      {
        cause: err,
      },
    );
  }
}

/** SlackHttp sends Slack's HTTP requests; one per integration, keeping its connections alive. */
export class SlackHttp {
  private readonly plainAgent = new http.Agent({ keepAlive: true });
  private tlsAgent: Promise<https.Agent> | undefined;
  private readonly userAgent: string;

  /** Throws UnsupportedHttpConfigError for `http_config` settings Vigil does not implement. */
  constructor(private readonly opts: SlackHttpOptions = {}) {
    const bad = unsupported(opts.httpConfig);
    if (bad.length > 0)
      throw new UnsupportedHttpConfigError(`http_config: not supported by Vigil: ${bad.join(', ')}`);
    this.userAgent = opts.userAgent ?? DEFAULT_USER_AGENT;
  }

  /**
   * fetchFor returns a fetch function whose requests abort with `signal` (rejecting with its reason) and fail with
   * a SlackTimeoutError after `timeoutMs` (0: no timeout).
   */
  fetchFor(signal: AbortSignal, timeoutMs: number, timeoutMessage = 'timeout reached'): FetchFunction {
    return async (input, init) => {
      const url = new URL(String(input));
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new Error(`unsupported protocol scheme "${url.protocol.replace(/:$/, '')}"`);
      }
      const body = init?.body;
      if (body !== undefined && typeof body !== 'string')
        throw new Error('only string request bodies are supported');
      const headers = await this.headers(init?.headers ?? {});
      const agent = await this.agentFor(url);
      const controller = new AbortController();
      const timeout = new SlackTimeoutError(timeoutMessage);
      const timer = timeoutMs > 0 ? setTimeout(() => controller.abort(timeout), timeoutMs) : undefined;
      const onAbort = (): void => controller.abort(signal.reason);
      const onInitAbort = (): void => controller.abort(init?.signal?.reason);
      if (signal.aborted) onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      init?.signal?.addEventListener('abort', onInitAbort, { once: true });
      try {
        return await exchange(url, init?.method ?? 'GET', headers, body, agent, controller.signal);
      } finally {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        init?.signal?.removeEventListener('abort', onInitAbort);
      }
    };
  }

  /** close drops idle keep-alive connections. */
  close(): void {
    this.plainAgent.destroy();
    const tls = this.tlsAgent;
    this.tlsAgent = undefined;
    tls?.then((a) => a.destroy()).catch(() => undefined);
  }

  private async headers(given: Record<string, string>): Promise<Record<string, string | string[]>> {
    const out: Record<string, string | string[]> = { 'user-agent': this.userAgent };
    for (const [k, v] of Object.entries(given)) out[k.toLowerCase()] = v;
    const c = this.opts.httpConfig;
    if (!c) return out;
    for (const [name, h] of Object.entries(c.httpHeaders ?? {})) {
      const files = await Promise.all((h.files ?? []).map((f) => readSecret(f, `header ${name}`)));
      const values = [...(h.values ?? []), ...(h.secrets ?? []), ...files];
      if (values.length > 0) out[name.toLowerCase()] = values;
    }
    if (!this.opts.skipAuthorization && out['authorization'] === undefined) {
      const auth = await authorization(c);
      if (auth !== undefined) out['authorization'] = auth;
    }
    return out;
  }

  private agentFor(url: URL): Promise<http.Agent> | http.Agent {
    if (url.protocol === 'http:') return this.plainAgent;
    if (!this.tlsAgent) {
      const building = tlsOptions(this.opts.httpConfig?.tlsConfig).then(
        (o) => new https.Agent({ keepAlive: true, ...o }),
      );
      this.tlsAgent = building;
      // An unreadable CA file fails this request, not every later one after it is fixed.
      building.catch(() => {
        if (this.tlsAgent === building) this.tlsAgent = undefined;
      });
    }
    return this.tlsAgent;
  }
}

async function authorization(c: HttpClientConfig): Promise<string | undefined> {
  if (c.basicAuth) {
    const b = c.basicAuth;
    const user = b.usernameFile ? await readSecret(b.usernameFile, 'basic auth username') : b.username;
    const pass = b.passwordFile ? await readSecret(b.passwordFile, 'basic auth password') : b.password;
    return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
  }
  const a = c.authorization;
  if (a) {
    const credentials = a.credentialsFile
      ? await readSecret(a.credentialsFile, 'authorization credentials')
      : a.credentials;
    return credentials ? `${a.type?.trim() || 'Bearer'} ${credentials}` : undefined;
  }
  const bearer = c.bearerTokenFile ? await readSecret(c.bearerTokenFile, 'bearer token') : c.bearerToken;
  return bearer ? `Bearer ${bearer}` : undefined;
}

// Statuses whose responses cannot carry a body (the Response constructor rejects one).
const NULL_BODY = new Set([101, 204, 205, 304]);

function exchange(
  url: URL,
  method: string,
  headers: Record<string, string | string[]>,
  body: string | undefined,
  agent: http.Agent,
  signal: AbortSignal,
): Promise<Response> {
  signal.throwIfAborted();
  const send = url.protocol === 'https:' ? https.request : http.request;
  const payload = body === undefined ? undefined : Buffer.from(body);
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method,
        agent,
        headers: payload ? { ...headers, 'content-length': String(payload.byteLength) } : headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        res.on('data', (chunk: Buffer) => {
          if (kept >= MAX_BODY_BYTES) return;
          chunks.push(chunk);
          kept += chunk.length;
        });
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const responseHeaders = new Headers();
          for (const [k, v] of Object.entries(res.headers)) {
            for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v])
              responseHeaders.append(k, one);
          }
          const data = NULL_BODY.has(status) ? null : Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES);
          resolve(
            new Response(data, { status, statusText: res.statusMessage ?? '', headers: responseHeaders }),
          );
        });
      },
    );
    const onAbort = (): void => {
      reject(signal.reason);
      req.destroy();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    req.on('close', () => signal.removeEventListener('abort', onAbort));
    req.on('error', reject);
    req.end(payload);
  });
}
