import type { FastifyReply } from 'fastify';

/** ApiErrorType is Prometheus's API error vocabulary (`errorType` in error responses). */
export type ApiErrorType = 'bad_data' | 'internal' | 'unavailable' | 'not_found' | 'execution' | 'timeout';

const STATUS_OF: Record<ApiErrorType, number> = {
  bad_data: 400,
  not_found: 404,
  execution: 422,
  internal: 500,
  unavailable: 503,
  timeout: 503,
};

/** success wraps data in Prometheus's `{status: "success", data}` envelope. */
export function success<T>(data: T): { status: 'success'; data: T } {
  return { status: 'success', data };
}

/** sendApiError answers with Prometheus's error envelope and the matching HTTP status. */
export function sendApiError(reply: FastifyReply, errorType: ApiErrorType, error: string): FastifyReply {
  return reply.code(STATUS_OF[errorType]).send({ status: 'error', errorType, error });
}
