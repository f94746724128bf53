// The filter bar's language is Alertmanager's matcher syntax (`severity="critical", team=~"db.*"`, braces
// optional), read by the same parser the API uses, so what the bar accepts the API accepts.

import { newMatcher, parseMatchers, parseMatchersUtf8, type MatchType, type Matcher } from '@vigil/model';
import type { ApiMatcher } from '../api/types';

/**
 * ParsedFilter is the filter text read as matchers (with a warning when only the classic parser accepts it, as
 * Alertmanager logs), or the reason it is not valid.
 */
export type ParsedFilter = { ok: true; matchers: Matcher[]; warning?: string } | { ok: false; error: string };

/**
 * parseFilter reads filter text as the API does (Alertmanager's default fallback parser); empty text is no
 * matchers. On failure the UTF-8 parser's message is preferred: it names the column and what it expected.
 */
export function parseFilter(text: string): ParsedFilter {
  if (text.trim() === '') return { ok: true, matchers: [] };
  let warning: string | undefined;
  try {
    const matchers = parseMatchers(text, 'fallback', (w) => {
      warning = w.suggestion ? `${w.message}; write it as ${w.suggestion}` : w.message;
    });
    return warning === undefined ? { ok: true, matchers } : { ok: true, matchers, warning };
  } catch (err) {
    return { ok: false, error: utf8Message(text) ?? messageOf(err) };
  }
}

function utf8Message(text: string): string | undefined {
  try {
    parseMatchersUtf8(text);
    return undefined;
  } catch (err) {
    return messageOf(err);
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** formatFilter prints matchers the way a user types them: `a="1", b=~"x.*"`. */
export function formatFilter(matchers: readonly Matcher[]): string {
  return matchers.map((m) => m.toString()).join(', ');
}

/** matcherType is the operator an API matcher stands for. */
export function matcherType(m: Pick<ApiMatcher, 'isRegex' | 'isEqual'>): MatchType {
  if (m.isRegex) return m.isEqual ? '=~' : '!~';
  return m.isEqual ? '=' : '!=';
}

/** fromApi turns an API matcher into a model matcher; undefined when its regex does not compile. */
export function fromApi(m: ApiMatcher): Matcher | undefined {
  try {
    return newMatcher(matcherType(m), m.name, m.value);
  } catch {
    return undefined;
  }
}

/** toApi turns a model matcher into the API's shape. */
export function toApi(m: Matcher): ApiMatcher {
  return {
    name: m.name,
    value: m.value,
    isRegex: m.type === '=~' || m.type === '!~',
    isEqual: m.type === '=' || m.type === '=~',
  };
}

/** formatApiMatcher prints an API matcher in matcher syntax. */
export function formatApiMatcher(m: ApiMatcher): string {
  return fromApi(m)?.toString() ?? `${m.name}${matcherType(m)}${JSON.stringify(m.value)}`;
}

/** labelsToFilter prints a label set as equality matchers, `alertname` first, the rest by name. */
export function labelsToFilter(labels: Record<string, string>): string {
  const names = Object.keys(labels).sort((a, b) =>
    a === 'alertname' ? -1 : b === 'alertname' ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
  return formatFilter(names.map((n) => newMatcher('=', n, labels[n] ?? '')));
}
