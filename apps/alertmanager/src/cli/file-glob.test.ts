import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GlobPatternError, globFiles, globSegmentToRegExp } from './file-glob';

const testdata = join(import.meta.dirname, 'testdata');

describe('globFiles', () => {
  it.each([
    ['templates-bad/*.tmpl', ['templates-bad/broken.tmpl']],
    ['templates-*/b?oken.tmpl', ['templates-bad/broken.tmpl']],
    ['r[a-z]uting.yml', ['routing.yml']],
    ['nothing-here/*.tmpl', []],
    ['*.yml', ['bad-template.yml', 'bad.yml', 'routing.yml']],
  ])('%s finds %j', (pattern, expected) => {
    expect(globFiles(join(testdata, pattern))).toEqual(expected.map((f) => join(testdata, f)));
  });
});

describe('globSegmentToRegExp', () => {
  it.each([
    ['*.tmpl', 'a.tmpl', true],
    ['*.tmpl', 'a.tmplx', false],
    ['[^a]*', 'abc', false],
    ['[^a]*', 'bc', true],
    ['\\*', '*', true],
    ['a?c', 'abc', true],
  ])('%s against %s is %s', (pattern, name, expected) => {
    expect(globSegmentToRegExp(pattern).test(name)).toBe(expected);
  });

  it.each(['[', '[]', 'a\\'])('rejects the bad pattern %j', (pattern) => {
    expect(() => globSegmentToRegExp(pattern)).toThrow(GlobPatternError);
  });
});
