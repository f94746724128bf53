// Query parameters as go-swagger binds them for Alertmanager's API: booleans by swag.ConvertBool (the last value
// wins), `filter` and `receiver_matchers` as repeated Alertmanager matchers, `receiver` as an anchored Go regex.

import { compileRe2, parseMatcher, type Labels, type Matcher, type MatcherMode } from '@vigil/model';
import { ApiError } from './api-error';

/** QueryValue is one query parameter as fastify parses it: absent, once, or repeated. */
export type QueryValue = string | string[] | undefined;

/** allValues lists every value of a repeated parameter, in order. */
export function allValues(v: QueryValue): string[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** lastValue is the value go-swagger binds for a non-array parameter: the last one given. */
export function lastValue(v: QueryValue): string | undefined {
  return Array.isArray(v) ? v[v.length - 1] : v;
}

// swag.ConvertBool: these (case-insensitively) are true, anything else is false; it never fails.
const TRUE_WORDS = new Set(['true', 'yes', 'ok', 'y', 'on', 'selected', 'checked', 't', 'enabled', '1']);

/** boolParam reads a boolean parameter as go-swagger does: absent or empty is the default. */
export function boolParam(v: QueryValue, def: boolean): boolean {
  const raw = lastValue(v);
  if (raw === undefined || raw === '') return def;
  return TRUE_WORDS.has(raw.toLowerCase());
}

/**
 * parseFilter reads `filter` values as Alertmanager's parseFilter (compat.Matcher, origin "api"); a bad matcher is a
 * 400 whose body is the parser's message, prefixed by `prefix` when given.
 */
export function parseFilter(v: QueryValue, mode: MatcherMode, prefix = ''): Matcher[] {
  return allValues(v).map((text) => {
    try {
      return parseMatcher(text, mode);
    } catch (err) {
      throw ApiError.plain(400, prefix + errorMessage(err));
    }
  });
}

/** receiverRegex compiles `receiver` anchored as `^(?:…)$`; a bad pattern is a 400 naming the parameter. */
export function receiverRegex(v: QueryValue): RegExp | undefined {
  const raw = lastValue(v);
  if (raw === undefined) return undefined;
  try {
    return compileRe2(`^(?:${raw})$`);
  } catch (err) {
    throw ApiError.plain(400, `failed to parse receiver param: ${errorMessage(err)}`);
  }
}

/**
 * matchFilterLabels is the API's `filter` test (Alertmanager's matchFilterLabels): like matching, except that
 * `name=""` / `name=~""` pass when the label is absent and `name!=""` / `name!~""` pass when it is present.
 */
export function matchFilterLabels(matchers: readonly Matcher[], labels: Labels): boolean {
  for (const m of matchers) {
    const present = Object.hasOwn(labels, m.name);
    const v = labels[m.name] ?? '';
    if (m.type === '!=' || m.type === '!~') {
      if (m.value === '' && present) continue;
    } else if (m.value === '' && !present) {
      continue;
    }
    if (!m.matches(v)) return false;
  }
  return true;
}

/** errorMessage is an error's message (or its text when it is not an Error). */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
