// A real SMTP server (smtp-server, no TLS, no AUTH) that accepts every message and keeps it parsed (mailparser).
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** SunkMail is one delivered message, as the tests read it. */
export interface SunkMail {
  at: number;
  rcptTo: string[];
  subject: string;
  text: string;
  html: string;
}

/** SmtpSink is a listening server on 127.0.0.1. */
export interface SmtpSink {
  /** `127.0.0.1:<port>`, for an email_config's `smarthost`. */
  smarthost: string;
  mails: SunkMail[];
  close(): Promise<void>;
}

/** startSmtpSink listens on an ephemeral loopback port. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: SunkMail[] = [];
  const server = new SMTPServer({
    secure: false,
    logger: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    onData(stream, session, cb) {
      simpleParser(stream)
        .then((m) => {
          mails.push({
            at: Date.now(),
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
            subject: m.subject ?? '',
            text: m.text ?? '',
            html: typeof m.html === 'string' ? m.html : '',
          });
          cb();
        })
        .catch((err: unknown) => cb(err instanceof Error ? err : new Error(String(err))));
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.server.address() as AddressInfo;
  return {
    smarthost: `127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
