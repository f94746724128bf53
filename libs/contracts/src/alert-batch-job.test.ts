import { describe, expect, it } from 'vitest';
import { ALERT_BATCH_JOB_VERSION, parseAlertBatchJob } from './alert-batch-job';
import type { AlertBatchJob } from './alert-batch-job';

const validJob: AlertBatchJob = {
  version: 1,
  source: { instance: 'rm-0:9096', group: 'node', file: 'rules/node.yml' },
  alerts: [
    {
      labels: { alertname: 'HighLoad', instance: 'a:9100' },
      annotations: { summary: 'load is high' },
      startsAt: '2024-05-01T10:00:00.000Z',
      endsAt: '2024-05-01T10:04:00.000Z',
      generatorURL: 'http://prom:9090/graph?g0.expr=up%20%3D%3D%200&g0.tab=1',
      rule: 'HighLoad',
    },
  ],
  sentAt: '2024-05-01T10:00:01.000Z',
};

function withChanges(change: (job: Record<string, unknown>) => void): unknown {
  const copy = structuredClone(validJob) as unknown as Record<string, unknown>;
  change(copy);
  return copy;
}

function firstAlert(job: Record<string, unknown>): Record<string, unknown> {
  return (job.alerts as Record<string, unknown>[])[0] as Record<string, unknown>;
}

describe('parseAlertBatchJob', () => {
  it('accepts a well-formed job and returns it typed', () => {
    const result = parseAlertBatchJob(structuredClone(validJob));
    expect(result).toEqual({ ok: true, job: validJob });
    expect(ALERT_BATCH_JOB_VERSION).toBe(1);
  });

  it.each([
    ['no optional alert fields', withChanges((j) => (j.alerts = [{ labels: { alertname: 'A' } }]))],
    ['an empty batch', withChanges((j) => (j.alerts = []))],
    ['an empty generatorURL', withChanges((j) => (firstAlert(j).generatorURL = ''))],
    [
      'a path-only generatorURL',
      withChanges((j) => (firstAlert(j).generatorURL = '/graph?g0.expr=up&g0.tab=1')),
    ],
    ['a Go zero time and nanoseconds', withChanges((j) => (firstAlert(j).endsAt = '0001-01-01T00:00:00Z'))],
    ['an offset time', withChanges((j) => (firstAlert(j).startsAt = '2024-05-01T12:00:00.123456789+02:00'))],
    ['unknown fields from a newer producer', withChanges((j) => (j.traceId = 'abc'))],
  ])('accepts %s', (_name, data) => {
    expect(parseAlertBatchJob(data)).toMatchObject({ ok: true });
  });

  it.each([
    ['not an object', 'hello', ['(root): must be object']],
    ['null', null, ['(root): must be object']],
    ['a newer version', withChanges((j) => (j.version = 2)), ['version: must be equal to constant']],
    [
      'missing source and alerts',
      withChanges((j) => {
        delete j.source;
        delete j.alerts;
      }),
      ['source: is required', 'alerts: is required'],
    ],
    [
      'an empty instance',
      withChanges((j) => ((j.source as Record<string, unknown>).instance = '')),
      ['source.instance:'],
    ],
    ['a bad sentAt', withChanges((j) => (j.sentAt = 'yesterday')), ['sentAt: must match format "date-time"']],
    ['alerts not an array', withChanges((j) => (j.alerts = {})), ['alerts: must be array']],
    [
      'an alert without labels',
      withChanges((j) => delete firstAlert(j).labels),
      ['alerts[0].labels: is required'],
    ],
    [
      'a numeric label value',
      withChanges((j) => (firstAlert(j).labels = { alertname: 'A', code: 500 })),
      ['alerts[0].labels.code: must be string'],
    ],
    [
      'a label name that needs quoting',
      withChanges((j) => (firstAlert(j).annotations = { 'my-note': 1 })),
      ['alerts[0].annotations["my-note"]: must be string'],
    ],
    [
      'a startsAt without a time zone',
      withChanges((j) => (firstAlert(j).startsAt = '2024-05-01T10:00:00')),
      ['alerts[0].startsAt: must match format "date-time"'],
    ],
    [
      'a generatorURL with spaces',
      withChanges((j) => (firstAlert(j).generatorURL = 'not a url')),
      ['alerts[0].generatorURL: must match format "uri-reference"'],
    ],
    ['a numeric rule name', withChanges((j) => (firstAlert(j).rule = 7)), ['alerts[0].rule: must be string']],
  ])('rejects %s, naming the field', (_name, data, expected) => {
    const result = parseAlertBatchJob(data);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    for (const prefix of expected) {
      expect(
        result.errors.some((e) => e.startsWith(prefix)),
        `${prefix} in ${JSON.stringify(result.errors)}`,
      ).toBe(true);
    }
  });

  it('survives a JSON round trip, as BullMQ stores job data', () => {
    expect(parseAlertBatchJob(JSON.parse(JSON.stringify(validJob)))).toEqual({ ok: true, job: validJob });
  });
});
