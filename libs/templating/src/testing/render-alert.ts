// Test support: renders a template the way an alerting rule would, against fixed data, so test tables can hold
// Go-verified outputs (they were checked against promtool while writing them).
import type { QueryFn } from '@vigil/model';
import { expandAlertTemplate } from '../expand';

const UP = { __name__: 'up', instance: 'host.example.com:9100', job: 'node' };

/** fixtureQuery answers `up` with one sample, numbers as scalars, anything else with nothing. */
export const fixtureQuery: QueryFn = async (expr, t) => {
  if (/^\d/.test(expr)) return { type: 'scalar', t, v: Number(expr) };
  return { type: 'vector', samples: expr === 'up' ? [{ labels: UP, t, v: 1234567.89 }] : [] };
};

/** renderAlert expands `text` for rule `T` with $labels of `up{instance="host.example.com:9100",job="node"}`. */
export function renderAlert(
  text: string,
  opts: { timestampMs?: number; externalURL?: string } = {},
): Promise<string> {
  return expandAlertTemplate(
    'T',
    text,
    { labels: UP, value: 1234567.89, externalLabels: {}, externalURL: '' },
    { timestampMs: opts.timestampMs ?? 60_000, externalURL: opts.externalURL ?? '', query: fixtureQuery },
  );
}
