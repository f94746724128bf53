import { describe, expect, it } from 'vitest';
import { generatorURL, goQueryEscape } from './generator-url';

describe('goQueryEscape', () => {
  it.each([
    ['up', 'up'],
    ['a b', 'a+b'],
    ['rate(x[5m]) > 0.5', 'rate%28x%5B5m%5D%29+%3E+0.5'],
    ['{job="a"}', '%7Bjob%3D%22a%22%7D'],
    ["!'()*~-_.", '%21%27%28%29%2A~-_.'],
    ['a/b?c&d=e#f+g%', 'a%2Fb%3Fc%26d%3De%23f%2Bg%25'],
    ['é€', '%C3%A9%E2%82%AC'],
  ])('%s → %s', (input, want) => {
    expect(goQueryEscape(input)).toBe(want);
  });
});

describe('generatorURL', () => {
  it.each([
    ['http://prom:9090', 'up == 0', 'http://prom:9090/graph?g0.expr=up+%3D%3D+0&g0.tab=1'],
    ['http://prom:9090/', 'up', 'http://prom:9090/graph?g0.expr=up&g0.tab=1'],
    ['', 'up', '/graph?g0.expr=up&g0.tab=1'],
  ])('%s + %s', (url, expr, want) => {
    expect(generatorURL(url, expr)).toBe(want);
  });
});
