// Label, annotation and silence text comes from whoever can post alerts or silences: the UI must only ever render
// it as text. Preact escapes text by default; this guard keeps the escape hatches out of the source.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = import.meta.dirname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

describe('no raw HTML', () => {
  const files = sources(SRC);

  it('finds the UI sources', () => {
    expect(files.some((f) => f.endsWith('alert-card.tsx'))).toBe(true);
  });

  it.each([
    'dangerouslySetInnerHTML',
    'innerHTML',
    'outerHTML',
    'insertAdjacentHTML',
    'document.write',
    'eval(',
  ])('no source uses %s', (needle) => {
    expect(
      files.filter((f) => readFileSync(f, 'utf8').includes(needle)).map((f) => f.slice(SRC.length)),
    ).toEqual([]);
  });
});
