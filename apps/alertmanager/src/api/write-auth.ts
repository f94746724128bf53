// Credentials for writes. Prometheus's exporter-toolkit puts basic auth in front of every request; Vigil keeps
// reads open (API GETs, the UI, /metrics, health checks) and asks for credentials only on requests that change
// state: any method other than GET, HEAD and OPTIONS, on any path (POST/PUT/DELETE under /api/v2, POST /-/reload).
// The check runs in onRequest, before bodies are read, so an unauthenticated client cannot make the server parse one.

import { createHash, timingSafeEqual } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '@vigil/service-kit';
import type { WebConfig, WebConfigFile } from '../config/web-config';
import { ApiError, sendApiError } from './api-error';

/** WRITE_AUTH_REALM is the realm named in `WWW-Authenticate` challenges. */
export const WRITE_AUTH_REALM = 'vigil';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// bcrypt of a random, forgotten password: unknown users cost one bcrypt too, so timing does not tell who exists.
const UNKNOWN_USER_HASH = '$2b$10$5Jr1mN3pGWhMtHUWvSMGzOga8CpLQxekG42zrtv5/lvdNIwGYumwy';
// bcrypt reads 72 bytes of a password; longer ones would match on their first 72 bytes alone.
const BCRYPT_MAX_PASSWORD_BYTES = 72;
const DEFAULT_CACHE_SIZE = 100;

/** isWrite tells whether a request method may change state, and so needs credentials when they are configured. */
export function isWrite(method: string): boolean {
  return !READ_METHODS.has(method.toUpperCase());
}

/** Credentials are what a request's `Authorization` header presents. */
export type Credentials =
  | { scheme: 'none' }
  | { scheme: 'basic'; user: string; password: string }
  | { scheme: 'bearer'; token: string }
  | { scheme: 'malformed'; name: string }
  | { scheme: 'unsupported'; name: string };

/** parseAuthorization reads an `Authorization` header (schemes are case-insensitive, as RFC 9110 says). */
export function parseAuthorization(header: string | undefined): Credentials {
  const value = (header ?? '').trim();
  if (value === '') return { scheme: 'none' };
  const m = /^(\S+)(?:\s+(.*))?$/.exec(value);
  const name = m?.[1] ?? value;
  const param = (m?.[2] ?? '').trim();
  switch (name.toLowerCase()) {
    case 'basic': {
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(param)) return { scheme: 'malformed', name: 'Basic' };
      const decoded = Buffer.from(param, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return { scheme: 'malformed', name: 'Basic' };
      return { scheme: 'basic', user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
    case 'bearer':
      return /^\S+$/.test(param)
        ? { scheme: 'bearer', token: param }
        : { scheme: 'malformed', name: 'Bearer' };
    default:
      return { scheme: 'unsupported', name };
  }
}

/** AuthVerdict is the outcome of checking a write's credentials. */
export type AuthVerdict =
  { ok: true; user?: string } | { ok: false; reason: 'missing' | 'wrong' | 'malformed' | 'unsupported' };

/**
 * CredentialVerifier checks credentials against a web config. Basic auth runs bcrypt, one comparison at a time
 * (it is CPU-bound) with outcomes cached, as exporter-toolkit does, so a sender posting alerts every few seconds
 * pays for bcrypt once. Bearer tokens are compared as SHA-256 digests in constant time.
 */
export class CredentialVerifier {
  private readonly cache = new Map<string, boolean>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly cacheSize = DEFAULT_CACHE_SIZE) {}

  /** verify answers whether `creds` may write under `config`. */
  async verify(config: WebConfig, creds: Credentials): Promise<AuthVerdict> {
    switch (creds.scheme) {
      case 'none':
        return { ok: false, reason: 'missing' };
      case 'malformed':
      case 'unsupported':
        return { ok: false, reason: creds.scheme };
      case 'bearer':
        return bearerMatches(config.bearerTokenDigests, creds.token)
          ? { ok: true }
          : { ok: false, reason: 'wrong' };
      case 'basic':
        return (await this.basicMatches(config.basicAuthUsers, creds.user, creds.password))
          ? { ok: true, user: creds.user }
          : { ok: false, reason: 'wrong' };
    }
  }

  private async basicMatches(
    users: ReadonlyMap<string, string>,
    user: string,
    password: string,
  ): Promise<boolean> {
    const hash = users.get(user);
    if (Buffer.byteLength(password, 'utf8') > BCRYPT_MAX_PASSWORD_BYTES) return false;
    // The key is a digest, so no password is kept in memory in the clear.
    const key = createHash('sha256')
      .update(JSON.stringify([user, hash ?? '', password]))
      .digest('hex');
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const run = this.queue.then(() => bcrypt.compare(password, hash ?? UNKNOWN_USER_HASH));
    this.queue = run.catch(() => undefined);
    const matches = hash !== undefined && (await run.catch(() => false));
    if (this.cache.size >= this.cacheSize) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    this.cache.set(key, matches);
    return matches;
  }
}

function bearerMatches(digests: readonly Buffer[], token: string): boolean {
  const presented = createHash('sha256').update(token, 'utf8').digest();
  // Every digest is compared, so the time taken does not depend on which one matched.
  let found = false;
  for (const d of digests) found = timingSafeEqual(d, presented) || found;
  return found;
}

/** WriteAuthOptions wire the write check to the web config file. */
export interface WriteAuthOptions {
  /** The `--web.config.file`, re-read when it changes; `current` rejects while the file is broken. */
  webConfig: Pick<WebConfigFile, 'current' | 'lastGood'>;
  logger?: Pick<Logger, 'warn' | 'error' | 'debug'>;
}

const writeAuthPlugin: FastifyPluginAsync<WriteAuthOptions> = async (app, opts) => {
  const verifier = new CredentialVerifier();
  let loggedBreakage = '';

  app.addHook('onRequest', async (req, reply) => {
    const write = isWrite(req.method);
    let config: WebConfig;
    try {
      config = await opts.webConfig.current();
      loggedBreakage = '';
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (message !== loggedBreakage) {
        opts.logger?.error(
          { err: message },
          'The web config file is broken; writes are refused until it is fixed',
        );
        loggedBreakage = message;
      }
      applyHeaders(reply, opts.webConfig.lastGood());
      if (!write) return;
      // Fail closed: credentials that were just revoked must not keep working because the edit broke the file.
      return refuse(
        reply,
        500,
        'the web config file is broken; writes are refused until it is fixed (see the log)',
      );
    }
    applyHeaders(reply, config);
    if (!write || !config.writesNeedAuth) return;

    const creds = parseAuthorization(req.headers.authorization);
    const verdict = await verifier.verify(config, creds);
    if (verdict.ok) return;
    const path = req.url.split('?')[0] ?? req.url;
    const who = {
      method: req.method,
      path,
      remote: req.ip,
      ...(creds.scheme === 'basic' ? { user: creds.user } : {}),
    };
    if (verdict.reason === 'missing') opts.logger?.debug(who, 'Write refused: no credentials');
    else opts.logger?.warn({ ...who, reason: verdict.reason }, 'Write refused: bad credentials');
    const offered = challenges(config, creds, req);
    if (offered.length > 0)
      void reply.header('WWW-Authenticate', offered.length === 1 ? offered[0] : offered);
    return refuse(reply, 401, refusalMessage(config, verdict.reason, req.method, path, creds));
  });
};

/**
 * writeAuth asks for credentials on writes when the web config has `basic_auth_users` or a `write_auth` section,
 * and adds its `http_server_config.headers` to every response. Register it before the routes it guards; it is not
 * encapsulated, so its hook covers every route of the instance.
 */
export const writeAuth = Object.assign(writeAuthPlugin, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'vigil-write-auth',
});

function applyHeaders(reply: FastifyReply, config: WebConfig): void {
  for (const [name, value] of Object.entries(config.headers)) void reply.header(name, value);
}

function refuse(reply: FastifyReply, status: number, message: string): FastifyReply {
  return sendApiError(reply.header('Cache-Control', 'no-store'), ApiError.plain(status, message));
}

/**
 * challenges lists the `WWW-Authenticate` values of a 401: Basic when users are configured, Bearer when tokens are.
 * A script (`X-Requested-With: XMLHttpRequest`, as the UI sends) gets no Basic challenge, which would make the
 * browser open its own password dialog over the UI's.
 */
function challenges(config: WebConfig, creds: Credentials, req: FastifyRequest): string[] {
  const out: string[] = [];
  const script = String(req.headers['x-requested-with'] ?? '').toLowerCase() === 'xmlhttprequest';
  if (config.basicAuthUsers.size > 0 && !script) out.push(`Basic realm="${WRITE_AUTH_REALM}"`);
  if (config.bearerTokenDigests.length > 0 || config.basicAuthUsers.size === 0) {
    // RFC 6750: a token that was sent and refused is answered with error="invalid_token".
    const error = creds.scheme === 'bearer' ? ', error="invalid_token"' : '';
    out.push(`Bearer realm="${WRITE_AUTH_REALM}"${error}`);
  }
  return out;
}

function refusalMessage(
  config: WebConfig,
  reason: 'missing' | 'wrong' | 'malformed' | 'unsupported',
  method: string,
  path: string,
  creds: Credentials,
): string {
  switch (reason) {
    case 'missing': {
      const accepted = [
        ...(config.basicAuthUsers.size > 0 ? ['basic auth credentials'] : []),
        ...(config.bearerTokenDigests.length > 0 ? ['a bearer token'] : []),
      ];
      return accepted.length === 0
        ? `authentication required: ${method} ${path} changes state, and no write credentials are configured`
        : `authentication required: ${method} ${path} changes state; send ${accepted.join(' or ')}`;
    }
    case 'wrong':
      return 'authentication failed: wrong credentials';
    case 'malformed':
      return `authentication failed: malformed ${creds.scheme === 'malformed' ? creds.name : ''} credentials`;
    case 'unsupported':
      return `authentication failed: unsupported authorization scheme ${JSON.stringify(creds.scheme === 'unsupported' ? creds.name : '')}; use Basic or Bearer`;
  }
}
