// Schemas of the alert and alert-group resources of Alertmanager's API v2 (api/v2/openapi.yaml), properties in the
// order Alertmanager writes them (go-swagger's generated models: the allOf parts in turn, fields alphabetically).

import { LabelSetSchema } from '@vigil/contracts';
import Type from 'typebox';
import type { Static } from 'typebox';

/** QueryScalarSchema is a query parameter given once or repeated (go-swagger binds the last value). */
export const QueryScalarSchema = Type.Union([Type.String(), Type.Array(Type.String())]);

/** QueryListSchema is a repeated query parameter (`collectionFormat: multi`). */
export const QueryListSchema = Type.Union([Type.String(), Type.Array(Type.String())]);

/** ReceiverReferenceSchema names a receiver. */
export const ReceiverReferenceSchema = Type.Object({ name: Type.String() });

/** AlertStateSchema is an alert's processing state. */
export const AlertStateSchema = Type.Union([
  Type.Literal('unprocessed'),
  Type.Literal('active'),
  Type.Literal('suppressed'),
]);

/** AlertStatusSchema is `alertStatus`: the state and what mutes the alert. */
export const AlertStatusSchema = Type.Object({
  inhibitedBy: Type.Array(Type.String(), { description: 'Fingerprints of the inhibiting alerts.' }),
  mutedBy: Type.Array(Type.String(), { description: 'Time intervals muting the alert group.' }),
  silencedBy: Type.Array(Type.String(), { description: 'IDs of the active silences matching the alert.' }),
  state: AlertStateSchema,
});

/** ApiAlertStatus is an alert's `status` as the API shows it. */
export type ApiAlertStatus = Static<typeof AlertStatusSchema>;

/** GettableAlertSchema is `gettableAlert`; times are RFC 3339 with milliseconds. */
export const GettableAlertSchema = Type.Object({
  annotations: LabelSetSchema,
  endsAt: Type.String(),
  fingerprint: Type.String(),
  receivers: Type.Array(ReceiverReferenceSchema),
  startsAt: Type.String(),
  status: AlertStatusSchema,
  updatedAt: Type.String(),
  generatorURL: Type.Optional(Type.String()),
  labels: LabelSetSchema,
});

/** GettableAlert is one alert of `GET /api/v2/alerts`. */
export type GettableAlert = Static<typeof GettableAlertSchema>;

/** AlertGroupSchema is `alertGroup`. */
export const AlertGroupSchema = Type.Object({
  alerts: Type.Array(GettableAlertSchema),
  labels: LabelSetSchema,
  receiver: ReceiverReferenceSchema,
  routeLabels: LabelSetSchema,
});

/** AlertGroup is one group of `GET /api/v2/alerts/groups`. */
export type ApiAlertGroup = Static<typeof AlertGroupSchema>;

/** ErrorStringSchema is a handler's error answer: a bare JSON string. */
export const ErrorStringSchema = Type.String();

/** AlertsQuerySchema is the query of `GET /api/v2/alerts` (booleans default true). */
export const AlertsQuerySchema = Type.Object({
  active: Type.Optional(QueryScalarSchema),
  silenced: Type.Optional(QueryScalarSchema),
  inhibited: Type.Optional(QueryScalarSchema),
  unprocessed: Type.Optional(QueryScalarSchema),
  filter: Type.Optional(QueryListSchema),
  receiver: Type.Optional(QueryScalarSchema),
  receiver_matchers: Type.Optional(QueryListSchema),
});

/** AlertGroupsQuerySchema is the query of `GET /api/v2/alerts/groups` (booleans default true). */
export const AlertGroupsQuerySchema = Type.Object({
  active: Type.Optional(QueryScalarSchema),
  silenced: Type.Optional(QueryScalarSchema),
  inhibited: Type.Optional(QueryScalarSchema),
  muted: Type.Optional(QueryScalarSchema),
  filter: Type.Optional(QueryListSchema),
  receiver: Type.Optional(QueryScalarSchema),
  receiver_matchers: Type.Optional(QueryListSchema),
});

/** EmptyBodySchema is a success answer without a body. */
export const EmptyBodySchema = Type.Unsafe<undefined>({ description: 'No body.' });
