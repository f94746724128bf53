import { lstat, readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const META = /[*?[\\]/;

/**
 * expandRuleFiles expands `rule_files` globs the way Go's filepath.Glob does (`*`, `?`, `[a-z]`, `[^x]`,
 * `\` escapes; no `**`; dot-files match), sorted per directory and without duplicates. A pattern that
 * matches nothing contributes nothing; a malformed one throws.
 */
export async function expandRuleFiles(patterns: readonly string[]): Promise<string[]> {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const pattern of patterns) {
    for (const file of await glob(pattern)) {
      if (seen.has(file)) continue;
      seen.add(file);
      out.push(file);
    }
  }
  return out;
}

async function glob(pattern: string): Promise<string[]> {
  if (!META.test(pattern)) {
    try {
      await lstat(pattern);
      return [pattern];
    } catch {
      return [];
    }
  }
  const dir = dirname(pattern);
  const re = segmentRegExp(basename(pattern), pattern);
  const dirs = META.test(dir) ? await glob(dir) : [dir];
  const out: string[] = [];
  for (const d of dirs) {
    let names: string[];
    try {
      names = await readdir(d);
    } catch {
      continue;
    }
    names.sort();
    for (const name of names) if (re.test(name)) out.push(join(d, name));
  }
  return out;
}

/** segmentRegExp compiles one path element of a Go glob into an anchored RegExp. */
export function segmentRegExp(segment: string, pattern: string = segment): RegExp {
  const bad = (): Error => new Error(`syntax error in pattern "${pattern}"`);
  let re = '^';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i] as string;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\') {
      const next = segment[++i];
      if (next === undefined) throw bad();
      re += escapeRegExp(next);
    } else if (c === '[') {
      let cls = '[';
      i++;
      if (segment[i] === '^') {
        cls += '^';
        i++;
      }
      let first = true;
      for (;;) {
        let ch = segment[i];
        if (ch === undefined) throw bad();
        if (ch === ']' && !first) break;
        if (ch === '\\') ch = segment[++i];
        if (ch === undefined) throw bad();
        cls += escapeClassChar(ch);
        if (segment[i + 1] === '-' && segment[i + 2] !== ']') {
          let hi = segment[i + 2];
          i += 2;
          if (hi === '\\') hi = segment[++i];
          if (hi === undefined) throw bad();
          if (hi < ch) throw bad();
          cls += `-${escapeClassChar(hi)}`;
        }
        first = false;
        i++;
      }
      re += `${cls}]`;
    } else re += escapeRegExp(c);
  }
  return new RegExp(`${re}$`, 'u');
}

function escapeRegExp(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function escapeClassChar(c: string): string {
  return c.replace(/[\\\]^-]/g, '\\$&');
}
