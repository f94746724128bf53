// Schema-driven decoding of YAML trees into config objects with Go yaml.v2's UnmarshalStrict rules: unknown
// fields are errors, scalars are typed YAML 1.1-style, a null sets a field's zero value (not its default), and a
// struct whose fields failed to decode is not validated further. The same schema drives marshalling, so the
// `<secret>` form and field order follow Alertmanager's.

import {
  describeNode,
  plainBool,
  plainFloat,
  plainTag,
  parseGoInt,
  type Position,
  type YMap,
  type YNode,
} from './yaml-tree';

/** ConfigIssue is one problem found in a config file. */
export interface ConfigIssue {
  line: number;
  column: number;
  /** Where in the config, e.g. `route.routes[0].group_wait`. */
  path: string;
  message: string;
}

/** DecodeContext carries the decode's options and collects issues while decoding and validating. */
export class DecodeContext {
  readonly issues: ConfigIssue[] = [];

  constructor(readonly options: DecodeOptions = { matcherMode: 'fallback' }) {}

  /** error records an issue at a position. */
  error(pos: Position, path: string, message: string): void {
    this.issues.push({ line: pos.line, column: pos.column, path, message });
  }
}

/** A marker for "this value failed to decode; an issue was recorded". */
export const INVALID: unique symbol = Symbol('invalid');
/** Invalid is the type of INVALID. */
export type Invalid = typeof INVALID;

/** Kind describes how one field's YAML value becomes a config value and back. */
export type Kind =
  | { t: 'string' }
  | { t: 'secret' }
  | { t: 'bool' }
  | { t: 'int'; go?: string }
  | { t: 'uint'; go?: string }
  | { t: 'float' }
  | { t: 'list'; of: Kind }
  | { t: 'map'; of: Kind }
  | { t: 'any' }
  | { t: 'struct'; schema: StructSchema }
  | CustomKind;

/** CustomKind decodes and marshals a value with its own functions (URLs, durations, matchers...). */
export interface CustomKind {
  t: 'custom';
  decode: (node: YNode, ctx: DecodeContext, path: string) => unknown;
  marshal?: (value: unknown) => unknown;
  /** secret values print as `<secret>` when set. */
  secret?: boolean;
}

/** Field describes one key of a struct. */
export interface Field {
  key: string;
  prop: string;
  kind: Kind;
  /** The value before decoding (Go's defaults set in UnmarshalYAML); a function so objects are not shared. */
  def?: () => unknown;
  /** Marshalling leaves the field out when empty (yaml `omitempty`). */
  omitEmpty?: boolean;
  /** Marshalling writes `<secret>` instead of a set value. */
  secret?: boolean;
  /** A Go pointer: absent or null leaves it undefined (nil) instead of the zero value. */
  pointer?: boolean;
}

/** Validator lets a struct's validation report issues on the struct or one of its keys. */
export interface Validator {
  fail(message: string, key?: string): void;
  /** Options of the whole decode (e.g. the matcher parser mode). */
  readonly options: DecodeOptions;
}

/** DecodeOptions are settings for the whole decode. */
export interface DecodeOptions {
  matcherMode: 'fallback' | 'classic' | 'utf8';
}

/** StructSchema describes a Go struct: its type name (for messages), fields in order, and its validation. */
export interface StructSchema {
  goType: string;
  fields: Field[];
  validate?: (obj: Record<string, unknown>, v: Validator) => void;
}

/** Where a decoded struct came from, kept for messages found later (cross-references, inheritance). */
export interface SourceInfo {
  pos: Position;
  path: string;
  keys: Map<string, Position>;
}

const sources = new WeakMap<object, SourceInfo>();

/** sourceOf returns where a decoded struct was written, if it came from YAML. */
export function sourceOf(obj: object): SourceInfo | undefined {
  return sources.get(obj);
}

/** issueAt records an issue at a decoded struct (or one of its keys), falling back to line 1. */
export function issueAt(ctx: DecodeContext, obj: object | undefined, message: string, key?: string): void {
  const src = obj ? sources.get(obj) : undefined;
  const pos = (key !== undefined ? src?.keys.get(key) : undefined) ?? src?.pos ?? { line: 1, column: 1 };
  const path = src ? (key !== undefined ? joinPath(src.path, key) : src.path) : '';
  ctx.error(pos, path, message);
}

/** joinPath appends a key to a dotted path. */
export function joinPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** decodeValue decodes a node of the given kind; returns INVALID after recording an issue. */
export function decodeValue(kind: Kind, node: YNode, ctx: DecodeContext, path: string): unknown {
  if (node.kind === 'null') return zeroValue(kind);
  const fail = (goType: string): Invalid => {
    ctx.error(node, path, `cannot unmarshal ${describeNode(node)} into ${goType}`);
    return INVALID;
  };
  switch (kind.t) {
    case 'string':
    case 'secret':
      return node.kind === 'scalar' ? node.text : fail('string');
    case 'bool': {
      if (node.kind !== 'scalar') return fail('bool');
      const tag = node.tag ?? (node.plain ? plainTag(node.text) : '!!str');
      const b = tag === '!!bool' ? plainBool(node.text) : undefined;
      return b === undefined ? fail('bool') : b;
    }
    case 'int':
    case 'uint': {
      const goType = kind.go ?? (kind.t === 'int' ? 'int' : 'uint64');
      if (node.kind !== 'scalar' || !(node.plain || node.tag === '!!int' || node.tag === '!!float'))
        return fail(goType);
      const tag = node.tag ?? plainTag(node.text);
      const n =
        tag === '!!int' ? parseGoInt(node.text) : tag === '!!float' ? plainFloat(node.text) : undefined;
      if (n === undefined || !Number.isFinite(n) || (kind.t === 'uint' && n < 0)) return fail(goType);
      return Math.trunc(n);
    }
    case 'float': {
      if (node.kind !== 'scalar' || !node.plain) return fail('float64');
      const tag = plainTag(node.text);
      const n = tag === '!!int' || tag === '!!float' ? plainFloat(node.text) : undefined;
      return n === undefined ? fail('float64') : n;
    }
    case 'list': {
      if (node.kind !== 'seq') return fail(`[]${goName(kind.of)}`);
      const out: unknown[] = [];
      node.items.forEach((item, i) => {
        const v = decodeValue(kind.of, item, ctx, `${path}[${i}]`);
        if (v !== INVALID) out.push(v);
      });
      return out;
    }
    case 'map': {
      if (node.kind !== 'map') return fail(`map[string]${goName(kind.of)}`);
      const out: Record<string, unknown> = {};
      for (const e of node.entries) {
        const v = decodeValue(kind.of, e.value, ctx, joinPath(path, e.key));
        if (v !== INVALID) out[e.key] = v;
      }
      return out;
    }
    case 'any':
      return toPlain(node);
    case 'struct':
      return decodeStruct(kind.schema, node, ctx, path);
    case 'custom':
      return kind.decode(node, ctx, path);
  }
}

/** decodeStruct decodes a mapping into an object by schema, then validates it; INVALID if it is not a mapping. */
export function decodeStruct(
  schema: StructSchema,
  node: YNode,
  ctx: DecodeContext,
  path: string,
): Record<string, unknown> | Invalid {
  if (node.kind === 'null') return {};
  if (node.kind !== 'map') {
    ctx.error(node, path, `cannot unmarshal ${describeNode(node)} into ${schema.goType}`);
    return INVALID;
  }
  // Go zero-initialises a struct, then UnmarshalYAML may set defaults before reading the fields.
  const obj = newStruct(schema);
  const before = ctx.issues.length;
  const info: SourceInfo = { pos: { line: node.line, column: node.column }, path, keys: new Map() };
  for (const e of (node as YMap).entries) {
    const field = schema.fields.find((f) => f.key === e.key);
    if (!field) {
      ctx.error(e.keyPos, path, `field ${e.key} not found in type ${schema.goType}`);
      continue;
    }
    info.keys.set(e.key, e.keyPos);
    if (e.value.kind === 'null' && field.pointer) {
      obj[field.prop] = undefined;
      continue;
    }
    const v = decodeValue(field.kind, e.value, ctx, joinPath(path, e.key));
    if (v !== INVALID) obj[field.prop] = v;
  }
  sources.set(obj, info);
  // Like yaml.v2, a struct whose own fields failed is not validated; its partial value is kept so that checks
  // elsewhere (receiver names, references) can still report their own problems.
  if (ctx.issues.length === before && schema.validate) {
    schema.validate(obj, {
      options: ctx.options,
      fail: (message, key) => issueAt(ctx, obj, message, key),
    });
  }
  return obj;
}

/** newStruct builds a struct as Go would before reading any YAML: defaults set, other fields zero. */
export function newStruct(schema: StructSchema): Record<string, unknown> {
  const obj: Record<string, unknown> = {};
  for (const f of schema.fields) obj[f.prop] = f.def ? f.def() : f.pointer ? undefined : zeroValue(f.kind);
  return obj;
}

/** zeroValue is what a YAML null sets a field to (Go's zero value; undefined stands for nil). */
export function zeroValue(kind: Kind): unknown {
  switch (kind.t) {
    case 'string':
    case 'secret':
      return '';
    case 'bool':
      return false;
    case 'int':
    case 'uint':
    case 'float':
      return 0;
    default:
      return undefined;
  }
}

function goName(kind: Kind): string {
  switch (kind.t) {
    case 'string':
    case 'secret':
      return 'string';
    case 'bool':
      return 'bool';
    case 'int':
      return kind.go ?? 'int';
    case 'uint':
      return kind.go ?? 'uint64';
    case 'float':
      return 'float64';
    case 'struct':
      return kind.schema.goType;
    case 'list':
      return `[]${goName(kind.of)}`;
    case 'map':
      return `map[string]${goName(kind.of)}`;
    default:
      return 'interface {}';
  }
}

/** toPlain converts a node to plain JavaScript values (strings for scalars, null for nulls). */
export function toPlain(node: YNode): unknown {
  switch (node.kind) {
    case 'null':
      return null;
    case 'scalar':
      return node.text;
    case 'seq':
      return node.items.map(toPlain);
    case 'map':
      return Object.fromEntries(node.entries.map((e) => [e.key, toPlain(e.value)]));
  }
}

/** The text Alertmanager shows in place of a secret. */
export const SECRET_TOKEN = '<secret>';

/** marshalStruct turns a decoded struct back into YAML-ready values in schema order, secrets hidden. */
export function marshalStruct(schema: StructSchema, obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of schema.fields) {
    const v = marshalValue(f.kind, obj[f.prop], f.secret === true);
    if (f.omitEmpty && isEmpty(v)) continue;
    out[f.key] = v === undefined ? null : v;
  }
  return out;
}

function marshalValue(kind: Kind, value: unknown, secret: boolean): unknown {
  if (value === undefined || value === null) return kind.t === 'list' ? [] : undefined;
  if (secret || kind.t === 'secret' || (kind.t === 'custom' && kind.secret)) {
    return value === '' ? undefined : SECRET_TOKEN;
  }
  switch (kind.t) {
    case 'list':
      return (value as unknown[]).map((v) => marshalValue(kind.of, v, false));
    case 'map':
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [
          k,
          marshalValue(kind.of, v, false),
        ]),
      );
    case 'struct':
      return marshalStruct(kind.schema, value as Record<string, unknown>);
    case 'custom':
      return kind.marshal ? kind.marshal(value) : value;
    default:
      return value;
  }
}

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === false || v === 0) return true;
  if (Array.isArray(v)) return v.length === 0;
  return false;
}

/** field is shorthand for a schema field whose YAML key and property are given separately. */
export function field(
  key: string,
  prop: string,
  kind: Kind,
  extra: Omit<Field, 'key' | 'prop' | 'kind'> = {},
): Field {
  return { key, prop, kind, ...extra };
}

/** Common kinds. */
export const K = {
  string: { t: 'string' } as Kind,
  secret: { t: 'secret' } as Kind,
  bool: { t: 'bool' } as Kind,
  int: { t: 'int' } as Kind,
  uint: { t: 'uint' } as Kind,
  float: { t: 'float' } as Kind,
  any: { t: 'any' } as Kind,
  strings: { t: 'list', of: { t: 'string' } } as Kind,
  stringMap: { t: 'map', of: { t: 'string' } } as Kind,
  list: (of: Kind): Kind => ({ t: 'list', of }),
  map: (of: Kind): Kind => ({ t: 'map', of }),
  struct: (schema: StructSchema): Kind => ({ t: 'struct', schema }),
};
