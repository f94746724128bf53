import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  AlertGroupSchema,
  AlertGroupsQuerySchema,
  ErrorStringSchema,
  type ApiAlertGroup,
} from './alert-schemas';
import { selectAlerts } from './alert-selection';
import { sortedLabels, toGettableAlert } from './alert-view';
import { receiverMatches, type ApiContext } from './api-context';
import { boolParam } from './query-params';

/**
 * alertGroupsApi serves `GET /alerts/groups`: the dispatcher's aggregation groups with the alerts that pass the
 * query, as Alertmanager lists them (groups without such alerts left out; `receiver` selects routes; `muted=false`
 * drops groups muted by time intervals). Register it inside the API v2 scope (see alertmanagerApi).
 */
export const alertGroupsApi: FastifyPluginAsyncTypebox<ApiContext> = async (app, ctx) => {
  app.get(
    '/alerts/groups',
    {
      exposeHeadRoute: false,
      schema: {
        querystring: AlertGroupsQuerySchema,
        response: { 200: Type.Array(AlertGroupSchema), 400: ErrorStringSchema, 500: ErrorStringSchema },
      },
    },
    async (req) => {
      const q = req.query;
      const { state, statusOf, keep, receiverRe, receiverMatchers, receiverLabels } = selectAlerts(ctx, q);
      const { groups, receivers } = state.dispatcher.groups({
        routeFilter: (route) =>
          (!receiverRe || receiverRe.test(route.receiver)) &&
          (receiverMatchers.length === 0 ||
            receiverMatches(route.receiver, receiverMatchers, receiverLabels)),
        alertFilter: keep,
      });
      const showMuted = boolParam(q.muted, true);
      const out: ApiAlertGroup[] = [];
      for (const g of groups) {
        const mutedBy = ctx.groupMutedBy?.(g.routeId, g.groupKey) ?? [];
        if (!showMuted && mutedBy.length > 0) continue;
        out.push({
          alerts: g.alerts.map((a) =>
            toGettableAlert(a, statusOf(a), receivers.get(a.fingerprint) ?? [], mutedBy),
          ),
          labels: sortedLabels(g.labels),
          receiver: { name: g.receiver },
          routeLabels: sortedLabels(g.routeLabels),
        });
      }
      return out;
    },
  );
};
