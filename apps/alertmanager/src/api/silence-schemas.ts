// Schemas of the silence resource of Alertmanager's API v2, properties in the order Alertmanager writes them.

import { LabelSetSchema } from '@vigil/contracts';
import Type from 'typebox';
import type { Static } from 'typebox';
import { QueryListSchema, QueryScalarSchema } from './alert-schemas';

/** ApiMatcherSchema is `matcher` as the API returns it. */
export const ApiMatcherSchema = Type.Object({
  isEqual: Type.Boolean(),
  isRegex: Type.Boolean(),
  name: Type.String(),
  value: Type.String(),
});

/** SilenceStateSchema is a silence's `status.state`. */
export const SilenceStateSchema = Type.Union([
  Type.Literal('expired'),
  Type.Literal('active'),
  Type.Literal('pending'),
]);

/** GettableSilenceSchema is `gettableSilence`. */
export const GettableSilenceSchema = Type.Object({
  id: Type.String(),
  status: Type.Object({ state: SilenceStateSchema }),
  updatedAt: Type.String(),
  annotations: Type.Optional(LabelSetSchema),
  comment: Type.String(),
  createdBy: Type.String(),
  endsAt: Type.String(),
  matchers: Type.Array(ApiMatcherSchema),
  startsAt: Type.String(),
});

/** GettableSilence is one silence as the API returns it. */
export type GettableSilence = Static<typeof GettableSilenceSchema>;

/**
 * PostableSilenceSchema is `postableSilence`, the body of `POST /api/v2/silences` (an `id` updates that silence).
 * The route decodes it with Alertmanager's own checks and messages (silence/postable.ts), not a generic validator.
 */
export const PostableSilenceSchema = Type.Object({
  id: Type.Optional(Type.String()),
  matchers: Type.Array(
    Type.Object({
      name: Type.String(),
      value: Type.String(),
      isRegex: Type.Boolean(),
      isEqual: Type.Optional(Type.Boolean({ default: true })),
    }),
    { minItems: 1 },
  ),
  startsAt: Type.String(),
  endsAt: Type.String(),
  createdBy: Type.String(),
  comment: Type.String(),
  annotations: Type.Optional(LabelSetSchema),
});

/** PostableSilence is the body of `POST /api/v2/silences`. */
export type PostableSilence = Static<typeof PostableSilenceSchema>;

/** PostSilenceResponseSchema is the answer to `POST /api/v2/silences`. */
export const PostSilenceResponseSchema = Type.Object({ silenceID: Type.String() });

/** SilencesQuerySchema is the query of `GET /api/v2/silences` (state booleans default true). */
export const SilencesQuerySchema = Type.Object({
  filter: Type.Optional(QueryListSchema),
  active: Type.Optional(QueryScalarSchema),
  expired: Type.Optional(QueryScalarSchema),
  pending: Type.Optional(QueryScalarSchema),
});

/** SilenceIdParamsSchema is the path of `/api/v2/silence/{silenceID}`; the ID must be a UUID (strfmt's check). */
export const SilenceIdParamsSchema = Type.Object({ silenceID: Type.String({ format: 'uuid' }) });
