// A webhook's custom `payload`: every string (keys too) rendered as a template, and a rendering that reads as
// structured YAML replaced by that structure (Alertmanager's template.DeepCopyWithTemplate).

import { parse, type ParseOptions, type SchemaOptions, type ToJSOptions } from 'yaml';
import type { GoJson } from '../go-json';

// Alertmanager decodes with gopkg.in/yaml.v2: YAML 1.1 scalars (yes/no/on/off), but timestamps stay strings.
const YAML_OPTIONS: ParseOptions & SchemaOptions & ToJSOptions = {
  schema: 'yaml-1.1',
  mapAsMap: true,
  customTags: (tags) => tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:timestamp'),
};

function normalize(v: unknown): GoJson {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(normalize);
  if (v instanceof Map) {
    const out: Record<string, GoJson> = {};
    // Go drops map keys that are not strings.
    for (const [k, x] of v) if (typeof k === 'string') out[k] = normalize(x);
    return out;
  }
  return null;
}

function renderString(text: string, render: (s: string) => string): GoJson {
  const rendered = render(text);
  let parsed: unknown;
  try {
    parsed = parse(rendered, YAML_OPTIONS);
  } catch {
    return rendered;
  }
  if (typeof parsed === 'string') return rendered;
  return normalize(parsed);
}

/** renderPayload deep-copies a configured payload, rendering its strings with `render`; it throws on template errors. */
export function renderPayload(payload: unknown, render: (s: string) => string): GoJson {
  if (payload === null || payload === undefined) return null;
  if (typeof payload === 'string') return renderString(payload, render);
  if (Array.isArray(payload)) return payload.map((x) => renderPayload(x, render));
  if (payload instanceof Map) {
    const out: Record<string, GoJson> = {};
    for (const [k, v] of payload) if (typeof k === 'string') out[render(k)] = renderPayload(v, render);
    return out;
  }
  if (typeof payload === 'object') {
    const out: Record<string, GoJson> = {};
    for (const [k, v] of Object.entries(payload)) out[render(k)] = renderPayload(v, render);
    return out;
  }
  if (typeof payload === 'number' || typeof payload === 'boolean') return payload;
  return null;
}
