import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScraper } from './scrape-client';
import { startServer, type TestServer } from './test-helpers';

let dir: string;
let tls: TestServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-scrape-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  const key = readFileSync(join(dir, 'key.pem'));
  const cert = readFileSync(join(dir, 'cert.pem'));
  tls = await startServer('tls_metric 1\n', (h) => createHttpsServer({ key, cert }, h));
});

afterAll(async () => {
  await tls.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('createScraper', () => {
  it('verifies TLS against ca_file', async () => {
    const scrape = createScraper({ tls: { caFile: join(dir, 'cert.pem') } });
    const res = await scrape(`https://${tls.address}/metrics`, 5000);
    expect(res.body).toBe('tls_metric 1\n');
  });

  it('rejects an unknown CA unless insecure_skip_verify', async () => {
    await expect(createScraper({})(`https://${tls.address}/metrics`, 5000)).rejects.toThrow(
      /self-signed|certificate/,
    );
    const res = await createScraper({ tls: { insecureSkipVerify: true } })(
      `https://${tls.address}/metrics`,
      5000,
    );
    expect(res.body).toBe('tls_metric 1\n');
  });

  it('re-reads the bearer token file on every scrape and follows redirects', async () => {
    const s = await startServer();
    const token = join(dir, 'token');
    s.handler = (req, res) => {
      if (req.url === '/old') {
        res.statusCode = 302;
        res.setHeader('Location', '/metrics');
        res.end();
        return;
      }
      res.end(`auth ${JSON.stringify(req.headers['authorization'])}\n`);
    };
    try {
      const scrape = createScraper({ authorization: { type: 'Bearer', credentialsFile: token } });
      writeFileSync(token, 'one\n');
      expect((await scrape(`http://${s.address}/old`, 5000)).body).toBe('auth "Bearer one"\n');
      writeFileSync(token, 'two');
      expect((await scrape(`http://${s.address}/metrics`, 5000)).body).toBe('auth "Bearer two"\n');
      await expect(
        createScraper({ followRedirects: false })(`http://${s.address}/old`, 5000),
      ).rejects.toThrow('server returned HTTP status 302 Found');
    } finally {
      await s.close();
    }
  });

  it('fails pool creation when the CA file is missing', () => {
    expect(() => createScraper({ tls: { caFile: join(dir, 'missing.pem') } })).toThrow(/ENOENT/);
  });
});
