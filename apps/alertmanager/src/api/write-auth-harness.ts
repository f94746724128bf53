// Test support: the API v2 and the lifecycle routes behind writeAuth, as app.ts wires them, over in-memory stores,
// with a web config file in a fresh temporary directory and bcrypt hashes made at cost 4 (fast, still real bcrypt).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lifecycleApi, metricsApi } from '@vigil/service-kit';
import bcrypt from 'bcryptjs';
import Fastify, { type FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { MemoryAlertPersistence } from '../alert/alert-persistence';
import { AlertStore } from '../alert/alert-store';
import { parseAlertmanagerConfig } from '../config/config';
import { WebConfigFile } from '../config/web-config';
import { Dispatcher } from '../dispatch/dispatcher';
import { Route } from '../dispatch/route';
import { Inhibitor } from '../inhibit/inhibitor';
import { MemorySilenceStore } from '../silence/silence-store';
import { Silencer } from '../silence/silencer';
import { Silences } from '../silence/silences';
import { alertmanagerApi } from './alertmanager-api';
import { TEST_CONFIG, TEST_VERSION } from './api-harness';
import { writeAuth } from './write-auth';

/** USERS are the basic auth users of the harness's default web config, with their passwords. */
export const USERS = { alice: 'alice-password', bob: 'b0b-s3cret!' } as const;
/** FILE_TOKEN is accepted through `write_auth.bearer_tokens_file`. */
export const FILE_TOKEN = 'file-token-0123456789abcdef';
/** DIGEST_TOKEN is accepted through `write_auth.bearer_token_sha256`. */
export const DIGEST_TOKEN = 'digest-token-fedcba9876543210';

/** hashPassword is bcrypt at cost 4; `variant` rewrites the version as htpasswd (2y) or Go (2a) would write it. */
export function hashPassword(password: string, variant: '2a' | '2b' | '2y' = '2b'): string {
  return bcrypt.hashSync(password, 4).replace(/^\$2b\$/, `$${variant}$`);
}

/** defaultWebConfig is a web config with both users (bob's hash as htpasswd writes it) and both kinds of token. */
export function defaultWebConfig(): string {
  // printf %s "$DIGEST_TOKEN" | sha256sum
  const digest = '2ef8a57a605b49f80d2318f2db01346a76f571050f3403a24de9f86d06827e9e';
  return [
    'basic_auth_users:',
    `  alice: ${hashPassword(USERS.alice)}`,
    `  bob: ${hashPassword(USERS.bob, '2y')}`,
    'write_auth:',
    '  bearer_tokens_file: tokens.txt',
    '  bearer_token_sha256:',
    `    - ${digest}`,
    '',
  ].join('\n');
}

/** WriteAuthHarness is a ready instance with a web config file on disk. */
export interface WriteAuthHarness {
  app: FastifyInstance;
  dir: string;
  webConfigPath: string;
  /** write replaces a file in the harness's directory (the web config when no name is given). */
  write(text: string, name?: string): void;
  reloads: () => number;
  close(): Promise<void>;
}

/** writeAuthHarness writes the web config (and `tokens.txt`) and builds the guarded instance. */
export async function writeAuthHarness(
  webConfigText = defaultWebConfig(),
  tokensText = `# write tokens\n${FILE_TOKEN}\n`,
): Promise<WriteAuthHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-write-auth-'));
  const webConfigPath = join(dir, 'web.yml');
  const write = (text: string, name = 'web.yml'): void => writeFileSync(join(dir, name), text);
  write(webConfigText);
  write(tokensText, 'tokens.txt');
  const webConfig = await WebConfigFile.open(webConfigPath, { recheckMs: 0 });

  const config = parseAlertmanagerConfig(TEST_CONFIG);
  const store = new AlertStore({ persistence: new MemoryAlertPersistence() });
  const silences = new Silences({ store: new MemorySilenceStore() });
  const inhibitor = new Inhibitor(config.inhibitRules);
  const dispatcher = new Dispatcher({
    route: Route.fromConfig(config.route),
    alerts: store,
    notify: async () => true,
  });
  dispatcher.start();
  const registry = new Registry();
  let reloads = 0;

  const app = Fastify({ logger: false });
  await app.register(writeAuth, { webConfig });
  await app.register(alertmanagerApi, {
    alerts: store,
    silences,
    silencer: new Silencer(silences),
    current: () => ({ config, dispatcher, inhibitor }),
    startedAt: Date.now(),
    versionInfo: TEST_VERSION,
    registry,
  });
  await app.register(lifecycleApi, {
    serviceName: 'Vigil alertmanager',
    isReady: () => true,
    reload: async () => {
      reloads++;
    },
  });
  await app.register(metricsApi, { registry });
  await app.ready();
  return {
    app,
    dir,
    webConfigPath,
    write,
    reloads: () => reloads,
    async close() {
      await app.close();
      await dispatcher.stop();
      await store.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
