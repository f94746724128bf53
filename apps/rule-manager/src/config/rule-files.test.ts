import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expandRuleFiles, segmentRegExp } from './rule-files';

const testdata = join(dirname(fileURLToPath(import.meta.url)), 'testdata');

describe('expandRuleFiles', () => {
  it.each<[string, string[], string[]]>([
    ['a star in the file name', ['rules/*.yml'], ['rules/a.yml', 'rules/b.yml']],
    ['a character class', ['rules/[b-c]*'], ['rules/b.yml', 'rules/c.txt']],
    ['a negated class', ['rules/[^a]*.yml'], ['rules/b.yml']],
    ['a question mark', ['rules/?.txt'], ['rules/c.txt']],
    ['a glob in a directory element', ['rul?s/a.yml'], ['rules/a.yml']],
    ['a plain existing file', ['rules/a.yml'], ['rules/a.yml']],
    ['a plain missing file', ['rules/none.yml'], []],
    ['a glob matching nothing', ['rules/*.json'], []],
    ['duplicates across patterns', ['rules/a.yml', 'rules/*.yml'], ['rules/a.yml', 'rules/b.yml']],
  ])('expands %s', async (_name, patterns, expected) => {
    const files = await expandRuleFiles(patterns.map((p) => join(testdata, p)));
    expect(files).toEqual(expected.map((f) => join(testdata, f)));
  });

  it('rejects a malformed pattern', async () => {
    await expect(expandRuleFiles([join(testdata, 'rules/[a.yml')])).rejects.toThrow(
      /syntax error in pattern/,
    );
  });

  it.each<[string, string, boolean]>([
    ['*.yml', '.hidden.yml', true],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'axb', false],
    ['[]a]', ']', true],
    ['[a-c]x', 'bx', true],
    ['[a-c]x', 'dx', false],
  ])('matches %s against %s like Go', (pattern, name, expected) => {
    expect(segmentRegExp(pattern).test(name)).toBe(expected);
  });
});
