// Sections Alertmanager accepts that Vigil does not act on yet: `tracing` and `event_recorder`.

import { httpClientConfigSchema, tlsConfigSchema } from './http-config';
import { modelDuration, secretUrl } from './kinds';
import { K, field, type StructSchema } from './schema';

const headersKind = K.map(
  K.struct({
    goType: 'config.Header',
    fields: [
      field('values', 'values', K.strings, { omitEmpty: true }),
      field('secrets', 'secrets', K.list(K.secret), { omitEmpty: true }),
      field('files', 'files', K.strings, { omitEmpty: true }),
    ],
  }),
);

/** The `tracing` schema. */
export const tracingSchema: StructSchema = {
  goType: 'tracing.plain',
  fields: [
    field('client_type', 'clientType', K.string, { omitEmpty: true, def: () => 'grpc' }),
    field('endpoint', 'endpoint', K.string, { omitEmpty: true }),
    field('sampling_fraction', 'samplingFraction', K.float, { omitEmpty: true }),
    field('insecure', 'insecure', K.bool, { omitEmpty: true }),
    field('tls_config', 'tlsConfig', K.struct(tlsConfigSchema), { omitEmpty: true, pointer: true }),
    field('headers', 'headers', headersKind, { omitEmpty: true }),
    field('compression', 'compression', K.string, { omitEmpty: true }),
    field('timeout', 'timeout', modelDuration, { omitEmpty: true, def: () => 0 }),
  ],
  validate: (o, v) => {
    if (o.clientType !== 'http' && o.clientType !== 'grpc') {
      v.fail(
        `expected tracing client type to be to be http or grpc, but got ${String(o.clientType)}`,
        'client_type',
      );
    }
    if (o.endpoint === '') v.fail('tracing endpoint must be set');
    if (o.compression !== '' && o.compression !== 'gzip') {
      v.fail(
        `invalid compression type ${String(o.compression)} provided, valid options: gzip`,
        'compression',
      );
    }
  },
};

const fileOutput: StructSchema = {
  goType: 'eventrecorder.plain',
  fields: [field('path', 'path', K.string)],
  validate: (o, v) => {
    if (o.path === '') v.fail('event_recorder file output requires a path');
  },
};

const webhookOutput: StructSchema = {
  goType: 'eventrecorder.plain',
  fields: [
    field('url', 'url', secretUrl, { pointer: true }),
    field('http_config', 'httpConfig', K.struct(httpClientConfigSchema), { omitEmpty: true, pointer: true }),
    field('timeout', 'timeout', modelDuration, { omitEmpty: true, def: () => 0 }),
    field('workers', 'workers', K.int, { omitEmpty: true }),
    field('max_retries', 'maxRetries', K.int, { omitEmpty: true }),
    field('retry_backoff', 'retryBackoff', modelDuration, { omitEmpty: true, def: () => 0 }),
    field('batch', 'batch', K.bool, { omitEmpty: true }),
    field('batch_max_events', 'batchMaxEvents', K.int, { omitEmpty: true }),
    field('batch_max_bytes', 'batchMaxBytes', K.int, { omitEmpty: true }),
    field('batch_flush_interval', 'batchFlushInterval', modelDuration, { omitEmpty: true, def: () => 0 }),
  ],
  validate: (o, v) => {
    if (o.url === undefined) v.fail('event_recorder webhook output requires a url');
    const batching = [o.batchMaxEvents, o.batchMaxBytes, o.batchFlushInterval] as number[];
    if (batching.some((n) => n < 0)) v.fail('event_recorder webhook batch settings cannot be negative');
    if (!o.batch && batching.some((n) => n !== 0))
      v.fail('event_recorder webhook batch settings require batch: true');
  },
};

// Kafka outputs have many client settings; they are kept as written.
const kafkaOutput = K.any;

/** The `event_recorder` schema. */
export const eventRecorderSchema: StructSchema = {
  goType: 'eventrecorder.Config',
  fields: [
    field('file_outputs', 'fileOutputs', K.list(K.struct(fileOutput)), { omitEmpty: true }),
    field('webhook_outputs', 'webhookOutputs', K.list(K.struct(webhookOutput)), { omitEmpty: true }),
    field('kafka_outputs', 'kafkaOutputs', K.list(kafkaOutput), { omitEmpty: true }),
    field(
      'stdout_outputs',
      'stdoutOutputs',
      K.list(K.struct({ goType: 'eventrecorder.StdoutOutputConfig', fields: [] })),
      {
        omitEmpty: true,
      },
    ),
  ],
};
