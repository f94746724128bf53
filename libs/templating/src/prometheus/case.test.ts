import { describe, expect, it } from 'vitest';
import { title, toLower, toUpper } from './case';

describe('title (x/text cases.Title, NoLower, as Prometheus 3 uses)', () => {
  it.each([
    ['aa bb CC', 'Aa Bb CC'],
    ['hello-world', 'Hello-World'],
    ['foo.example.com', 'Foo.example.com'],
    ["o'neil", "O'neil"],
    ['a..b', 'A..B'],
    ['snake_case word', 'Snake_case Word'],
    ['1st place', '1St Place'],
    ['ßtraße', 'Sstraße'],
    ['ǆungla', 'ǅungla'],
    ['', ''],
  ])('%j → %j', (s, want) => {
    expect(title(s)).toBe(want);
  });
});

describe('toUpper and toLower (per-rune simple case mapping, as Go)', () => {
  it('keeps runes without a one-rune mapping', () => {
    expect(toUpper('straße ﬁ')).toBe('STRAßE ﬁ');
    expect(toLower('İSTANBUL ΣΑΣ')).toBe('istanbul σασ');
  });
});
