import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ErrorStringSchema } from './alert-schemas';
import { sortedLabels } from './alert-view';
import type { ApiContext } from './api-context';
import { matchFilterLabels, parseFilter } from './query-params';
import { ApiReceiverSchema, ReceiversQuerySchema } from './status-schemas';

/**
 * receiversApi serves `GET /receivers`: the configured receivers in config order with their labels, optionally
 * selected by `receiver_matchers`. Register it inside the API v2 scope (see alertmanagerApi).
 */
export const receiversApi: FastifyPluginAsyncTypebox<ApiContext> = async (app, ctx) => {
  app.get(
    '/receivers',
    {
      exposeHeadRoute: false,
      schema: {
        querystring: ReceiversQuerySchema,
        response: { 200: Type.Array(ApiReceiverSchema), 400: ErrorStringSchema },
      },
    },
    async (req) => {
      const matchers = parseFilter(
        req.query.receiver_matchers,
        ctx.matcherMode,
        'failed to parse receiver_matchers param: ',
      );
      return ctx
        .current()
        .config.receivers.filter((r) => matchers.length === 0 || matchFilterLabels(matchers, r.labels))
        .map((r) =>
          Object.keys(r.labels).length > 0
            ? { labels: sortedLabels(r.labels), name: r.name }
            : { name: r.name },
        );
    },
  );
};
