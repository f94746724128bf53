// The helpers notification templates may call. Each takes positional arguments and Handlebars' options last;
// a helper given the wrong kind of argument throws, which fails the notification without retry.

import type { Labels } from '@vigil/model';
import { queryEscape } from '@vigil/templating';
import { silenceUrl } from './links';
import { sortedPairs } from './notification-data';
import { formatTime, humanizeSpan, toMillis, DEFAULT_DATE_FORMAT } from './time-format';

/** HelperFn is a helper as Handlebars calls it: positional arguments, then its options. */
export type HelperFn = (...args: unknown[]) => unknown;

/** HelperCall is a helper's arguments without Handlebars' options, its hash, and the template's root data. */
interface HelperCall {
  args: unknown[];
  hash: Record<string, unknown>;
  root: Record<string, unknown>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// Handlebars passes its options object last: it has `hash` and `data` (with `root`).
function split(raw: unknown[]): HelperCall {
  const last = raw.at(-1);
  const isOptions = isRecord(last) && 'hash' in last && 'data' in last;
  const options = isOptions ? last : undefined;
  const data = isRecord(options?.data) ? options.data : {};
  return {
    args: isOptions ? raw.slice(0, -1) : raw,
    hash: isRecord(options?.hash) ? options.hash : {},
    root: isRecord(data.root) ? data.root : {},
  };
}

const helper =
  (name: string, minArgs: number, fn: (call: HelperCall) => unknown): HelperFn =>
  (...raw) => {
    const call = split(raw);
    if (call.args.length < minArgs) {
      throw new Error(
        `${name}: expected ${minArgs} argument${minArgs === 1 ? '' : 's'}, got ${call.args.length}`,
      );
    }
    return fn(call);
  };

/** str is a helper argument as text: null and undefined read as ''. */
export function str(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  return typeof v === 'object' && 'toHTML' in v ? String((v as { toHTML(): unknown }).toHTML()) : String(v);
}

function labelsArg(name: string, v: unknown): Labels {
  if (v === undefined || v === null) return {};
  if (!isRecord(v)) throw new Error(`${name}: expected a label set, got ${typeof v}`);
  const out: Labels = {};
  for (const [k, x] of Object.entries(v)) out[k] = str(x);
  return out;
}

function listArg(name: string, v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  if (isRecord(v)) return sortedPairs(labelsArg(name, v)).map((p) => p.value);
  throw new Error(`${name}: expected a list, got ${typeof v}`);
}

function numberArg(name: string, v: unknown): number {
  const n = typeof v === 'number' ? v : Number(str(v));
  if (Number.isNaN(n)) throw new Error(`${name}: expected a number, got ${JSON.stringify(str(v))}`);
  return n;
}

function timeArg(name: string, v: unknown): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const ms = toMillis(v);
  if (ms === undefined) throw new Error(`${name}: expected a time, got ${JSON.stringify(str(v))}`);
  return ms;
}

const nowOf = (root: Record<string, unknown>): number => toMillis(root.now) ?? Date.now();

/** length counts a list's items, a label set's labels or a string's characters. */
export function length(v: unknown): number {
  if (v === undefined || v === null) return 0;
  if (Array.isArray(v)) return v.length;
  if (isRecord(v)) return Object.keys(v).length;
  return Array.from(str(v)).length;
}

/** TRUNCATION_MARKER ends truncated text, as Alertmanager marks it. */
export const TRUNCATION_MARKER = '…';

/**
 * truncateRunes shortens text to at most `max` characters (code points), the last being the marker, as
 * Alertmanager's TruncateInRunes does; it returns the text unchanged when it fits.
 */
export function truncateRunes(text: string, max: number, marker = TRUNCATION_MARKER): string {
  const runes = Array.from(text);
  if (runes.length <= max) return text;
  const keep = Math.max(0, max - Array.from(marker).length);
  if (max <= 3) return runes.slice(0, max).join('');
  return runes.slice(0, keep).join('') + marker;
}

// Go's strings.Title / cases.Title: upper-case the first letter of every word.
function titleCase(s: string): string {
  return s.replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase());
}

function remove(call: HelperCall): Labels {
  const [kv, ...rest] = call.args;
  const out = { ...labelsArg('remove', kv) };
  for (const r of rest) {
    const names = Array.isArray(r) ? r.map(str) : isRecord(r) ? Object.keys(r) : [str(r)];
    for (const n of names) delete out[n];
  }
  return out;
}

function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return Boolean(v);
}

/** HELPERS are the helpers every template can call, by name. */
export const HELPERS: Readonly<Record<string, HelperFn>> = {
  // Text.
  toUpper: helper('toUpper', 1, ({ args }) => str(args[0]).toUpperCase()),
  toLower: helper('toLower', 1, ({ args }) => str(args[0]).toLowerCase()),
  title: helper('title', 1, ({ args }) => titleCase(str(args[0]))),
  trim: helper('trim', 1, ({ args }) => str(args[0]).trim()),
  join: helper('join', 1, ({ args }) =>
    listArg('join', args[0])
      .map(str)
      .join(args.length > 1 ? str(args[1]) : ', '),
  ),
  truncate: helper('truncate', 2, ({ args }) =>
    truncateRunes(str(args[0]), numberArg('truncate', args[1]), args.length > 2 ? str(args[2]) : undefined),
  ),
  urlencode: helper('urlencode', 1, ({ args }) => queryEscape(str(args[0]))),
  default: helper('default', 2, ({ args }) => (truthy(args[0]) ? args[0] : args[1])),
  toJson: helper('toJson', 1, ({ args }) => JSON.stringify(args[0] ?? null)),
  match: helper('match', 2, ({ args }) => new RegExp(str(args[0]), 'u').test(str(args[1]))),

  // Comparison and logic, for subexpressions such as `(gt (len commonLabels) 1)`.
  len: helper('len', 1, ({ args }) => length(args[0])),
  eq: helper('eq', 2, ({ args }) => args.slice(1).some((b) => args[0] === b)),
  ne: helper('ne', 2, ({ args }) => args[0] !== args[1]),
  gt: helper('gt', 2, ({ args }) => numberArg('gt', args[0]) > numberArg('gt', args[1])),
  ge: helper('ge', 2, ({ args }) => numberArg('ge', args[0]) >= numberArg('ge', args[1])),
  lt: helper('lt', 2, ({ args }) => numberArg('lt', args[0]) < numberArg('lt', args[1])),
  le: helper('le', 2, ({ args }) => numberArg('le', args[0]) <= numberArg('le', args[1])),
  and: helper('and', 1, ({ args }) => args.find((a) => !truthy(a)) ?? args.at(-1)),
  or: helper('or', 1, ({ args }) => args.find(truthy) ?? args.at(-1)),
  not: helper('not', 1, ({ args }) => !truthy(args[0])),

  // Label sets.
  sortedPairs: helper('sortedPairs', 1, ({ args }) => sortedPairs(labelsArg('sortedPairs', args[0]))),
  names: helper('names', 1, ({ args }) => sortedPairs(labelsArg('names', args[0])).map((p) => p.name)),
  values: helper('values', 1, ({ args }) => sortedPairs(labelsArg('values', args[0])).map((p) => p.value)),
  remove: helper('remove', 1, remove),

  // Time. Times are RFC 3339 strings (as in the data model), ms numbers or Dates; '' prints as ''.
  date: helper('date', 1, ({ args, hash }) => {
    const ms = timeArg('date', args[0]);
    if (ms === undefined) return '';
    const tz = hash.tz === undefined ? undefined : str(hash.tz);
    return formatTime(ms, args.length > 1 ? str(args[1]) : DEFAULT_DATE_FORMAT, tz);
  }),
  since: helper('since', 1, ({ args, root }) => {
    const ms = timeArg('since', args[0]);
    return ms === undefined ? '' : humanizeSpan(nowOf(root) - ms);
  }),
  duration: helper('duration', 1, ({ args, root }) => {
    const from = timeArg('duration', args[0]);
    if (from === undefined) return '';
    const to = (args.length > 1 ? timeArg('duration', args[1]) : undefined) ?? nowOf(root);
    return humanizeSpan(to - from);
  }),

  // Links.
  silenceURL: helper('silenceURL', 0, ({ args, root }) =>
    silenceUrl(str(root.externalURL), labelsArg('silenceURL', args.length > 0 ? args[0] : root.commonLabels)),
  ),
};
