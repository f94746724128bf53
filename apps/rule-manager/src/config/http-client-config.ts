/** BasicAuth holds HTTP basic credentials; a `*File` is re-read on every request so rotated secrets apply. */
export interface BasicAuth {
  username?: string;
  usernameFile?: string;
  password?: string;
  passwordFile?: string;
}

/** Authorization sends `Authorization: <type> <credentials>`; `credentialsFile` is re-read on every request. */
export interface Authorization {
  /** The scheme, `Bearer` unless configured. */
  type: string;
  credentials?: string;
  credentialsFile?: string;
}

/** TlsVersion names a TLS protocol version as Prometheus's `min_version`/`max_version` spell it. */
export type TlsVersion = 'TLS10' | 'TLS11' | 'TLS12' | 'TLS13';

/** TlsConfig is Prometheus's `tls_config`: inline PEM or file paths, SNI name and verification switch. */
export interface TlsConfig {
  ca?: string;
  caFile?: string;
  cert?: string;
  certFile?: string;
  key?: string;
  keyFile?: string;
  serverName?: string;
  insecureSkipVerify?: boolean;
  minVersion?: TlsVersion;
  maxVersion?: TlsVersion;
}

/** HttpClientConfig is the subset of Prometheus's HTTP client settings Vigil implements. */
export interface HttpClientConfig {
  basicAuth?: BasicAuth;
  authorization?: Authorization;
  tls?: TlsConfig;
  /** Extra request headers, e.g. `X-Scope-OrgID` for a multi-tenant Mimir or Cortex. */
  headers?: Record<string, string>;
  /** Follow 3xx redirects (default true, as Prometheus does). */
  followRedirects?: boolean;
}
