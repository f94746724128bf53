import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error';
import { scanGoJson } from './go-json-scan';
import { STRFMT_DATE_TIME_LAYOUTS } from './go-time';
import { isGoRequestUri } from './go-url';
import { decodePostableAlerts } from './postable-alerts';

interface BodyCase {
  body: string;
  status: number;
  response: string;
}

const recorded = JSON.parse(
  readFileSync(new URL('./testdata/alertmanager-0.25-post-alerts.json', import.meta.url), 'utf8'),
) as { bodies: BodyCase[]; generatorURLs: { url: string; accepted: boolean }[] };

const LAYOUTS_0_25 = STRFMT_DATE_TIME_LAYOUTS.slice(0, -1);

describe('decodePostableAlerts against Alertmanager 0.25', () => {
  // Bodies go-openapi refused carry `{code, message}`; the rest reached the handler (200, or its own 400 string).
  it.each(recorded.bodies)('$body → $status', ({ body, response }) => {
    const got = decodePostableAlerts(scanGoJson(body), LAYOUTS_0_25);
    const refused = response.startsWith('{')
      ? (JSON.parse(response) as { code: number; message: string })
      : undefined;
    if (refused) {
      expect(got).toBeInstanceOf(ApiError);
      const err = got as ApiError;
      expect({ status: err.statusCode, code: err.goCode, message: err.message, body: err.body }).toEqual({
        status: refused.code >= 600 ? 422 : refused.code,
        code: refused.code,
        message: refused.message,
        body: 'coded',
      });
    } else {
      expect(got).toBeInstanceOf(Array);
    }
  });
});

describe('decodePostableAlerts output', () => {
  it.each([
    [
      'times become RFC 3339 UTC; Go matches keys case-insensitively',
      '[{"Labels":{"a":"b"},"STARTSAT":"2024-01-01 02:00:00","endsAt":"2024-01-01T03:00:00+01:00"}]',
      [{ labels: { a: 'b' }, startsAt: '2024-01-01T02:00:00.000Z', endsAt: '2024-01-01T02:00:00.000Z' }],
    ],
    [
      'null values: labels stay, times are unset, empty values are kept for intake to drop',
      '[{"labels":{"a":"b","c":null},"startsAt":null,"annotations":{"x":null}}]',
      [{ labels: { a: 'b', c: '' }, annotations: { x: '' } }],
    ],
    ['a null body is no alerts', 'null', []],
    [
      'Go\'s zero time means "not set"',
      '[{"labels":{"a":"b"},"endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://x/g"}]',
      [{ labels: { a: 'b' }, generatorURL: 'http://x/g' }],
    ],
  ])('%s', (_name, body, expected) => {
    expect(decodePostableAlerts(scanGoJson(body))).toEqual(expected);
  });

  it('a null alert is refused as lacking labels (Alertmanager 0.25 crashes on it)', () => {
    const got = decodePostableAlerts(scanGoJson('[{"labels":{"a":"b"}},null]'));
    expect(got).toMatchObject({ statusCode: 422, goCode: 602, message: '1.labels in body is required' });
  });
});

describe('isGoRequestUri against Alertmanager 0.25', () => {
  it.each(recorded.generatorURLs)('$url → $accepted', ({ url, accepted }) => {
    expect(isGoRequestUri(url)).toBe(accepted);
  });

  it('ignores a fragment, as strfmt v0.27 does', () => {
    expect(isGoRequestUri('https://host#@frag')).toBe(true);
  });
});
