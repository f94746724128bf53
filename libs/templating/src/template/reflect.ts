// Reflection helpers shared by the executor and the builtins: truth, indirection, printable form.
import { findMethod, isFloatKind, isIntKind, isUintKind, type GoType } from '../go/types';
import { Value } from '../go/value';

/** isTrue is text/template's notion of truth: not the zero value of its type (ok=false: no truth value). */
export function isTrue(val: Value): { truth: boolean; ok: boolean } {
  if (!val.valid) return { truth: false, ok: true };
  const k = val.kind;
  switch (k) {
    case 'array':
    case 'map':
    case 'slice':
    case 'string':
      return { truth: val.len() > 0, ok: true };
    case 'bool':
      return { truth: val.raw as boolean, ok: true };
    case 'complex128': {
      const c = val.raw as { re: number; im: number };
      return { truth: c.re !== 0 || c.im !== 0, ok: true };
    }
    case 'func':
    case 'ptr':
    case 'interface':
      return { truth: !val.isNil(), ok: true };
    case 'struct':
      return { truth: true, ok: true };
    default:
      if (isIntKind(k) || isUintKind(k)) return { truth: val.bigint() !== 0n, ok: true };
      if (isFloatKind(k)) return { truth: val.num() !== 0, ok: true };
      return { truth: false, ok: false };
  }
}

/** indirect follows pointers and interfaces to a concrete value, stopping at nil (reported as isNil). */
export function indirect(v: Value): { v: Value; isNil: boolean } {
  let cur = v;
  while (cur.kind === 'ptr' || cur.kind === 'interface') {
    if (cur.isNil()) return { v: cur, isNil: true };
    cur = cur.elem();
  }
  return { v: cur, isNil: false };
}

/** indirectInterface returns an interface's dynamic value (invalid when nil), or the value itself. */
export function indirectInterface(v: Value): Value {
  if (v.kind !== 'interface') return v;
  return v.isNil() ? Value.INVALID : v.elem();
}

/** printableValue returns what a template prints for a value, or ok=false for unprintable kinds. */
export function printableValue(vIn: Value): { value: Value; ok: boolean } {
  let v = vIn;
  if (v.kind === 'ptr') v = indirect(v).v;
  if (!v.valid) return { value: Value.string('<no value>'), ok: true };
  const t = v.type as GoType;
  const hasTextMethod = (type: GoType): boolean =>
    findMethod(type, 'Error') !== undefined || findMethod(type, 'String') !== undefined;
  if (!hasTextMethod(t)) {
    if (v.addressable && hasTextMethod(t.pointer())) v = Value.ptrTo(v);
    else if (v.kind === 'func') return { value: v, ok: false };
  }
  return { value: v, ok: true };
}
