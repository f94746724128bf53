// One HTTP GET of a target's metrics, as Prometheus sends it: Accept with the text formats it reads, gzip,
// the timeout header, basic auth / authorization, and TLS settings.
import { readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { gunzipSync } from 'node:zlib';
import type { ScrapeHttpConfig } from './scrape-config';

/** SCRAPE_ACCEPT_HEADER is the Accept header Prometheus 3 sends with its default scrape protocols. */
export const SCRAPE_ACCEPT_HEADER =
  'application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,' +
  'application/openmetrics-text;version=0.0.1;q=0.5,' +
  'text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,' +
  'text/plain;version=0.0.4;q=0.3,*/*;q=0.2';

/** SCRAPE_USER_AGENT identifies Vigil's scraper. */
export const SCRAPE_USER_AGENT = 'Vigil-Scraper/0.1';

/** ScrapeResponse is a successful scrape's body and its Content-Type. */
export interface ScrapeResponse {
  body: string;
  contentType: string | undefined;
}

/** Scraper fetches one target's exposition; throws with Prometheus's wording on failure. */
export type Scraper = (url: string, timeoutMs: number, signal?: AbortSignal) => Promise<ScrapeResponse>;

const MAX_REDIRECTS = 10;

/** buildTlsOptions reads the TLS settings once (files are read when the pool is created, as Prometheus does). */
export function buildTlsOptions(http: ScrapeHttpConfig): RequestOptions {
  const tls = http.tls;
  if (!tls) return {};
  const out: RequestOptions = {};
  const ca = tls.ca ?? (tls.caFile ? readFileSync(tls.caFile, 'utf8') : undefined);
  if (ca !== undefined) out.ca = ca;
  const cert = tls.cert ?? (tls.certFile ? readFileSync(tls.certFile, 'utf8') : undefined);
  if (cert !== undefined) out.cert = cert;
  const key = tls.key ?? (tls.keyFile ? readFileSync(tls.keyFile, 'utf8') : undefined);
  if (key !== undefined) out.key = key;
  if (tls.serverName) out.servername = tls.serverName;
  if (tls.insecureSkipVerify) out.rejectUnauthorized = false;
  return out;
}

function authHeader(http: ScrapeHttpConfig): string | undefined {
  if (http.basicAuth) {
    const b = http.basicAuth;
    const user = b.username ?? (b.usernameFile ? readFileSync(b.usernameFile, 'utf8').trim() : '');
    const pass = b.password ?? (b.passwordFile ? readFileSync(b.passwordFile, 'utf8').trim() : '');
    return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
  }
  if (http.authorization) {
    const a = http.authorization;
    const cred = a.credentials ?? (a.credentialsFile ? readFileSync(a.credentialsFile, 'utf8').trim() : '');
    return `${a.type || 'Bearer'} ${cred}`;
  }
  return undefined;
}

/** createScraper builds the HTTP scraper of one scrape pool. Throws if a TLS file cannot be read. */
export function createScraper(http: ScrapeHttpConfig): Scraper {
  const tlsOptions = buildTlsOptions(http);
  const follow = http.followRedirects ?? true;
  return async (url, timeoutMs, signal) => {
    const timeoutSignal = AbortSignal.timeout(timeoutMs);
    const all = signal ? AbortSignal.any([signal, timeoutSignal]) : timeoutSignal;
    const headers: Record<string, string> = {
      Accept: SCRAPE_ACCEPT_HEADER,
      'Accept-Encoding': 'gzip',
      'User-Agent': SCRAPE_USER_AGENT,
      'X-Prometheus-Scrape-Timeout-Seconds': String(timeoutMs / 1000),
    };
    const auth = authHeader(http);
    if (auth !== undefined) headers['Authorization'] = auth;
    let current = url;
    for (let hop = 0; ; hop++) {
      let res: IncomingMessage;
      try {
        res = await get(current, headers, tlsOptions, all);
      } catch (err) {
        throw transportError(current, err, timeoutSignal.aborted);
      }
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (follow && status >= 300 && status < 400 && location !== undefined && hop < MAX_REDIRECTS) {
        res.resume();
        current = new URL(location, current).toString();
        continue;
      }
      let raw: Buffer;
      try {
        raw = await readAll(res);
      } catch (err) {
        throw transportError(current, err, timeoutSignal.aborted);
      }
      if (status !== 200) {
        throw new Error(`server returned HTTP status ${status} ${res.statusMessage ?? ''}`.trimEnd());
      }
      const encoding = res.headers['content-encoding'];
      const body = encoding === 'gzip' ? gunzipSync(raw) : raw;
      return { body: body.toString('utf8'), contentType: res.headers['content-type'] };
    }
  };
}

/** transportError words a failed request as Go's HTTP client does: `Get "<url>": <reason>`. */
function transportError(url: string, err: unknown, timedOut: boolean): Error {
  if (timedOut) return new Error(`Get ${JSON.stringify(url)}: context deadline exceeded`);
  const e = err as NodeJS.ErrnoException & { address?: string; port?: number };
  const where = e.address !== undefined ? `${e.address}${e.port !== undefined ? `:${e.port}` : ''}` : '';
  const reason =
    e.code === 'ECONNREFUSED'
      ? `dial tcp ${where}: connect: connection refused`
      : e.code === 'ENOTFOUND'
        ? `dial tcp: lookup ${new URL(url).hostname}: no such host`
        : e.message;
  return new Error(`Get ${JSON.stringify(url)}: ${reason}`);
}

function get(
  url: string,
  headers: Record<string, string>,
  tls: RequestOptions,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const isHttps = u.protocol === 'https:';
    const opts: RequestOptions = { method: 'GET', headers, signal, ...(isHttps ? tls : {}) };
    const req = (isHttps ? httpsRequest : httpRequest)(u, opts, resolve);
    req.on('error', reject);
    req.end();
  });
}

function readAll(res: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks)));
    res.on('error', reject);
    res.on('aborted', () => reject(new Error('response aborted')));
  });
}
