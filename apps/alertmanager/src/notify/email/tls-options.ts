// Prometheus's `tls_config` as Node TLS options, for SMTP connections and the Slack client.

import { readFile } from 'node:fs/promises';
import type { ConnectionOptions, SecureVersion } from 'node:tls';
import type { TlsConfig } from '../../config/http-config';

const TLS_VERSIONS: Record<string, SecureVersion> = {
  TLS10: 'TLSv1',
  TLS11: 'TLSv1.1',
  TLS12: 'TLSv1.2',
  TLS13: 'TLSv1.3',
};

/** unsupportedTls names the `tls_config` settings Vigil cannot honour (secret refs), or undefined. */
export function unsupportedTls(t: TlsConfig | undefined): string | undefined {
  return t && (t.caRef || t.certRef || t.keyRef) ? 'tls_config *_ref' : undefined;
}

async function pick(inline: string, file: string, what: string): Promise<string | undefined> {
  if (inline !== '') return inline;
  if (file === '') return undefined;
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(
      `unable to read ${what} file ${file}: ${err instanceof Error ? err.message : String(err)}`,
      {
        cause: err,
      },
    );
  }
}

/**
 * tlsOptions reads a `tls_config` (files are read on every call, so rotated certificates need no reload). The
 * server name defaults to `defaultServerName` (the host dialled), as Go's crypto/tls does.
 */
export async function tlsOptions(
  t: TlsConfig | undefined,
  defaultServerName?: string,
): Promise<ConnectionOptions> {
  const [ca, cert, key] = t
    ? await Promise.all([
        pick(t.ca, t.caFile, 'CA'),
        pick(t.cert, t.certFile, 'client certificate'),
        pick(t.key, t.keyFile, 'client key'),
      ])
    : [];
  const servername = t?.serverName || defaultServerName;
  const minVersion = t?.minVersion ? TLS_VERSIONS[t.minVersion] : undefined;
  const maxVersion = t?.maxVersion ? TLS_VERSIONS[t.maxVersion] : undefined;
  return {
    ...(ca !== undefined ? { ca } : {}),
    ...(cert !== undefined ? { cert } : {}),
    ...(key !== undefined ? { key } : {}),
    // SNI takes host names only; Go verifies an IP address without sending it.
    ...(servername && !/^[\d.]+$|:/.test(servername) ? { servername } : {}),
    ...(minVersion ? { minVersion } : {}),
    ...(maxVersion ? { maxVersion } : {}),
    rejectUnauthorized: !(t?.insecureSkipVerify ?? false),
  };
}
