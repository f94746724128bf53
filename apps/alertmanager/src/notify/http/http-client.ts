// The HTTP client notifiers post with: Prometheus's `http_config` (basic auth, authorization, bearer token, TLS,
// extra headers, redirects) on node:http/node:https with keep-alive.

import { readFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { SecureVersion } from 'node:tls';
import type { HttpClientConfig, TlsConfig } from '../../config/http-config';
import { NotifyError } from '../notify-error';

/** VIGIL_VERSION is the version Vigil reports in its User-Agent. */
export const VIGIL_VERSION = '0.1.0';

/**
 * DEFAULT_USER_AGENT is sent with every notification request. Alertmanager sends `Alertmanager/<version>`; Vigil
 * names itself so a receiver's logs tell the two apart.
 */
export const DEFAULT_USER_AGENT = `Vigil-Alertmanager/${VIGIL_VERSION}`;

/** Response bodies are kept up to this size, for error messages; the rest is read and dropped. */
const MAX_KEPT_BODY_BYTES = 64 * 1024;
const MAX_REDIRECTS = 10;

/** UnsupportedHttpConfigError is an `http_config` setting Vigil does not implement. */
export class UnsupportedHttpConfigError extends Error {
  override readonly name = 'UnsupportedHttpConfigError';
}

/** HttpPostRequest is one POST. */
export interface HttpPostRequest {
  url: string;
  body: string | Buffer;
  contentType: string;
  /** Aborts the exchange (flush deadline or cancel); the rejection is the signal's reason. */
  signal: AbortSignal;
  /** A timeout of its own (ms, 0 none); when hit, the request fails with `timeoutMessage`. */
  timeoutMs?: number;
  timeoutMessage?: string;
}

/** HttpResult is a response: its status and the start of its body. */
export interface HttpResult {
  status: number;
  body: string;
}

const TLS_VERSIONS: Record<string, SecureVersion> = {
  TLS10: 'TLSv1',
  TLS11: 'TLSv1.1',
  TLS12: 'TLSv1.2',
  TLS13: 'TLSv1.3',
};

async function readTrimmed(file: string, what: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (err) {
    throw new NotifyError(
      `unable to read ${what} file ${file}: ${err instanceof Error ? err.message : String(err)}`,
      {
        retriable: false,
        cause: err,
      },
    );
  }
}

function checkSupported(c: HttpClientConfig): void {
  const unsupported: string[] = [];
  if (c.oauth2) unsupported.push('oauth2');
  if (c.proxyUrl) unsupported.push('proxy_url');
  if (c.proxyFromEnvironment) unsupported.push('proxy_from_environment');
  if (c.basicAuth?.usernameRef || c.basicAuth?.passwordRef) unsupported.push('basic_auth *_ref');
  if (c.authorization?.credentialsRef) unsupported.push('authorization credentials_ref');
  const t = c.tlsConfig;
  if (t && (t.caRef || t.certRef || t.keyRef)) unsupported.push('tls_config *_ref');
  if (unsupported.length > 0) {
    throw new UnsupportedHttpConfigError(`http_config: not supported by Vigil: ${unsupported.join(', ')}`);
  }
}

async function tlsOptions(t: TlsConfig | undefined): Promise<https.AgentOptions> {
  if (!t) return {};
  const pick = async (inline: string, file: string, what: string): Promise<string | undefined> =>
    inline !== '' ? inline : file !== '' ? readTrimmed(file, what) : undefined;
  const [ca, cert, key] = await Promise.all([
    pick(t.ca, t.caFile, 'CA'),
    pick(t.cert, t.certFile, 'client certificate'),
    pick(t.key, t.keyFile, 'client key'),
  ]);
  const minVersion = t.minVersion ? TLS_VERSIONS[t.minVersion] : undefined;
  const maxVersion = t.maxVersion ? TLS_VERSIONS[t.maxVersion] : undefined;
  return {
    ...(ca !== undefined ? { ca } : {}),
    ...(cert !== undefined ? { cert } : {}),
    ...(key !== undefined ? { key } : {}),
    ...(t.serverName ? { servername: t.serverName } : {}),
    ...(minVersion ? { minVersion } : {}),
    ...(maxVersion ? { maxVersion } : {}),
    rejectUnauthorized: !t.insecureSkipVerify,
  };
}

/**
 * NotifierHttpClient posts notifications. Secrets in files (passwords, credentials, header files) are re-read per
 * request, as Prometheus does, so rotating them needs no reload. Settings Vigil lacks (OAuth2, proxies, secret refs)
 * fail at construction.
 */
export class NotifierHttpClient {
  private readonly config: HttpClientConfig | undefined;
  private readonly userAgent: string;
  private readonly plainAgent = new http.Agent({ keepAlive: true });
  private tlsAgent: Promise<https.Agent> | undefined;

  constructor(config: HttpClientConfig | undefined, opts: { userAgent?: string } = {}) {
    if (config) checkSupported(config);
    this.config = config;
    this.userAgent = opts.userAgent ?? DEFAULT_USER_AGENT;
  }

  /**
   * post sends the request and resolves with any response; connection failures and timeouts reject with a retriable
   * NotifyError whose message hides the URL (it may hold secrets), as Alertmanager's RedactURL does.
   */
  async post(req: HttpPostRequest): Promise<HttpResult> {
    const controller = new AbortController();
    const timeout = new Error(req.timeoutMessage ?? `timeout of ${req.timeoutMs ?? 0}ms reached`);
    const timer =
      req.timeoutMs && req.timeoutMs > 0
        ? setTimeout(() => controller.abort(timeout), req.timeoutMs)
        : undefined;
    const onAbort = (): void => controller.abort(req.signal.reason);
    if (req.signal.aborted) onAbort();
    else req.signal.addEventListener('abort', onAbort, { once: true });
    try {
      const headers = await this.headers(req.contentType);
      let url = parseUrl(req.url);
      let method = 'POST';
      let body: Buffer | undefined = typeof req.body === 'string' ? Buffer.from(req.body) : req.body;
      for (let hop = 0; ; hop++) {
        const res = await this.exchange(url, method, headers, body, controller.signal);
        if (this.config?.followRedirects === false || !isRedirect(res.status) || !res.location) return res;
        if (hop >= MAX_REDIRECTS)
          throw new NotifyError(`stopped after ${MAX_REDIRECTS} redirects`, { retriable: false });
        const next = new URL(res.location, url);
        // Go's client drops the body on 301/302/303 (re-sending as GET) and credentials on another host.
        if (res.status === 301 || res.status === 302 || res.status === 303) {
          method = 'GET';
          body = undefined;
          delete headers['content-type'];
        }
        if (next.host !== url.host) delete headers['authorization'];
        url = next;
      }
    } catch (err) {
      if (controller.signal.aborted && controller.signal.reason !== timeout) throw controller.signal.reason;
      if (err instanceof NotifyError) throw err;
      const cause =
        controller.signal.reason === timeout ? `context deadline exceeded: ${timeout.message}` : undefined;
      const message = err instanceof Error ? err.message : String(err);
      throw new NotifyError(`Post "<redacted>": ${cause ?? message}`, { retriable: true, cause: err });
    } finally {
      clearTimeout(timer);
      req.signal.removeEventListener('abort', onAbort);
    }
  }

  /** close drops idle keep-alive connections. */
  close(): void {
    this.plainAgent.destroy();
    const tls = this.tlsAgent;
    this.tlsAgent = undefined;
    tls?.then((a) => a.destroy()).catch(() => undefined);
  }

  private async headers(contentType: string): Promise<Record<string, string | string[]>> {
    const out: Record<string, string | string[]> = {
      'user-agent': this.userAgent,
      'content-type': contentType,
    };
    const c = this.config;
    if (!c) return out;
    for (const [name, h] of Object.entries(c.httpHeaders ?? {})) {
      const files = await Promise.all((h.files ?? []).map((f) => readTrimmed(f, `header ${name}`)));
      const values = [...(h.values ?? []), ...(h.secrets ?? []), ...files];
      if (values.length > 0) out[name.toLowerCase()] = values;
    }
    const auth = await this.authorization(c);
    if (auth !== undefined) out['authorization'] = auth;
    return out;
  }

  private async authorization(c: HttpClientConfig): Promise<string | undefined> {
    if (c.basicAuth) {
      const b = c.basicAuth;
      const user = b.usernameFile ? await readTrimmed(b.usernameFile, 'basic auth username') : b.username;
      const pass = b.passwordFile ? await readTrimmed(b.passwordFile, 'basic auth password') : b.password;
      return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
    }
    let type = 'Bearer';
    let credentials: string | undefined;
    if (c.authorization) {
      const a = c.authorization;
      type = a.type?.trim() || 'Bearer';
      credentials = a.credentialsFile
        ? await readTrimmed(a.credentialsFile, 'authorization credentials')
        : a.credentials;
    } else if (c.bearerTokenFile) {
      credentials = await readTrimmed(c.bearerTokenFile, 'bearer token');
    } else if (c.bearerToken) {
      credentials = c.bearerToken;
    }
    return credentials ? `${type} ${credentials}` : undefined;
  }

  private agentFor(url: URL): Promise<http.Agent> | http.Agent {
    if (url.protocol === 'http:') return this.plainAgent;
    if (!this.tlsAgent) {
      const building = tlsOptions(this.config?.tlsConfig).then(
        (o) => new https.Agent({ keepAlive: true, ...o }),
      );
      this.tlsAgent = building;
      // A missing file fails this request, not every later one after it is fixed.
      building.catch(() => {
        if (this.tlsAgent === building) this.tlsAgent = undefined;
      });
    }
    return this.tlsAgent;
  }

  private async exchange(
    url: URL,
    method: string,
    headers: Record<string, string | string[]>,
    body: Buffer | undefined,
    signal: AbortSignal,
  ): Promise<HttpResult & { location?: string }> {
    const agent = await this.agentFor(url);
    signal.throwIfAborted();
    const send = url.protocol === 'https:' ? https.request : http.request;
    return new Promise((resolve, reject) => {
      const outgoing = send(
        url,
        {
          method,
          agent,
          headers: body ? { ...headers, 'content-length': String(body.byteLength) } : headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let kept = 0;
          res.on('data', (chunk: Buffer) => {
            if (kept >= MAX_KEPT_BODY_BYTES) return;
            chunks.push(chunk);
            kept += chunk.length;
          });
          res.on('error', reject);
          res.on('end', () => {
            const location = res.headers.location;
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).subarray(0, MAX_KEPT_BODY_BYTES).toString('utf8'),
              ...(location ? { location } : {}),
            });
          });
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
}

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new NotifyError('invalid URL', { retriable: false });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new NotifyError(`unsupported protocol scheme "${url.protocol.replace(/:$/, '')}"`, {
      retriable: false,
    });
  }
  return url;
}

const isRedirect = (status: number): boolean => [301, 302, 303, 307, 308].includes(status);
