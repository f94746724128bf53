/** DatasourceErrorKind classifies a failed query so callers can count and log failures by cause. */
export type DatasourceErrorKind =
  /** The query did not finish within the datasource's timeout. */
  | 'timeout'
  /** The caller's AbortSignal cancelled the query. */
  | 'aborted'
  /** No HTTP response: refused connection, reset, DNS or TLS failure. */
  | 'network'
  /** The server answered with an error status and no Prometheus error body. */
  | 'http'
  /** The server answered but the body is not a valid Prometheus query response. */
  | 'bad_response'
  /** The server rejected or failed the query (`status: "error"`), e.g. a parse error or execution timeout. */
  | 'query';

/** DatasourceError is the one error a datasource's `query` throws; its message is fit for a log line. */
export class DatasourceError extends Error {
  constructor(
    readonly kind: DatasourceErrorKind,
    message: string,
    readonly details: { status?: number; errorType?: string; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'DatasourceError';
  }

  /** The HTTP status of the response, when there was one. */
  get status(): number | undefined {
    return this.details.status;
  }

  /** Prometheus's `errorType` (`bad_data`, `execution`, `timeout`, ...), when the server sent one. */
  get errorType(): string | undefined {
    return this.details.errorType;
  }
}
