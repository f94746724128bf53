import type { FastifyPluginAsync } from 'fastify';
import type { Registry } from 'prom-client';

/** metricsApi serves a prom-client registry at `/metrics` in Prometheus's text format. */
export const metricsApi: FastifyPluginAsync<{ registry: Registry }> = async (app, { registry }) => {
  app.get('/metrics', async (_req, reply) => reply.type(registry.contentType).send(await registry.metrics()));
};
