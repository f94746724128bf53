import { describe, expect, it } from 'vitest';
import { isIP, joinHostPort, splitHostPort } from './net';

describe('splitHostPort', () => {
  it.each([
    ['host:80', { host: 'host', port: '80' }],
    ['[::1]:80', { host: '::1', port: '80' }],
    [':80', { host: '', port: '80' }],
    ['host:', { host: 'host', port: '' }],
    ['host', undefined],
    ['a:b:c', undefined],
    ['[::1]', undefined],
    ['[::1]x:80', undefined],
    ['[a]b:1', undefined],
  ])('%j', (s, want) => {
    expect(splitHostPort(s)).toEqual(want);
  });

  it('joins IPv6 hosts in brackets', () => {
    expect(joinHostPort('::1', '80')).toBe('[::1]:80');
    expect(joinHostPort('h', '80')).toBe('h:80');
  });
});

describe('isIP (net.ParseIP)', () => {
  it.each([
    ['192.0.2.1', true],
    ['255.255.255.255', true],
    ['256.0.0.1', false],
    ['01.2.3.4', false],
    ['2001:0DB8::1', true],
    ['::', true],
    ['::ffff:1.2.3.4', true],
    ['1:2:3:4:5:6:7:8', true],
    ['1:2:3:4:5:6:7::', true],
    ['1:2:3:4:5:6:7:8::', false],
    ['fe80::1%eth0', false],
    ['host', false],
  ])('%s → %s', (s, want) => {
    expect(isIP(s)).toBe(want);
  });
});
