// Alertmanager's matcher compatibility layer (matcher/compat): which parser reads matchers and which label
// names are valid, per feature flag. The default ("fallback") tries the UTF-8 parser and falls back to the
// classic one, preferring the classic result when both parse the input differently.

import { isValidLabelName, type Labels } from './labels';
import { MatcherParseError } from './matcher-lexer';
import { parseMatcherClassic, parseMatchersClassic } from './matcher-parse-classic';
import { parseMatcherUtf8, parseMatchersUtf8 } from './matcher-parse';
import type { Matcher } from './matcher';

/** MatcherMode mirrors Alertmanager's flags: default fallback, `classic-mode`, `utf8-strict-mode`. */
export type MatcherMode = 'fallback' | 'classic' | 'utf8';

/** ParseWarning reports an input the fallback parser accepted only through the classic parser. */
export interface ParseWarning {
  input: string;
  message: string;
  suggestion?: string;
}

/** parseMatchers reads a matcher list in the given mode (compat.Matchers); throws on invalid input. */
export function parseMatchers(
  input: string,
  mode: MatcherMode = 'fallback',
  warn?: (w: ParseWarning) => void,
): Matcher[] {
  if (mode === 'classic') return parseMatchersClassic(input);
  if (mode === 'utf8') return parseMatchersUtf8(input);
  const [utf8, utf8Err] = attempt(() => parseMatchersUtf8(input));
  const [classic, classicErr] = attempt(() => parseMatchersClassic(input));
  if (utf8Err !== undefined) {
    if (classicErr !== undefined || classic === undefined) throw classicErr;
    warn?.({
      input,
      message: 'input is not compatible with the UTF-8 matchers parser; parsed with the classic parser',
      suggestion: classic.map((m) => m.toString()).join(','),
    });
    return classic;
  }
  if (classic !== undefined && !sameMatchers(utf8 ?? [], classic)) {
    warn?.({ input, message: 'matchers input has disagreement between the UTF-8 and classic parsers' });
    return classic;
  }
  return utf8 ?? [];
}

/** parseMatcher reads exactly one matcher in the given mode (compat.Matcher); throws on invalid input. */
export function parseMatcher(
  input: string,
  mode: MatcherMode = 'fallback',
  warn?: (w: ParseWarning) => void,
): Matcher {
  if (mode === 'classic') return parseMatcherClassic(input);
  if (input.startsWith('{') || input.endsWith('}')) {
    throw new MatcherParseError(`unexpected open or close brace: ${input}`);
  }
  if (mode === 'utf8') return parseMatcherUtf8(input);
  const [utf8, utf8Err] = attempt(() => parseMatcherUtf8(input));
  const [classic, classicErr] = attempt(() => parseMatcherClassic(input));
  if (utf8Err !== undefined || utf8 === undefined) {
    if (classicErr !== undefined || classic === undefined) throw classicErr;
    warn?.({
      input,
      message: 'input is not compatible with the UTF-8 matchers parser; parsed with the classic parser',
      suggestion: classic.toString(),
    });
    return classic;
  }
  if (classic !== undefined && !classic.equals(utf8)) {
    warn?.({ input, message: 'matchers input has disagreement between the UTF-8 and classic parsers' });
    return classic;
  }
  return utf8;
}

/** isValidLabelNameForMode tells whether a label name is valid (compat.IsValidLabelName) in a mode. */
export function isValidLabelNameForMode(name: string, mode: MatcherMode = 'fallback'): boolean {
  return isValidLabelName(name, mode === 'classic' ? 'legacy' : 'utf8');
}

/** parseLabelArgs reads `name=value` arguments as amtool does, rejecting other operators. */
export function parseLabelArgs(args: readonly string[], mode: MatcherMode = 'fallback'): Labels {
  const labels: Labels = {};
  for (const arg of args) {
    let m: Matcher;
    try {
      m = parseMatcher(arg, mode);
    } catch (err) {
      throw new MatcherParseError(`Failed to parse labels: ${(err as Error).message}`);
    }
    if (m.type !== '=') throw new MatcherParseError('Labels must be specified as key=value pairs');
    labels[m.name] = m.value;
  }
  return labels;
}

function attempt<T>(f: () => T): [T | undefined, unknown] {
  try {
    return [f(), undefined];
  } catch (err) {
    return [undefined, err];
  }
}

// Go also sees a nil list (from "" or "{}") and an empty one as different; both are empty, so that is moot.
function sameMatchers(a: readonly Matcher[], b: readonly Matcher[]): boolean {
  return a.length === b.length && a.every((m, i) => m.equals(b[i] as Matcher));
}
