// The silence editor's state and its checks. The checks are Alertmanager's (validateSilence, the API's time
// rules), run as the user types, so a form that passes here is one the API accepts.

import { isValidLabelName, newMatcher, type MatchType, type Matcher } from '@vigil/model';
import type { GettableSilence, PostableSilence } from '../api/types';
import { matcherType, parseFilter, toApi } from './filter';
import { DEFAULT_DURATION_MS } from './time';

/** MatcherRow is one line of the matcher editor, as typed. */
export interface MatcherRow {
  name: string;
  op: MatchType;
  value: string;
}

/** SilenceForm is the editor's state; times are epoch milliseconds. */
export interface SilenceForm {
  /** Set when editing: the silence this one replaces. */
  id?: string;
  matchers: MatcherRow[];
  startsAt: number;
  endsAt: number;
  createdBy: string;
  comment: string;
}

/** FormField is a field of the form that can carry an error. */
export type FormField = 'matchers' | 'startsAt' | 'endsAt' | 'createdBy' | 'comment';

/** FormCheck is the result of checking a form: per-row and per-field errors, and the rows that are valid. */
export interface FormCheck {
  ok: boolean;
  rowErrors: (string | undefined)[];
  errors: Partial<Record<FormField, string>>;
  /** The valid rows as matchers (for the preview, even while other fields are incomplete). */
  matchers: Matcher[];
}

/** rowError says why one matcher row is not valid, or undefined. */
export function rowError(row: MatcherRow): string | undefined {
  if (row.name === '') return 'the label name is empty';
  if (!isValidLabelName(row.name)) return `“${row.name}” is not a valid label name`;
  try {
    newMatcher(row.op, row.name, row.value);
  } catch (err) {
    return `invalid regular expression: ${err instanceof Error ? err.message : String(err)}`;
  }
  return undefined;
}

// Alertmanager asks that one = or =~ matcher not match the empty string, else the silence could mute everything.
function matchesEmpty(m: Matcher): boolean {
  if (m.type === '=') return m.value === '';
  if (m.type === '=~') return m.matches('');
  return false;
}

/** checkForm checks a form against Alertmanager's rules for a silence at time `now`. */
export function checkForm(form: SilenceForm, now: number): FormCheck {
  const rowErrors = form.matchers.map(rowError);
  const matchers = form.matchers
    .filter((_, i) => rowErrors[i] === undefined)
    .map((r) => newMatcher(r.op, r.name, r.value));
  const errors: FormCheck['errors'] = {};
  if (form.matchers.length === 0) errors.matchers = 'add at least one matcher';
  else if (rowErrors.every((e) => e === undefined) && matchers.every(matchesEmpty)) {
    errors.matchers = 'at least one matcher must not match the empty string (it would silence everything)';
  }
  if (!Number.isFinite(form.startsAt)) errors.startsAt = 'enter a start time';
  if (!Number.isFinite(form.endsAt)) errors.endsAt = 'enter an end time';
  else if (form.endsAt <= form.startsAt) errors.endsAt = 'the end must be after the start';
  else if (form.endsAt < now) errors.endsAt = 'the end cannot be in the past';
  if (form.createdBy.trim() === '') errors.createdBy = 'say who creates the silence';
  if (form.comment.trim() === '') errors.comment = 'say why (a ticket, an incident, a maintenance)';
  const ok = rowErrors.every((e) => e === undefined) && Object.keys(errors).length === 0;
  return { ok, rowErrors, errors, matchers };
}

/** toPostable turns a checked form into the body of `POST /api/v2/silences`. */
export function toPostable(form: SilenceForm): PostableSilence {
  const body: PostableSilence = {
    matchers: form.matchers.map((r) => toApi(newMatcher(r.op, r.name, r.value))),
    startsAt: new Date(form.startsAt).toISOString(),
    endsAt: new Date(form.endsAt).toISOString(),
    createdBy: form.createdBy.trim(),
    comment: form.comment.trim(),
  };
  if (form.id) body.id = form.id;
  return body;
}

/** RowsFromFilter is a deep link's filter as editor rows, or why it could not be read. */
export type RowsFromFilter = { rows: MatcherRow[]; error?: string };

/** rowsFromFilter turns filter text (a deep link's `filter`) into editor rows. */
export function rowsFromFilter(text: string): RowsFromFilter {
  const parsed = parseFilter(text);
  if (!parsed.ok) return { rows: [], error: parsed.error };
  return { rows: parsed.matchers.map((m) => ({ name: m.name, op: m.type, value: m.value })) };
}

/** newForm starts a silence now, for the default length, with these rows. */
export function newForm(rows: MatcherRow[], now: number, createdBy = ''): SilenceForm {
  return { matchers: rows, startsAt: now, endsAt: now + DEFAULT_DURATION_MS, createdBy, comment: '' };
}

/** formFromSilence loads a silence into the editor; with `keepId` saving replaces it, otherwise it is a copy. */
export function formFromSilence(s: GettableSilence, keepId: boolean): SilenceForm {
  const form: SilenceForm = {
    matchers: s.matchers.map((m) => ({ name: m.name, op: matcherType(m), value: m.value })),
    startsAt: Date.parse(s.startsAt),
    endsAt: Date.parse(s.endsAt),
    createdBy: s.createdBy,
    comment: s.comment,
  };
  if (keepId) form.id = s.id;
  return form;
}

/** copyForm re-times a copied silence (recreating an expired one): same length, starting now. */
export function copyForm(s: GettableSilence, now: number): SilenceForm {
  const form = formFromSilence(s, false);
  const length = form.endsAt - form.startsAt;
  return { ...form, startsAt: now, endsAt: now + (length > 0 ? length : DEFAULT_DURATION_MS) };
}
