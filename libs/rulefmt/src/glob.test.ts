import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GlobPatternError, glob, matchGlob } from './glob';

const testdata = fileURLToPath(new URL('../testdata', import.meta.url));

describe('matchGlob', () => {
  it.each([
    ['*.yml', 'a.yml', true],
    ['*.yml', 'a.yaml', false],
    ['*', '.hidden', true],
    ['a?c', 'abc', true],
    ['a?c', 'a/c', false],
    ['[a-c]x', 'bx', true],
    ['[^a-c]x', 'bx', false],
    ['[^a-c]x', 'dx', true],
    ['\\*', '*', true],
    ['\\*', 'a', false],
    ['[z-a]', 'm', false],
    ['a.b', 'axb', false],
    ['(x)+', '(x)+', true],
  ])('%s against %s is %s', (pattern, name, want) => {
    expect(matchGlob(pattern, name)).toBe(want);
  });

  it.each(['[', '[a', 'a\\', '[]', '[-]', '[a-]'])('rejects the bad pattern %j', (pattern) => {
    expect(() => matchGlob(pattern, 'a')).toThrow(GlobPatternError);
  });
});

describe('glob', () => {
  it('expands a pattern in sorted order, within one path segment', async () => {
    expect(await glob(join(testdata, 'glob', '*.rules.yml'))).toEqual([
      join(testdata, 'glob', 'a.rules.yml'),
      join(testdata, 'glob', 'b.rules.yml'),
    ]);
  });

  it('expands globs in directory names too', async () => {
    expect(await glob(join(testdata, 'g*', 's?b', '*.yml'))).toEqual([
      join(testdata, 'glob', 'sub', 'c.rules.yml'),
    ]);
  });

  it('returns nothing, without error, for no match or a missing literal path', async () => {
    expect(await glob(join(testdata, 'glob', '*.json'))).toEqual([]);
    expect(await glob(join(testdata, 'missing.yml'))).toEqual([]);
  });

  it('returns an existing literal path as is', async () => {
    expect(await glob(join(testdata, 'manifest.yaml'))).toEqual([join(testdata, 'manifest.yaml')]);
  });

  it('rejects a bad pattern before touching the disk', async () => {
    await expect(glob('/no/such/dir/[')).rejects.toThrow('syntax error in pattern');
  });
});
