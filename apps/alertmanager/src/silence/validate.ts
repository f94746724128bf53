import { compileRe2, goQuote, isValidLabelName } from '@vigil/model';
import { compileMatcher } from './compile';
import type { Silence, SilenceMatcher } from './silence';

const MATCH_TYPES = new Set(['=', '!=', '=~', '!~']);

/** validateMatcher returns why a silence matcher is invalid, in Alertmanager's words, or undefined. */
export function validateMatcher(m: SilenceMatcher): string | undefined {
  if (!isValidLabelName(m.name)) return `invalid label name ${goQuote(m.name)}`;
  if (!MATCH_TYPES.has(m.type)) return `unknown matcher type ${goQuote(String(m.type))}`;
  if (m.type === '=' || m.type === '!=') {
    if (!isWellFormed(m.value)) return `invalid label value ${goQuote(m.value)}`;
    return undefined;
  }
  try {
    // Alertmanager checks the pattern as written, before anchoring: `a)|(b` is invalid though `^(?:a)|(b)$` is not.
    compileRe2(m.value);
    compileMatcher(m);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return `invalid regular expression ${goQuote(m.value)}: ${reason}`;
  }
  return undefined;
}

/**
 * validateSilence returns why a silence is invalid, in the words of Alertmanager's `validateSilence` (without the
 * "invalid silence: " prefix), or undefined. Vigil's silences carry one matcher list, which Alertmanager calls set 0.
 */
export function validateSilence(sil: Pick<Silence, 'matchers' | 'startsAt' | 'endsAt'>): string | undefined {
  if (sil.matchers.length === 0) return 'matcher set 0 is empty';
  let allMatchEmpty = true;
  for (const [i, m] of sil.matchers.entries()) {
    const err = validateMatcher(m);
    if (err !== undefined) return `invalid label matcher ${i} in set 0: ${err}`;
    allMatchEmpty &&= matchesEmpty(m);
  }
  if (allMatchEmpty) return 'matcher set 0: at least one matcher must not match the empty string';
  if (!Number.isFinite(sil.startsAt) || sil.startsAt === 0) return 'invalid zero start timestamp';
  if (!Number.isFinite(sil.endsAt) || sil.endsAt === 0) return 'invalid zero end timestamp';
  if (sil.endsAt < sil.startsAt) return 'end time must not be before start time';
  return undefined;
}

// Alertmanager only asks this of = and =~; a silence made only of != and !~ matchers passes.
function matchesEmpty(m: SilenceMatcher): boolean {
  if (m.type === '=') return m.value === '';
  if (m.type === '=~') return compileMatcher(m).matches('');
  return false;
}

function isWellFormed(s: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}
