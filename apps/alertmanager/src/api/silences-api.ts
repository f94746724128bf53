import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { SilenceLimitError, SilenceNotFoundError, SilenceValidationError } from '../silence/errors';
import { matchesFilter, sortSilences, withStatus, type SilenceWithStatus } from '../silence/listing';
import { checkPostableSilence, silenceMatcherToApi, type PostableSilenceCheck } from '../silence/postable';
import type { SilenceState } from '../silence/silence';
import { EmptyBodySchema, ErrorStringSchema } from './alert-schemas';
import { sortedLabels } from './alert-view';
import type { ApiContext } from './api-context';
import { ApiError } from './api-error';
import { bodyDecoder } from './api-validation';
import type { GoJsonScan } from './go-json-scan';
import { formatApiTime } from './go-time';
import { boolParam, errorMessage, parseFilter } from './query-params';
import {
  GettableSilenceSchema,
  PostableSilenceSchema,
  PostSilenceResponseSchema,
  SilenceIdParamsSchema,
  SilencesQuerySchema,
  type GettableSilence,
  type PostableSilence,
} from './silence-schemas';

/** toGettableSilence shapes a silence as the API returns it (Alertmanager's GettableSilenceFromProto). */
export function toGettableSilence(s: SilenceWithStatus): GettableSilence {
  const out: GettableSilence = {
    id: s.id,
    status: { state: s.status.state },
    updatedAt: formatApiTime(s.updatedAt),
    comment: s.comment,
    createdBy: s.createdBy,
    endsAt: formatApiTime(s.endsAt),
    matchers: s.matchers.map(silenceMatcherToApi),
    startsAt: formatApiTime(s.startsAt),
  };
  if (s.annotations && Object.keys(s.annotations).length > 0) out.annotations = sortedLabels(s.annotations);
  return out;
}

// Decoding and schema failures are go-openapi's (`{code, message}`); the handler's own checks answer a bare string.
function refusal(check: Exclude<PostableSilenceCheck, { ok: true }>): ApiError {
  if (check.status === 422) return ApiError.coded(422, check.code ?? 422, check.message);
  if (check.message.startsWith('parsing silence body')) return ApiError.coded(400, 400, check.message);
  return ApiError.plain(400, check.message);
}

/** decodePostableSilence is the body check of `POST /silences` that go-swagger does before the handler runs. */
export function decodePostableSilence(scan: GoJsonScan): PostableSilence | ApiError {
  if (scan.kind === 'empty' || (scan.kind === 'value' && scan.value === null)) {
    return ApiError.coded(422, 602, 'silence in body is required');
  }
  if (scan.kind === 'error') {
    return ApiError.coded(400, 400, `parsing silence body from "" failed, because ${scan.message}`);
  }
  // The time checks belong to the handler (a plain 400), so they are left for it.
  const check = checkPostableSilence(scan.value, Number.NEGATIVE_INFINITY);
  if (!check.ok && (check.status === 422 || check.message.startsWith('parsing silence body')))
    return refusal(check);
  return scan.value as PostableSilence;
}

const STATE_PARAMS: readonly ['active' | 'expired' | 'pending', SilenceState][] = [
  ['active', 'active'],
  ['expired', 'expired'],
  ['pending', 'pending'],
];

/**
 * silencesApi serves `GET /silences` (filtered by matchers equal to the filter's, sorted active → pending → expired),
 * `POST /silences` (create, or update when `id` is given; → `{silenceID}`), `GET /silence/{id}` and
 * `DELETE /silence/{id}` (expire). Register it inside the API v2 scope (see alertmanagerApi).
 */
export const silencesApi: FastifyPluginAsyncTypebox<ApiContext> = async (app, ctx) => {
  app.get(
    '/silences',
    {
      exposeHeadRoute: false,
      schema: {
        querystring: SilencesQuerySchema,
        response: { 200: Type.Array(GettableSilenceSchema), 400: ErrorStringSchema, 500: ErrorStringSchema },
      },
    },
    async (req) => {
      const q = req.query;
      const filter = parseFilter(q.filter, ctx.matcherMode).map((m) => ({
        name: m.name,
        type: m.type,
        value: m.value,
      }));
      const states = STATE_PARAMS.filter(([param]) => boolParam(q[param], true)).map(([, state]) => state);
      const now = ctx.now();
      const shown = ctx.silences
        .query({ states })
        .filter((s) => matchesFilter(s, filter))
        .map((s) => withStatus(s, now));
      return sortSilences(shown).map(toGettableSilence);
    },
  );

  app.post(
    '/silences',
    {
      schema: {
        body: PostableSilenceSchema,
        response: { 200: PostSilenceResponseSchema, 400: ErrorStringSchema, 404: ErrorStringSchema },
      },
      validatorCompiler: bodyDecoder(decodePostableSilence),
    },
    async (req) => {
      const check = checkPostableSilence(req.body, ctx.now());
      if (!check.ok) throw refusal(check);
      try {
        return { silenceID: await ctx.silences.set(check.input) };
      } catch (err) {
        if (err instanceof SilenceNotFoundError) throw ApiError.plain(404, err.message);
        if (err instanceof SilenceValidationError || err instanceof SilenceLimitError) {
          throw ApiError.plain(400, err.message);
        }
        req.log.error({ err }, 'Failed to create silence');
        throw ApiError.plain(500, errorMessage(err));
      }
    },
  );

  app.get(
    '/silence/:silenceID',
    {
      exposeHeadRoute: false,
      schema: {
        params: SilenceIdParamsSchema,
        response: { 200: GettableSilenceSchema, 500: ErrorStringSchema },
      },
    },
    async (req) => {
      const sil = ctx.silences.get(req.params.silenceID);
      if (!sil) throw ApiError.empty(404);
      return toGettableSilence(withStatus(sil, ctx.now()));
    },
  );

  app.delete(
    '/silence/:silenceID',
    { schema: { params: SilenceIdParamsSchema, response: { 200: EmptyBodySchema, 500: ErrorStringSchema } } },
    async (req, reply) => {
      try {
        await ctx.silences.expire(req.params.silenceID);
      } catch (err) {
        if (err instanceof SilenceNotFoundError) throw ApiError.empty(404);
        req.log.error({ err }, 'Failed to expire silence');
        throw ApiError.plain(500, errorMessage(err));
      }
      return reply.code(200).send();
    },
  );
};
