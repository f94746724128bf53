import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { uiStatic } from './ui-static';

describe('uiStatic', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-ui-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Vigil</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the built UI at / and its assets', async () => {
    const app = Fastify();
    await app.register(uiStatic, { dir });
    const page = await app.inject('/');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<title>Vigil</title>');
    const asset = await app.inject('/assets/app.js');
    expect(asset.statusCode).toBe(200);
    expect((await app.inject('/assets/missing.js')).statusCode).toBe(404);
  });

  it('says how to build the UI when there is no build', async () => {
    const app = Fastify();
    await app.register(uiStatic, { dir: join(dir, 'nope') });
    const page = await app.inject('/');
    expect(page.statusCode).toBe(503);
    expect(page.body).toContain('npm run build -w @vigil/silence-ui');
  });
});
