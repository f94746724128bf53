// The `--web.config.file`: Prometheus exporter-toolkit's web config (`basic_auth_users` with bcrypt hashes,
// `http_server_config.headers`) plus Vigil's `write_auth` section (bearer tokens for writes). Decoding is strict, as
// exporter-toolkit's yaml.UnmarshalStrict: unknown fields are errors, reported with file, line and column. TLS and
// rate limits are refused rather than silently ignored, so nobody believes they are on when they are not.

import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { describeNode, parseYamlTree, plainBool, type Position, type YMap, type YNode } from './yaml-tree';

/** WebConfig is a loaded web config file: who may write, and extra response headers. */
export interface WebConfig {
  /** The web config file. */
  fileName: string;
  /** `basic_auth_users`: user name → bcrypt hash. */
  basicAuthUsers: ReadonlyMap<string, string>;
  /** SHA-256 digests of the bearer tokens accepted for writes (`write_auth`). */
  bearerTokenDigests: readonly Buffer[];
  /** True when writes need credentials: `basic_auth_users` is not empty or a `write_auth` section is present. */
  writesNeedAuth: boolean;
  /** `http_server_config.headers`: headers added to every response. */
  headers: Readonly<Record<string, string>>;
  /** Every file read to build this config (the web config and the tokens file), to notice changes. */
  files: readonly string[];
}

/** WebConfigIssue is one problem found in a web config file or its tokens file. */
export interface WebConfigIssue extends Position {
  file: string;
  message: string;
}

/** WebConfigError lists every problem found in a web config file, one `file:line:column: message` per line. */
export class WebConfigError extends Error {
  override readonly name = 'WebConfigError';

  constructor(readonly issues: readonly WebConfigIssue[]) {
    super(issues.map((i) => `${i.file}:${i.line}:${i.column}: ${i.message}`).join('\n'));
  }
}

/** ParsedWebConfig is a web config before its tokens file is read. */
export interface ParsedWebConfig {
  basicAuthUsers: Map<string, string>;
  /** The `write_auth` section, or undefined when absent. */
  writeAuth?: {
    /** `bearer_tokens_file`, resolved against the web config's directory, and where it was written. */
    bearerTokensFile?: { path: string; at: Position };
    /** `bearer_token_sha256`: digests of tokens, for configs that hold no secret. */
    bearerTokenDigests: Buffer[];
  };
  headers: Record<string, string>;
}

// exporter-toolkit lets these headers (and for some, only these values) be configured, nothing else.
const CONFIGURABLE_HEADERS: Readonly<Record<string, readonly string[]>> = {
  'Strict-Transport-Security': [],
  'X-Content-Type-Options': ['nosniff'],
  'X-Frame-Options': ['deny', 'sameorigin'],
  'X-XSS-Protection': [],
  'Content-Security-Policy': [],
};

// Go's bcrypt.Cost accepts versions 2, 2a, 2b, 2y and costs 4..31; bcryptjs reads 2a, 2b and 2y.
const BCRYPT_HASH = /^\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}$/;
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
/** MIN_TOKEN_LENGTH keeps guessable tokens ("changeme") out of a file that guards every write. */
export const MIN_TOKEN_LENGTH = 16;
const HASH_HINT = 'generate one with `htpasswd -nBC 10 "" | tr -d \':\\n\'`';

/** Collects issues against one file. */
class Issues {
  readonly list: WebConfigIssue[] = [];

  constructor(readonly file: string) {}

  add(at: Position, message: string): void {
    this.list.push({ file: this.file, line: at.line, column: at.column, message });
  }
}

type SectionDecoder = (node: YNode, issues: Issues, out: ParsedWebConfig, baseDir: string) => void;

/** Top-level fields, exporter-toolkit's and then Vigil's. */
const SECTIONS: Readonly<Record<string, SectionDecoder>> = {
  tls_server_config: (node, issues) =>
    notSupported(
      node,
      issues,
      'tls_server_config',
      'TLS is not supported yet: terminate TLS in a reverse proxy in front of Vigil, or remove this section',
    ),
  http_server_config: decodeHttpServerConfig,
  rate_limit: (node, issues) =>
    notSupported(node, issues, 'rate_limit', 'rate limiting is not supported yet; remove this section'),
  basic_auth_users: decodeBasicAuthUsers,
  write_auth: decodeWriteAuth,
};

/**
 * parseWebConfig decodes web config text; `fileName` names it in errors and `baseDir` resolves relative paths.
 * Throws WebConfigError listing every problem.
 */
export function parseWebConfig(text: string, fileName: string, baseDir = dirname(fileName)): ParsedWebConfig {
  const issues = new Issues(fileName);
  const out: ParsedWebConfig = { basicAuthUsers: new Map(), headers: {} };
  const parsed = parseYamlTree(text);
  for (const e of parsed.errors) issues.add(e, e.message);
  const root = parsed.root;
  if (root && parsed.errors.length === 0) {
    const map = expectMap(root, issues, 'the web config', 'a mapping of sections');
    for (const entry of map?.entries ?? []) {
      const decode = SECTIONS[entry.key];
      if (decode) decode(entry.value, issues, out, baseDir);
      else issues.add(entry.keyPos, unknownField(entry.key, '', Object.keys(SECTIONS)));
    }
  }
  if (issues.list.length > 0) throw new WebConfigError(issues.list);
  return out;
}

/** loadWebConfig reads a web config file and its bearer tokens file. Throws WebConfigError or the read error. */
export async function loadWebConfig(path: string): Promise<WebConfig> {
  const text = await readFile(path, 'utf8').catch((err: unknown) => {
    throw new Error(`cannot read the web config file ${path}: ${errorText(err)}`);
  });
  const parsed = parseWebConfig(text, path);
  const digests = [...(parsed.writeAuth?.bearerTokenDigests ?? [])];
  const files = [path];
  const tokensFile = parsed.writeAuth?.bearerTokensFile;
  if (tokensFile) {
    files.push(tokensFile.path);
    let tokens: string;
    try {
      tokens = await readFile(tokensFile.path, 'utf8');
    } catch (err) {
      throw new WebConfigError([
        {
          file: path,
          ...tokensFile.at,
          message: `write_auth.bearer_tokens_file: cannot read ${tokensFile.path}: ${errorText(err)}`,
        },
      ]);
    }
    digests.push(...parseTokensFile(tokens, tokensFile.path).map(tokenDigest));
  }
  return {
    fileName: path,
    basicAuthUsers: parsed.basicAuthUsers,
    bearerTokenDigests: digests,
    writesNeedAuth: parsed.basicAuthUsers.size > 0 || parsed.writeAuth !== undefined,
    headers: parsed.headers,
    files,
  };
}

/**
 * parseTokensFile reads a bearer tokens file: one token per line; blank lines and lines starting with `#` are
 * skipped. Throws WebConfigError for tokens with spaces in them or shorter than MIN_TOKEN_LENGTH.
 */
export function parseTokensFile(text: string, fileName: string): string[] {
  const issues = new Issues(fileName);
  const tokens: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const token = raw.trim();
    if (token === '' || token.startsWith('#')) return;
    const at = { line: i + 1, column: raw.indexOf(token) + 1 };
    if (/\s/.test(token)) issues.add(at, 'a bearer token cannot contain spaces (one token per line)');
    else if (token.length < MIN_TOKEN_LENGTH)
      issues.add(
        at,
        `a bearer token needs at least ${MIN_TOKEN_LENGTH} characters; generate one with \`openssl rand -hex 32\``,
      );
    else tokens.push(token);
  });
  if (issues.list.length > 0) throw new WebConfigError(issues.list);
  return tokens;
}

/** tokenDigest is the SHA-256 of a bearer token, as written in `bearer_token_sha256` (there in hex). */
export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** WebConfigFileOptions tune how often the files are checked for changes. */
export interface WebConfigFileOptions {
  /** Minimum time between two checks of the files' modification times (default 1000 ms; 0 checks every time). */
  recheckMs?: number;
  now?: () => number;
}

/**
 * WebConfigFile keeps a web config current: like exporter-toolkit, which reads the file on every request, edits
 * (a new user, a rotated token) apply without a restart. Here the files are stat'ed at most once per `recheckMs`
 * and read again only when they changed.
 */
export class WebConfigFile {
  private lastCheck: number;
  private inFlight: Promise<WebConfig> | undefined;
  /** The error of the last read, while the files stay as they were when it failed. */
  private broken: Error | undefined;

  private constructor(
    readonly path: string,
    private config: WebConfig,
    private stamps: string[],
    private readonly recheckMs: number,
    private readonly now: () => number,
  ) {
    this.lastCheck = now();
  }

  /** open loads the file; a broken file fails here, so a bad config stops the start instead of every write. */
  static async open(path: string, opts: WebConfigFileOptions = {}): Promise<WebConfigFile> {
    const now = opts.now ?? Date.now;
    // The file is stat'ed before it is read, so an edit racing with the read shows up at the next check.
    const [before = 'missing'] = await stampsOf([path]);
    const config = await loadWebConfig(path);
    const stamps = [before, ...(await stampsOf(config.files.slice(1)))];
    return new WebConfigFile(path, config, stamps, opts.recheckMs ?? 1000, now);
  }

  /** lastGood is the last config read without error. */
  lastGood(): WebConfig {
    return this.config;
  }

  /** current is the config as the files say now; rejects while they are broken (unreadable or invalid). */
  async current(): Promise<WebConfig> {
    if (this.now() - this.lastCheck < this.recheckMs) return this.settled();
    this.inFlight ??= this.recheck().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private settled(): Promise<WebConfig> {
    return this.broken ? Promise.reject(this.broken) : Promise.resolve(this.config);
  }

  private async recheck(): Promise<WebConfig> {
    this.lastCheck = this.now();
    const stamps = await stampsOf(this.config.files);
    if (sameStamps(stamps, this.stamps)) return this.settled();
    this.stamps = stamps;
    try {
      const config = await loadWebConfig(this.path);
      // A new or dropped tokens file changes the set of files to watch.
      if (config.files.join('\0') !== this.config.files.join('\0'))
        this.stamps = await stampsOf(config.files);
      this.config = config;
      this.broken = undefined;
      return config;
    } catch (err) {
      this.broken = err instanceof Error ? err : new Error(String(err));
      throw this.broken;
    }
  }
}

async function stampsOf(files: readonly string[]): Promise<string[]> {
  return Promise.all(
    files.map((f) =>
      stat(f).then(
        (s) => `${s.ino}:${s.size}:${s.mtimeMs}`,
        () => 'missing',
      ),
    ),
  );
}

function sameStamps(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

function notSupported(node: YNode, issues: Issues, field: string, message: string): void {
  const empty = node.kind === 'null' || (node.kind === 'map' && node.entries.length === 0);
  if (!empty) issues.add(node, `${field}: ${message}`);
}

function decodeHttpServerConfig(node: YNode, issues: Issues, out: ParsedWebConfig): void {
  const map = expectMap(node, issues, 'http_server_config', 'a mapping');
  for (const entry of map?.entries ?? []) {
    const path = `http_server_config.${entry.key}`;
    if (entry.key === 'http2') {
      // Vigil serves HTTP/1.1 only, so `http2: false` is what happens anyway; the value is still checked.
      const v = entry.value;
      if (v.kind !== 'null' && (v.kind !== 'scalar' || plainBool(v.text) === undefined))
        issues.add(v, `${path}: expected true or false, got ${describeNode(v)}`);
    } else if (entry.key === 'headers') {
      const headers = expectMap(entry.value, issues, path, 'a mapping of header names to values');
      for (const h of headers?.entries ?? []) {
        const value = scalarText(h.value, issues, `${path}.${h.key}`);
        if (value === undefined) continue;
        const allowed = CONFIGURABLE_HEADERS[h.key];
        if (!allowed)
          issues.add(h.keyPos, `${path}: HTTP header ${JSON.stringify(h.key)} can not be configured`);
        else if (allowed.length > 0 && !allowed.includes(value))
          issues.add(
            h.value,
            `${path}.${h.key}: expected one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${JSON.stringify(value)}`,
          );
        else out.headers[h.key] = value;
      }
    } else {
      issues.add(entry.keyPos, unknownField(entry.key, 'http_server_config', ['http2', 'headers']));
    }
  }
}

function decodeBasicAuthUsers(node: YNode, issues: Issues, out: ParsedWebConfig): void {
  const map = expectMap(node, issues, 'basic_auth_users', 'a mapping of user names to bcrypt hashes');
  for (const entry of map?.entries ?? []) {
    const path = `basic_auth_users.${entry.key}`;
    if (entry.value.kind === 'null') {
      issues.add(entry.keyPos, `${path}: no password hash; ${HASH_HINT}`);
      continue;
    }
    const hash = scalarText(entry.value, issues, path);
    if (hash === undefined) continue;
    const m = BCRYPT_HASH.exec(hash);
    const cost = Number(m?.[1]);
    if (!m) issues.add(entry.value, `${path}: not a bcrypt hash ($2a$, $2b$ or $2y$); ${HASH_HINT}`);
    else if (cost < 4 || cost > 31) issues.add(entry.value, `${path}: bcrypt cost ${cost} is outside 4..31`);
    else out.basicAuthUsers.set(entry.key, hash);
  }
}

function decodeWriteAuth(node: YNode, issues: Issues, out: ParsedWebConfig, baseDir: string): void {
  const writeAuth: NonNullable<ParsedWebConfig['writeAuth']> = { bearerTokenDigests: [] };
  out.writeAuth = writeAuth;
  const map = expectMap(node, issues, 'write_auth', 'a mapping');
  for (const entry of map?.entries ?? []) {
    const path = `write_auth.${entry.key}`;
    if (entry.key === 'bearer_tokens_file') {
      const file = scalarText(entry.value, issues, path);
      if (file === '') issues.add(entry.value, `${path}: empty file name`);
      else if (file !== undefined)
        writeAuth.bearerTokensFile = { path: isAbsolute(file) ? file : join(baseDir, file), at: entry.value };
    } else if (entry.key === 'bearer_token_sha256') {
      const list = entry.value;
      if (list.kind === 'null') continue;
      if (list.kind !== 'seq') {
        issues.add(list, `${path}: expected a list of SHA-256 digests (hex), got ${describeNode(list)}`);
        continue;
      }
      list.items.forEach((item, i) => {
        const hex = scalarText(item, issues, `${path}[${i}]`);
        if (hex === undefined) return;
        if (!SHA256_HEX.test(hex))
          issues.add(
            item,
            `${path}[${i}]: expected 64 hex digits (\`printf %s "$TOKEN" | sha256sum\`), got ${JSON.stringify(hex)}`,
          );
        else writeAuth.bearerTokenDigests.push(Buffer.from(hex, 'hex'));
      });
    } else {
      issues.add(
        entry.keyPos,
        unknownField(entry.key, 'write_auth', ['bearer_tokens_file', 'bearer_token_sha256']),
      );
    }
  }
}

function expectMap(node: YNode, issues: Issues, what: string, expected: string): YMap | undefined {
  if (node.kind === 'map') return node;
  if (node.kind !== 'null') issues.add(node, `${what}: expected ${expected}, got ${describeNode(node)}`);
  return undefined;
}

function scalarText(node: YNode, issues: Issues, path: string): string | undefined {
  if (node.kind === 'scalar') return node.text;
  if (node.kind === 'null') return '';
  issues.add(node, `${path}: expected a string, got ${describeNode(node)}`);
  return undefined;
}

function unknownField(key: string, section: string, known: readonly string[]): string {
  const where = section === '' ? '' : `${section}: `;
  return `${where}unknown field ${JSON.stringify(key)} (known: ${known.join(', ')})`;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
