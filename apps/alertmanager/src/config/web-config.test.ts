import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  WebConfigError,
  WebConfigFile,
  loadWebConfig,
  parseTokensFile,
  parseWebConfig,
  tokenDigest,
} from './web-config';

const testdata = join(import.meta.dirname, 'testdata', 'web-config');
// bcrypt("secret") at cost 4, made with bcryptjs.
const HASH = '$2b$04$ZOOSNKFxq7Z9DKzOR2ZOI.h1Mx8YdA88LbJTwSWD69nCaRX7w6bsi';

function errorsOf(text: string): string[] {
  try {
    parseWebConfig(text, 'web.yml', '/etc/vigil');
  } catch (err) {
    if (err instanceof WebConfigError) return err.message.split('\n');
    throw err;
  }
  return [];
}

describe('parseWebConfig', () => {
  it('reads users, headers and write_auth (relative files resolve against the config directory)', () => {
    const c = parseWebConfig(
      [
        'basic_auth_users:',
        `  alice: ${HASH}`,
        `  "bob smith": '${HASH.replace('$2b$', '$2y$')}'`,
        'http_server_config:',
        '  http2: true',
        '  headers:',
        '    X-Frame-Options: sameorigin',
        '    Content-Security-Policy: "default-src \'self\'"',
        'tls_server_config: {}',
        'write_auth:',
        '  bearer_tokens_file: secrets/tokens',
        '  bearer_token_sha256:',
        `    - ${'AB'.repeat(32)}`,
      ].join('\n'),
      '/etc/vigil/web.yml',
    );
    expect([...c.basicAuthUsers.keys()]).toEqual(['alice', 'bob smith']);
    expect(c.basicAuthUsers.get('bob smith')).toMatch(/^\$2y\$04\$/);
    expect(c.headers).toEqual({
      'X-Frame-Options': 'sameorigin',
      'Content-Security-Policy': "default-src 'self'",
    });
    expect(c.writeAuth?.bearerTokensFile?.path).toBe('/etc/vigil/secrets/tokens');
    expect(c.writeAuth?.bearerTokenDigests.map((d) => d.toString('hex'))).toEqual(['ab'.repeat(32)]);
  });

  it.each([
    ['an empty file', ''],
    ['only comments', '# no auth yet\n'],
    ['empty sections', 'basic_auth_users:\ntls_server_config:\nrate_limit: {}\n'],
  ])('accepts %s as a config without credentials', (_what, text) => {
    const c = parseWebConfig(text, 'web.yml');
    expect(c.basicAuthUsers.size).toBe(0);
    expect(c.writeAuth).toBeUndefined();
  });

  it.each<[string, string, string[]]>([
    [
      'an unknown top-level field',
      `basic_auth_user:\n  alice: ${HASH}\n`,
      [
        'web.yml:1:1: unknown field "basic_auth_user" (known: tls_server_config, http_server_config, rate_limit, basic_auth_users, write_auth)',
      ],
    ],
    [
      'TLS',
      'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n',
      [
        'web.yml:2:3: tls_server_config: TLS is not supported yet: terminate TLS in a reverse proxy in front of Vigil, or remove this section',
      ],
    ],
    [
      'rate limits',
      'rate_limit:\n  burst: 10\n',
      ['web.yml:2:3: rate_limit: rate limiting is not supported yet; remove this section'],
    ],
    [
      'a password instead of a hash',
      'basic_auth_users:\n  john: doe\n',
      [
        'web.yml:2:9: basic_auth_users.john: not a bcrypt hash ($2a$, $2b$ or $2y$); generate one with `htpasswd -nBC 10 "" | tr -d \':\\n\'`',
      ],
    ],
    [
      'a user without a hash',
      'basic_auth_users:\n  john:\n',
      [
        'web.yml:2:3: basic_auth_users.john: no password hash; generate one with `htpasswd -nBC 10 "" | tr -d \':\\n\'`',
      ],
    ],
    [
      'a bcrypt cost out of range',
      `basic_auth_users:\n  john: ${HASH.replace('$04$', '$03$')}\n`,
      ['web.yml:2:9: basic_auth_users.john: bcrypt cost 3 is outside 4..31'],
    ],
    [
      'users as a list',
      'basic_auth_users:\n  - alice\n',
      ['web.yml:2:3: basic_auth_users: expected a mapping of user names to bcrypt hashes, got !!seq'],
    ],
    [
      'a user written twice',
      `basic_auth_users:\n  alice: ${HASH}\n  alice: ${HASH}\n`,
      ['web.yml:3:3: Map keys must be unique'],
    ],
    [
      'a header that cannot be set',
      'http_server_config:\n  headers:\n    Server: vigil\n',
      ['web.yml:3:5: http_server_config.headers: HTTP header "Server" can not be configured'],
    ],
    [
      'a header value outside its choices',
      'http_server_config:\n  headers:\n    X-Frame-Options: allow\n',
      [
        'web.yml:3:22: http_server_config.headers.X-Frame-Options: expected one of "deny", "sameorigin", got "allow"',
      ],
    ],
    [
      'http2 not a boolean',
      'http_server_config:\n  http2: sometimes\n',
      ['web.yml:2:10: http_server_config.http2: expected true or false, got !!str `sometimes`'],
    ],
    [
      'an unknown write_auth field (a typo must not leave writes open)',
      'write_auth:\n  bearer_token_file: tokens\n',
      [
        'web.yml:2:3: write_auth: unknown field "bearer_token_file" (known: bearer_tokens_file, bearer_token_sha256)',
      ],
    ],
    [
      'a digest that is not SHA-256 hex',
      'write_auth:\n  bearer_token_sha256:\n    - abc\n',
      [
        'web.yml:3:7: write_auth.bearer_token_sha256[0]: expected 64 hex digits (`printf %s "$TOKEN" | sha256sum`), got "abc"',
      ],
    ],
    [
      'a scalar instead of a mapping',
      'hWkNKCp3fvIx3jKnsaBI\n',
      ['web.yml:1:1: the web config: expected a mapping of sections, got !!str `hWkNKCp...`'],
    ],
    [
      'a YAML syntax error',
      'basic_auth_users: [\n',
      ['web.yml:2:1: Flow sequence in block collection must be sufficiently indented and end with a ]'],
    ],
  ])('rejects %s, saying where', (_what, text, expected) => {
    expect(errorsOf(text)).toEqual(expected);
  });

  it('lists every problem at once', () => {
    expect(errorsOf('basic_auth_users:\n  a: x\n  b: y\nfoo: 1\n').map((e) => e.split(': ')[0])).toEqual([
      'web.yml:2:6',
      'web.yml:3:6',
      'web.yml:4:1',
    ]);
  });
});

describe('parseTokensFile', () => {
  it('reads one token per line, skipping blanks and comments', () => {
    expect(parseTokensFile('# ui\n  tok-aaaaaaaaaaaaaaaa  \n\r\n#x\ntok-bbbbbbbbbbbbbbbb\r\n', 't')).toEqual([
      'tok-aaaaaaaaaaaaaaaa',
      'tok-bbbbbbbbbbbbbbbb',
    ]);
  });

  it.each([
    [
      'a short token',
      '# ok\nchangeme\n',
      't:2:1: a bearer token needs at least 16 characters; generate one with `openssl rand -hex 32`',
    ],
    [
      'two tokens on a line',
      'tok-aaaaaaaaaaaaaaaa tok-bbbbbbbbbbbbbbbb\n',
      't:1:1: a bearer token cannot contain spaces (one token per line)',
    ],
  ])('rejects %s', (_what, text, message) => {
    expect(() => parseTokensFile(text, 't')).toThrow(message);
  });
});

describe('loadWebConfig', () => {
  it('reads the fixture, its tokens file and its digests', async () => {
    const c = await loadWebConfig(join(testdata, 'web.yml'));
    expect([...c.basicAuthUsers.keys()]).toEqual(['admin']);
    expect(c.writesNeedAuth).toBe(true);
    expect(c.files).toEqual([join(testdata, 'web.yml'), join(testdata, 'write-tokens')]);
    expect(c.headers).toEqual({ 'X-Frame-Options': 'deny' });
    expect(c.bearerTokenDigests).toEqual([
      tokenDigest('prometheus-token-8d2f61c0a9e3'),
      tokenDigest('ui-token-3f9c1e7a5b2d4c6e'),
    ]);
  });

  it('names the web config file and line when the tokens file is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-web-config-'));
    try {
      writeFileSync(join(dir, 'web.yml'), 'write_auth:\n  bearer_tokens_file: nope.txt\n');
      await expect(loadWebConfig(join(dir, 'web.yml'))).rejects.toThrow(
        new RegExp(
          `^${dir}/web.yml:2:23: write_auth.bearer_tokens_file: cannot read ${dir}/nope.txt: ENOENT`,
        ),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says which file it cannot read', async () => {
    await expect(loadWebConfig('/nonexistent/web.yml')).rejects.toThrow(
      /^cannot read the web config file \/nonexistent\/web.yml: ENOENT/,
    );
  });

  it.each([
    ['no users and no write_auth', 'http_server_config:\n  http2: true\n', false],
    ['an empty basic_auth_users', 'basic_auth_users: {}\n', false],
    ['users', `basic_auth_users:\n  a: ${HASH}\n`, true],
    ['an empty write_auth (refuses every write)', 'write_auth: {}\n', true],
  ])('with %s, writes need auth: %s', async (_what, text, expected) => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-web-config-'));
    try {
      writeFileSync(join(dir, 'web.yml'), text);
      expect((await loadWebConfig(join(dir, 'web.yml'))).writesNeedAuth).toBe(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('WebConfigFile', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-web-config-'));
    path = join(dir, 'web.yml');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** write replaces a file and moves its modification time on, as a later edit would. */
  const write = (name: string, text: string, at: number): void => {
    writeFileSync(join(dir, name), text);
    utimesSync(join(dir, name), at, at);
  };

  it('fails to open a broken file, so a bad config stops the start', async () => {
    write('web.yml', 'basic_auth_users:\n  a: b\n', 1000);
    await expect(WebConfigFile.open(path)).rejects.toBeInstanceOf(WebConfigError);
  });

  it('rereads changed files at most once per recheck interval', async () => {
    let now = 0;
    write('web.yml', `basic_auth_users:\n  a: ${HASH}\n`, 1000);
    const file = await WebConfigFile.open(path, { recheckMs: 1000, now: () => now });
    write('web.yml', `basic_auth_users:\n  b: ${HASH}\n`, 2000);
    now = 999;
    expect([...(await file.current()).basicAuthUsers.keys()]).toEqual(['a']);
    now = 1000;
    expect([...(await file.current()).basicAuthUsers.keys()]).toEqual(['b']);
  });

  it('watches the tokens file too, and starts watching one added later', async () => {
    write('web.yml', 'write_auth: {}\n', 1000);
    const file = await WebConfigFile.open(path, { recheckMs: 0 });
    expect((await file.current()).bearerTokenDigests).toEqual([]);
    write('tokens', 'tok-aaaaaaaaaaaaaaaa\n', 1000);
    write('web.yml', 'write_auth:\n  bearer_tokens_file: tokens\n', 2000);
    expect((await file.current()).bearerTokenDigests).toEqual([tokenDigest('tok-aaaaaaaaaaaaaaaa')]);
    write('tokens', 'tok-bbbbbbbbbbbbbbbb\n', 3000);
    expect((await file.current()).bearerTokenDigests).toEqual([tokenDigest('tok-bbbbbbbbbbbbbbbb')]);
  });

  it('rejects while broken, keeps the last good config for reads, and recovers when fixed', async () => {
    write('web.yml', `basic_auth_users:\n  a: ${HASH}\n`, 1000);
    const file = await WebConfigFile.open(path, { recheckMs: 0 });
    write('web.yml', 'basic_auth_users:\n  a: [\n', 2000);
    await expect(file.current()).rejects.toThrow(/web.yml:3:1/);
    // Unchanged since it broke: still broken, without reading it again.
    await expect(file.current()).rejects.toThrow(/web.yml:3:1/);
    expect([...file.lastGood().basicAuthUsers.keys()]).toEqual(['a']);
    write('web.yml', `basic_auth_users:\n  c: ${HASH}\n`, 3000);
    expect([...(await file.current()).basicAuthUsers.keys()]).toEqual(['c']);
  });

  it('rejects when the file disappears', async () => {
    write('web.yml', `basic_auth_users:\n  a: ${HASH}\n`, 1000);
    const file = await WebConfigFile.open(path, { recheckMs: 0 });
    rmSync(path);
    await expect(file.current()).rejects.toThrow(/cannot read the web config file/);
  });
});
