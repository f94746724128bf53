import type { FastifyPluginAsync } from 'fastify';

/** LifecycleApiOptions wires the health, readiness and reload endpoints to the service. */
export interface LifecycleApiOptions {
  /** Service name printed in the answers, e.g. "Vigil rule-manager". */
  serviceName: string;
  isReady: () => boolean;
  /** Reloads configuration and rules all-or-nothing; rejects with the reason when the new set is invalid. */
  reload: () => Promise<void>;
}

/** lifecycleApi serves `/-/healthy`, `/-/ready` and `POST|PUT /-/reload` as Prometheus does. */
export const lifecycleApi: FastifyPluginAsync<LifecycleApiOptions> = async (app, opts) => {
  app.route({
    method: ['GET', 'HEAD'],
    url: '/-/healthy',
    handler: async (_req, reply) => reply.type('text/plain').send(`${opts.serviceName} is Healthy.\n`),
  });
  app.route({
    method: ['GET', 'HEAD'],
    url: '/-/ready',
    handler: async (_req, reply) =>
      opts.isReady()
        ? reply.type('text/plain').send(`${opts.serviceName} is Ready.\n`)
        : reply.code(503).type('text/plain').send('Service Unavailable\n'),
  });
  app.route({
    method: ['POST', 'PUT'],
    url: '/-/reload',
    handler: async (_req, reply) => {
      try {
        await opts.reload();
        return reply.type('text/plain').send('');
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        return reply.code(500).type('text/plain').send(`failed to reload config: ${message}\n`);
      }
    },
  });
};
