// JSON as Go's encoding/json writes it, so payloads match Alertmanager's byte for byte: struct fields in declaration
// order, map keys sorted, `<`, `>`, `&`, U+2028 and U+2029 escaped, times in RFC 3339 with trimmed fractions.
import { GO_ZERO_TIME, formatRfc3339Nano } from '@vigil/model';

/** GoStruct is a Go struct value: its fields are written in the given order (maps are sorted instead). */
export class GoStruct {
  constructor(readonly fields: readonly (readonly [string, GoJson])[]) {}
}

/** GoJson is a value encodable the way Go encodes it; plain objects are Go maps (keys sorted). */
export type GoJson =
  null | boolean | number | string | readonly GoJson[] | GoStruct | { readonly [k: string]: GoJson };

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const HTML_UNSAFE = /[<>&\u2028\u2029]/g;

/** goJsonString quotes a string as Go does (HTML-safe; invalid UTF-16 becomes U+FFFD as invalid UTF-8 would). */
export function goJsonString(s: string): string {
  return JSON.stringify(s.replace(LONE_SURROGATE, '\ufffd')).replace(
    HTML_UNSAFE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

// Go sorts map keys by their UTF-8 bytes; UTF-16 order differs only above the surrogates, so compare bytes.
const byUtf8 = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** encodeGoJson writes a value as Go's json.Marshal would (no trailing newline). */
export function encodeGoJson(v: GoJson): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`json: unsupported value: ${v}`);
    return String(v);
  }
  if (typeof v === 'string') return goJsonString(v);
  if (Array.isArray(v)) return `[${(v as readonly GoJson[]).map(encodeGoJson).join(',')}]`;
  if (v instanceof GoStruct) {
    return `{${v.fields.map(([k, x]) => `${goJsonString(k)}:${encodeGoJson(x)}`).join(',')}}`;
  }
  const obj = v as { readonly [k: string]: GoJson };
  const keys = Object.keys(obj).sort(byUtf8);
  return `{${keys.map((k) => `${goJsonString(k)}:${encodeGoJson(obj[k] ?? null)}`).join(',')}}`;
}

export { GO_ZERO_TIME };

/** formatGoTime prints ms since the epoch as Go's time.Time JSON encoding; 0 (Vigil's "not set") is Go's zero time. */
export function formatGoTime(ms: number): string {
  return ms === 0 ? GO_ZERO_TIME : formatRfc3339Nano(ms);
}
