/** SilenceValidationError is a silence Alertmanager would refuse (HTTP 400); the message is Alertmanager's. */
export class SilenceValidationError extends Error {
  override readonly name = 'SilenceValidationError';
}

/** SilenceNotFoundError is an update or expiry naming an unknown silence ID (HTTP 404). */
export class SilenceNotFoundError extends Error {
  override readonly name = 'SilenceNotFoundError';
  constructor() {
    super('silence not found');
  }
}

/** SilenceLimitError is a write refused by `--silences.max-silences` or `--silences.max-silence-size-bytes` (HTTP 400). */
export class SilenceLimitError extends Error {
  override readonly name = 'SilenceLimitError';
}
