import { resolve } from 'node:path';
import type { Authorization, BasicAuth, HttpClientConfig, TlsConfig, TlsVersion } from './http-client-config';
import { join, type MapView, type YamlReader, type YamlValue } from './yaml-reader';

/** The HTTP client keys Vigil reads, inlined in Alertmanager and remote write sections as in Prometheus. */
export const HTTP_CLIENT_KEYS = [
  'basic_auth',
  'authorization',
  'bearer_token',
  'bearer_token_file',
  'tls_config',
  'follow_redirects',
  'enable_http2',
] as const;

/** Prometheus HTTP client keys Vigil rejects (unless empty) because it does not implement them. */
export const HTTP_CLIENT_UNSUPPORTED: Readonly<Record<string, string>> = {
  oauth2: 'oauth2 is not supported yet; use authorization or basic_auth',
  proxy_url: 'proxy_url is not supported yet',
  no_proxy: 'no_proxy is not supported yet',
  proxy_from_environment: 'proxy_from_environment is not supported yet',
  proxy_connect_header: 'proxy_connect_header is not supported yet',
  http_headers: 'http_headers is not supported yet',
  sigv4: 'sigv4 is not supported yet',
};

const TLS_VERSIONS: readonly TlsVersion[] = ['TLS10', 'TLS11', 'TLS12', 'TLS13'];

/**
 * readHttpClientConfig reads the inlined HTTP client settings of a section, resolving file paths
 * against `dir` and applying Prometheus's rules on which settings exclude each other.
 */
export function readHttpClientConfig(
  r: YamlReader,
  view: MapView,
  path: string,
  dir: string,
): HttpClientConfig {
  const field = (key: string) => view.entries.get(key)?.value;
  const out: HttpClientConfig = {};
  const basicAuth = readBasicAuth(r, field('basic_auth'), join(path, 'basic_auth'), dir);
  const authorization = readAuthorization(r, field('authorization'), join(path, 'authorization'), dir);
  const bearerToken = r.string(field('bearer_token'), join(path, 'bearer_token'));
  const bearerTokenFile = r.string(field('bearer_token_file'), join(path, 'bearer_token_file'));
  const at = view.entries.get('bearer_token')?.key ?? view.entries.get('bearer_token_file')?.key;
  if (bearerToken && bearerTokenFile) {
    r.error(at, path, 'at most one of bearer_token & bearer_token_file must be configured');
  } else if (basicAuth && (bearerToken || bearerTokenFile)) {
    r.error(at, path, 'at most one of basic_auth, bearer_token & bearer_token_file must be configured');
  } else if (authorization && (bearerToken || bearerTokenFile)) {
    r.error(at, path, 'authorization is not compatible with bearer_token & bearer_token_file');
  } else if (authorization && basicAuth) {
    r.error(
      view.entries.get('authorization')?.key,
      path,
      'at most one of basic_auth & authorization must be configured',
    );
  }
  if (basicAuth) out.basicAuth = basicAuth;
  if (authorization) out.authorization = authorization;
  // bearer_token(_file) are Prometheus's older spelling of authorization with type Bearer.
  else if (bearerToken) out.authorization = { type: 'Bearer', credentials: bearerToken };
  else if (bearerTokenFile)
    out.authorization = { type: 'Bearer', credentialsFile: resolve(dir, bearerTokenFile) };
  const tls = readTlsConfig(r, field('tls_config'), join(path, 'tls_config'), dir);
  if (tls) out.tls = tls;
  const followRedirects = r.bool(field('follow_redirects'), join(path, 'follow_redirects'));
  if (followRedirects !== undefined) out.followRedirects = followRedirects;
  // enable_http2 is accepted and validated; Node's client speaks HTTP/1.1, which every server here accepts.
  r.bool(field('enable_http2'), join(path, 'enable_http2'));
  return out;
}

function readBasicAuth(r: YamlReader, value: YamlValue, path: string, dir: string) {
  const view = r.map(value, path);
  if (!view) return undefined;
  r.checkKeys(view, path, {
    known: ['username', 'username_file', 'password', 'password_file'],
    unsupported: {
      username_ref: 'username_ref is not supported yet (no secret manager)',
      password_ref: 'password_ref is not supported yet (no secret manager)',
    },
  });
  const get = (key: string) => r.string(view.entries.get(key)?.value, join(path, key));
  const out: BasicAuth = {};
  const username = get('username');
  const usernameFile = get('username_file');
  const password = get('password');
  const passwordFile = get('password_file');
  if (username && usernameFile) {
    r.error(view.node, path, 'at most one of basic_auth username & username_file must be configured');
  }
  if (password && passwordFile) {
    r.error(view.node, path, 'at most one of basic_auth password & password_file must be configured');
  }
  if (username !== undefined) out.username = username;
  if (usernameFile) out.usernameFile = resolve(dir, usernameFile);
  if (password !== undefined) out.password = password;
  if (passwordFile) out.passwordFile = resolve(dir, passwordFile);
  return out;
}

function readAuthorization(r: YamlReader, value: YamlValue, path: string, dir: string) {
  const view = r.map(value, path);
  if (!view) return undefined;
  r.checkKeys(view, path, {
    known: ['type', 'credentials', 'credentials_file'],
    unsupported: { credentials_ref: 'credentials_ref is not supported yet (no secret manager)' },
  });
  const get = (key: string) => r.string(view.entries.get(key)?.value, join(path, key));
  const type = (get('type') ?? '').trim() || 'Bearer';
  const credentials = get('credentials');
  const credentialsFile = get('credentials_file');
  if (type.toLowerCase() === 'basic') {
    r.error(
      r.node(view.entries.get('type')?.value),
      join(path, 'type'),
      'authorization type cannot be "basic"; use basic_auth',
    );
  }
  if (credentials && credentialsFile) {
    r.error(
      view.node,
      path,
      'at most one of authorization credentials & credentials_file must be configured',
    );
  }
  const out: Authorization = { type };
  if (credentials !== undefined) out.credentials = credentials;
  if (credentialsFile) out.credentialsFile = resolve(dir, credentialsFile);
  return out;
}

function readTlsConfig(r: YamlReader, value: YamlValue, path: string, dir: string) {
  const view = r.map(value, path);
  if (!view) return undefined;
  r.checkKeys(view, path, {
    known: [
      'ca',
      'ca_file',
      'cert',
      'cert_file',
      'key',
      'key_file',
      'server_name',
      'insecure_skip_verify',
      'min_version',
      'max_version',
    ],
    unsupported: {
      ca_ref: 'ca_ref is not supported yet (no secret manager)',
      cert_ref: 'cert_ref is not supported yet (no secret manager)',
      key_ref: 'key_ref is not supported yet (no secret manager)',
    },
  });
  const get = (key: string) => r.string(view.entries.get(key)?.value, join(path, key));
  const out: TlsConfig = {};
  const pairs = [
    ['ca', 'ca_file'],
    ['cert', 'cert_file'],
    ['key', 'key_file'],
  ] as const;
  const values: Record<string, string | undefined> = {};
  for (const [inline, file] of pairs) {
    values[inline] = get(inline);
    values[file] = get(file);
    if (values[inline] && values[file]) {
      r.error(view.node, path, `at most one of ${inline} & ${file} must be configured`);
    }
  }
  if (values['ca']) out.ca = values['ca'];
  if (values['ca_file']) out.caFile = resolve(dir, values['ca_file']);
  if (values['cert']) out.cert = values['cert'];
  if (values['cert_file']) out.certFile = resolve(dir, values['cert_file']);
  if (values['key']) out.key = values['key'];
  if (values['key_file']) out.keyFile = resolve(dir, values['key_file']);
  const hasCert = Boolean(out.cert || out.certFile);
  const hasKey = Boolean(out.key || out.keyFile);
  if (hasCert !== hasKey) {
    r.error(
      view.node,
      path,
      'a client certificate needs a key and a key needs a certificate (cert/cert_file with key/key_file)',
    );
  }
  const serverName = get('server_name');
  if (serverName) out.serverName = serverName;
  const insecure = r.bool(
    view.entries.get('insecure_skip_verify')?.value,
    join(path, 'insecure_skip_verify'),
  );
  if (insecure !== undefined) out.insecureSkipVerify = insecure;
  for (const key of ['min_version', 'max_version'] as const) {
    const v = get(key);
    if (v === undefined) continue;
    if (!(TLS_VERSIONS as readonly string[]).includes(v)) {
      r.error(
        r.node(view.entries.get(key)?.value),
        join(path, key),
        `unknown TLS version "${v}" (want one of ${TLS_VERSIONS.join(', ')})`,
      );
      continue;
    }
    if (key === 'min_version') out.minVersion = v as TlsVersion;
    else out.maxVersion = v as TlsVersion;
  }
  if (
    out.minVersion &&
    out.maxVersion &&
    TLS_VERSIONS.indexOf(out.minVersion) > TLS_VERSIONS.indexOf(out.maxVersion)
  ) {
    r.error(view.node, path, 'max_version must not be lower than min_version');
  }
  return out;
}
