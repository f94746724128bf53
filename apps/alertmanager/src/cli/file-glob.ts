// File globbing with Go's filepath.Glob rules (`*`, `?`, `[a-z]`, `[^...]`, `\` escapes; no `**`), which
// Alertmanager uses to find template files.

import { readdirSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';

/** GlobPatternError is Go's filepath.ErrBadPattern. */
export class GlobPatternError extends Error {
  constructor() {
    super('syntax error in pattern');
  }
}

const MAGIC_RE = /[*?[\\]/;

/** globFiles returns the paths matching a pattern, sorted per directory as Go does; [] when nothing matches. */
export function globFiles(pattern: string): string[] {
  const absolute = pattern.startsWith(sep);
  const parts = pattern.split(sep).filter((p, i) => p !== '' || i === 0);
  let current: string[] = [absolute ? sep : '.'];
  for (const part of absolute ? parts.slice(1) : parts) {
    if (part === '') continue;
    const next: string[] = [];
    if (!MAGIC_RE.test(part)) {
      for (const dir of current) {
        const p = join(dir, part);
        if (exists(p)) next.push(p);
      }
    } else {
      const re = globSegmentToRegExp(part);
      for (const dir of current) {
        let names: string[];
        try {
          names = readdirSync(dir).sort();
        } catch {
          continue;
        }
        for (const name of names) if (re.test(name)) next.push(join(dir, name));
      }
    }
    current = next;
  }
  return absolute || parts.length > 0 ? current.filter((p) => p !== '.' && p !== sep) : [];
}

function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

/** globSegmentToRegExp converts one path segment of a Go glob into an anchored RegExp; throws GlobPatternError. */
export function globSegmentToRegExp(segment: string): RegExp {
  let re = '^';
  const chars = Array.from(segment);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else if (ch === '\\') {
      const next = chars[++i];
      if (next === undefined) throw new GlobPatternError();
      re += escapeRe(next);
    } else if (ch === '[') {
      let j = i + 1;
      let cls = '[';
      if (chars[j] === '^') {
        cls += '^';
        j++;
      }
      let count = 0;
      for (; j < chars.length && (chars[j] !== ']' || count === 0); j++, count++) {
        let c = chars[j] as string;
        if (c === '\\') {
          c = chars[++j] ?? '';
          if (c === '') throw new GlobPatternError();
        }
        if (c === ']' && count === 0) throw new GlobPatternError();
        cls += c === '-' && count > 0 && chars[j + 1] !== ']' ? '-' : escapeClassChar(c);
      }
      if (j >= chars.length || count === 0) throw new GlobPatternError();
      re += `${cls}]`;
      i = j;
    } else re += escapeRe(ch);
  }
  return new RegExp(`${re}$`, 'u');
}

function escapeRe(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

function escapeClassChar(ch: string): string {
  return /[\\\]^[-]/.test(ch) ? `\\${ch}` : ch;
}
