import { goQuote, isValidLabelName, type Labels, type MatcherMode } from '@vigil/model';
import type { Alert } from './alert';

const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Most strings hold no surrogate at all; this cheap test spares them the lookaround.
const ANY_SURROGATE_RE = /[\uD800-\uDFFF]/;

function hasLoneSurrogate(s: string): boolean {
  return ANY_SURROGATE_RE.test(s) && LONE_SURROGATE_RE.test(s);
}

/**
 * isValidAlertLabelName tells whether Alertmanager accepts a label name: in the default (fallback) and `utf8` modes
 * any non-empty valid UTF-8, in `classic` mode `[a-zA-Z_][a-zA-Z0-9_]*`.
 */
export function isValidAlertLabelName(name: string, mode: MatcherMode = 'fallback'): boolean {
  if (mode === 'classic') return isValidLabelName(name, 'legacy');
  return name.length > 0 && !hasLoneSurrogate(name);
}

/** isValidLabelValue tells whether a label value is valid UTF-8 (a JavaScript string without lone surrogates). */
export function isValidLabelValue(value: string): boolean {
  return !hasLoneSurrogate(value);
}

function validateLabelSet(ls: Labels, mode: MatcherMode): string | undefined {
  for (const [name, value] of Object.entries(ls)) {
    if (!isValidAlertLabelName(name, mode)) return `invalid name ${goQuote(name)}`;
    if (typeof value !== 'string' || !isValidLabelValue(value))
      return `invalid value ${goQuote(String(value))}`;
  }
  return undefined;
}

/**
 * validateAlert checks an alert as Alertmanager's `Alert.Validate` and returns its error text, or undefined when the
 * alert is valid: "start time missing", "start time must be before end time", "at least one label pair required",
 * `invalid label set: invalid name "…"`, `invalid annotations: invalid value "…"`.
 */
export function validateAlert(
  a: Pick<Alert, 'labels' | 'annotations' | 'startsAt' | 'endsAt'>,
  mode: MatcherMode = 'fallback',
): string | undefined {
  if (a.startsAt === 0) return 'start time missing';
  if (a.endsAt !== 0 && a.endsAt < a.startsAt) return 'start time must be before end time';
  if (Object.keys(a.labels).length === 0) return 'at least one label pair required';
  const labelErr = validateLabelSet(a.labels, mode);
  if (labelErr !== undefined) return `invalid label set: ${labelErr}`;
  const annotationErr = validateLabelSet(a.annotations, mode);
  if (annotationErr !== undefined) return `invalid annotations: ${annotationErr}`;
  return undefined;
}

/**
 * toWellFormed replaces lone surrogates with U+FFFD, as Go's JSON decoder does with invalid `\uD800` escapes, so
 * input that Alertmanager would accept after decoding is accepted here too.
 */
export function toWellFormed(s: string): string {
  if (!hasLoneSurrogate(s)) return s;
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
