// How Go's yaml.v3 resolves plain scalars: the tag it gives them (shown in "cannot unmarshal !!int ..."
// messages) and the integers it accepts for `int` fields. Quoted and block scalars are always strings.

/** GoScalarTag is the short tag yaml.v3 resolves a scalar to. */
export type GoScalarTag = '!!null' | '!!bool' | '!!int' | '!!float' | '!!timestamp' | '!!str';

const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const BOOLS = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE']);
const SPECIAL_FLOATS = new Set([
  '.inf',
  '.Inf',
  '.INF',
  '+.inf',
  '+.Inf',
  '+.INF',
  '-.inf',
  '-.Inf',
  '-.INF',
  '.nan',
  '.NaN',
  '.NAN',
]);
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const TIMESTAMP =
  /^\d{4}-\d{1,2}-\d{1,2}(?:(?:[Tt]|[ \t]+)\d{1,2}:\d{2}:\d{2}(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d{1,2}(?::\d{2})?))?)?$/;

/** resolvePlainTag returns the tag yaml.v3 gives an untagged plain scalar. */
export function resolvePlainTag(value: string): GoScalarTag {
  if (NULLS.has(value)) return '!!null';
  if (BOOLS.has(value)) return '!!bool';
  if (SPECIAL_FLOATS.has(value)) return '!!float';
  const first = value.charAt(0);
  if (first === '.') return Number.isFinite(Number(value)) ? '!!float' : '!!str';
  // yaml.v3 only tries numbers and timestamps for scalars starting with a sign or a digit.
  if (!/^[-+0-9]$/.test(first)) return '!!str';
  if (TIMESTAMP.test(value)) return '!!timestamp';
  const plain = value.replace(/_/g, '');
  if (parseGoInt(plain) !== undefined || parseGoUint(plain) !== undefined) return '!!int';
  if (YAML_FLOAT.test(plain) && Number.isFinite(Number(plain))) return '!!float';
  return '!!str';
}

const MAX_INT64 = 2n ** 63n - 1n;
const MIN_INT64 = -(2n ** 63n);
const MAX_UINT64 = 2n ** 64n - 1n;

/**
 * parseGoInt reads an integer as yaml.v3 does: underscores dropped, then strconv.ParseInt with base 0
 * (decimal, 0x, 0o, 0b, leading-0 octal); undefined when it is not one or overflows int64.
 */
export function parseGoInt(value: string): bigint | undefined {
  const n = parseBase0(value);
  return n !== undefined && n <= MAX_INT64 && n >= MIN_INT64 ? n : undefined;
}

function parseGoUint(value: string): bigint | undefined {
  const n = value.startsWith('-') || value.startsWith('+') ? undefined : parseBase0(value);
  return n !== undefined && n <= MAX_UINT64 ? n : undefined;
}

function parseBase0(value: string): bigint | undefined {
  const m = /^([-+]?)(.*)$/s.exec(value.replace(/_/g, ''));
  if (!m) return undefined;
  const [, sign, body = ''] = m;
  let digits: string;
  let radix: 2 | 8 | 10 | 16;
  if (/^0[xX]/.test(body)) [digits, radix] = [body.slice(2), 16];
  else if (/^0[oO]/.test(body)) [digits, radix] = [body.slice(2), 8];
  else if (/^0[bB]/.test(body)) [digits, radix] = [body.slice(2), 2];
  else if (body.length > 1 && body.startsWith('0')) [digits, radix] = [body.slice(1), 8];
  else [digits, radix] = [body, 10];
  const alphabet = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ }[radix];
  if (!alphabet.test(digits)) return undefined;
  let n = 0n;
  const big = BigInt(radix);
  for (const d of digits) n = n * big + BigInt(parseInt(d, radix));
  return sign === '-' ? -n : n;
}

/** goFloatToInt converts a float scalar as yaml.v3 does for `int` fields (truncating), or undefined. */
export function goFloatToInt(value: string): bigint | undefined {
  const plain = value.replace(/_/g, '');
  const f = Number(plain);
  if (!(YAML_FLOAT.test(plain) || plain.startsWith('.')) || !Number.isFinite(f)) return undefined;
  const t = Math.trunc(f);
  if (t > 2 ** 63 - 1 || t < -(2 ** 63)) return undefined;
  return BigInt(t);
}
