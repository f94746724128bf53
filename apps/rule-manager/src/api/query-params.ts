// Reading the query API's parameters as Prometheus's web/api/v1/api.go does: Go's form values (POST body before
// URL query), times as float seconds or RFC 3339, durations as float seconds or `1m`, limits and match[].
import type { Matcher } from '@vigil/promql';
import { ALL_FEATURES, ParseError, parseExpr, type ParserOptions } from '@vigil/promql';
import type { FastifyRequest } from 'fastify';

/** ParamError is a parameter Prometheus refuses; `param` set means `invalid parameter "<param>": <message>`. */
export class ParamError extends Error {
  constructor(
    message: string,
    readonly param?: string,
  ) {
    super(param === undefined ? message : `invalid parameter "${param}": ${message}`);
    this.name = 'ParamError';
  }
}

/** Form is a request's form values by name, POST body values before URL query values (Go's Request.Form). */
export class Form {
  constructor(readonly values: ReadonlyMap<string, readonly string[]>) {}

  /** get is Go's FormValue: the first value, '' when absent. */
  get(name: string): string {
    return this.values.get(name)?.[0] ?? '';
  }

  /** all is every value of a repeated parameter. */
  all(name: string): readonly string[] {
    return this.values.get(name) ?? [];
  }
}

function addAll(into: Map<string, string[]>, params: URLSearchParams): void {
  for (const [k, v] of params) {
    const list = into.get(k);
    if (list === undefined) into.set(k, [v]);
    else list.push(v);
  }
}

/** readForm merges a url-encoded POST body (raw string or already-parsed object) and the URL's query string. */
export function readForm(req: FastifyRequest): Form {
  const values = new Map<string, string[]>();
  const body: unknown = req.body;
  if (typeof body === 'string') addAll(values, new URLSearchParams(body));
  else if (body !== null && typeof body === 'object' && !Buffer.isBuffer(body)) {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      const list = values.get(k) ?? [];
      for (const x of Array.isArray(v) ? v : [v]) list.push(String(x));
      values.set(k, list);
    }
  }
  const q = req.raw.url?.indexOf('?') ?? -1;
  if (q >= 0) addAll(values, new URLSearchParams((req.raw.url ?? '').slice(q + 1)));
  return new Form(values);
}

/** MIN_TIME_MS is Prometheus's API MinTime (the default start of series and label look-ups), in epoch ms. */
export const MIN_TIME_MS = (-9223372036854775 + 62135596801) * 1000;
/** MAX_TIME_MS is Prometheus's API MaxTime (the default end of series and label look-ups), in epoch ms. */
export const MAX_TIME_MS = (9223372036854775 - 62135596801) * 1000 + 999;
const MIN_TIME_TEXT = '-292273086-05-16T16:47:06Z';
const MAX_TIME_TEXT = '292277025-08-18T07:12:54.999999999Z';

// strconv.ParseFloat's decimal syntax (underscores and hex floats are rare enough to leave out).
const FLOAT_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const RFC3339_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

function goRound(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** parseTime reads a time as float seconds or RFC 3339 (Prometheus's parseTime), in epoch ms. */
export function parseTime(s: string): number {
  if (FLOAT_RE.test(s)) {
    const f = Number(s);
    if (Number.isFinite(f)) {
      const sec = Math.trunc(f);
      const frac = goRound((f - sec) * 1000) / 1000;
      const nanos = Math.trunc(frac * 1e9);
      return sec * 1000 + Math.floor(nanos / 1e6);
    }
  }
  const m = RFC3339_RE.exec(s);
  if (m !== null) {
    const [, y, mo, d, h, mi, se, frac, zone] = m;
    const year = Number(y);
    const month = Number(mo);
    const day = Number(d);
    const hour = Number(h);
    const minute = Number(mi);
    const second = Number(se);
    const ok =
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= daysIn(year, month) &&
      hour < 24 &&
      minute < 60 &&
      second < 60;
    if (ok) {
      let ms = Date.UTC(year, month - 1, day, hour, minute, second);
      if (year < 100) ms = new Date(ms).setUTCFullYear(year);
      ms += Math.floor(Number(`0.${(frac ?? '0').slice(0, 9)}`) * 1000 + 1e-9);
      if (zone !== undefined && zone !== 'Z') {
        const sign = zone.startsWith('-') ? -1 : 1;
        const zh = Number(zone.slice(1, 3));
        const zm = Number(zone.slice(4, 6));
        if (zh < 24 && zm < 60) return ms - sign * (zh * 60 + zm) * 60_000;
      } else return ms;
    }
  }
  if (s === MIN_TIME_TEXT) return MIN_TIME_MS;
  if (s === MAX_TIME_TEXT) return MAX_TIME_MS;
  throw new Error(`cannot parse "${s}" to a valid timestamp`);
}

/** parseTimeParam reads an optional time parameter (Prometheus's parseTimeParam). */
export function parseTimeParam(form: Form, name: string, def: number): number {
  const v = form.get(name);
  if (v === '') return def;
  try {
    return parseTime(v);
  } catch (err) {
    throw new ParamError(`invalid time value for '${name}': ${(err as Error).message}`, name);
  }
}

/** parseRequiredTime reads a time parameter that has no default (query_range's start and end). */
export function parseRequiredTime(form: Form, name: string): number {
  try {
    return parseTime(form.get(name));
  } catch (err) {
    throw new ParamError((err as Error).message, name);
  }
}

const DURATION_RE = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const UNIT_MS = [365 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1];
const MAX_INT64 = 9223372036854775807;

/** parseDuration reads float seconds or a Prometheus duration (`1h30m`), in ms (Prometheus's parseDuration). */
export function parseDuration(s: string): number {
  if (FLOAT_RE.test(s)) {
    const ns = Number(s) * 1e9;
    if (ns > MAX_INT64 || ns < -MAX_INT64)
      throw new Error(`cannot parse "${s}" to a valid duration. It overflows int64`);
    return Math.trunc(ns) / 1e6;
  }
  const m = s === '0' || s === '' ? null : DURATION_RE.exec(s);
  if (m !== null) {
    let ms = 0;
    for (let i = 0; i < UNIT_MS.length; i++) {
      const part = m[i + 1];
      if (part !== undefined) ms += Number(part) * (UNIT_MS[i] as number);
    }
    if (ms * 1e6 <= MAX_INT64) return ms;
  }
  throw new Error(`cannot parse "${s}" to a valid duration`);
}

/** parseDurationParam reads an optional duration parameter; undefined when absent. */
export function parseDurationParam(form: Form, name: string): number | undefined {
  const v = form.get(name);
  if (v === '') return undefined;
  try {
    return parseDuration(v);
  } catch (err) {
    throw new ParamError((err as Error).message, name);
  }
}

/** parseLimit reads `limit` (0: none), as Prometheus's parseLimitParam (Go's strconv.Atoi). */
export function parseLimit(form: Form): number {
  const s = form.get('limit');
  if (s === '') return 0;
  if (!/^[+-]?\d+$/.test(s) || !Number.isSafeInteger(Number(s))) {
    throw new ParamError(
      `strconv.Atoi: parsing "${s}": ${/^[+-]?\d+$/.test(s) ? 'value out of range' : 'invalid syntax'}`,
      'limit',
    );
  }
  const n = Number(s);
  if (n < 0) throw new ParamError('limit must be non-negative', 'limit');
  return n;
}

const EMPTY_SELECTOR = 'vector selector must contain at least one non-empty matcher';
const EMPTY_MATCH = 'match[] must contain at least one non-empty matcher';

/** parseMatcherSets reads `match[]` series selectors; each must have a matcher that does not match "". */
export function parseMatcherSets(
  selectors: readonly string[],
  opts: ParserOptions = ALL_FEATURES,
): Matcher[][] {
  const sets: Matcher[][] = [];
  for (const s of selectors) {
    let expr;
    try {
      expr = parseExpr(s, opts);
    } catch (err) {
      // Prometheus parses match[] without the type checker, so a selector matching everything is refused by
      // the API's own check below, with its own message.
      if (err instanceof ParseError && err.errors.every((e) => e.message === EMPTY_SELECTOR)) {
        throw new Error(EMPTY_MATCH);
      }
      throw err;
    }
    if (expr.kind !== 'VectorSelector') {
      throw new Error(`1:1: parse error: expected a series selector, got ${s}`);
    }
    sets.push(expr.matchers);
  }
  for (const set of sets) {
    if (!set.some((m) => !m.matches(''))) throw new Error(EMPTY_MATCH);
  }
  return sets;
}

/** isValidUtf8 tells whether a string has no lone surrogates (it came from valid UTF-8). */
export function isValidUtf8(s: string): boolean {
  return !/[\ud800-\udfff]/.test(s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''));
}

/** unescapeName reverses Prometheus's `U__` value-encoding escape (`U__a_2e_b` is `a.b`, `__` is `_`). */
export function unescapeName(name: string): string {
  const s = name.slice(3);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c !== '_') {
      out += c;
      continue;
    }
    if (s[i + 1] === '_') {
      out += '_';
      i++;
      continue;
    }
    const close = s.indexOf('_', i + 1);
    const hex = close < 0 ? '' : s.slice(i + 1, close);
    const cp = /^[0-9a-fA-F]+$/.test(hex) ? Number.parseInt(hex, 16) : Number.NaN;
    if (Number.isNaN(cp) || cp > 0x10ffff) return name;
    out += String.fromCodePoint(cp);
    i = close;
  }
  return out;
}
