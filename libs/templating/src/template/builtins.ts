// text/template's predefined functions: and or not len index slice print printf println html js urlquery
// eq ne lt le gt ge call — with Go's argument handling and error messages.
import { compareStrings } from '@vigil/model';
import { htmlEscapeString, jsEscapeString, queryEscape } from '../go/escape';
import { sprint, sprintf, sprintln } from '../go/fmt';
import {
  T,
  assignableTo,
  canBeNil,
  isFloatKind,
  isIntKind,
  isUintKind,
  sliceOf,
  type FuncSig,
  type GoFunc,
  type GoType,
} from '../go/types';
import { Value, utf8Length } from '../go/value';
import { indirect, indirectInterface, isTrue, printableValue } from './reflect';

const RV = T.reflectValue;

function sig(params: GoType[], out: GoType, opts: { variadic?: boolean; err?: boolean } = {}): FuncSig {
  return { in: params, out, variadic: opts.variadic ?? false, err: opts.err ?? false };
}

function typeName(v: Value): string {
  if (!v.type) throw new Error('reflect: call of reflect.Value.Type on zero Value');
  return String(v.type);
}

function indexArg(index: Value, cap: number): number {
  let x: bigint;
  if (isIntKind(index.kind) || isUintKind(index.kind)) x = index.bigint();
  else if (!index.valid) throw new Error('cannot index slice/array with nil');
  else throw new Error(`cannot index slice/array with type ${typeName(index)}`);
  if (x < 0n || x > BigInt(cap)) throw new Error(`index out of range: ${x}`);
  return Number(x);
}

function prepareArg(valueIn: Value, argType: GoType): Value {
  let value = valueIn;
  if (!value.valid) {
    if (!canBeNil(argType)) throw new Error(`value is nil; should be of type ${String(argType)}`);
    value = Value.zero(argType);
  }
  const vt = value.type as GoType;
  if (assignableTo(vt, argType)) return value;
  const intLike = (t: GoType): boolean => isIntKind(t.kind) || isUintKind(t.kind);
  if (intLike(vt) && intLike(argType)) return Value.of(argType, value.bigint());
  throw new Error(`value has type ${String(vt)}; should be ${String(argType)}`);
}

function stringBytes(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

function index(args: Value[]): Value {
  let item = indirectInterface(args[0] as Value);
  if (!item.valid) throw new Error('index of untyped nil');
  for (const rawIndex of args.slice(1)) {
    const idx = indirectInterface(rawIndex);
    const ind = indirect(item);
    if (ind.isNil) throw new Error('index of nil pointer');
    item = ind.v;
    switch (item.kind) {
      case 'array':
      case 'slice': {
        const x = indexArg(idx, item.len());
        if (x >= item.len()) throw new Error(`reflect: ${item.kind} index out of range`);
        item = item.items()[x] as Value;
        break;
      }
      case 'string': {
        const bytes = stringBytes(item.str());
        const x = indexArg(idx, bytes.length);
        if (x >= bytes.length) throw new Error('reflect: string index out of range');
        item = Value.of(T.uint8, BigInt(bytes[x] as number));
        break;
      }
      case 'map': {
        const key = prepareArg(idx, (item.type as GoType).key as GoType);
        const hit = item.mapIndex(key);
        item = hit.valid ? hit : Value.zero((item.type as GoType).elem as GoType);
        break;
      }
      default:
        throw new Error(`can't index item of type ${typeName(item)}`);
    }
  }
  return item;
}

function slice(args: Value[]): Value {
  const item = indirectInterface(args[0] as Value);
  const indexes = args.slice(1);
  if (!item.valid) throw new Error('slice of untyped nil');
  if (indexes.length > 3) throw new Error(`too many slice indexes: ${indexes.length}`);
  let cap: number;
  if (item.kind === 'string') {
    if (indexes.length === 3) throw new Error('cannot 3-index slice a string');
    cap = item.len();
  } else if (item.kind === 'array' || item.kind === 'slice') {
    cap = item.len();
  } else {
    throw new Error(`can't slice item of type ${typeName(item)}`);
  }
  const idx = [0, item.len(), 0];
  indexes.forEach((ix, i) => {
    idx[i] = indexArg(indirectInterface(ix), cap);
  });
  const [i0 = 0, i1 = 0, i2 = 0] = idx;
  if (i0 > i1) throw new Error(`invalid slice index: ${i0} > ${i1}`);
  if (indexes.length === 3 && i1 > i2) throw new Error(`invalid slice index: ${i1} > ${i2}`);
  if (item.kind === 'string') {
    const bytes = stringBytes(item.str()).slice(i0, i1);
    return Value.of(item.type as GoType, new TextDecoder().decode(bytes));
  }
  const type = item.kind === 'array' ? sliceOf((item.type as GoType).elem as GoType) : (item.type as GoType);
  return Value.of(type, item.items().slice(i0, i1));
}

function length(args: Value[]): Value {
  const { v: item, isNil } = indirect(args[0] as Value);
  if (isNil) throw new Error('len of nil pointer');
  switch (item.kind) {
    case 'array':
    case 'map':
    case 'slice':
      return Value.int(item.len());
    case 'string':
      return Value.int(utf8Length(item.str()));
    default:
      throw new Error(`len of type ${typeName(item)}`);
  }
}

type BasicKind = 'invalid' | 'bool' | 'complex' | 'int' | 'float' | 'string' | 'uint';

function basicKind(v: Value): BasicKind {
  const k = v.kind;
  if (k === 'bool') return 'bool';
  if (isIntKind(k)) return 'int';
  if (isUintKind(k)) return 'uint';
  if (isFloatKind(k)) return 'float';
  if (k === 'complex128') return 'complex';
  if (k === 'string') return 'string';
  return 'invalid';
}

const ERR_BAD_COMPARISON_TYPE = 'invalid type for comparison';

function isNilValue(v: Value): boolean {
  return !v.valid || v.isNil();
}

function sameRaw(a: Value, b: Value): boolean {
  if (a.raw === b.raw) return true;
  if (a.kind === 'struct' && b.kind === 'struct') {
    const fa = a.raw as Value[];
    const fb = b.raw as Value[];
    return fa.length === fb.length && fa.every((f, i) => eqBasic(f, fb[i] as Value));
  }
  return false;
}

function eqBasic(a: Value, b: Value): boolean {
  const ka = basicKind(a);
  if (ka !== 'invalid' && ka === basicKind(b)) {
    if (ka === 'complex') {
      const x = a.raw as { re: number; im: number };
      const y = b.raw as { re: number; im: number };
      return x.re === y.re && x.im === y.im;
    }
    return a.raw === b.raw;
  }
  return sameRaw(a, b);
}

function eq(args: Value[]): Value {
  const arg1 = indirectInterface(args[0] as Value);
  const rest = args.slice(1);
  if (rest.length === 0) throw new Error('missing argument for comparison');
  const k1 = basicKind(arg1);
  for (const argIn of rest) {
    const arg = indirectInterface(argIn);
    const k2 = basicKind(arg);
    let truth = false;
    if (k1 !== k2) {
      if (k1 === 'int' && k2 === 'uint') truth = arg1.bigint() >= 0n && arg1.bigint() === arg.bigint();
      else if (k1 === 'uint' && k2 === 'int') truth = arg.bigint() >= 0n && arg1.bigint() === arg.bigint();
      else if (arg1.valid && arg.valid) {
        throw new Error(`incompatible types for comparison: ${typeName(arg1)} and ${typeName(arg)}`);
      }
    } else if (k1 !== 'invalid') {
      truth = eqBasic(arg1, arg);
    } else {
      const canCompare = arg1.kind === arg.kind || !arg1.valid || !arg.valid;
      if (!canCompare) {
        throw new Error(
          `non-comparable types ${sprint([arg1])}: ${typeName(arg1)}, ${typeName(arg)}: ${sprint([arg])}`,
        );
      }
      if (isNilValue(arg1) || isNilValue(arg)) {
        truth = isNilValue(arg) === isNilValue(arg1);
      } else {
        if (arg.kind === 'map' || arg.kind === 'slice' || arg.kind === 'func') {
          throw new Error(`non-comparable type ${sprint([arg])}: ${typeName(arg)}`);
        }
        truth = sameRaw(arg1, arg);
      }
    }
    if (truth) return Value.bool(true);
  }
  return Value.bool(false);
}

function lessThan(a1: Value, a2: Value): boolean {
  const arg1 = indirectInterface(a1);
  const k1 = basicKind(arg1);
  if (k1 === 'invalid') throw new Error(ERR_BAD_COMPARISON_TYPE);
  const arg2 = indirectInterface(a2);
  const k2 = basicKind(arg2);
  if (k2 === 'invalid') throw new Error(ERR_BAD_COMPARISON_TYPE);
  if (k1 !== k2) {
    if (k1 === 'int' && k2 === 'uint') return arg1.bigint() < 0n || arg1.bigint() < arg2.bigint();
    if (k1 === 'uint' && k2 === 'int') return arg2.bigint() >= 0n && arg1.bigint() < arg2.bigint();
    throw new Error(`incompatible types for comparison: ${typeName(arg1)} and ${typeName(arg2)}`);
  }
  switch (k1) {
    case 'bool':
    case 'complex':
      throw new Error(ERR_BAD_COMPARISON_TYPE);
    case 'string':
      return compareStrings(arg1.str(), arg2.str()) < 0;
    default:
      return (arg1.raw as number | bigint) < (arg2.raw as number | bigint);
  }
}

function lessOrEqual(a1: Value, a2: Value): boolean {
  return lessThan(a1, a2) || eq([a1, a2]).raw === true;
}

/** evalArgs formats escaper arguments: one string as is, otherwise fmt.Sprint of their printable forms. */
function evalArgs(args: Value[]): string {
  if (args.length === 1 && (args[0] as Value).kind === 'string') return (args[0] as Value).str();
  return sprint(
    args.map((a) => {
      const { value, ok } = printableValue(a);
      return ok ? value : a;
    }),
  );
}

function call(args: Value[]): Value | Promise<Value> {
  const name = (args[0] as Value).str();
  const fnVal = indirectInterface(args[1] as Value);
  const rest = args.slice(2);
  if (!fnVal.valid) throw new Error('call of nil');
  if (fnVal.kind !== 'func') throw new Error(`non-function ${name} of type ${typeName(fnVal)}`);
  const fn = fnVal.func();
  if (!fn) throw new Error('call of nil');
  const s = fn.sig;
  const numIn = s.in.length;
  if (s.variadic) {
    if (rest.length < numIn - 1) {
      throw new Error(`wrong number of args for ${name}: got ${rest.length} want at least ${numIn - 1}`);
    }
  } else if (rest.length !== numIn) {
    throw new Error(`wrong number of args for ${name}: got ${rest.length} want ${numIn}`);
  }
  const argv = rest.map((a, i) => {
    const argType =
      !s.variadic || i < numIn - 1 ? (s.in[i] as GoType) : ((s.in[numIn - 1] as GoType).elem as GoType);
    try {
      const prepared = prepareArg(indirectInterface(a), argType);
      return argType.kind === 'interface' ? indirectInterface(prepared) : prepared;
    } catch (e) {
      throw new Error(`arg ${i}: ${(e as Error).message}`);
    }
  });
  return fn.call(argv);
}

const ANY_VARIADIC = [sliceOf(T.any)];

/** BUILTINS is the predefined function map. */
export const BUILTINS: ReadonlyMap<string, GoFunc> = new Map<string, GoFunc>([
  ['and', { sig: sig([RV, sliceOf(RV)], RV, { variadic: true }), call: () => Value.INVALID }],
  ['or', { sig: sig([RV, sliceOf(RV)], RV, { variadic: true }), call: () => Value.INVALID }],
  [
    'not',
    { sig: sig([RV], T.bool), call: ([a]) => Value.bool(!isTrue(indirectInterface(a as Value)).truth) },
  ],
  ['len', { sig: sig([RV], T.int, { err: true }), call: length }],
  ['index', { sig: sig([RV, sliceOf(RV)], RV, { variadic: true, err: true }), call: index }],
  ['slice', { sig: sig([RV, sliceOf(RV)], RV, { variadic: true, err: true }), call: slice }],
  ['call', { sig: sig([RV, sliceOf(RV)], RV, { variadic: true, err: true }), call }],
  ['print', { sig: sig(ANY_VARIADIC, T.string, { variadic: true }), call: (a) => Value.string(sprint(a)) }],
  [
    'printf',
    {
      sig: sig([T.string, sliceOf(T.any)], T.string, { variadic: true }),
      call: ([f, ...a]) => Value.string(sprintf((f as Value).str(), a)),
    },
  ],
  [
    'println',
    { sig: sig(ANY_VARIADIC, T.string, { variadic: true }), call: (a) => Value.string(sprintln(a)) },
  ],
  [
    'html',
    {
      sig: sig(ANY_VARIADIC, T.string, { variadic: true }),
      call: (a) => Value.string(htmlEscapeString(evalArgs(a))),
    },
  ],
  [
    'js',
    {
      sig: sig(ANY_VARIADIC, T.string, { variadic: true }),
      call: (a) => Value.string(jsEscapeString(evalArgs(a))),
    },
  ],
  [
    'urlquery',
    {
      sig: sig(ANY_VARIADIC, T.string, { variadic: true }),
      call: (a) => Value.string(queryEscape(evalArgs(a))),
    },
  ],
  ['eq', { sig: sig([RV, sliceOf(RV)], T.bool, { variadic: true, err: true }), call: eq }],
  [
    'ne',
    {
      sig: sig([RV, RV], T.bool, { err: true }),
      call: ([a, b]) => Value.bool(eq([a as Value, b as Value]).raw !== true),
    },
  ],
  [
    'lt',
    {
      sig: sig([RV, RV], T.bool, { err: true }),
      call: ([a, b]) => Value.bool(lessThan(a as Value, b as Value)),
    },
  ],
  [
    'le',
    {
      sig: sig([RV, RV], T.bool, { err: true }),
      call: ([a, b]) => Value.bool(lessOrEqual(a as Value, b as Value)),
    },
  ],
  [
    'gt',
    {
      sig: sig([RV, RV], T.bool, { err: true }),
      call: ([a, b]) => Value.bool(!lessOrEqual(a as Value, b as Value)),
    },
  ],
  [
    'ge',
    {
      sig: sig([RV, RV], T.bool, { err: true }),
      call: ([a, b]) => Value.bool(!lessThan(a as Value, b as Value)),
    },
  ],
]);
