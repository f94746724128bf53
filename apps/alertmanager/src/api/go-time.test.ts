import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  formatApiTime,
  goLayout,
  goTimeQuote,
  parseGoTime,
  parseStrfmtDateTime,
  STRFMT_DATE_TIME_LAYOUTS,
} from './go-time';

interface TimeCase {
  text: string;
  ms?: number;
  error?: string;
}

const recorded = JSON.parse(
  readFileSync(new URL('./testdata/alertmanager-0.25-post-alerts.json', import.meta.url), 'utf8'),
) as { times: TimeCase[] };

// Alertmanager 0.25's strfmt lacked the date-only layout that strfmt v0.27 (Alertmanager 0.34) tries last.
const LAYOUTS_0_25 = STRFMT_DATE_TIME_LAYOUTS.slice(0, -1);

describe('parseStrfmtDateTime against Alertmanager 0.25', () => {
  it.each(recorded.times)('$text', ({ text, ms, error }) => {
    if (error !== undefined) {
      expect(() => parseStrfmtDateTime(text, LAYOUTS_0_25)).toThrow(error);
      // The message must match whole, not as a substring.
      try {
        parseStrfmtDateTime(text, LAYOUTS_0_25);
      } catch (err) {
        expect((err as Error).message).toBe(error);
      }
    } else {
      // Alertmanager stores Go's zero time as "not set"; Vigil holds it as 0.
      const got = parseStrfmtDateTime(text, LAYOUTS_0_25);
      expect(got === -62135596800000 ? 'zero' : got).toBe(text.startsWith('0001-01-01') ? 'zero' : ms);
    }
  });
});

describe('parseStrfmtDateTime with strfmt v0.27 layouts', () => {
  it.each([
    ['2024-01-01', Date.parse('2024-01-01T00:00:00Z')],
    ['2024-02-29T23:59:59.999999Z', Date.parse('2024-02-29T23:59:59.999Z')],
    ['1999-12-31T23:00:00-01:00', Date.parse('2000-01-01T00:00:00Z')],
    ['', 0],
  ])('%j reads as %d', (text, ms) => {
    expect(parseStrfmtDateTime(text)).toBe(ms);
  });

  it.each([
    ['notatime', 'parsing time "notatime" as "2006-01-02": cannot parse "notatime" as "2006"'],
    ['2024-01-01T25:00:00Z', 'parsing time "2024-01-01T25:00:00Z": extra text: "T25:00:00Z"'],
    ['2024-02-30', 'parsing time "2024-02-30": day out of range'],
  ])("%j fails with the last layout's error", (text, message) => {
    expect(() => parseStrfmtDateTime(text)).toThrow(message);
  });

  it.each(['2024-01-01T00:00:00+25:00', '2024-01-01T00:00:00+02:61'])(
    '%s: offsets past 24h/60m are refused (Go 1.20+)',
    (text) => {
      expect(() => parseGoTime(goLayout('2006-01-02T15:04:05Z07:00'), text)).toThrow(
        /time zone offset .* out of range/,
      );
    },
  );
});

describe('formatApiTime', () => {
  it.each([
    [Date.parse('2024-05-01T12:00:00Z'), '2024-05-01T12:00:00.000Z'],
    [Date.parse('2024-05-01T12:00:00.5Z'), '2024-05-01T12:00:00.500Z'],
    [0, '0001-01-01T00:00:00.000Z'],
    [Date.parse('+012024-01-01T00:00:00Z'), '12024-01-01T00:00:00.000Z'],
  ])('%d → %s', (ms, text) => {
    expect(formatApiTime(ms)).toBe(text);
  });
});

describe('goTimeQuote', () => {
  it.each([
    ['plain', '"plain"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['ä\n', '"\\xc3\\xa4\\x0a"'],
  ])('%j → %s', (s, quoted) => {
    expect(goTimeQuote(s)).toBe(quoted);
  });
});

describe('parseStrfmtDateTime fast path', () => {
  const slow = (t: string) => parseStrfmtDateTime(t, [...STRFMT_DATE_TIME_LAYOUTS]);
  it.each([
    '2026-11-25T22:43:18Z',
    '2026-11-25T22:43:18.5Z',
    '2026-11-25T22:43:18.123Z',
    '2026-11-25T22:43:18.123456789Z',
    '2026-11-25T22:43:18.999999999+05:30',
    '2026-11-25T22:43:18-08:00',
    '2024-02-29T00:00:00Z',
    '1999-12-31T23:59:59.001-00:00',
  ])('gives the layout parser’s answer for %s', (text) => {
    expect(parseStrfmtDateTime(text)).toBe(slow(text));
  });

  it.each(['2023-02-29T00:00:00Z', '2026-13-01T00:00:00Z', '2026-11-25T24:00:00Z', '2026-11-25T22:43:60Z'])(
    'leaves %s to the layout parser, which rejects it the same way',
    (text) => {
      expect(() => parseStrfmtDateTime(text)).toThrow();
      expect(() => slow(text)).toThrow();
    },
  );
});
