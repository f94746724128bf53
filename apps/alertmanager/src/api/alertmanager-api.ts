// The Alertmanager HTTP API: v2 (what amtool, Prometheus and the UI speak) and the removed v1's 410 answers.

import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { alertGroupsApi } from './alert-groups-api';
import { alertsApi } from './alerts-api';
import { newApiContext, type ApiContext } from './api-context';
import { ApiError, apiErrorHandler, sendApiError } from './api-error';
import { apiValidatorCompiler } from './api-validation';
import type { AlertmanagerApiDeps } from './deps';
import { receiversApi } from './receivers-api';
import { silencesApi } from './silences-api';
import { statusApi } from './status-api';
import { v1DeprecationApi } from './v1-deprecation-api';

const V2_PREFIX = '/api/v2';

// rs/cors's defaults, which Alertmanager wraps its API v2 in.
const CORS_METHODS = new Set(['GET', 'POST', 'HEAD']);
const CORS_HEADERS = new Set(['origin', 'accept', 'content-type', 'x-requested-with']);

interface KnownRoute {
  pattern: RegExp;
  methods: string[];
}

function routePattern(url: string): RegExp {
  const escaped = url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z_]+/g, '[^/]+');
  return new RegExp(`^${escaped}$`);
}

function preflight(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.header('Vary', ['Origin', 'Access-Control-Request-Method', 'Access-Control-Request-Headers']);
  const origin = req.headers.origin;
  const method = String(req.headers['access-control-request-method']).toUpperCase();
  const requested = String(req.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '');
  if (origin && CORS_METHODS.has(method) && requested.every((h) => CORS_HEADERS.has(h.toLowerCase()))) {
    reply.header('Access-Control-Allow-Origin', '*');
    reply.header('Access-Control-Allow-Methods', method);
    if (requested.length > 0) reply.header('Access-Control-Allow-Headers', requested.join(', '));
  }
  return reply.code(204).send();
}

/**
 * v2Scope sets up what every API v2 route shares, as Alertmanager's go-swagger server behaves: bodies read raw as
 * JSON only (other media types get 415), Go-style validation and error answers, `Cache-Control: no-store`, CORS as
 * rs/cors's defaults, and 404/405 answers naming the path and allowed methods.
 */
async function v2Scope(v2: FastifyInstance, ctx: ApiContext): Promise<void> {
  v2.removeAllContentTypeParsers();
  v2.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  v2.setValidatorCompiler(apiValidatorCompiler);
  v2.setErrorHandler(apiErrorHandler);

  const known: KnownRoute[] = [];
  v2.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const existing = known.find((k) => k.pattern.source === routePattern(route.url).source);
    if (existing) existing.methods.push(...methods);
    else known.push({ pattern: routePattern(route.url), methods: [...methods] });
  });

  v2.addHook('onRequest', async (req, reply) => {
    reply.header('Cache-Control', 'no-store');
    if (req.method === 'OPTIONS') return;
    reply.header('Vary', 'Origin');
    if (req.headers.origin && CORS_METHODS.has(req.method)) reply.header('Access-Control-Allow-Origin', '*');
  });

  // The part of the prefix in front of /api/v2 (a --web.route-prefix) is not part of the path go-swagger reports.
  const outer = v2.prefix.slice(0, v2.prefix.length - V2_PREFIX.length);
  v2.setNotFoundHandler((req, reply) => {
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
      return preflight(req, reply);
    }
    const path = (req.url.split('?')[0] ?? '').slice(outer.length);
    const route = known.find((k) => k.pattern.test(outer + path));
    if (route) {
      reply.header('Allow', route.methods.join(','));
      return sendApiError(
        reply,
        ApiError.coded(405, 405, `method ${req.method} is not allowed, but [${route.methods.join(',')}] are`),
      );
    }
    return sendApiError(reply, ApiError.coded(404, 404, `path ${path} was not found`));
  });

  await v2.register(alertsApi, ctx);
  await v2.register(alertGroupsApi, ctx);
  await v2.register(silencesApi, ctx);
  await v2.register(statusApi, ctx);
  await v2.register(receiversApi, ctx);
}

/**
 * alertmanagerApi registers Alertmanager's HTTP API: v2 under `/api/v2` and the 410 answers of the removed v1 under
 * `/api/v1`. Register it at the root, or under a `prefix` for `--web.route-prefix`.
 */
export const alertmanagerApi: FastifyPluginAsync<AlertmanagerApiDeps> = async (app, deps) => {
  const ctx = newApiContext(deps);
  await app.register(v1DeprecationApi, { prefix: '/api/v1' });
  await app.register((v2) => v2Scope(v2, ctx), { prefix: V2_PREFIX });
};
