// What an SMTP failure means for the retry stage.

import { NotifyError, errorMessage, type FailureReason } from '../notify-error';

/** SmtpFailure is the part of a nodemailer error Vigil reads. */
interface SmtpFailure {
  code?: unknown;
  responseCode?: unknown;
  command?: unknown;
}

// Replies that refuse credentials: 530 authentication required, 534 mechanism too weak, 535 invalid credentials,
// 538 encryption required; 454 is a temporary authentication failure.
const AUTH_CODES = new Set([454, 530, 534, 535, 538]);

/**
 * classifySmtpError turns a nodemailer failure into a NotifyError: a 4xx reply is retriable (the server asks to
 * try later), a 5xx reply is not (it will refuse the same message again); connection, DNS, TLS and timeout
 * errors (STARTTLS included) are retriable; authentication that cannot start (no usable mechanism, missing credentials) is not.
 */
export function classifySmtpError(err: unknown): NotifyError {
  if (err instanceof NotifyError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as SmtpFailure;
  const code = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const command =
    typeof e.command === 'string' && e.command !== 'API'
      ? `${e.command.replace(/^AUTH X-VIGIL-ALERTMANAGER$/, 'AUTH')}: `
      : '';
  const message = `smtp: ${command}${errorMessage(err)}`;
  // STARTTLS refused or failed: Alertmanager retries these (a server restarting may come back with TLS).
  if (e.code === 'ETLS') return new NotifyError(message, { retriable: true, reason: 'other', cause: err });
  if (code !== undefined) {
    const permanent = code >= 500;
    const reason: FailureReason = AUTH_CODES.has(code)
      ? 'authError'
      : permanent
        ? 'clientError'
        : 'serverError';
    return new NotifyError(message, { retriable: !permanent, reason, cause: err });
  }
  if (e.code === 'EAUTH' || e.code === 'ENOAUTH') {
    return new NotifyError(message, { retriable: false, reason: 'authError', cause: err });
  }
  if (e.code === 'EENVELOPE' || e.code === 'ECONFIG' || e.code === 'EMESSAGE') {
    return new NotifyError(message, { retriable: false, reason: 'clientError', cause: err });
  }
  return new NotifyError(message, { retriable: true, reason: 'other', cause: err });
}
