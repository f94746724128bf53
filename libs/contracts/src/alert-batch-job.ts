import Type from 'typebox';
import type { Static } from 'typebox';
import { postableAlertProperties } from './alertmanager-v2';
import { compileParser } from './schema-errors';

/** ALERT_BATCH_JOB_VERSION is the payload version this code writes and reads; a breaking change bumps it. */
export const ALERT_BATCH_JOB_VERSION = 1;

/** QueuedAlertSchema is a PostableAlert plus the name of the alerting rule that produced it. */
export const QueuedAlertSchema = Type.Object(
  {
    ...postableAlertProperties,
    rule: Type.Optional(Type.String({ description: 'Name of the alerting rule that produced the alert.' })),
  },
  { description: 'A PostableAlert plus the alerting rule that produced it.' },
);

/** QueuedAlert is a PostableAlert plus the name of the alerting rule that produced it. */
export type QueuedAlert = Static<typeof QueuedAlertSchema>;

/** AlertBatchSourceSchema says which rule-manager instance, file and group produced a batch. */
export const AlertBatchSourceSchema = Type.Object({
  instance: Type.String({ minLength: 1, description: 'Rule-manager instance id, e.g. host:port.' }),
  group: Type.String({ description: 'Rule group name.' }),
  file: Type.String({ description: 'Rule file the group was loaded from.' }),
});

/** AlertBatchSource says which rule-manager instance, file and group produced a batch. */
export type AlertBatchSource = Static<typeof AlertBatchSourceSchema>;

/**
 * AlertBatchJobSchema is the payload of one queue job: the alerts one group evaluation sends.
 * Unknown fields are ignored rather than rejected, so a newer producer can add optional fields
 * without its jobs failing on an older consumer; an incompatible change bumps `version`.
 */
export const AlertBatchJobSchema = Type.Object(
  {
    version: Type.Literal(ALERT_BATCH_JOB_VERSION),
    source: AlertBatchSourceSchema,
    alerts: Type.Array(QueuedAlertSchema),
    sentAt: Type.String({ format: 'date-time', description: 'When the rule-manager handed the batch over.' }),
  },
  { description: 'Alerts of one rule group evaluation, as queued for the alertmanager.' },
);

/** AlertBatchJob is the payload of one queue job: the alerts one group evaluation sends. */
export type AlertBatchJob = Static<typeof AlertBatchJobSchema>;

/** AlertBatchJobParseResult is the job, or `path: message` errors naming each bad field. */
export type AlertBatchJobParseResult = { ok: true; job: AlertBatchJob } | { ok: false; errors: string[] };

const checkAlertBatchJob = compileParser(AlertBatchJobSchema);

/** parseAlertBatchJob checks untrusted queue data; errors read like `alerts[0].startsAt: must match format "date-time"`. */
export function parseAlertBatchJob(data: unknown): AlertBatchJobParseResult {
  const result = checkAlertBatchJob(data);
  return result.ok ? { ok: true, job: result.value } : result;
}
