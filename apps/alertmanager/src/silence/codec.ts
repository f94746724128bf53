import type { Silence, SilenceMatcher } from './silence';
import type { StoredSilence } from './silence-store';
import { validateMatcher } from './validate';

/** STORED_SILENCE_FORMAT is the version of the stored JSON shape, bumped when it changes incompatibly. */
export const STORED_SILENCE_FORMAT = 1;

/** DecodeResult is a decoded stored silence, or why the stored text is unusable. */
export type DecodeResult = { ok: true; value: StoredSilence } | { ok: false; reason: string };

/**
 * encodeStoredSilence writes the stored JSON form: `{v, id, matchers[{name,type,value}], startsAt, endsAt, updatedAt,
 * expiresAt, createdBy, comment, annotations?}` with times in ms since the epoch (numbers, so a Redis script can
 * compare them).
 */
export function encodeStoredSilence(s: StoredSilence): string {
  const sil = s.silence;
  return JSON.stringify({
    v: STORED_SILENCE_FORMAT,
    id: sil.id,
    matchers: sil.matchers.map((m) => ({ name: m.name, type: m.type, value: m.value })),
    startsAt: sil.startsAt,
    endsAt: sil.endsAt,
    updatedAt: sil.updatedAt,
    expiresAt: s.expiresAt,
    createdBy: sil.createdBy,
    comment: sil.comment,
    ...(sil.annotations ? { annotations: sil.annotations } : {}),
  });
}

/** decodeStoredSilence parses and checks the stored JSON form; it never throws. */
export function decodeStoredSilence(text: string): DecodeResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `not JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (!isRecord(raw)) return { ok: false, reason: 'not a JSON object' };
  if (raw['v'] !== STORED_SILENCE_FORMAT)
    return { ok: false, reason: `unknown format version ${JSON.stringify(raw['v'])}` };
  const id = raw['id'];
  if (typeof id !== 'string' || id === '') return { ok: false, reason: 'id: must be a non-empty string' };
  const times: Record<string, number> = {};
  for (const field of ['startsAt', 'endsAt', 'updatedAt', 'expiresAt']) {
    const v = raw[field];
    if (typeof v !== 'number' || !Number.isFinite(v))
      return { ok: false, reason: `${field}: must be a number of ms` };
    times[field] = v;
  }
  for (const field of ['createdBy', 'comment']) {
    if (typeof raw[field] !== 'string') return { ok: false, reason: `${field}: must be a string` };
  }
  const matchers = decodeMatchers(raw['matchers']);
  if (typeof matchers === 'string') return { ok: false, reason: matchers };
  const silence: Silence = {
    id,
    matchers,
    startsAt: times['startsAt'] ?? 0,
    endsAt: times['endsAt'] ?? 0,
    updatedAt: times['updatedAt'] ?? 0,
    createdBy: raw['createdBy'] as string,
    comment: raw['comment'] as string,
  };
  const annotations = raw['annotations'];
  if (annotations !== undefined) {
    if (!isRecord(annotations) || !Object.values(annotations).every((v) => typeof v === 'string')) {
      return { ok: false, reason: 'annotations: must map strings to strings' };
    }
    silence.annotations = annotations as Record<string, string>;
  }
  return { ok: true, value: { silence, expiresAt: times['expiresAt'] ?? 0 } };
}

function decodeMatchers(raw: unknown): SilenceMatcher[] | string {
  if (!Array.isArray(raw) || raw.length === 0) return 'matchers: must be a non-empty list';
  const out: SilenceMatcher[] = [];
  for (const [i, m] of raw.entries()) {
    if (!isRecord(m)) return `matchers[${i}]: must be an object`;
    const { name, type, value } = m;
    if (typeof name !== 'string' || typeof value !== 'string')
      return `matchers[${i}]: name and value must be strings`;
    if (type !== '=' && type !== '!=' && type !== '=~' && type !== '!~') {
      return `matchers[${i}]: unknown matcher type ${JSON.stringify(type)}`;
    }
    const matcher: SilenceMatcher = { name, type, value };
    const invalid = validateMatcher(matcher);
    if (invalid !== undefined) return `matchers[${i}]: ${invalid}`;
    out.push(matcher);
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
