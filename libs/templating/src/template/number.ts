// Number literals in templates: every interpretation Go's parse.NumberNode allows (int, uint, float, complex,
// character constants), with Go's errors.
import { GoSyntaxError, parseFloat, parseInt64, parseUint64, quote, unquoteChar } from '../go/strconv';
import type { Item } from './lexer';
import { NumberNode, type Tree } from './nodes';

/** NumberSyntaxError carries Go's message for a malformed number literal. */
export class NumberSyntaxError extends Error {}

function fail(msg: string): never {
  throw new NumberSyntaxError(msg);
}

/** parseNumber builds the NumberNode for a number, complex or character-constant token. */
export function parseNumber(tree: Tree, token: Item): NumberNode {
  const text = token.val;
  const n = new NumberNode(tree, token.pos, text);
  if (token.typ === 'charConstant') {
    let decoded: ReturnType<typeof unquoteChar>;
    try {
      decoded = unquoteChar(text.slice(1), text[0] as string);
    } catch (e) {
      if (e instanceof GoSyntaxError) fail(e.message);
      throw e;
    }
    if (decoded.tail !== "'") fail(`malformed character constant: ${text}`);
    const r = decoded.value;
    n.int64 = BigInt(r);
    n.uint64 = BigInt(r);
    n.float64 = r;
    n.isInt = n.isUint = n.isFloat = true;
    return n;
  }
  if (token.typ === 'complex') {
    const m = /^([+-]?[^+-]+(?:[eE][+-]?\d+)?)([+-].+)i$/.exec(text);
    const re = m ? Number((m[1] as string).replace(/_/g, '')) : NaN;
    const im = m ? Number((m[2] as string).replace(/_/g, '')) : NaN;
    if (Number.isNaN(re) || Number.isNaN(im)) fail(`expected integer`);
    n.isComplex = true;
    n.complex = { re, im };
    simplifyComplex(n);
    return n;
  }
  if (text.endsWith('i')) {
    const im = tryParseFloat(text.slice(0, -1));
    if (im !== undefined) {
      n.isComplex = true;
      n.complex = { re: 0, im };
      simplifyComplex(n);
      return n;
    }
  }
  const u = parseUint64(text);
  if (u !== undefined) {
    n.isUint = true;
    n.uint64 = u;
  }
  const i = parseInt64(text);
  if (i !== undefined) {
    n.isInt = true;
    n.int64 = i;
    if (i === 0n) {
      n.isUint = true;
      n.uint64 = u ?? 0n;
    }
  }
  if (n.isInt) {
    n.isFloat = true;
    n.float64 = Number(n.int64);
  } else if (n.isUint) {
    n.isFloat = true;
    n.float64 = Number(n.uint64);
  } else {
    const f = tryParseFloat(text);
    if (f !== undefined) {
      if (!/[.eEpP]/.test(text)) fail(`integer overflow: ${quote(text)}`);
      n.isFloat = true;
      n.float64 = f;
      if (Number.isInteger(f) && f >= -(2 ** 63) && f < 2 ** 63) {
        n.isInt = true;
        n.int64 = BigInt(f);
      }
      if (Number.isInteger(f) && f >= 0 && f < 2 ** 64) {
        n.isUint = true;
        n.uint64 = BigInt(f);
      }
    }
  }
  if (!n.isInt && !n.isUint && !n.isFloat) fail(`illegal number syntax: ${quote(text)}`);
  return n;
}

function tryParseFloat(s: string): number | undefined {
  try {
    return parseFloat(s);
  } catch {
    return undefined;
  }
}

function simplifyComplex(n: NumberNode): void {
  n.isFloat = n.complex.im === 0;
  if (!n.isFloat) return;
  n.float64 = n.complex.re;
  n.isInt = Number.isInteger(n.float64) && Math.abs(n.float64) < 2 ** 63;
  if (n.isInt) n.int64 = BigInt(n.float64);
  n.isUint = Number.isInteger(n.float64) && n.float64 >= 0 && n.float64 < 2 ** 64;
  if (n.isUint) n.uint64 = BigInt(n.float64);
}
