import { NotifyError, failureReasonFromStatus } from '../notify-error';
import type { HttpResult } from './http-client';

/**
 * checkResponse fails a non-2xx response with a NotifyError reading `unexpected status code N: <body>`, retriable
 * for 5xx and the given extra codes (Alertmanager's notify.Retrier), its reason taken from the status.
 */
export function checkResponse(res: HttpResult, retryCodes: readonly number[] = []): void {
  if (Math.floor(res.status / 100) === 2) return;
  const retriable = Math.floor(res.status / 100) === 5 || retryCodes.includes(res.status);
  const details = res.body === '' ? '' : `: ${res.body}`;
  throw new NotifyError(`unexpected status code ${res.status}${details}`, {
    retriable,
    reason: failureReasonFromStatus(res.status),
  });
}
