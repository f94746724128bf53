// How a notification failed, so the retry stage knows whether to try again and the metrics can say why.

/** FailureReason is the `reason` label of `alertmanager_notifications_failed_total` (Alertmanager's notify.Reason). */
export type FailureReason =
  | 'other'
  | 'clientError'
  | 'serverError'
  | 'contextCanceled'
  | 'contextDeadlineExceeded'
  | 'authError'
  | 'rateLimited';

/** FAILURE_REASONS lists every FailureReason, so the metric's series can be created up front. */
export const FAILURE_REASONS: readonly FailureReason[] = [
  'other',
  'clientError',
  'serverError',
  'contextCanceled',
  'contextDeadlineExceeded',
  'authError',
  'rateLimited',
];

/** NotifyErrorOptions classifies a failure. */
export interface NotifyErrorOptions {
  /** Whether trying again may succeed (5xx, rate limits, network errors) or not (other 4xx, bad templates). */
  retriable: boolean;
  reason?: FailureReason;
  cause?: unknown;
  /** The receiver asked not to be called again before this many ms (HTTP 429 Retry-After). */
  retryAfterMs?: number;
}

/**
 * NotifyError is a failed notification attempt, classified. Notifiers throw it; anything else they throw counts as
 * retriable with reason `other` (a network error surfacing unwrapped should not lose the notification).
 */
export class NotifyError extends Error {
  override readonly name = 'NotifyError';
  /** Whether the retry stage should try again. */
  readonly retriable: boolean;
  /** The failure's metric label. */
  readonly reason: FailureReason;
  /** How long the receiver asked to wait before the next attempt (ms); undefined when it did not say. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, opts: NotifyErrorOptions) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.retriable = opts.retriable;
    this.reason = opts.reason ?? 'other';
    this.retryAfterMs = opts.retryAfterMs;
  }
}

/** failureReasonFromStatus maps an HTTP status to its failure reason (Alertmanager's GetFailureReasonFromStatusCode). */
export function failureReasonFromStatus(status: number): FailureReason {
  if (status === 401 || status === 403) return 'authError';
  if (status === 429) return 'rateLimited';
  if (Math.floor(status / 100) === 4) return 'clientError';
  if (Math.floor(status / 100) === 5) return 'serverError';
  return 'other';
}

/** FlushDeadlineError is the abort reason when a flush runs past its deadline. */
export class FlushDeadlineError extends Error {
  override readonly name = 'FlushDeadlineError';
  constructor() {
    super('context deadline exceeded');
  }
}

/** FlushCanceledError is the abort reason when the dispatcher cancels a flush (shutdown, group removed). */
export class FlushCanceledError extends Error {
  override readonly name = 'FlushCanceledError';
  constructor() {
    super('context canceled');
  }
}

/** classifyError reads a thrown value as (retriable, reason); unclassified errors are retriable. */
export function classifyError(err: unknown): { retriable: boolean; reason: FailureReason } {
  if (err instanceof NotifyError) return { retriable: err.retriable, reason: err.reason };
  if (err instanceof FlushDeadlineError) return { retriable: false, reason: 'contextDeadlineExceeded' };
  if (err instanceof FlushCanceledError) return { retriable: false, reason: 'contextCanceled' };
  return { retriable: true, reason: 'other' };
}

/** errorMessage renders a thrown value for logs and wrapped errors. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
