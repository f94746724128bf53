import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AlertmanagerConfig } from '../config/config';
import { marshalConfig } from '../config/redact';
import type { ApiContext } from './api-context';
import { formatApiTime } from './go-time';
import { AlertmanagerStatusSchema, type ClusterStatus } from './status-schemas';

const DISABLED_CLUSTER: ClusterStatus = { peers: [], status: 'disabled' };

// Marshalling the config is not free and the config changes only on reload.
const printed = new WeakMap<AlertmanagerConfig, string>();

function originalOf(config: AlertmanagerConfig): string {
  let text = printed.get(config);
  if (text === undefined) {
    text = marshalConfig(config);
    printed.set(config, text);
  }
  return text;
}

/**
 * statusApi serves `GET /status`: cluster state, build information, the running config as Alertmanager prints it
 * (defaults filled in, secrets shown as `<secret>`) and the start time as `uptime`. Register it inside the API v2
 * scope (see alertmanagerApi).
 */
export const statusApi: FastifyPluginAsyncTypebox<ApiContext> = async (app, ctx) => {
  app.get(
    '/status',
    { exposeHeadRoute: false, schema: { response: { 200: AlertmanagerStatusSchema } } },
    async () => ({
      cluster: ctx.cluster?.() ?? DISABLED_CLUSTER,
      config: { original: originalOf(ctx.current().config) },
      uptime: formatApiTime(ctx.startedAt),
      versionInfo: ctx.versionInfo,
    }),
  );
};
