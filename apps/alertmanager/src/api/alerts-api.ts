import { PostableAlertsSchema } from '@vigil/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { normalizeAlerts } from '../alert/intake';
import {
  AlertsQuerySchema,
  EmptyBodySchema,
  ErrorStringSchema,
  GettableAlertSchema,
  type GettableAlert,
} from './alert-schemas';
import { selectAlerts } from './alert-selection';
import { toGettableAlert } from './alert-view';
import { receiverMatches, type ApiContext } from './api-context';
import { ApiError } from './api-error';
import { bodyDecoder } from './api-validation';
import { decodePostableAlerts } from './postable-alerts';
import { errorMessage } from './query-params';

/**
 * alertsApi serves `GET /alerts` (the unresolved alerts with their receivers and predicted status, sorted by
 * fingerprint) and `POST /alerts` (Prometheus's sender: valid alerts are stored even when others in the request are
 * refused with 400). Register it inside the API v2 scope (see alertmanagerApi).
 */
export const alertsApi: FastifyPluginAsyncTypebox<ApiContext> = async (app, ctx) => {
  app.get(
    '/alerts',
    {
      exposeHeadRoute: false,
      schema: {
        querystring: AlertsQuerySchema,
        response: { 200: Type.Array(GettableAlertSchema), 400: ErrorStringSchema, 500: ErrorStringSchema },
      },
    },
    async (req) => {
      const q = req.query;
      // `unprocessed` is accepted and ignored, as in Alertmanager: statuses are computed for the query.
      const { state, statusOf, keep, receiverRe, receiverMatchers, receiverLabels } = selectAlerts(ctx, q);
      const now = ctx.now();
      const out: GettableAlert[] = [];
      for (const a of ctx.alerts.list()) {
        const receivers = state.dispatcher.receiversFor(a.labels);
        if (receiverRe && !receivers.some((r) => receiverRe.test(r))) continue;
        if (
          receiverMatchers.length > 0 &&
          !receivers.some((r) => receiverMatches(r, receiverMatchers, receiverLabels))
        )
          continue;
        if (!keep(a, now)) continue;
        out.push(toGettableAlert(a, statusOf(a), receivers));
      }
      return out.sort((x, y) => (x.fingerprint < y.fingerprint ? -1 : x.fingerprint > y.fingerprint ? 1 : 0));
    },
  );

  app.post(
    '/alerts',
    {
      schema: {
        body: PostableAlertsSchema,
        response: { 200: EmptyBodySchema, 400: ErrorStringSchema, 500: ErrorStringSchema },
      },
      validatorCompiler: bodyDecoder((scan) => decodePostableAlerts(scan)),
    },
    async (req, reply) => {
      const now = ctx.now();
      const { config } = ctx.current();
      const result = normalizeAlerts(req.body, {
        now,
        resolveTimeoutMs: config.global.resolveTimeout,
        labelNameMode: ctx.matcherMode,
      });
      ctx.metrics.received('firing', result.firing);
      ctx.metrics.received('resolved', result.resolved);
      ctx.metrics.invalid(result.errors.length);
      try {
        await ctx.alerts.put(result.alerts);
      } catch (err) {
        req.log.error({ err }, 'Failed to create alerts');
        throw ApiError.plain(500, errorMessage(err));
      }
      if (result.errors.length > 0) {
        req.log.debug({ errors: result.errors }, 'Failed to validate alerts');
        throw ApiError.plain(400, result.errors.join('\n'));
      }
      return reply.code(200).send();
    },
  );
};
