import type { MatchType } from '@vigil/model';
import type { SilenceInput, SilenceMatcher } from './silence';

/** PostableSilenceCheck is a `POST /api/v2/silences` body turned into a SilenceInput, or the response to refuse it. */
export type PostableSilenceCheck =
  | { ok: true; input: SilenceInput }
  | {
      ok: false;
      /** 400 for undecodable bodies and the handler's time checks; 422 for schema violations. */
      status: 400 | 422;
      /** go-openapi's error code for 422 responses (602 required, 612 too few items). */
      code?: number;
      message: string;
    };

// Go's zero time.Time, which Alertmanager treats as "not set".
const GO_ZERO_TIME_MS = -62_135_596_800_000; // 0001-01-01T00:00:00Z

const DATE_TIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|z|[+-]\d{2}:?\d{2})?$/;

/**
 * checkPostableSilence applies, in Alertmanager's order and words, what its API does to a posted silence before
 * `Silences.set`: decoding (400), the OpenAPI schema — `matchers` (at least one; `name`, `value`, `isRegex`
 * required), `startsAt`, `endsAt`, `createdBy`, `comment` required, empty strings allowed (422) — then the handler's
 * checks: "start time must be before end time" and "end time can't be in the past" (400).
 */
export function checkPostableSilence(body: unknown, now: number): PostableSilenceCheck {
  if (!isRecord(body))
    return undecodable('json: cannot unmarshal into Go value of type models.PostableSilence');
  for (const field of ['id', 'comment', 'createdBy'] as const) {
    const v = body[field];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      return undecodable(
        `json: cannot unmarshal ${jsonKind(v)} into Go struct field PostableSilence.${field} of type string`,
      );
    }
  }
  const times: Record<string, number | undefined> = {};
  for (const field of ['startsAt', 'endsAt'] as const) {
    const v = body[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') {
      return undecodable(
        `json: cannot unmarshal ${jsonKind(v)} into Go struct field PostableSilence.${field} of type string`,
      );
    }
    const ms = parseDateTime(v);
    if (ms === undefined) return undecodable(`parsing time ${JSON.stringify(v)}: not an RFC 3339 date-time`);
    times[field] = ms;
  }
  const annotations = body['annotations'];
  if (annotations !== undefined && annotations !== null) {
    if (!isRecord(annotations) || !Object.values(annotations).every((v) => typeof v === 'string')) {
      return undecodable(
        'json: cannot unmarshal annotations into Go struct field PostableSilence.annotations of type models.LabelSet',
      );
    }
  }

  if (typeof body['comment'] !== 'string') return required('comment');
  if (typeof body['createdBy'] !== 'string') return required('createdBy');
  const endsAt = times['endsAt'];
  if (endsAt === undefined) return required('endsAt');
  const rawMatchers = body['matchers'];
  if (rawMatchers === undefined || rawMatchers === null) return required('matchers');
  if (!Array.isArray(rawMatchers)) {
    return undecodable(
      'json: cannot unmarshal into Go struct field PostableSilence.matchers of type models.Matchers',
    );
  }
  if (rawMatchers.length === 0) {
    return { ok: false, status: 422, code: 612, message: 'matchers in body should have at least 1 items' };
  }
  const matchers: SilenceMatcher[] = [];
  for (const [i, m] of rawMatchers.entries()) {
    if (!isRecord(m))
      return undecodable(`json: cannot unmarshal into Go struct field matchers.${i} of type models.Matcher`);
    for (const field of ['name', 'value'] as const) {
      if (m[field] === undefined || m[field] === null) return required(`matchers.${i}.${field}`);
      if (typeof m[field] !== 'string') {
        return undecodable(
          `json: cannot unmarshal ${jsonKind(m[field])} into Go struct field Matcher.matchers.${field} of type string`,
        );
      }
    }
    for (const field of ['isRegex', 'isEqual'] as const) {
      const v = m[field];
      if (v !== undefined && v !== null && typeof v !== 'boolean') {
        return undecodable(
          `json: cannot unmarshal ${jsonKind(v)} into Go struct field Matcher.matchers.${field} of type bool`,
        );
      }
    }
    if (typeof m['isRegex'] !== 'boolean') return required(`matchers.${i}.isRegex`);
    const isEqual = typeof m['isEqual'] === 'boolean' ? m['isEqual'] : true;
    matchers.push({
      name: m['name'] as string,
      value: m['value'] as string,
      type: matchType(isEqual, m['isRegex']),
    });
  }
  const startsAt = times['startsAt'];
  if (startsAt === undefined) return required('startsAt');

  if (startsAt >= endsAt) return badRequest('Failed to create silence: start time must be before end time');
  if (endsAt < now) return badRequest("Failed to create silence: end time can't be in the past");

  const input: SilenceInput = {
    matchers,
    endsAt: endsAt === GO_ZERO_TIME_MS ? 0 : endsAt,
    createdBy: body['createdBy'],
    comment: body['comment'],
  };
  if (startsAt !== GO_ZERO_TIME_MS) input.startsAt = startsAt;
  const id = body['id'];
  if (typeof id === 'string' && id !== '') input.id = id;
  if (isRecord(annotations)) input.annotations = { ...(annotations as Record<string, string>) };
  return { ok: true, input };
}

/** silenceMatcherToApi turns a silence matcher into the API's `{name, value, isRegex, isEqual}` form. */
export function silenceMatcherToApi(m: SilenceMatcher): {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
} {
  return {
    name: m.name,
    value: m.value,
    isRegex: m.type === '=~' || m.type === '!~',
    isEqual: m.type === '=' || m.type === '=~',
  };
}

/** parseDateTime reads an OpenAPI date-time (RFC 3339; no zone means UTC, as go-openapi reads it) as ms, or undefined. */
export function parseDateTime(text: string): number | undefined {
  const m = DATE_TIME_RE.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac = '', zone = 'Z'] = m;
  const fraction = (frac + '000').slice(0, 3);
  const offset =
    zone === 'Z' || zone === 'z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}.${fraction}${offset}`);
  return Number.isNaN(ms) ? undefined : ms;
}

function matchType(isEqual: boolean, isRegex: boolean): MatchType {
  if (isRegex) return isEqual ? '=~' : '!~';
  return isEqual ? '=' : '!=';
}

function required(field: string): PostableSilenceCheck {
  return { ok: false, status: 422, code: 602, message: `${field} in body is required` };
}

function badRequest(message: string): PostableSilenceCheck {
  return { ok: false, status: 400, message };
}

function undecodable(reason: string): PostableSilenceCheck {
  return { ok: false, status: 400, message: `parsing silence body from "" failed, because ${reason}` };
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  return typeof v;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
