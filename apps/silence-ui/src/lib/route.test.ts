import { describe, expect, it } from 'vitest';
import { alertsRoute, formatHash, newSilenceHash, parseHash, type Route } from './route';

describe('parseHash', () => {
  it.each<[string, Route]>([
    ['', alertsRoute()],
    ['#/', alertsRoute()],
    ['#/alerts', alertsRoute()],
    [
      '#/alerts?filter=severity%3D%22critical%22&silenced=false&groupBy=team',
      alertsRoute({ filter: 'severity="critical"', silenced: false, groupBy: 'team' }),
    ],
    ['#/alerts?inhibited=0', alertsRoute({ inhibited: false })],
    ['#/silences', { name: 'silences', q: '', state: '' }],
    ['#/silences?q=disk&state=expired', { name: 'silences', q: 'disk', state: 'expired' }],
    ['#/silences?state=bogus', { name: 'silences', q: '', state: '' }],
    // The link Alertmanager's notification templates build for "silence this".
    [
      '#/silences/new?filter=%7Balertname%3D%22Disk%22%2C%20instance%3D%22h%3A9100%22%7D',
      { name: 'silence-new', filter: '{alertname="Disk", instance="h:9100"}', from: '' },
    ],
    ['#/silences/new?from=abc', { name: 'silence-new', filter: '', from: 'abc' }],
    ['#/silences/8a2c/edit', { name: 'silence-edit', id: '8a2c' }],
    ['#/silences/8a2c', { name: 'silence-edit', id: '8a2c' }],
    ['#/nowhere', { name: 'not-found', hash: '/nowhere' }],
  ])('reads %j', (hash, route) => {
    expect(parseHash(hash)).toEqual(route);
  });
});

describe('formatHash', () => {
  it.each<[Route, string]>([
    [alertsRoute(), '#/alerts'],
    [alertsRoute({ filter: 'a="1"', inhibited: false }), '#/alerts?filter=a%3D%221%22&inhibited=false'],
    [{ name: 'silences', q: '', state: 'pending' }, '#/silences?state=pending'],
    [{ name: 'silence-edit', id: 'x/y' }, '#/silences/x%2Fy/edit'],
  ])('writes %j as %s and reads it back', (route, hash) => {
    expect(formatHash(route)).toBe(hash);
    expect(parseHash(hash)).toEqual(route);
  });

  it('builds deep links whose filter survives the round trip', () => {
    const filter = 'alertname="A&B", msg=~"50%|x+y"';
    expect(parseHash(newSilenceHash(filter))).toEqual({ name: 'silence-new', filter, from: '' });
  });
});
