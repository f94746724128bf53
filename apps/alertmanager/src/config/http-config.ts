// Prometheus common's HTTP client configuration (`http_config`), as every Alertmanager integration takes it:
// auth (basic, authorization, OAuth2, bearer token), TLS, proxy, extra headers, and its validation rules.

import { anyUrl, tlsVersion } from './kinds';
import { K, field, newStruct, type Field, type StructSchema, type Validator } from './schema';

/** TlsConfig is `tls_config`. */
export interface TlsConfig {
  ca: string;
  cert: string;
  key: string;
  caFile: string;
  certFile: string;
  keyFile: string;
  caRef: string;
  certRef: string;
  keyRef: string;
  serverName: string;
  insecureSkipVerify: boolean;
  minVersion?: string;
  maxVersion?: string;
}

/** BasicAuth is `basic_auth`. */
export interface BasicAuth {
  username: string;
  usernameFile: string;
  usernameRef: string;
  password: string;
  passwordFile: string;
  passwordRef: string;
}

/** Authorization is `authorization` (type defaults to Bearer). */
export interface Authorization {
  type: string;
  credentials: string;
  credentialsFile: string;
  credentialsRef: string;
}

/** ProxyFields are the proxy settings shared by HTTP and OAuth2 configs. */
export interface ProxyFields {
  proxyUrl?: string;
  noProxy: string;
  proxyFromEnvironment: boolean;
  proxyConnectHeader?: Record<string, string[]>;
}

/** OAuth2 is `oauth2`. */
export interface OAuth2 extends ProxyFields {
  clientId: string;
  clientSecret: string;
  clientSecretFile: string;
  clientSecretRef: string;
  clientCertificateKeyId: string;
  clientCertificateKey: string;
  clientCertificateKeyFile: string;
  clientCertificateKeyRef: string;
  grantType: string;
  signatureAlgorithm: string;
  iss: string;
  audience: string;
  claims?: Record<string, unknown>;
  scopes?: string[];
  tokenUrl: string;
  endpointParams?: Record<string, string>;
  tlsConfig?: TlsConfig;
}

/** HttpHeader is one entry of `http_headers`. */
export interface HttpHeader {
  values?: string[];
  secrets?: string[];
  files?: string[];
}

/** HttpClientConfig is `http_config`. */
export interface HttpClientConfig extends ProxyFields {
  basicAuth?: BasicAuth;
  authorization?: Authorization;
  oauth2?: OAuth2;
  bearerToken: string;
  bearerTokenFile: string;
  tlsConfig?: TlsConfig;
  followRedirects: boolean;
  enableHttp2: boolean;
  httpHeaders?: Record<string, HttpHeader>;
}

const str = (key: string, prop: string, secret = false): Field =>
  field(key, prop, secret ? K.secret : K.string, { omitEmpty: true });

const countSet = (...values: unknown[]): number => values.filter((v) => v !== undefined && v !== '').length;

/** The TLS settings schema. */
export const tlsConfigSchema: StructSchema = {
  goType: 'config.plain',
  fields: [
    str('ca', 'ca'),
    str('cert', 'cert'),
    str('key', 'key', true),
    str('ca_file', 'caFile'),
    str('cert_file', 'certFile'),
    str('key_file', 'keyFile'),
    str('ca_ref', 'caRef'),
    str('cert_ref', 'certRef'),
    str('key_ref', 'keyRef'),
    str('server_name', 'serverName'),
    field('insecure_skip_verify', 'insecureSkipVerify', K.bool, { def: () => false }),
    field('min_version', 'minVersion', tlsVersion, { omitEmpty: true }),
    field('max_version', 'maxVersion', tlsVersion, { omitEmpty: true }),
  ],
  validate: (o, v) => {
    if (countSet(o.ca, o.caFile, o.caRef) > 1)
      v.fail('at most one of ca, ca_file & ca_ref must be configured');
    if (countSet(o.cert, o.certFile, o.certRef) > 1)
      v.fail('at most one of cert, cert_file & cert_ref must be configured');
    if (countSet(o.key, o.keyFile, o.keyRef) > 1)
      v.fail('at most one of key and key_file must be configured');
    const usingCert = countSet(o.cert, o.certFile, o.certRef) > 0;
    const usingKey = countSet(o.key, o.keyFile, o.keyRef) > 0;
    if (usingCert && !usingKey) {
      v.fail('exactly one of key or key_file must be configured when a client certificate is configured');
    } else if (usingKey && !usingCert) {
      v.fail('exactly one of cert or cert_file must be configured when a client key is configured');
    }
  },
};

const proxyFields: Field[] = [
  field('proxy_url', 'proxyUrl', anyUrl, { omitEmpty: true }),
  str('no_proxy', 'noProxy'),
  field('proxy_from_environment', 'proxyFromEnvironment', K.bool, { omitEmpty: true, def: () => false }),
  field('proxy_connect_header', 'proxyConnectHeader', K.map(K.list(K.secret)), { omitEmpty: true }),
];

function validateProxy(o: Record<string, unknown>, v: Validator): void {
  const hasProxyUrl = o.proxyUrl !== undefined && o.proxyUrl !== '';
  const headers = o.proxyConnectHeader as Record<string, unknown> | undefined;
  if (headers && Object.keys(headers).length > 0 && !o.proxyFromEnvironment && !hasProxyUrl) {
    v.fail(
      'if proxy_connect_header is configured, proxy_url or proxy_from_environment must also be configured',
    );
  }
  if (o.proxyFromEnvironment && hasProxyUrl) {
    v.fail('if proxy_from_environment is configured, proxy_url must not be configured');
  }
  if (o.proxyFromEnvironment && o.noProxy !== '' && o.noProxy !== undefined) {
    v.fail('if proxy_from_environment is configured, no_proxy must not be configured');
  }
  if (o.proxyUrl === undefined && o.noProxy !== '' && o.noProxy !== undefined) {
    v.fail('if no_proxy is configured, proxy_url must also be configured');
  }
}

const basicAuthSchema: StructSchema = {
  goType: 'config.plain',
  fields: [
    str('username', 'username'),
    str('username_file', 'usernameFile'),
    str('username_ref', 'usernameRef'),
    str('password', 'password', true),
    str('password_file', 'passwordFile'),
    str('password_ref', 'passwordRef'),
  ],
};

const authorizationSchema: StructSchema = {
  goType: 'config.Authorization',
  fields: [
    str('type', 'type'),
    str('credentials', 'credentials', true),
    str('credentials_file', 'credentialsFile'),
    str('credentials_ref', 'credentialsRef'),
  ],
};

const oauth2Schema: StructSchema = {
  goType: 'config.plain',
  fields: [
    str('client_id', 'clientId'),
    str('client_secret', 'clientSecret', true),
    str('client_secret_file', 'clientSecretFile'),
    str('client_secret_ref', 'clientSecretRef'),
    str('client_certificate_key_id', 'clientCertificateKeyId'),
    str('client_certificate_key', 'clientCertificateKey', true),
    str('client_certificate_key_file', 'clientCertificateKeyFile'),
    str('client_certificate_key_ref', 'clientCertificateKeyRef'),
    str('grant_type', 'grantType'),
    str('signature_algorithm', 'signatureAlgorithm'),
    str('iss', 'iss'),
    str('audience', 'audience'),
    field('claims', 'claims', K.any, { omitEmpty: true }),
    field('scopes', 'scopes', K.strings, { omitEmpty: true }),
    str('token_url', 'tokenUrl'),
    field('endpoint_params', 'endpointParams', K.stringMap, { omitEmpty: true }),
    field('tls_config', 'tlsConfig', K.struct(tlsConfigSchema), { omitEmpty: true }),
    ...proxyFields,
  ],
  validate: validateProxy,
};

const headerSchema: StructSchema = {
  goType: 'config.Header',
  fields: [
    field('values', 'values', K.strings, { omitEmpty: true }),
    field('secrets', 'secrets', K.list(K.secret), { omitEmpty: true }),
    field('files', 'files', K.strings, { omitEmpty: true }),
  ],
};

// Headers Prometheus refuses to let a config set, in Go's canonical form.
const RESERVED_HEADERS = new Set([
  'Authorization',
  'Host',
  'Content-Encoding',
  'Content-Length',
  'Content-Type',
  'User-Agent',
  'Connection',
  'Keep-Alive',
  'Proxy-Authenticate',
  'Proxy-Authorization',
  'Www-Authenticate',
  'Accept-Encoding',
  'X-Prometheus-Remote-Write-Version',
  'X-Prometheus-Remote-Read-Version',
  'X-Prometheus-Scrape-Timeout-Seconds',
  'X-Amz-Date',
  'X-Amz-Security-Token',
  'X-Amz-Content-Sha256',
]);

/** canonicalHeaderKey writes a header name as Go's http.CanonicalHeaderKey does (`content-type` → `Content-Type`). */
export function canonicalHeaderKey(name: string): string {
  if (!/^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/.test(name)) return name;
  return name
    .split('-')
    .map((part) => (part === '' ? '' : part[0]?.toUpperCase() + part.slice(1).toLowerCase()))
    .join('-');
}

/** The `http_config` schema. */
export const httpClientConfigSchema: StructSchema = {
  goType: 'config.plain',
  fields: [
    field('basic_auth', 'basicAuth', K.struct(basicAuthSchema), { omitEmpty: true }),
    field('authorization', 'authorization', K.struct(authorizationSchema), { omitEmpty: true }),
    field('oauth2', 'oauth2', K.struct(oauth2Schema), { omitEmpty: true }),
    str('bearer_token', 'bearerToken', true),
    str('bearer_token_file', 'bearerTokenFile'),
    field('tls_config', 'tlsConfig', K.struct(tlsConfigSchema), { omitEmpty: true }),
    field('follow_redirects', 'followRedirects', K.bool, { def: () => true }),
    field('enable_http2', 'enableHttp2', K.bool, { def: () => true }),
    ...proxyFields,
    field('http_headers', 'httpHeaders', K.map(K.struct(headerSchema)), { omitEmpty: true }),
  ],
  validate: validateHttpClientConfig,
};

function validateHttpClientConfig(o: Record<string, unknown>, v: Validator): void {
  const c = o as unknown as HttpClientConfig;
  const hasBearer = c.bearerToken !== '' || c.bearerTokenFile !== '';
  if (c.bearerToken !== '' && c.bearerTokenFile !== '') {
    v.fail('at most one of bearer_token & bearer_token_file must be configured');
  }
  if ((c.basicAuth || c.oauth2) && hasBearer) {
    v.fail('at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured');
  }
  if (c.basicAuth && countSet(c.basicAuth.username, c.basicAuth.usernameFile, c.basicAuth.usernameRef) > 1) {
    v.fail('at most one of basic_auth username, username_file & username_ref must be configured');
  }
  if (c.basicAuth && countSet(c.basicAuth.password, c.basicAuth.passwordFile, c.basicAuth.passwordRef) > 1) {
    v.fail('at most one of basic_auth password, password_file & password_ref must be configured');
  }
  if (c.authorization) {
    const a = c.authorization;
    if (hasBearer) v.fail('authorization is not compatible with bearer_token & bearer_token_file');
    if (countSet(a.credentials, a.credentialsFile, a.credentialsRef) > 1) {
      v.fail('at most one of authorization credentials & credentials_file must be configured');
    }
    a.type = (a.type ?? '').trim() || 'Bearer';
    if (a.type.toLowerCase() === 'basic') {
      v.fail('authorization type cannot be set to "basic", use "basic_auth" instead');
    }
    if (c.basicAuth || c.oauth2)
      v.fail('at most one of basic_auth, oauth2 & authorization must be configured');
  } else if (c.bearerToken !== '') {
    c.authorization = { type: 'Bearer', credentials: c.bearerToken, credentialsFile: '', credentialsRef: '' };
    c.bearerToken = '';
  } else if (c.bearerTokenFile !== '') {
    c.authorization = {
      type: 'Bearer',
      credentials: '',
      credentialsFile: c.bearerTokenFile,
      credentialsRef: '',
    };
    c.bearerTokenFile = '';
  }
  if (c.oauth2) {
    const oa = c.oauth2;
    if (c.basicAuth) v.fail('at most one of basic_auth, oauth2 & authorization must be configured');
    if (!oa.clientId) v.fail('oauth2 client_id must be configured');
    if (!oa.tokenUrl) v.fail('oauth2 token_url must be configured');
    if (oa.grantType === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      if (countSet(oa.clientCertificateKey, oa.clientCertificateKeyFile, oa.clientCertificateKeyRef) > 1) {
        v.fail(
          'at most one of oauth2 client_certificate_key, client_certificate_key_file & client_certificate_key_ref must be configured using grant-type=urn:ietf:params:oauth:grant-type:jwt-bearer',
        );
      }
      if (oa.signatureAlgorithm && !['RS256', 'RS384', 'RS512'].includes(oa.signatureAlgorithm)) {
        v.fail('valid signature algorithms are RS256, RS384 and RS512');
      }
    } else if (countSet(oa.clientSecret, oa.clientSecretFile, oa.clientSecretRef) > 1) {
      v.fail(
        'at most one of oauth2 client_secret, client_secret_file & client_secret_ref must be configured using grant-type=client_credentials',
      );
    }
  }
  validateProxy(o, v);
  for (const name of Object.keys(c.httpHeaders ?? {})) {
    const canonical = canonicalHeaderKey(name);
    if (RESERVED_HEADERS.has(canonical)) v.fail(`setting header ${JSON.stringify(canonical)} is not allowed`);
  }
}

/** defaultHttpClientConfig is Prometheus's DefaultHTTPClientConfig (follow redirects, HTTP/2 on). */
export function defaultHttpClientConfig(): HttpClientConfig {
  return newStruct(httpClientConfigSchema) as unknown as HttpClientConfig;
}
