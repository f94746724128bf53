// Finding silences by matcher or by text, and how many current alerts each mutes.

import type { Matcher } from '@vigil/model';
import type { GettableAlert, GettableSilence } from '../api/types';
import { formatApiMatcher, fromApi, parseFilter } from './filter';

/** SilenceQuery is the search box read as matchers or as plain text. */
export type SilenceQuery =
  | { kind: 'all' }
  | { kind: 'matchers'; matchers: Matcher[] }
  | { kind: 'text'; text: string }
  | { kind: 'error'; error: string };

const OPERATOR_RE = /=|!=|=~|!~/;

/** readQuery reads the search box: text with an operator is matchers (errors shown), anything else is text. */
export function readQuery(input: string): SilenceQuery {
  const t = input.trim();
  if (t === '') return { kind: 'all' };
  if (!OPERATOR_RE.test(t)) return { kind: 'text', text: t.toLowerCase() };
  const parsed = parseFilter(t);
  return parsed.ok ? { kind: 'matchers', matchers: parsed.matchers } : { kind: 'error', error: parsed.error };
}

/**
 * silenceMatchesQuery tells whether a silence fits the search. For matchers, each one must appear in the silence
 * (same name, operator and value, as the API's filter compares), or, for `name="value"`, the silence must have a
 * matcher on that label that accepts the value — so `instance="db1"` finds a silence on `instance=~"db.*"`.
 * Text is looked for, case-insensitively, in the ID, creator, comment and matchers.
 */
export function silenceMatchesQuery(s: GettableSilence, q: SilenceQuery): boolean {
  switch (q.kind) {
    case 'all':
      return true;
    case 'error':
      return false;
    case 'text': {
      const hay = [s.id, s.createdBy, s.comment, ...s.matchers.map(formatApiMatcher)]
        .join('\n')
        .toLowerCase();
      return hay.includes(q.text);
    }
    case 'matchers': {
      const own = s.matchers.map(fromApi).filter((m): m is Matcher => m !== undefined);
      return q.matchers.every((f) =>
        own.some((m) => m.name === f.name && (m.equals(f) || (f.type === '=' && m.matches(f.value)))),
      );
    }
  }
}

/** mutedCounts counts, per silence ID, the current alerts the API reports as silenced by it. */
export function mutedCounts(alerts: readonly GettableAlert[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const a of alerts) for (const id of a.status.silencedBy) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}
