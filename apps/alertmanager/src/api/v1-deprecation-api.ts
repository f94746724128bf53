import type { FastifyPluginAsync } from 'fastify';

/** V1_REMOVED_MESSAGE is Alertmanager's answer on every former API v1 route. */
export const V1_REMOVED_MESSAGE =
  'The Alertmanager v1 API was deprecated in version 0.16.0 and is removed as of version 0.27.0 - please use the equivalent route in the v2 API';

const V1_ROUTES: readonly ['GET' | 'POST' | 'DELETE', string][] = [
  ['GET', '/status'],
  ['GET', '/receivers'],
  ['GET', '/alerts'],
  ['POST', '/alerts'],
  ['GET', '/silences'],
  ['POST', '/silences'],
  ['GET', '/silence/:sid'],
  ['DELETE', '/silence/:sid'],
];

/**
 * v1DeprecationApi answers the removed API v1 routes (register with prefix `/api/v1`) as Alertmanager 0.27+ does:
 * 410 Gone with `{"status":"deprecated","error":"…"}`, and a warning in the log.
 */
export const v1DeprecationApi: FastifyPluginAsync = async (app) => {
  // Bodies are never read; any content type is fine.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req, _payload, done) => done(null));
  for (const [method, url] of V1_ROUTES) {
    app.route({
      method,
      url,
      exposeHeadRoute: false,
      handler: async (req, reply) => {
        req.log.warn(
          { path: req.url.split('?')[0], method: req.method, version: 'v1' },
          'v1 API received a request on a removed endpoint',
        );
        return reply
          .code(410)
          .type('application/json')
          .send(`${JSON.stringify({ status: 'deprecated', error: V1_REMOVED_MESSAGE })}\n`);
      },
    });
  }
};
