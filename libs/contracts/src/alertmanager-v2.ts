import Type from 'typebox';
import type { Static } from 'typebox';
import { compileParser } from './schema-errors';
import type { ParseResult } from './schema-errors';

// Shapes of Alertmanager's API v2 (api/v2/openapi.yaml) that Vigil's two services exchange.
// Unknown properties are allowed, as Alertmanager's Go decoder ignores them; semantic checks
// (at least one label, valid label names, endsAt after startsAt) belong to the receiver, per alert,
// so one bad alert does not reject a whole request.

/** LabelSetSchema is Alertmanager's `labelSet`: label names to values. */
export const LabelSetSchema = Type.Record(Type.String(), Type.String(), {
  description: 'Label names mapped to label values.',
});

/** LabelSet is a set of label name/value pairs as the Alertmanager API carries it. */
export type LabelSet = Static<typeof LabelSetSchema>;

/**
 * postableAlertProperties are the fields of a PostableAlert, shared with the queue payload so both stay one definition.
 * `generatorURL` uses `uri-reference`: Alertmanager's Go check accepts request URIs such as `/graph?g0.expr=…` and
 * skips empty strings, which strict `uri` would reject.
 */
export const postableAlertProperties = {
  labels: LabelSetSchema,
  annotations: Type.Optional(LabelSetSchema),
  startsAt: Type.Optional(Type.String({ format: 'date-time' })),
  endsAt: Type.Optional(Type.String({ format: 'date-time' })),
  generatorURL: Type.Optional(Type.String({ format: 'uri-reference' })),
};

/** PostableAlertSchema is one alert as `POST /api/v2/alerts` accepts it. */
export const PostableAlertSchema = Type.Object(postableAlertProperties, {
  description: 'An alert as POST /api/v2/alerts accepts it.',
});

/** PostableAlert is one alert as `POST /api/v2/alerts` accepts it (times are RFC 3339 strings). */
export type PostableAlert = Static<typeof PostableAlertSchema>;

/** PostableAlertsSchema is the body of `POST /api/v2/alerts`. */
export const PostableAlertsSchema = Type.Array(PostableAlertSchema, {
  description: 'The body of POST /api/v2/alerts.',
});

/** PostableAlerts is the body of `POST /api/v2/alerts`. */
export type PostableAlerts = Static<typeof PostableAlertsSchema>;

const checkPostableAlerts = compileParser(PostableAlertsSchema);

/** parsePostableAlerts checks a decoded `POST /api/v2/alerts` body; errors name the field path (`[0].labels`). */
export function parsePostableAlerts(data: unknown): ParseResult<PostableAlerts> {
  return checkPostableAlerts(data);
}
