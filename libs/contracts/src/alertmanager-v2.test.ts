import { describe, expect, it } from 'vitest';
import { parsePostableAlerts } from './alertmanager-v2';

describe('parsePostableAlerts', () => {
  it.each([
    ['an empty body', []],
    ['labels only', [{ labels: { alertname: 'A' } }]],
    [
      'every field',
      [
        {
          labels: { alertname: 'A' },
          annotations: { summary: 's' },
          startsAt: '2024-01-01T00:00:00Z',
          endsAt: '2024-01-01T00:05:00Z',
          generatorURL: 'http://prometheus:9090/graph?g0.expr=up&g0.tab=1',
        },
      ],
    ],
    ['Prometheus fields Vigil does not use', [{ labels: { a: 'b' }, status: 'firing', fingerprint: 'x' }]],
  ])('accepts %s', (_name, body) => {
    expect(parsePostableAlerts(body)).toEqual({ ok: true, value: body });
  });

  it.each([
    ['an object body', { labels: {} }, ['(root): must be array']],
    ['a missing labels field', [{ annotations: {} }], ['[0].labels: is required']],
    ['labels as a list', [{ labels: ['a'] }], ['[0].labels: must be object']],
    [
      'bad times in the second alert',
      [{ labels: { a: 'b' } }, { labels: { a: 'c' }, startsAt: 'now', endsAt: 12 }],
      ['[1].startsAt: must match format "date-time"', '[1].endsAt: must be string'],
    ],
  ])('rejects %s', (_name, body, expected) => {
    const result = parsePostableAlerts(body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toEqual(expected);
  });
});
