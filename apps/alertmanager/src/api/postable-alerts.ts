// Decoding `POST /api/v2/alerts` bodies as go-swagger does before Alertmanager's handler runs: Go's JSON decoding
// into models.PostableAlerts (400 with Go's message), then the OpenAPI checks (422: labels required, generatorURL
// must be a URI). The per-alert semantic checks (label names, times) come after, in the handler.

import type { PostableAlert } from '@vigil/contracts';
import { goQuote } from '@vigil/model';
import { GO_ZERO_TIME_MS } from '../alert/intake';
import { ApiError } from './api-error';
import type { GoJsonScan } from './go-json-scan';
import { formatApiTime, parseStrfmtDateTime, type GoLayout, STRFMT_DATE_TIME_LAYOUTS } from './go-time';
import { isGoRequestUri } from './go-url';

// How Go names the anonymous struct PostableAlert decodes its own fields into.
const PART_ONE_TYPE =
  'struct { Annotations models.LabelSet "json:\\"annotations,omitempty\\""; EndsAt strfmt.DateTime "json:\\"endsAt,omitempty\\""; StartsAt strfmt.DateTime "json:\\"startsAt,omitempty\\"" }';

/** jsonKind names a decoded JSON value the way Go's UnmarshalTypeError does. */
function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function undecodable(reason: string): ApiError {
  return ApiError.coded(400, 400, `parsing alerts body from "" failed, because ${reason}`);
}

/** Decoding state of one Go struct: the first type mismatch is kept, a failing UnmarshalJSON ends decoding. */
class StructDecoder {
  saved: string | undefined;

  save(message: string): void {
    this.saved ??= message;
  }
}

class Abort extends Error {}

// Go matches JSON keys to fields exactly first, then ASCII case-insensitively.
function fieldOf(key: string, fields: readonly string[]): string | undefined {
  if (fields.includes(key)) return key;
  const folded = key.toLowerCase();
  return fields.find((f) => f.toLowerCase() === folded);
}

function decodeLabelSet(
  v: unknown,
  field: string,
  dec: StructDecoder,
  into: Record<string, string> | undefined,
): Record<string, string> | undefined {
  if (v === null) return into;
  if (!isRecord(v)) {
    dec.save(`json: cannot unmarshal ${jsonKind(v)} into Go struct field ${field} of type models.LabelSet`);
    return into;
  }
  // Go decodes into the existing map when a key repeats, so pairs accumulate.
  const out: Record<string, string> = into ?? {};
  for (const [name, value] of Object.entries(v)) {
    if (typeof value === 'string') out[name] = value;
    else if (value === null) out[name] = '';
    else dec.save(`json: cannot unmarshal ${jsonKind(value)} into Go struct field ${field} of type string`);
  }
  return out;
}

interface DecodedAlert {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: number;
  endsAt?: number;
  generatorURL: string;
}

function decodeAlert(v: unknown, layouts: readonly GoLayout[]): DecodedAlert {
  if (!isRecord(v))
    throw new Abort(`json: cannot unmarshal ${jsonKind(v)} into Go value of type ${PART_ONE_TYPE}`);
  const out: DecodedAlert = { generatorURL: '' };
  // PostableAlert decodes its own fields first, then the embedded Alert's, each as a separate Go struct.
  const one = new StructDecoder();
  for (const [key, value] of Object.entries(v)) {
    const field = fieldOf(key, ['annotations', 'endsAt', 'startsAt']);
    if (field === 'annotations')
      out.annotations = decodeLabelSet(value, '.annotations', one, out.annotations);
    else if (field === 'startsAt' || field === 'endsAt') {
      if (value === null) continue;
      if (typeof value !== 'string') {
        throw new Abort(
          `json: cannot unmarshal ${jsonKind(value)} into Go struct field .${field} of type string`,
        );
      }
      try {
        out[field] = parseStrfmtDateTime(value, layouts);
      } catch (err) {
        throw new Abort(err instanceof Error ? err.message : String(err));
      }
    }
  }
  if (one.saved !== undefined) throw new Abort(one.saved);
  const two = new StructDecoder();
  for (const [key, value] of Object.entries(v)) {
    const field = fieldOf(key, ['generatorURL', 'labels']);
    if (field === 'labels') out.labels = decodeLabelSet(value, 'Alert.labels', two, out.labels);
    else if (field === 'generatorURL') {
      if (value === null) continue;
      if (typeof value !== 'string') {
        throw new Abort(
          `json: cannot unmarshal ${jsonKind(value)} into Go struct field Alert.generatorURL of type string`,
        );
      }
      out.generatorURL = value;
    }
  }
  if (two.saved !== undefined) throw new Abort(two.saved);
  return out;
}

// Go's zero time means "not set". Vigil holds unset times as 0, so strfmt's "" (the Unix epoch) falls in with it.
function isSet(ms: number | undefined): ms is number {
  return ms !== undefined && ms !== 0 && ms !== GO_ZERO_TIME_MS;
}

function toPostable(a: DecodedAlert): PostableAlert {
  const out: PostableAlert = { labels: a.labels ?? {} };
  if (a.annotations !== undefined) out.annotations = a.annotations;
  if (isSet(a.startsAt)) out.startsAt = formatApiTime(a.startsAt);
  if (isSet(a.endsAt)) out.endsAt = formatApiTime(a.endsAt);
  if (a.generatorURL !== '') out.generatorURL = a.generatorURL;
  return out;
}

/**
 * decodePostableAlerts turns a scanned `POST /api/v2/alerts` body into alerts with canonical RFC 3339 times, or the
 * error go-swagger answers: 422 when the body is empty or an alert lacks labels or has a generatorURL that is not a
 * URI, 400 with Go's decoder message otherwise. A `null` body is no alerts; a `null` alert lacks labels.
 */
export function decodePostableAlerts(
  scan: GoJsonScan,
  layouts: readonly GoLayout[] = STRFMT_DATE_TIME_LAYOUTS,
): PostableAlert[] | ApiError {
  if (scan.kind === 'empty') return ApiError.coded(422, 602, 'alerts in body is required');
  if (scan.kind === 'error') return undecodable(scan.message);
  const body = scan.value;
  if (body === null) return [];
  if (!Array.isArray(body)) {
    return undecodable(
      `json: cannot unmarshal ${jsonKind(body)} into Go value of type models.PostableAlerts`,
    );
  }
  const decoded: (DecodedAlert | null)[] = [];
  try {
    for (const item of body) decoded.push(item === null ? null : decodeAlert(item, layouts));
  } catch (err) {
    if (err instanceof Abort) return undecodable(err.message);
    throw err;
  }
  const out: PostableAlert[] = [];
  for (const [i, a] of decoded.entries()) {
    if (a !== null && a.generatorURL !== '' && !isGoRequestUri(a.generatorURL)) {
      return ApiError.coded(
        422,
        601,
        `${i}.generatorURL in body must be of type uri: ${goQuote(a.generatorURL)}`,
      );
    }
    if (a === null || a.labels === undefined)
      return ApiError.coded(422, 602, `${i}.labels in body is required`);
    out.push(toPostable(a));
  }
  return out;
}
