import { describe, expect, it } from 'vitest';
import { alertsDiff } from './diff';

const G = '\x1b[0;32m';
const R = '\x1b[0;31m';
const Y = '\x1b[0;33m';
const E = '\x1b[0m';

describe('alertsDiff', () => {
  it('is undefined for equal lists', () => {
    const a = [{ labels: { alertname: 'A' }, annotations: {} }];
    expect(alertsDiff(a, a)).toBeUndefined();
  });

  it('shows a changed value as old => new', () => {
    const diff = alertsDiff(
      [{ labels: { alertname: 'A', severity: 'page' }, annotations: {} }],
      [{ labels: { alertname: 'A', severity: 'ticket' }, annotations: {} }],
    );
    expect(diff).toBe(
      [
        '[',
        '    {',
        '        "Annotations": {},',
        '        "Labels": {',
        '            "alertname": "A",',
        `            "severity": ${Y}"page" => "ticket"${E}`,
        '        }',
        '    }',
        ']',
      ].join('\n'),
    );
  });

  // Like jsondiff, a colour ends before each line break and starts again after the indentation.
  it('compares an empty side as one alert without labels, colouring whole added alerts', () => {
    const diff = alertsDiff(
      [],
      [
        { labels: { alertname: 'A' }, annotations: {} },
        { labels: { alertname: 'B' }, annotations: { s: 'x' } },
      ],
    );
    expect(diff).toBe(
      [
        '[',
        '    {',
        '        "Annotations": {},',
        '        "Labels": {',
        `            ${G}"alertname": "A"${E}`,
        '        }',
        '    },',
        `    ${G}{${E}`,
        `        ${G}"Annotations": {${E}`,
        `            ${G}"s": "x"${E}`,
        `        ${G}},${E}`,
        `        ${G}"Labels": {${E}`,
        `            ${G}"alertname": "B"${E}`,
        `        ${G}}${E}`,
        `    ${G}}${E}`,
        ']',
      ].join('\n'),
    );
  });

  it('colours expected-only keys as removed', () => {
    const diff = alertsDiff(
      [{ labels: { alertname: 'A', extra: 'y' }, annotations: {} }],
      [{ labels: { alertname: 'A' }, annotations: {} }],
    );
    expect(diff).toContain(`            ${R}"extra": "y"${E}\n`);
  });
});
