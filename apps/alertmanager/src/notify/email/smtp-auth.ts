// SMTP authentication as Alertmanager does it, run inside nodemailer as a custom auth handler: walk the server's
// advertised mechanisms in its order and use the first one the config has credentials for — CRAM-MD5 with
// `auth_secret`, PLAIN (with `auth_identity`) or LOGIN with `auth_password`.

import { createHmac } from 'node:crypto';
import type {
  SMTPConnectionCustomAuthContext,
  SMTPConnectionCustomAuthResponse,
} from 'nodemailer/lib/smtp-connection';

/** AUTH_HANDLER is the method name nodemailer routes to authenticate(); it is never sent to the server. */
export const AUTH_HANDLER = 'X-VIGIL-ALERTMANAGER';

/** SmtpCredentials are what authenticate() may use. */
export interface SmtpCredentials {
  username: string;
  password: string;
  /** CRAM-MD5's shared secret. */
  secret: string;
  /** PLAIN's authorization identity. */
  identity: string;
  /** The smarthost's host, for the unencrypted-PLAIN check. */
  host: string;
  /** Whether the connection is encrypted (implicit TLS or STARTTLS done). */
  encrypted: boolean;
}

/** SmtpAuthError is authentication that could not start (no usable mechanism) or that the server refused. */
export class SmtpAuthError extends Error {
  override readonly name = 'SmtpAuthError';
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s: string): string => Buffer.from(s, 'base64').toString('utf8');
const LOCALHOSTS = new Set(['localhost', '127.0.0.1', '::1']);

type Mechanism = 'CRAM-MD5' | 'PLAIN' | 'LOGIN';

/** chooseMechanism picks the first advertised mechanism the credentials allow, or throws listing why none fit. */
export function chooseMechanism(advertised: readonly string[], c: SmtpCredentials): Mechanism {
  const problems: string[] = [];
  for (const raw of advertised) {
    const mech = raw.toUpperCase();
    if (mech === 'CRAM-MD5') {
      if (c.secret !== '') return mech;
      problems.push('missing secret for CRAM-MD5 auth mechanism');
    } else if (mech === 'PLAIN' || mech === 'LOGIN') {
      if (c.password !== '') return mech;
      problems.push(`missing password for ${mech} auth mechanism`);
    } else {
      problems.push(`unknown auth mechanism: ${raw}`);
    }
  }
  throw new SmtpAuthError(`find auth mechanism: ${problems.join('; ') || 'the server offers none'}`);
}

async function expect(
  ctx: SMTPConnectionCustomAuthContext,
  cmd: string,
  status: number,
): Promise<SMTPConnectionCustomAuthResponse> {
  const res = await ctx.sendCommand(cmd);
  // nodemailer appends the server's response to the message.
  if (res.status !== status) throw new SmtpAuthError('authentication failed');
  return res;
}

/**
 * authenticate runs the chosen mechanism over nodemailer's connection. Like Go's smtp.PlainAuth it refuses to
 * send a PLAIN password over an unencrypted connection to anything but localhost.
 */
export async function authenticate(ctx: SMTPConnectionCustomAuthContext): Promise<void> {
  const c = ctx.auth.credentials.options as SmtpCredentials;
  const mech = chooseMechanism(ctx.authMethods, c);
  switch (mech) {
    case 'PLAIN':
      if (!c.encrypted && !LOCALHOSTS.has(c.host)) {
        throw new SmtpAuthError(`refusing PLAIN authentication over an unencrypted connection to ${c.host}`);
      }
      await expect(ctx, `AUTH PLAIN ${b64(`${c.identity}\0${c.username}\0${c.password}`)}`, 235);
      return;
    case 'LOGIN':
      await expect(ctx, 'AUTH LOGIN', 334);
      await expect(ctx, b64(c.username), 334);
      await expect(ctx, b64(c.password), 235);
      return;
    case 'CRAM-MD5': {
      const challenge = unb64((await expect(ctx, 'AUTH CRAM-MD5', 334)).text.trim());
      const digest = createHmac('md5', c.secret).update(challenge).digest('hex');
      await expect(ctx, b64(`${c.username} ${digest}`), 235);
      return;
    }
  }
}
