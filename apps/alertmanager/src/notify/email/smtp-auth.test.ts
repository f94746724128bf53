import { describe, expect, it } from 'vitest';
import type {
  SMTPConnectionCustomAuthContext,
  SMTPConnectionCustomAuthResponse,
} from 'nodemailer/lib/smtp-connection';
import { SmtpAuthError, authenticate, chooseMechanism, type SmtpCredentials } from './smtp-auth';

const creds = (over: Partial<SmtpCredentials> = {}): SmtpCredentials => ({
  username: 'am',
  password: '',
  secret: '',
  identity: '',
  host: 'smtp.example.com',
  encrypted: true,
  ...over,
});

describe('chooseMechanism', () => {
  it.each([
    ['the server’s first mechanism that has credentials', ['LOGIN', 'PLAIN'], { password: 'pw' }, 'LOGIN'],
    ['CRAM-MD5 when a secret is set', ['CRAM-MD5', 'PLAIN'], { password: 'pw', secret: 's' }, 'CRAM-MD5'],
    ['past CRAM-MD5 without a secret', ['CRAM-MD5', 'PLAIN'], { password: 'pw' }, 'PLAIN'],
    ['past unknown mechanisms', ['XOAUTH2', 'login'], { password: 'pw' }, 'LOGIN'],
  ] as const)('picks %s', (_name, advertised, over, mech) => {
    expect(chooseMechanism(advertised, creds(over))).toBe(mech);
  });

  it('says why no mechanism fits', () => {
    expect(() => chooseMechanism(['CRAM-MD5', 'XOAUTH2', 'PLAIN'], creds())).toThrow(
      'find auth mechanism: missing secret for CRAM-MD5 auth mechanism; unknown auth mechanism: XOAUTH2; ' +
        'missing password for PLAIN auth mechanism',
    );
  });
});

describe('authenticate', () => {
  // The server side of nodemailer's custom-auth hook: what a server would answer to each command.
  function context(c: SmtpCredentials, methods: string[], answers: Record<string, string>) {
    const sent: string[] = [];
    const ctx = {
      auth: { credentials: { user: c.username, pass: '-', options: c } },
      method: 'X-VIGIL-ALERTMANAGER',
      extensions: [],
      authMethods: methods,
      maxAllowedSize: false,
      sendCommand: (cmd: string): Promise<SMTPConnectionCustomAuthResponse> => {
        sent.push(cmd);
        const response = answers[cmd.split(' ').slice(0, 2).join(' ')] ?? answers['*'] ?? '535 no';
        const status = Number(response.slice(0, 3));
        return Promise.resolve({ command: cmd, response, status, text: response.slice(4) });
      },
      resolve: () => undefined,
      reject: () => undefined,
    } as unknown as SMTPConnectionCustomAuthContext;
    return { ctx, sent };
  }

  it('refuses PLAIN over an unencrypted connection to a remote host, as Go’s PlainAuth does', async () => {
    const { ctx, sent } = context(creds({ password: 'pw', encrypted: false }), ['PLAIN'], { '*': '235 ok' });
    await expect(authenticate(ctx)).rejects.toThrow(
      new SmtpAuthError('refusing PLAIN authentication over an unencrypted connection to smtp.example.com'),
    );
    expect(sent).toEqual([]);
  });

  it('answers CRAM-MD5’s challenge with the keyed digest (RFC 2195’s example)', async () => {
    const challenge = Buffer.from('<1896.697170952@postoffice.reston.mci.net>').toString('base64');
    const { ctx, sent } = context(creds({ username: 'tim', secret: 'tanstaaftanstaaf' }), ['CRAM-MD5'], {
      'AUTH CRAM-MD5': `334 ${challenge}`,
      '*': '235 ok',
    });
    await authenticate(ctx);
    expect(Buffer.from(sent[1] ?? '', 'base64').toString()).toBe('tim b913a602c7eda7a495b4e6e7334d3890');
  });
});
