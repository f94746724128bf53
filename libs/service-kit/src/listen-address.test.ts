import { describe, expect, it } from 'vitest';
import { parseListenAddress } from './listen-address';

describe('parseListenAddress', () => {
  it.each([
    ['0.0.0.0:9090', { host: '0.0.0.0', port: 9090 }],
    [':9093', { host: '0.0.0.0', port: 9093 }],
    ['127.0.0.1:0', { host: '127.0.0.1', port: 0 }],
    ['[::1]:8080', { host: '::1', port: 8080 }],
    ['localhost:80', { host: 'localhost', port: 80 }],
  ])('%s', (text, want) => {
    expect(parseListenAddress(text)).toEqual(want);
  });

  it.each(['9090', 'host:', 'host:99999', '::1:80'])('rejects %s', (text) => {
    expect(() => parseListenAddress(text)).toThrow(/invalid --web.listen-address/);
  });
});
