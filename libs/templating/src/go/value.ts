// Go values as text/template sees them through reflect: a type plus a raw payload.
import {
  GoType,
  T,
  identical,
  isFloatKind,
  isIntKind,
  isUintKind,
  mapOf,
  sliceOf,
  type GoFunc,
  type Kind,
} from './types';

/** MapKey is the JS key under which a Go map stores an entry (strings, integers, floats, bools). */
export type MapKey = string | bigint | number | boolean;

/** GoMap holds a map's entries keyed by the key's raw value. */
export type GoMap = Map<MapKey, { key: Value; value: Value }>;

/** Complex is a complex128 payload. */
export interface Complex {
  re: number;
  im: number;
}

/**
 * Value is reflect.Value. Payloads by kind: bool → boolean; integers → bigint; floats → number;
 * complex128 → Complex; string → string; slice → Value[] | null; array and struct → Value[];
 * map → GoMap | null; ptr → the pointee Value | null; interface → the dynamic Value | null;
 * func → GoFunc | null. An invalid Value has no type (the zero reflect.Value).
 */
export class Value {
  /** INVALID is the zero reflect.Value, printed as `<no value>` by templates. */
  static readonly INVALID = new Value(undefined, undefined, false);

  private constructor(
    readonly type: GoType | undefined,
    readonly raw: unknown,
    readonly addressable: boolean,
  ) {}

  /** of wraps a raw payload of the given type (the caller guarantees the payload fits the kind). */
  static of(type: GoType, raw: unknown, addressable = false): Value {
    return new Value(type, raw, addressable);
  }

  /** bool makes a Go bool. */
  static bool(b: boolean): Value {
    return new Value(T.bool, b, false);
  }

  /** int makes a Go int. */
  static int(n: bigint | number): Value {
    return new Value(T.int, typeof n === 'bigint' ? n : BigInt(Math.trunc(n)), false);
  }

  /** float makes a Go float64. */
  static float(x: number): Value {
    return new Value(T.float64, x, false);
  }

  /** string makes a Go string. */
  static string(s: string): Value {
    return new Value(T.string, s, false);
  }

  /** iface boxes a value in an `interface {}` (an invalid value becomes a nil interface). */
  static iface(inner: Value): Value {
    return new Value(T.any, inner.valid ? inner.unwrapped() : null, false);
  }

  /** ptrTo makes a pointer to v (v becomes addressable through it). */
  static ptrTo(v: Value): Value {
    if (!v.type) throw new Error('pointer to invalid value');
    return new Value(v.type.pointer(), v.withAddressable(true), false);
  }

  /** zero returns the zero value of a type (reflect.Zero). */
  static zero(type: GoType): Value {
    return new Value(type, zeroRaw(type), false);
  }

  /** valid is reflect.Value.IsValid. */
  get valid(): boolean {
    return this.type !== undefined;
  }

  /** kind is reflect.Value.Kind ('invalid' for the zero Value). */
  get kind(): Kind | 'invalid' {
    return this.type ? this.type.kind : 'invalid';
  }

  /** withAddressable returns the same value marked (non-)addressable. */
  withAddressable(addressable: boolean): Value {
    return this.addressable === addressable ? this : new Value(this.type, this.raw, addressable);
  }

  /** isNil is reflect.Value.IsNil for the nillable kinds (false for others). */
  isNil(): boolean {
    switch (this.kind) {
      case 'ptr':
      case 'map':
      case 'slice':
      case 'interface':
      case 'func':
        return this.raw === null;
      default:
        return false;
    }
  }

  /** elem is reflect.Value.Elem for pointers and interfaces (invalid when nil). */
  elem(): Value {
    if (this.kind !== 'ptr' && this.kind !== 'interface') throw new Error(`elem of ${this.kind}`);
    return this.raw === null ? Value.INVALID : (this.raw as Value);
  }

  /** unwrapped returns the dynamic value of an interface, or the value itself. */
  unwrapped(): Value {
    return this.kind === 'interface' ? this.elem() : this;
  }

  /** len is reflect.Value.Len for strings (bytes), slices, arrays and maps. */
  len(): number {
    switch (this.kind) {
      case 'string':
        return utf8Length(this.raw as string);
      case 'slice':
      case 'array':
        return this.raw === null ? 0 : (this.raw as Value[]).length;
      case 'map':
        return this.raw === null ? 0 : (this.raw as GoMap).size;
      default:
        throw new Error(`len of ${this.kind}`);
    }
  }

  /** items returns a slice's or array's elements (empty for a nil slice). */
  items(): Value[] {
    return (this.raw as Value[] | null) ?? [];
  }

  /** entries returns a map's entries (empty for a nil map). */
  entries(): GoMap {
    return (this.raw as GoMap | null) ?? new Map();
  }

  /** field returns struct field i (addressable when the struct is). */
  field(i: number): Value {
    const f = (this.raw as Value[])[i];
    if (!f) throw new Error(`no field ${i}`);
    return f.withAddressable(this.addressable);
  }

  /** mapIndex looks a key up in a map, invalid when absent (reflect.Value.MapIndex). */
  mapIndex(key: Value): Value {
    const hit = this.entries().get(mapKey(key));
    return hit ? hit.value : Value.INVALID;
  }

  /** str returns a string payload. */
  str(): string {
    return this.raw as string;
  }

  /** bigint returns an integer payload. */
  bigint(): bigint {
    return this.raw as bigint;
  }

  /** num returns a float payload. */
  num(): number {
    return this.raw as number;
  }

  /** func returns a func payload. */
  func(): GoFunc | null {
    return this.raw as GoFunc | null;
  }
}

function zeroRaw(type: GoType): unknown {
  if (type.zero) return type.zero();
  const k = type.kind;
  if (k === 'bool') return false;
  if (isIntKind(k) || isUintKind(k)) return 0n;
  if (isFloatKind(k)) return 0;
  switch (k) {
    case 'complex128':
      return { re: 0, im: 0 };
    case 'string':
      return '';
    case 'array':
      return Array.from({ length: type.len }, () => Value.zero(type.elem ?? T.any));
    case 'struct':
      return type.fields.map((f) => Value.zero(f.type));
    default:
      return null;
  }
}

/** mapKey returns the JS key for a Go map key value. */
export function mapKey(v: Value): MapKey {
  const inner = v.unwrapped();
  const raw = inner.raw;
  if (
    typeof raw === 'string' ||
    typeof raw === 'bigint' ||
    typeof raw === 'number' ||
    typeof raw === 'boolean'
  ) {
    return raw;
  }
  throw new Error(`unsupported map key kind ${inner.kind}`);
}

/** utf8Length counts the UTF-8 bytes of a string, as Go's len does. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** makeMap builds a map value of the given map type from entries. */
export function makeMap(type: GoType, entries: Iterable<[Value, Value]>): Value {
  const m: GoMap = new Map();
  for (const [k, v] of entries) m.set(mapKey(k), { key: k, value: v });
  return Value.of(type, m);
}

/** stringMap builds a map[string]string (Prometheus label sets). */
export function stringMap(obj: Record<string, string>): Value {
  return makeMap(
    mapOf(T.string, T.string),
    Object.entries(obj).map(([k, v]) => [Value.string(k), Value.string(v)]),
  );
}

/** makeSlice builds a slice value; elements are marked addressable as Go slice elements are. */
export function makeSlice(type: GoType, items: Value[]): Value {
  return Value.of(
    type,
    items.map((v) => v.withAddressable(true)),
  );
}

/** makeStruct builds a struct value from field values in declaration order. */
export function makeStruct(type: GoType, fields: Value[]): Value {
  return Value.of(type, fields);
}

/**
 * toValue converts plain JS data to a Go value, optionally to a given type. Without a type: strings, booleans,
 * numbers (float64), bigints (int), arrays ([]interface {}), Maps and plain objects (map[string]interface {});
 * null and undefined become the invalid value. Values pass through unchanged.
 */
export function toValue(js: unknown, type?: GoType): Value {
  if (js instanceof Value) return js;
  if (type) return convertTo(js, type);
  if (js === null || js === undefined) return Value.INVALID;
  switch (typeof js) {
    case 'string':
      return Value.string(js);
    case 'boolean':
      return Value.bool(js);
    case 'number':
      return Value.float(js);
    case 'bigint':
      return Value.int(js);
    default:
      break;
  }
  if (Array.isArray(js)) return convertTo(js, sliceOf(T.any));
  if (typeof js === 'object') return convertTo(js, mapOf(T.string, T.any));
  throw new TypeError(`cannot convert ${typeof js} to a Go value`);
}

function convertTo(js: unknown, type: GoType): Value {
  if (js instanceof Value) {
    if (js.type && identical(js.type, type)) return js;
    if (type.kind === 'interface') return Value.iface(js);
    return js;
  }
  const k = type.kind;
  if (k === 'interface') return Value.iface(toValue(js));
  if (js === null || js === undefined) return Value.zero(type);
  if (k === 'bool') return Value.of(type, Boolean(js));
  if (isIntKind(k) || isUintKind(k))
    return Value.of(type, typeof js === 'bigint' ? js : BigInt(Math.trunc(Number(js))));
  if (isFloatKind(k)) return Value.of(type, Number(js));
  if (k === 'string') return Value.of(type, String(js));
  if (k === 'slice' || k === 'array') {
    const elem = type.elem ?? T.any;
    if (!Array.isArray(js)) throw new TypeError(`cannot convert ${typeof js} to ${String(type)}`);
    return makeSlice(
      type,
      js.map((x) => convertTo(x, elem)),
    );
  }
  if (k === 'map') {
    const key = type.key ?? T.string;
    const elem = type.elem ?? T.any;
    const source: Iterable<[unknown, unknown]> =
      js instanceof Map ? js.entries() : Object.entries(js as object);
    return makeMap(
      type,
      Array.from(source, ([kk, vv]) => [convertTo(kk, key), convertTo(vv, elem)] as [Value, Value]),
    );
  }
  if (k === 'ptr') return Value.ptrTo(convertTo(js, type.elem ?? T.any));
  if (k === 'struct') {
    const obj = js as Record<string, unknown>;
    return makeStruct(
      type,
      type.fields.map((f) => convertTo(obj[f.name], f.type)),
    );
  }
  throw new TypeError(`cannot convert to ${String(type)}`);
}
