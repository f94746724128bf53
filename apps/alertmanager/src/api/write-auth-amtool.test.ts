// Debian's amtool 0.25 against a listening Vigil API guarded by writeAuth: writes with `--http.config.file`
// credentials (basic auth, bearer token) land, writes without or with wrong ones are refused, reads need nothing.

import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE_TOKEN, USERS, writeAuthHarness, type WriteAuthHarness } from './write-auth-harness';

const AMTOOL = '/usr/bin/amtool';
const HAS_AMTOOL = existsSync(AMTOOL);
const COMMAND_TIMEOUT_MS = 20_000;

if (!HAS_AMTOOL)
  console.warn(
    `write-auth amtool test skipped: ${AMTOOL} is not installed (Debian package prometheus-alertmanager)`,
  );

/** Client configs in amtool's `--http.config.file` format (Prometheus's http_config). */
const CLIENT_CONFIGS = {
  basic: `basic_auth:\n  username: alice\n  password: ${USERS.alice}\n`,
  bearer: `authorization:\n  type: Bearer\n  credentials: ${FILE_TOKEN}\n`,
  wrongPassword: 'basic_auth:\n  username: alice\n  password: not-her-password\n',
  wrongToken: 'authorization:\n  type: Bearer\n  credentials: not-a-configured-token\n',
} as const;
type ClientConfig = keyof typeof CLIENT_CONFIGS | 'none';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe.skipIf(!HAS_AMTOOL)('amtool against a guarded instance', () => {
  let h: WriteAuthHarness;
  let url: string;

  /** amtool runs amtool with a clean HOME (no amtool.yml) and, unless `none`, one of the client configs. */
  const amtool = (client: ClientConfig, args: string[]): Promise<Run> =>
    new Promise((resolve, reject) => {
      const auth = client === 'none' ? [] : [`--http.config.file=${join(h.dir, `${client}.yml`)}`];
      const child = spawn(AMTOOL, [`--alertmanager.url=${url}`, ...auth, ...args], {
        env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: h.dir, TZ: 'UTC' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_TIMEOUT_MS);
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });

  const silenceIds = async (): Promise<string[]> => {
    const res = await amtool('none', ['silence', 'query', '--quiet']);
    expect(res.code, res.stderr).toBe(0);
    return res.stdout.split('\n').filter((l) => l !== '');
  };

  beforeAll(async () => {
    h = await writeAuthHarness();
    for (const [name, text] of Object.entries(CLIENT_CONFIGS))
      writeFileSync(join(h.dir, `${name}.yml`), text);
    const port = await freePort();
    await h.app.listen({ host: '127.0.0.1', port });
    url = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => h.close());

  it.each<ClientConfig>(['none', 'wrongPassword', 'wrongToken'])(
    '`silence add` with %s credentials fails with 401 and creates nothing',
    async (client) => {
      const before = await silenceIds();
      const res = await amtool(client, ['silence', 'add', 'alertname=DiskFull', '--comment=refused']);
      expect(res.code).not.toBe(0);
      expect(res.stderr).toMatch(/status 401/);
      expect(await silenceIds()).toEqual(before);
    },
  );

  it.each<ClientConfig>(['basic', 'bearer'])(
    '`silence add` and `silence expire` work with %s credentials',
    async (client) => {
      const added = await amtool(client, [
        'silence',
        'add',
        `alertname=Added-${client}`,
        '--comment=allowed',
      ]);
      expect(added.code, added.stderr).toBe(0);
      const id = added.stdout.trim();
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(await silenceIds()).toContain(id);

      const refused = await amtool('none', ['silence', 'expire', id]);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toMatch(/status 401/);
      expect(await silenceIds()).toContain(id);

      const expired = await amtool(client, ['silence', 'expire', id]);
      expect(expired.code, expired.stderr).toBe(0);
      expect(await silenceIds()).not.toContain(id);
    },
  );

  it('`alert add` needs credentials too; `alert query` does not', async () => {
    const refused = await amtool('none', ['alert', 'add', 'alertname=Refused']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/status 401/);
    const added = await amtool('basic', ['alert', 'add', 'alertname=Accepted']);
    expect(added.code, added.stderr).toBe(0);
    const query = await amtool('none', ['alert', 'query', '--output=simple']);
    expect(query.code, query.stderr).toBe(0);
    expect(query.stdout).toContain('Accepted');
    expect(query.stdout).not.toContain('Refused');
  });
});
