import { describe, expect, it } from 'vitest';
import {
  formatGoDuration,
  parseGoDuration,
  parseGoUrl,
  parseHttpUrl,
  splitHostPort,
  withTrailingSlash,
} from './go-values';

describe('parseHttpUrl', () => {
  it.each([
    'http://example.com',
    'https://user:pw@example.com:8443/p?q=1#f',
    'http://[::1]:9093/',
    'HTTP://Example.com/',
  ])('accepts %s', (url) => {
    expect(() => parseHttpUrl(url)).not.toThrow();
  });

  it.each([
    ['example.com/webhook', 'unsupported scheme "" for URL'],
    ['ftp://example.com/webhook', 'unsupported scheme "ftp" for URL'],
    ['http:opaque', 'missing host for URL'],
    ['http:///path', 'missing host for URL'],
    ['http://a b/', 'parse "http://a b/": invalid character " " in host name'],
    ['http://host:port/', 'parse "http://host:port/": invalid port ":port" after host'],
    ['http://host/%zz', 'parse "http://host/%zz": invalid URL escape "%zz"'],
    ['http://host/\x7f', 'parse "http://host/\x7f": net/url: invalid control character in URL'],
    [':8080', 'parse ":8080": missing protocol scheme'],
  ])('rejects %j: %s', (url, message) => {
    expect(() => parseHttpUrl(url)).toThrow(message);
  });

  it('splits like net/url', () => {
    expect(parseGoUrl('https://h:1/a/b?x=1#frag')).toMatchObject({
      scheme: 'https',
      host: 'h:1',
      path: '/a/b',
      rawQuery: 'x=1',
      fragment: 'frag',
    });
    expect(() => parseGoUrl('foo')).not.toThrow();
    expect(() => parseGoUrl('a:b/c')).not.toThrow();
    expect(() => parseGoUrl('1a:b')).toThrow('first path segment in URL cannot contain colon');
  });

  it.each([
    ['https://api.opsgenie.com', 'https://api.opsgenie.com/'],
    ['https://x/cgi-bin', 'https://x/cgi-bin/'],
    ['https://x/a/?q=1', 'https://x/a/?q=1'],
    ['https://x/a?q=1', 'https://x/a/?q=1'],
  ])('adds a trailing slash to %s', (url, expected) => {
    expect(withTrailingSlash(url)).toBe(expected);
  });
});

describe('splitHostPort', () => {
  it.each([
    ['localhost:25', 'localhost', '25'],
    [':25', '', '25'],
    ['[fd12:3456:789a::1]:25', 'fd12:3456:789a::1', '25'],
    ['host:', 'host', ''],
  ])('splits %s', (input, host, port) => {
    expect(splitHostPort(input)).toEqual({ host, port });
  });

  it.each([
    ['localhost', 'address localhost: missing port in address'],
    ['a:b:c', 'address a:b:c: too many colons in address'],
    ['[::1', "address [::1: missing ']' in address"],
    ['[::1]x:1', 'address [::1]x:1: missing port in address'],
  ])('rejects %s', (input, message) => {
    expect(() => splitHostPort(input)).toThrow(message);
  });
});

describe('Go durations', () => {
  it.each([
    ['0', 0],
    ['1.5s', 1500],
    ['300ms', 300],
    ['1h30m', 5_400_000],
    ['2us', 0.002],
    ['-1m', -60_000],
  ])('parses %s', (text, ms) => {
    expect(parseGoDuration(text)).toBeCloseTo(ms, 9);
  });

  it.each([
    ['', 'time: invalid duration ""'],
    ['5', 'time: missing unit in duration "5"'],
    ['5x', 'time: unknown unit "x" in duration "5x"'],
    ['.s', 'time: invalid duration ".s"'],
  ])('rejects %j', (text, message) => {
    expect(() => parseGoDuration(text)).toThrow(message);
  });

  it.each([
    [0, '0s'],
    [60_000, '1m0s'],
    [3_600_000, '1h0m0s'],
    [1500, '1.5s'],
    [0.5, '500µs'],
  ])('prints %s ms as %s', (ms, text) => {
    expect(formatGoDuration(ms)).toBe(text);
  });
});
