// A small model of Go's type system: enough for text/template's reflection (fields, map keys, methods,
// assignability) and for error messages that name types exactly as Go prints them.
import type { Value } from './value';

/** Kind is reflect.Kind for the kinds templates meet. */
export type Kind =
  | 'bool'
  | 'int'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'uintptr'
  | 'float32'
  | 'float64'
  | 'complex128'
  | 'string'
  | 'slice'
  | 'array'
  | 'map'
  | 'ptr'
  | 'struct'
  | 'interface'
  | 'func';

/** FuncSig is a function's signature; `err` means a trailing `error` result. */
export interface FuncSig {
  in: GoType[];
  variadic: boolean;
  out: GoType;
  err: boolean;
}

/** NativeFn implements a Go function; throwing an Error is returning a non-nil error. */
export type NativeFn = (args: Value[]) => Value | Promise<Value>;

/** GoFunc is a callable with a Go signature, as held in a template FuncMap or a func-typed value. */
export interface GoFunc {
  sig: FuncSig;
  call: NativeFn;
}

/** GoMethod is a method: `call` receives the receiver (the value itself, never a pointer to it). */
export interface GoMethod {
  sig: FuncSig;
  call: (recv: Value, args: Value[]) => Value | Promise<Value>;
}

/** GoField is one field of a struct type. */
export interface GoField {
  name: string;
  type: GoType;
}

/** TypeSpec describes a type to build; `name` makes it a named (defined) type such as `time.Duration`. */
export interface TypeSpec {
  kind: Kind;
  name?: string;
  elem?: GoType;
  key?: GoType;
  len?: number;
  fields?: GoField[];
  sig?: FuncSig;
  /** Builds the zero payload for types whose payload is opaque (e.g. time.Time). */
  zero?: () => unknown;
}

/** GoType is a Go type. Named types are compared by identity, unnamed ones structurally. */
export class GoType {
  readonly kind: Kind;
  readonly name: string | undefined;
  readonly elem: GoType | undefined;
  readonly key: GoType | undefined;
  readonly len: number;
  readonly fields: GoField[];
  readonly sig: FuncSig | undefined;
  readonly zero: (() => unknown) | undefined;
  /** Methods with value receivers (in the method set of T and *T). */
  readonly methods = new Map<string, GoMethod>();
  /** Methods with pointer receivers (in the method set of *T only). */
  readonly ptrMethods = new Map<string, GoMethod>();
  private ptrTo: GoType | undefined;

  constructor(spec: TypeSpec) {
    this.kind = spec.kind;
    this.name = spec.name;
    this.elem = spec.elem;
    this.key = spec.key;
    this.len = spec.len ?? 0;
    this.fields = spec.fields ?? [];
    this.sig = spec.sig;
    this.zero = spec.zero;
  }

  /** pointer returns *T (cached, so pointer types to the same T are identical objects). */
  pointer(): GoType {
    this.ptrTo ??= new GoType({ kind: 'ptr', elem: this });
    return this.ptrTo;
  }

  /** toString prints the type as reflect.Type.String does. */
  toString(): string {
    return this.name ?? this.structure();
  }

  /** structure prints the underlying type, ignoring this type's own name. */
  structure(): string {
    switch (this.kind) {
      case 'slice':
        return `[]${String(this.elem)}`;
      case 'array':
        return `[${this.len}]${String(this.elem)}`;
      case 'map':
        return `map[${String(this.key)}]${String(this.elem)}`;
      case 'ptr':
        return `*${String(this.elem)}`;
      case 'struct':
        return this.fields.length === 0
          ? 'struct {}'
          : `struct { ${this.fields.map((f) => `${f.name} ${String(f.type)}`).join('; ')} }`;
      case 'interface':
        return 'interface {}';
      case 'func':
        return funcString(this.sig);
      default:
        return this.kind;
    }
  }

  /** fieldIndex returns the index of an exported field, or -1. */
  fieldIndex(name: string): number {
    return this.fields.findIndex((f) => f.name === name);
  }
}

function funcString(sig: FuncSig | undefined): string {
  if (!sig) return 'func()';
  const params = sig.in.map((t, i) =>
    sig.variadic && i === sig.in.length - 1 ? `...${String(t.elem)}` : String(t),
  );
  const out = sig.err ? `(${String(sig.out)}, error)` : String(sig.out);
  return `func(${params.join(', ')}) ${out}`;
}

function basic(kind: Kind): GoType {
  return new GoType({ kind });
}

/** The predeclared types, plus `interface {}` and reflect.Value (which builtins take as "any value as is"). */
export const T = {
  bool: basic('bool'),
  int: basic('int'),
  int8: basic('int8'),
  int16: basic('int16'),
  int32: basic('int32'),
  int64: basic('int64'),
  uint: basic('uint'),
  uint8: basic('uint8'),
  uint16: basic('uint16'),
  uint32: basic('uint32'),
  uint64: basic('uint64'),
  uintptr: basic('uintptr'),
  float32: basic('float32'),
  float64: basic('float64'),
  complex128: basic('complex128'),
  string: basic('string'),
  any: new GoType({ kind: 'interface' }),
  reflectValue: new GoType({ kind: 'struct', name: 'reflect.Value' }),
} as const;

const unnamedCache = new Map<string, GoType>();

function unnamed(spec: TypeSpec): GoType {
  const t = new GoType(spec);
  const key = t.structure();
  const cached = unnamedCache.get(key);
  if (cached) return cached;
  unnamedCache.set(key, t);
  return t;
}

/** sliceOf returns []elem. */
export function sliceOf(elem: GoType): GoType {
  return unnamed({ kind: 'slice', elem });
}

/** mapOf returns map[key]elem. */
export function mapOf(key: GoType, elem: GoType): GoType {
  return unnamed({ kind: 'map', key, elem });
}

/** funcOf returns the unnamed func type with this signature. */
export function funcOf(sig: FuncSig): GoType {
  return unnamed({ kind: 'func', sig });
}

/** structOf returns an unnamed struct type. */
export function structOf(fields: GoField[]): GoType {
  return unnamed({ kind: 'struct', fields });
}

/** namedType defines a new named type (`type name underlying`). */
export function namedType(name: string, spec: Omit<TypeSpec, 'name'>): GoType {
  return new GoType({ ...spec, name });
}

/** identical reports Go type identity. */
export function identical(a: GoType, b: GoType): boolean {
  if (a === b) return true;
  if (a.name !== undefined || b.name !== undefined) return false;
  return a.structure() === b.structure();
}

/** implementsIface reports whether a value of type t satisfies the interface type iface (only `interface {}`). */
function implementsIface(_t: GoType, iface: GoType): boolean {
  return iface.kind === 'interface';
}

/** assignableTo reports Go assignability of a value of type v to a variable of type t. */
export function assignableTo(v: GoType, t: GoType): boolean {
  if (identical(v, t)) return true;
  if (t.kind === 'interface') return implementsIface(v, t);
  if ((v.name === undefined || t.name === undefined) && v.kind === t.kind && !isBasicKind(v.kind)) {
    return v.structure() === t.structure();
  }
  return false;
}

/** isBasicKind reports kinds whose unnamed form is a predeclared type. */
export function isBasicKind(k: Kind): boolean {
  return !['slice', 'array', 'map', 'ptr', 'struct', 'interface', 'func'].includes(k);
}

/** isIntKind reports the signed integer kinds. */
export function isIntKind(k: Kind | 'invalid'): boolean {
  return k === 'int' || k === 'int8' || k === 'int16' || k === 'int32' || k === 'int64';
}

/** isUintKind reports the unsigned integer kinds. */
export function isUintKind(k: Kind | 'invalid'): boolean {
  return (
    k === 'uint' || k === 'uint8' || k === 'uint16' || k === 'uint32' || k === 'uint64' || k === 'uintptr'
  );
}

/** isFloatKind reports the floating-point kinds. */
export function isFloatKind(k: Kind | 'invalid'): boolean {
  return k === 'float32' || k === 'float64';
}

/** canBeNil reports whether an untyped nil can be assigned to t (reflect.Zero semantics). */
export function canBeNil(t: GoType): boolean {
  switch (t.kind) {
    case 'func':
    case 'interface':
    case 'map':
    case 'ptr':
    case 'slice':
      return true;
    case 'struct':
      return t === T.reflectValue;
    default:
      return false;
  }
}

/** methodSet finds a method callable on a value of type t (pointer types see both receiver kinds). */
export function findMethod(t: GoType, name: string): GoMethod | undefined {
  if (t.kind === 'ptr' && t.elem) {
    return t.elem.methods.get(name) ?? t.elem.ptrMethods.get(name);
  }
  return t.methods.get(name);
}
