// Error responses as Alertmanager's go-swagger server writes them. Its handlers answer with a bare JSON string
// (`"silence not found"`), or with no body at all for some 404s; go-openapi itself (decoding, schema validation,
// routing) answers `{"code":602,"message":"…"}`. Clients such as amtool decode the body by the status code, so the
// shape matters as much as the text.

import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { goJsonString } from '../notify/go-json';

/** ApiErrorBody is how an error response is written: a JSON string, go-openapi's `{code, message}`, or nothing. */
export type ApiErrorBody = 'plain' | 'coded' | 'empty';

/** ApiError is an HTTP error answer of the Alertmanager API; throw it from a handler or return it from a decoder. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  private constructor(
    readonly statusCode: number,
    message: string,
    readonly body: ApiErrorBody,
    /** go-openapi's error code for `coded` bodies (602 required, 601 bad format, 612 too few items, else the status). */
    readonly goCode: number,
  ) {
    super(message);
  }

  /** plain is a handler's error answer: the body is the message as a JSON string. */
  static plain(statusCode: number, message: string): ApiError {
    return new ApiError(statusCode, message, 'plain', statusCode);
  }

  /** coded is go-openapi's error answer: `{"code":…,"message":…}`. */
  static coded(statusCode: number, goCode: number, message: string): ApiError {
    return new ApiError(statusCode, message, 'coded', goCode);
  }

  /** empty is an answer with a status and no body (e.g. 404 for an unknown silence ID). */
  static empty(statusCode: number): ApiError {
    return new ApiError(statusCode, '', 'empty', statusCode);
  }
}

/** sendApiError writes an ApiError as Alertmanager would, trailing newline included (Go's json.Encoder adds one). */
export function sendApiError(reply: FastifyReply, err: ApiError): FastifyReply {
  reply.code(err.statusCode);
  switch (err.body) {
    case 'empty':
      return reply.send();
    case 'plain':
      return reply.type('application/json').send(`${goJsonString(err.message)}\n`);
    case 'coded':
      return reply
        .type('application/json')
        .send(`{"code":${err.goCode},"message":${goJsonString(err.message)}}\n`);
  }
}

function mediaType(req: FastifyRequest): string {
  const raw = req.headers['content-type'];
  const mt = (Array.isArray(raw) ? raw[0] : raw)?.split(';')[0]?.trim().toLowerCase();
  return mt === undefined || mt === '' ? 'application/octet-stream' : mt;
}

/**
 * apiErrorHandler answers errors inside the API scope: ApiErrors as they say, fastify's media-type refusals as
 * go-openapi's 415, anything unexpected as a 500 whose body is the error text (as Alertmanager's handlers do).
 */
export function apiErrorHandler(
  err: FastifyError | ApiError,
  req: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (err instanceof ApiError) return sendApiError(reply, err);
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return sendApiError(
      reply,
      ApiError.coded(
        415,
        415,
        `unsupported media type ${JSON.stringify(mediaType(req))}, only [application/json] are allowed`,
      ),
    );
  }
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) return sendApiError(reply, ApiError.coded(status, status, err.message));
  req.log.error({ err }, 'Alertmanager API request failed');
  return sendApiError(reply, ApiError.plain(500, err.message));
}
