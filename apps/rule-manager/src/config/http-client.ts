import http from 'node:http';
import https from 'node:https';
import { readFile } from 'node:fs/promises';
import type { HttpClientConfig, TlsConfig, TlsVersion } from './http-client-config';

/** The User-Agent Vigil sends unless a caller passes its own. */
export const DEFAULT_USER_AGENT = 'vigil/0.1.0';

/** The largest response body read by default; bigger ones fail instead of exhausting memory. */
export const DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 10;

/** HttpRequest is one exchange: the timeout covers connecting, redirects and reading the whole body. */
export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  timeoutMs: number;
  signal?: AbortSignal;
  maxResponseBytes?: number;
}

/** HttpResponse is a fully read response; `url` is where it came from after redirects. */
export interface HttpResponse {
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  url: string;
}

/** HttpTimeoutError says the exchange did not finish within its timeout. */
export class HttpTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${formatSeconds(timeoutMs)}`);
    this.name = 'HttpTimeoutError';
  }
}

/** HttpAbortError says the caller's AbortSignal ended the exchange. */
export class HttpAbortError extends Error {
  constructor(cause: unknown) {
    super('request aborted', { cause });
    this.name = 'HttpAbortError';
  }
}

/** HttpResponseTooLargeError says a response body exceeded `maxResponseBytes`. */
export class HttpResponseTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`response body larger than ${limitBytes} bytes`);
    this.name = 'HttpResponseTooLargeError';
  }
}

/**
 * HttpClient sends requests with Prometheus-style HTTP client settings: basic auth, `Authorization`
 * credentials (inline or from a file re-read per request), TLS options and keep-alive connections.
 */
export class HttpClient {
  private plainAgent?: http.Agent;
  private tlsAgent?: Promise<https.Agent>;

  constructor(
    private readonly config: HttpClientConfig = {},
    private readonly userAgent: string = DEFAULT_USER_AGENT,
  ) {}

  /** request performs one exchange, following redirects unless `followRedirects` is false. */
  async request(req: HttpRequest): Promise<HttpResponse> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new HttpTimeoutError(req.timeoutMs)), req.timeoutMs);
    const onAbort = (): void => controller.abort(new HttpAbortError(req.signal?.reason));
    if (req.signal?.aborted) onAbort();
    else req.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const headers: Record<string, string> = {
        ...this.config.headers,
        'user-agent': this.userAgent,
        ...req.headers,
      };
      const auth = await this.authorizationHeader();
      if (auth !== undefined) headers['authorization'] = auth;
      let url = new URL(req.url);
      for (let hop = 0; ; hop++) {
        const res = await this.exchange(url, req, headers, controller.signal);
        const location = res.headers.location;
        if (this.config.followRedirects === false || !REDIRECT_STATUSES.has(res.status) || !location)
          return res;
        if (hop >= MAX_REDIRECTS) throw new Error(`stopped after ${MAX_REDIRECTS} redirects`);
        const next = new URL(location, url);
        // Credentials stay with the host they were configured for, as Go's client does.
        if (next.host !== url.host) delete headers['authorization'];
        url = next;
      }
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** close drops idle keep-alive connections; in-flight requests are not interrupted. */
  close(): void {
    this.plainAgent?.destroy();
    this.plainAgent = undefined;
    const tls = this.tlsAgent;
    this.tlsAgent = undefined;
    tls?.then((a) => a.destroy()).catch(() => undefined);
  }

  private async exchange(
    url: URL,
    req: HttpRequest,
    headers: Record<string, string>,
    signal: AbortSignal,
  ): Promise<HttpResponse> {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`unsupported URL scheme "${url.protocol}" in ${url.href}`);
    }
    const agent = url.protocol === 'https:' ? await this.getTlsAgent() : this.getPlainAgent();
    signal.throwIfAborted();
    const body = typeof req.body === 'string' ? Buffer.from(req.body) : req.body;
    const limit = req.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const send = url.protocol === 'https:' ? https.request : http.request;
    return new Promise<HttpResponse>((resolve, reject) => {
      const outgoing = send(
        url,
        {
          method: req.method,
          agent,
          headers: body ? { ...headers, 'content-length': String(body.byteLength) } : headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > limit) {
              reject(new HttpResponseTooLargeError(limit));
              outgoing.destroy();
              return;
            }
            chunks.push(chunk);
          });
          res.on('error', reject);
          res.on('close', () => {
            if (!res.complete) reject(new Error('connection closed before the response body ended'));
          });
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              statusText: res.statusMessage ?? '',
              headers: res.headers,
              body: Buffer.concat(chunks, size),
              url: url.href,
            }),
          );
        },
      );
      const onAbort = (): void => {
        reject(signal.reason);
        outgoing.destroy();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      outgoing.on('close', () => signal.removeEventListener('abort', onAbort));
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  private getPlainAgent(): http.Agent {
    this.plainAgent ??= new http.Agent({ keepAlive: true });
    return this.plainAgent;
  }

  private getTlsAgent(): Promise<https.Agent> {
    if (!this.tlsAgent) {
      const building = buildTlsAgent(this.config.tls ?? {});
      this.tlsAgent = building;
      // A missing file should fail this request, not every later one after it is fixed.
      building.catch(() => {
        if (this.tlsAgent === building) this.tlsAgent = undefined;
      });
    }
    return this.tlsAgent;
  }

  private async authorizationHeader(): Promise<string | undefined> {
    const { basicAuth, authorization } = this.config;
    if (basicAuth) {
      const user = basicAuth.usernameFile
        ? await readSecret(basicAuth.usernameFile, 'basic_auth username')
        : (basicAuth.username ?? '');
      const pass = basicAuth.passwordFile
        ? await readSecret(basicAuth.passwordFile, 'basic_auth password')
        : (basicAuth.password ?? '');
      return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
    }
    if (authorization && (authorization.credentials || authorization.credentialsFile)) {
      const credentials = authorization.credentialsFile
        ? await readSecret(authorization.credentialsFile, 'authorization credentials')
        : (authorization.credentials ?? '');
      return `${authorization.type} ${credentials}`;
    }
    return undefined;
  }
}

const NODE_TLS_VERSIONS: Record<TlsVersion, 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'> = {
  TLS10: 'TLSv1',
  TLS11: 'TLSv1.1',
  TLS12: 'TLSv1.2',
  TLS13: 'TLSv1.3',
};

async function buildTlsAgent(tls: TlsConfig): Promise<https.Agent> {
  const ca = tls.caFile ? await readPem(tls.caFile, 'CA') : tls.ca;
  const cert = tls.certFile ? await readPem(tls.certFile, 'client certificate') : tls.cert;
  const key = tls.keyFile ? await readPem(tls.keyFile, 'client key') : tls.key;
  return new https.Agent({
    keepAlive: true,
    ca,
    cert,
    key,
    servername: tls.serverName,
    rejectUnauthorized: tls.insecureSkipVerify !== true,
    // Prometheus defaults min_version to TLS 1.2, as Node does.
    minVersion: NODE_TLS_VERSIONS[tls.minVersion ?? 'TLS12'],
    maxVersion: tls.maxVersion ? NODE_TLS_VERSIONS[tls.maxVersion] : undefined,
  });
}

async function readPem(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`unable to read ${what} file "${file}": ${errorMessage(err)}`, { cause: err });
  }
}

async function readSecret(file: string, what: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (err) {
    throw new Error(`unable to read ${what} file "${file}": ${errorMessage(err)}`, { cause: err });
  }
}

/** errorMessage extracts a printable message from anything thrown. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** formatSeconds prints a millisecond duration as seconds the way users read timeouts (`30s`, `0.25s`). */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))}s`;
}
