// What Slack's answers mean for the retry stage: rate limits (with how long to wait), server errors (retry),
// client and auth errors (don't), for both incoming webhooks and the Web API.

import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';
import { NotifyError, errorMessage, failureReasonFromStatus, type FailureReason } from '../notify-error';
import { SlackTimeoutError } from './slack-http';

/**
 * SlackRateLimitError is a 429 from Slack: retriable, but not before `retryAfterMs` (from Retry-After) has passed.
 * The retry stage should wait at least that long before the next attempt.
 */
export class SlackRateLimitError extends NotifyError {
  constructor(message: string, retryAfterMs: number | undefined) {
    super(message, {
      retriable: true,
      reason: 'rateLimited',
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
}

/** parseRetryAfter reads a Retry-After header (seconds, or an HTTP date) as ms; undefined when absent or invalid. */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  if (header === null || header === undefined || header.trim() === '') return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const rateLimited = (channel: string, retryAfterMs: number | undefined): SlackRateLimitError =>
  new SlackRateLimitError(
    `channel ${JSON.stringify(channel)}: rate limited by Slack (429)` +
      (retryAfterMs === undefined ? '' : `, retry after ${Math.ceil(retryAfterMs / 1000)}s`),
    retryAfterMs,
  );

// Slack's `error` codes that a later attempt may get past.
const RETRIABLE_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);
// Codes that say the token or its scopes are wrong.
const AUTH_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
  'not_allowed_token_type',
  'ekm_access_denied',
]);

/** platformError classifies an `{ok: false, error}` answer. */
export function platformError(channel: string, code: string): NotifyError {
  if (code === 'ratelimited') return rateLimited(channel, undefined);
  const retriable = RETRIABLE_ERRORS.has(code);
  const reason: FailureReason = retriable
    ? 'serverError'
    : AUTH_ERRORS.has(code)
      ? 'authError'
      : 'clientError';
  return new NotifyError(`channel ${JSON.stringify(channel)}: error response from Slack: ${code}`, {
    retriable,
    reason,
  });
}

/** SlackApiResult is the part of a Web API answer Vigil reads. */
export interface SlackApiResult {
  ok: boolean;
  error?: string;
  channel?: string;
  ts?: string;
}

/** HttpAnswer is the part of a fetch Response the webhook check reads. */
export interface HttpAnswer {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/**
 * checkWebhookResponse reads an incoming webhook's answer as Alertmanager does: non-2xx fails (5xx and 429
 * retriable); a JSON body (when the URL is the Web API's) must say `ok: true`; a text body must be `ok`.
 */
export async function checkWebhookResponse(
  res: HttpAnswer,
  channel: string,
): Promise<SlackApiResult | undefined> {
  const body = await res.text();
  if (res.status === 429) throw rateLimited(channel, parseRetryAfter(res.headers.get('retry-after')));
  if (res.status < 200 || res.status > 299) {
    throw new NotifyError(
      `channel ${JSON.stringify(channel)}: unexpected status code ${res.status}${body === '' ? '' : `: ${body}`}`,
      { retriable: res.status >= 500, reason: failureReasonFromStatus(res.status) },
    );
  }
  if (!(res.headers.get('content-type') ?? '').startsWith('application/json')) {
    if (body !== 'ok') {
      throw new NotifyError(
        `channel ${JSON.stringify(channel)}: received an error response from Slack: ${body}`,
        {
          retriable: false,
          reason: 'clientError',
        },
      );
    }
    return undefined;
  }
  let result: SlackApiResult;
  try {
    result = JSON.parse(body) as SlackApiResult;
  } catch (err) {
    throw new NotifyError(
      `channel ${JSON.stringify(channel)}: could not unmarshal JSON response ${JSON.stringify(body)}`,
      {
        retriable: true,
        cause: err,
      },
    );
  }
  if (!result.ok) throw platformError(channel, result.error ?? 'unknown_error');
  return result;
}

/**
 * webApiError classifies what WebClient threw. An abort of the flush rethrows the abort's reason, so the retry
 * stage sees the deadline or cancel.
 */
export function webApiError(err: unknown, channel: string, signal: AbortSignal): unknown {
  if (signal.aborted) return signal.reason;
  const where = `channel ${JSON.stringify(channel)}`;
  if (err instanceof WebAPIRateLimitedError) return rateLimited(channel, err.retryAfter * 1000);
  if (err instanceof WebAPIPlatformError) return platformError(channel, err.data.error);
  if (err instanceof WebAPIHTTPError) {
    const body = typeof err.body === 'string' && err.body !== '' ? `: ${err.body}` : '';
    return new NotifyError(`${where}: unexpected status code ${err.statusCode}${body}`, {
      retriable: err.statusCode >= 500,
      reason: failureReasonFromStatus(err.statusCode),
      cause: err,
    });
  }
  if (err instanceof WebAPIRequestError) {
    const original = err.original;
    const detail =
      original instanceof SlackTimeoutError
        ? `context deadline exceeded: ${original.message}`
        : errorMessage(original);
    return new NotifyError(`${where}: Post "<redacted>": ${detail}`, { retriable: true, cause: err });
  }
  // A 429 without a usable Retry-After surfaces as a plain Error from WebClient's retry wrapper.
  if (err instanceof Error && /Retry header did not contain a valid timeout/.test(err.message)) {
    return rateLimited(channel, undefined);
  }
  return err;
}
