// Constants in templates as values: untyped numbers with no context, and literals passed to typed parameters.
import { T, isFloatKind, isIntKind, isUintKind, type GoType } from '../go/types';
import { Value } from '../go/value';
import { BoolNode, NumberNode, StringNode, type Node } from './nodes';

/**
 * idealConstant types a number with no context as Go does: complex, float64 when written like a float, else int.
 * Returns Go's error message when it cannot.
 */
export function idealConstant(c: NumberNode): Value | string {
  if (c.isComplex) return Value.of(T.complex128, c.complex);
  const isHexInt =
    c.text.length > 2 && c.text[0] === '0' && /[xX]/.test(c.text[1] as string) && !/[pP]/.test(c.text);
  const isRuneInt = c.text[0] === "'";
  if (c.isFloat && !isHexInt && !isRuneInt && /[.eEpP]/.test(c.text)) return Value.float(c.float64);
  if (c.isInt) return Value.int(c.int64);
  if (c.isUint) return `${c.text} overflows int`;
  return Value.INVALID;
}

/** literalArg converts a literal node for a parameter of a basic type, or returns Go's error message. */
export function literalArg(typ: GoType, n: Node): Value | string {
  const k = typ.kind;
  const found = n.toString();
  if (k === 'bool') return n instanceof BoolNode ? Value.of(typ, n.value) : `expected bool; found ${found}`;
  if (k === 'complex128') {
    return n instanceof NumberNode && n.isComplex
      ? Value.of(typ, n.complex)
      : `expected complex; found ${found}`;
  }
  if (isFloatKind(k)) {
    return n instanceof NumberNode && n.isFloat ? Value.of(typ, n.float64) : `expected float; found ${found}`;
  }
  if (isIntKind(k)) {
    return n instanceof NumberNode && n.isInt ? Value.of(typ, n.int64) : `expected integer; found ${found}`;
  }
  if (k === 'string')
    return n instanceof StringNode ? Value.of(typ, n.text) : `expected string; found ${found}`;
  if (isUintKind(k)) {
    return n instanceof NumberNode && n.isUint
      ? Value.of(typ, n.uint64)
      : `expected unsigned integer; found ${found}`;
  }
  return `can't handle ${found} for arg of type ${String(typ)}`;
}
