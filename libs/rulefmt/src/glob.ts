// File globs with the semantics of Go's filepath.Glob, which Prometheus uses for `rule_files`:
// `*`, `?`, `[a-z]`, `[^a]` and `\` escapes within one path segment; no `**`; matches sorted per directory.
import { lstat, readdir, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';

/** GlobPatternError is Go's filepath.ErrBadPattern. */
export class GlobPatternError extends Error {
  constructor() {
    super('syntax error in pattern');
  }
}

/** hasGlobMeta tells whether a path contains glob syntax at all. */
export function hasGlobMeta(path: string): boolean {
  return /[*?[\\]/.test(path);
}

/** glob expands a pattern to the existing paths it matches, as filepath.Glob does (none is not an error). */
export async function glob(pattern: string): Promise<string[]> {
  toSegmentRegExp(pattern); // Validates the whole pattern first, as Go does.
  if (!hasGlobMeta(pattern)) {
    try {
      await lstat(pattern);
      return [pattern];
    } catch {
      return [];
    }
  }
  const cut = pattern.lastIndexOf(sep);
  const file = pattern.slice(cut + 1);
  let dir = cut === -1 ? '.' : pattern.slice(0, cut + 1);
  if (dir.length > 1 && dir.endsWith(sep)) dir = dir.slice(0, -1);
  if (!hasGlobMeta(dir)) return matchIn(dir, file);
  if (dir === pattern) throw new GlobPatternError();
  const out: string[] = [];
  for (const d of await glob(dir)) out.push(...(await matchIn(d, file)));
  return out;
}

async function matchIn(dir: string, filePattern: string): Promise<string[]> {
  try {
    if (!(await stat(dir)).isDirectory()) return [];
    const names = (await readdir(dir)).sort();
    const re = toSegmentRegExp(filePattern);
    return names.filter((n) => re.test(n)).map((n) => (dir === '.' ? n : join(dir, n)));
  } catch {
    return [];
  }
}

/** matchGlob tells whether a name matches a single-segment pattern (filepath.Match). */
export function matchGlob(pattern: string, name: string): boolean {
  return toSegmentRegExp(pattern).test(name);
}

function toSegmentRegExp(pattern: string): RegExp {
  const notSep = `[^${escapeClass(sep)}]`;
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') re += `${notSep}*`;
    else if (c === '?') re += notSep;
    else if (c === '\\') {
      i++;
      if (i >= pattern.length) throw new GlobPatternError();
      re += escapeRe(pattern[i] as string);
    } else if (c === '[') {
      const { source, end } = charClass(pattern, i + 1);
      re += source;
      i = end;
    } else re += escapeRe(c);
  }
  return new RegExp(`^${re}$`, 'u');
}

/** charClass reads `[...]` starting after the `[`; returns the RegExp class and the index of its `]`. */
function charClass(pattern: string, start: number): { source: string; end: number } {
  let i = start;
  let negate = false;
  if (pattern[i] === '^') {
    negate = true;
    i++;
  }
  const readChar = (): string => {
    let c = pattern[i];
    if (c === undefined || c === '-' || c === ']') throw new GlobPatternError();
    if (c === '\\') {
      c = pattern[++i];
      if (c === undefined) throw new GlobPatternError();
    }
    i++;
    return c;
  };
  let body = '';
  let first = true;
  while (first || pattern[i] !== ']') {
    if (i >= pattern.length) throw new GlobPatternError();
    first = false;
    const lo = readChar();
    let hi = lo;
    if (pattern[i] === '-') {
      i++;
      hi = readChar();
    }
    // A reversed range is valid in Go and matches nothing.
    if (hi < lo) continue;
    body += lo === hi ? escapeClass(lo) : `${escapeClass(lo)}-${escapeClass(hi)}`;
  }
  // Go's ranges never match the separator, even when it lies inside one.
  const cls = negate ? `[^${body}${escapeClass(sep)}]` : `(?![${escapeClass(sep)}])[${body}]`;
  return { source: cls, end: i };
}

function escapeRe(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

function escapeClass(s: string): string {
  return s.replace(/[\\\]^-]/g, '\\$&');
}
