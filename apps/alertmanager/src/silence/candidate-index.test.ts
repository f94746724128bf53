import { describe, expect, it } from 'vitest';
import { matchersMatch, newMatcher, type Labels } from '@vigil/model';
import { anchorOf, CandidateIndex, literalAlternatives, literalPrefix, type Anchor } from './candidate-index';
import type { SilenceMatcher } from './silence';

describe('anchorOf', () => {
  it.each<[string, SilenceMatcher[], Anchor]>([
    ['equality', [{ name: 'a', type: '=', value: 'x' }], { kind: 'values', name: 'a', values: ['x'] }],
    [
      'empty equality is skipped',
      [
        { name: 'a', type: '=', value: '' },
        { name: 'b', type: '=', value: 'y' },
      ],
      { kind: 'values', name: 'b', values: ['y'] },
    ],
    [
      'literal alternation',
      [{ name: 'a', type: '=~', value: 'x|y\\.z|x' }],
      { kind: 'values', name: 'a', values: ['x', 'y.z'] },
    ],
    [
      'values beat a prefix',
      [
        { name: 'i', type: '=~', value: 'web-.*' },
        { name: 'a', type: '=', value: 'x' },
      ],
      { kind: 'values', name: 'a', values: ['x'] },
    ],
    ['prefix', [{ name: 'i', type: '=~', value: 'web-\\d+' }], { kind: 'prefix', name: 'i', prefix: 'web-' }],
    ['present', [{ name: 'i', type: '=~', value: '.+' }], { kind: 'present', name: 'i' }],
    ['a regex matching "" is no anchor', [{ name: 'i', type: '=~', value: '.*' }], { kind: 'always' }],
    ['an empty alternative is no value list', [{ name: 'i', type: '=~', value: 'a|' }], { kind: 'always' }],
    [
      'negative matchers are no anchor',
      [
        { name: 'i', type: '!=', value: 'a' },
        { name: 'j', type: '!~', value: 'b' },
      ],
      { kind: 'always' },
    ],
  ])('%s', (_name, matchers, expected) => {
    expect(anchorOf(matchers)).toEqual(expected);
  });
});

describe('literalAlternatives', () => {
  it.each<[string, string[] | undefined]>([
    ['abc', ['abc']],
    ['a|b', ['a', 'b']],
    ['a\\|b', ['a|b']],
    ['1\\.2\\.3', ['1.2.3']],
    ['a.b', undefined],
    ['(a|b)', undefined],
    ['a|', undefined],
    ['', undefined],
    ['\\d', undefined],
    ['a\\', undefined],
    ['(?i)a', undefined],
  ])('%j → %j', (pattern, expected) => {
    expect(literalAlternatives(pattern)).toEqual(expected);
  });
});

describe('literalPrefix', () => {
  it.each([
    ['host-.*', 'host-'],
    ['host-1+', 'host-'],
    ['host-1?x', 'host-'],
    ['host-1{2}', 'host-'],
    ['web\\.example\\..*', 'web.example.'],
    ['web(a|b)', ''],
    ['web-(a|b)', ''],
    ['ab(c)', 'ab'],
    ['^web.*', ''],
    ['(?i)web.*', ''],
    ['\\Qweb\\E.*', ''],
    ['[ab]c', ''],
    ['é.*', 'é'],
    ['😀+', ''],
    ['x😀.*', 'x😀'],
  ])('%j → %j', (pattern, expected) => {
    expect(literalPrefix(pattern)).toBe(expected);
  });
});

describe('CandidateIndex', () => {
  // Random silences and label sets over a small alphabet, so that matches, near-misses and prefixes collide often.
  function rng(seed: number): () => number {
    let s = seed >>> 0;
    return () => {
      s = (s * 1664525 + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
  }
  const names = ['a', 'b', 'c'];
  const values = ['', 'x', 'xy', 'xyz', 'y', 'y.z'];
  const patterns = [
    'x',
    'x|y',
    'xy?',
    'x.*',
    'xy.*',
    'x+',
    '.*',
    '.+',
    'y\\.z',
    'y.z|x',
    '(x|y)z',
    '[xy]',
    'xy|',
  ];

  it('returns every matching silence exactly once (randomized against a full scan)', () => {
    const next = rng(42);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
    const index = new CandidateIndex();
    const silences = new Map<string, SilenceMatcher[]>();
    for (let i = 0; i < 400; i++) {
      const matchers: SilenceMatcher[] = Array.from({ length: 1 + Math.floor(next() * 3) }, () => {
        const type = pick(['=', '!=', '=~', '!~'] as const);
        return { name: pick(names), type, value: type.includes('~') ? pick(patterns) : pick(values) };
      });
      silences.set(`s${i}`, matchers);
      index.add(`s${i}`, matchers);
    }
    for (let i = 0; i < 100; i += 3) {
      index.remove(`s${i}`, silences.get(`s${i}`) ?? []);
      silences.delete(`s${i}`);
    }
    for (let n = 0; n < 500; n++) {
      const labels: Labels = {};
      for (const name of names) if (next() < 0.7) labels[name] = pick(values);
      const candidates = index.candidates(labels);
      expect(new Set(candidates).size).toBe(candidates.length);
      const expected = [...silences]
        .filter(([, ms]) =>
          matchersMatch(
            ms.map((m) => newMatcher(m.type, m.name, m.value)),
            labels,
          ),
        )
        .map(([id]) => id);
      const got = new Set(candidates);
      for (const id of expected) expect(got.has(id), `${id} for ${JSON.stringify(labels)}`).toBe(true);
    }
  });
});
