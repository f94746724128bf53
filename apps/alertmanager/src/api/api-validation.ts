// Request validation at the API's edge, answering as go-swagger does: path parameters by their OpenAPI format
// (422), bodies by a per-route decoder that reproduces Go's decoding and go-openapi's schema checks.

import type { FastifySchemaCompiler } from 'fastify';
import { goQuote } from '@vigil/model';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { ApiError } from './api-error';
import { scanGoJson, type GoJsonScan } from './go-json-scan';

// strfmt's UUID check is google/uuid's Parse: the canonical form (any case), bare hex, `{…}` or `urn:uuid:…`.
const UUID_RE =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}|\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}|urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** isStrfmtUuid tells whether go-openapi accepts the text as a `uuid`. */
export function isStrfmtUuid(s: string): boolean {
  return UUID_RE.test(s);
}

interface ObjectSchemaLike {
  properties?: Record<string, { format?: string }>;
}

/**
 * apiValidatorCompiler checks path parameters and query strings. Query parameters are declared as strings (or
 * repeated strings) and read by go-swagger's rules in the handlers; a path parameter with `format: uuid` that is not
 * one is a 422 like `silenceID in path must be of type uuid: "x"`.
 */
export const apiValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = Compile(schema);
  const formats = Object.entries((schema as ObjectSchemaLike).properties ?? {}).filter(
    ([, p]) => p.format === 'uuid',
  );
  return (data: unknown) => {
    const values = (data ?? {}) as Record<string, unknown>;
    if (httpPart === 'params') {
      for (const [name] of formats) {
        const v = values[name];
        if (typeof v !== 'string' || !isStrfmtUuid(v)) {
          return {
            error: ApiError.coded(422, 601, `${name} in path must be of type uuid: ${goQuote(String(v))}`),
          };
        }
      }
      return { value: data };
    }
    if (check.Check(data)) return { value: data };
    const first = [...check.Errors(data)][0];
    return { error: ApiError.coded(400, 400, `${httpPart ?? 'request'}: ${first?.message ?? 'invalid'}`) };
  };
};

/** BodyDecoder turns a scanned body into the route's typed body, or the ApiError go-swagger would answer. */
export type BodyDecoder<T> = (scan: GoJsonScan) => T | ApiError;

/**
 * bodyDecoder makes a route's validator compiler: the body (kept raw by the API's JSON parser) is scanned as Go's
 * json.Decoder reads it and handed to `decode`; other parts go to apiValidatorCompiler.
 */
export function bodyDecoder<T>(decode: BodyDecoder<T>): FastifySchemaCompiler<TSchema> {
  return (route) => {
    if (route.httpPart !== 'body') return apiValidatorCompiler(route);
    return (data: unknown) => {
      const scan: GoJsonScan = typeof data === 'string' ? scanGoJson(data) : { kind: 'empty' };
      const result = decode(scan);
      if (result instanceof ApiError) return { error: result };
      return { value: result };
    };
  };
}
