// A real SMTP server (smtp-server) for email tests: optional STARTTLS with the self-signed certificate in
// testdata/ (CN=localhost, SAN localhost and 127.0.0.1), optional AUTH, scripted refusals; received mail is parsed
// with mailparser.

import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/** TEST_CERT and TEST_KEY are the test server's self-signed certificate (valid for a century) and key. */
export const TEST_CERT = readFileSync(
  fileURLToPath(new URL('./testdata/server.crt', import.meta.url)),
  'utf8',
);
export const TEST_KEY = readFileSync(
  fileURLToPath(new URL('./testdata/server.key', import.meta.url)),
  'utf8',
);

/** ReceivedMail is one delivered message. */
export interface ReceivedMail {
  mailFrom: string;
  rcptTo: string[];
  /** Whether the session was encrypted (STARTTLS) when the message came. */
  secure: boolean;
  /** The EHLO/HELO name the client gave. */
  hello: string;
  /** How the client authenticated, if it did. */
  auth?: { method: string; username: string; authzid?: string };
  raw: string;
  parsed: ParsedMail;
}

/** SmtpTestServerOptions shape the server. */
export interface SmtpTestServerOptions {
  /** Offer STARTTLS (default false). */
  starttls?: boolean;
  /** Require AUTH with these credentials, offering these mechanisms in this order. */
  auth?: { username: string; password: string; methods: string[] };
  /** Refuse RCPT TO with this reply (e.g. 450 or 550). */
  rejectRcpt?: { code: number; message: string };
}

/** SmtpTestServer is a listening server on 127.0.0.1. */
export interface SmtpTestServer {
  port: number;
  mails: ReceivedMail[];
  /** Failed AUTH attempts, by mechanism. */
  authFailures: string[];
  close(): Promise<void>;
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/** startSmtpServer starts a server on an ephemeral port. */
export async function startSmtpServer(opts: SmtpTestServerOptions = {}): Promise<SmtpTestServer> {
  const mails: ReceivedMail[] = [];
  const authFailures: string[] = [];
  const auth = opts.auth;
  const options: SMTPServerOptions = {
    secure: false,
    logger: false,
    key: TEST_KEY,
    cert: TEST_CERT,
    disabledCommands: [...(opts.starttls ? [] : ['STARTTLS']), ...(auth ? [] : ['AUTH'])],
    authOptional: !auth,
    allowInsecureAuth: true,
    ...(auth ? { authMethods: auth.methods } : {}),
    onAuth(a, _session, cb) {
      const ok =
        a.username === auth?.username &&
        (a.method === 'CRAM-MD5'
          ? a.validatePassword?.(auth?.password ?? '') === true
          : a.password === auth?.password);
      if (!ok) {
        authFailures.push(a.method);
        cb(smtpError(535, 'Authentication failed'));
        return;
      }
      cb(null, { user: { method: a.method, username: a.username, authzid: a.authzid } });
    },
    onRcptTo(_address, _session, cb) {
      const r = opts.rejectRcpt;
      cb(r ? smtpError(r.code, r.message) : null);
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((parsed) => {
            const user = session.user as ReceivedMail['auth'] | undefined;
            mails.push({
              mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              rcptTo: session.envelope.rcptTo.map((r) => r.address),
              secure: session.secure,
              hello: session.hostNameAppearsAs,
              ...(user ? { auth: user } : {}),
              raw,
              parsed,
            });
            cb();
          })
          .catch((err: unknown) => cb(err instanceof Error ? err : new Error(String(err))));
      });
    },
  };
  const server = new SMTPServer(options);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    mails,
    authFailures,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
