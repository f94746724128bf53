// Serves the silence UI's build (apps/silence-ui/dist) at `/`, so one port serves API and UI.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

/** DEFAULT_UI_DIR is where `npm run build -w @vigil/silence-ui` writes the UI. */
export const DEFAULT_UI_DIR = fileURLToPath(new URL('../../silence-ui/dist', import.meta.url));

/** uiStatic serves the built UI; without a build it answers `/` with how to make one. */
export const uiStatic: FastifyPluginAsync<{ dir?: string }> = async (app, opts) => {
  const dir = opts.dir ?? DEFAULT_UI_DIR;
  if (!existsSync(`${dir}/index.html`)) {
    app.get('/', async (_req, reply) =>
      reply
        .code(503)
        .type('text/plain')
        .send('The silence UI is not built: run `npm run build -w @vigil/silence-ui` (npm start does).\n'),
    );
    return;
  }
  await app.register(fastifyStatic, { root: dir, prefix: '/', index: ['index.html'], wildcard: false });
};
