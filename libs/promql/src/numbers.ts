// Number and duration literals read and printed the way Prometheus (Go strconv, prometheus/common/model) does.
import { goQuote } from './go-format';

/** NumberSyntaxError carries Go's strconv error text for a literal that cannot be read. */
export class NumberSyntaxError extends Error {}

const INT64_MAX = (1n << 63n) - 1n;

function underscoreOK(s: string): boolean {
  // Go: underscores only between digits, or between a base prefix and a digit.
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'bBoOxX'.includes(s[1] as string)) {
    i = 2;
    saw = '0';
    hex = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s[i] as string;
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** parseGoInt is strconv.ParseInt(s, 0, 64); undefined when Go would return an error. */
function parseGoInt(s: string): number | undefined {
  let body = s;
  let neg = false;
  if (body[0] === '+' || body[0] === '-') {
    neg = body[0] === '-';
    body = body.slice(1);
  }
  let base = 10;
  let digits = body;
  if (/^0[xX]/.test(body)) [base, digits] = [16, body.slice(2)];
  else if (/^0[bB]/.test(body)) [base, digits] = [2, body.slice(2)];
  else if (/^0[oO]/.test(body)) [base, digits] = [8, body.slice(2)];
  else if (body.length > 1 && body[0] === '0') [base, digits] = [8, body.slice(1)];
  if (digits.includes('_')) {
    if (!underscoreOK(s)) return undefined;
    digits = digits.replace(/_/g, '');
  }
  const valid = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ }[base] as RegExp;
  if (!valid.test(digits)) return undefined;
  const prefix = { 2: '0b', 8: '0o', 10: '', 16: '0x' }[base] as string;
  const big = BigInt(prefix + digits);
  if (neg ? big > INT64_MAX + 1n : big > INT64_MAX) return undefined;
  return Number(neg ? -big : big);
}

const DECIMAL_FLOAT = /^[+-]?(?:[0-9_]+\.?[0-9_]*|\.[0-9_]+)(?:[eE][+-]?[0-9_]+)?$/;
const SPECIAL_FLOAT = /^[+-]?(?:inf|infinity|nan)$/i;

/** parseGoFloat is strconv.ParseFloat(s, 64) for the forms the PromQL lexer can produce. */
function parseGoFloat(s: string): number {
  const err = (why: string): NumberSyntaxError =>
    new NumberSyntaxError(`strconv.ParseFloat: parsing ${goQuote(s)}: ${why}`);
  if (SPECIAL_FLOAT.test(s)) {
    const lower = s.toLowerCase();
    if (lower.includes('nan')) return NaN;
    return lower.startsWith('-') ? -Infinity : Infinity;
  }
  if (!DECIMAL_FLOAT.test(s) || !/[0-9]/.test(s)) throw err('invalid syntax');
  if (s.includes('_')) {
    if (!underscoreOK(s)) throw err('invalid syntax');
  }
  const v = Number(s.replace(/_/g, ''));
  if (!Number.isFinite(v)) throw err('value out of range');
  return v;
}

/** parseNumberLiteral reads a NUMBER token as Prometheus's parser.number does (int first, then float). */
export function parseNumberLiteral(text: string): number {
  // Fast path: plain decimal integers well inside the exact range of a double.
  if (/^(?:0|[1-9][0-9]{0,14})$/.test(text)) return Number(text);
  const asInt = parseGoInt(text);
  if (asInt !== undefined) return asInt;
  return parseGoFloat(text);
}

/** DurationSyntaxError carries prometheus/common's error text for a bad duration string. */
export class DurationSyntaxError extends Error {}

const UNITS: Record<string, { pos: number; ms: bigint }> = {
  ms: { pos: 7, ms: 1n },
  s: { pos: 6, ms: 1000n },
  m: { pos: 5, ms: 60_000n },
  h: { pos: 4, ms: 3_600_000n },
  d: { pos: 3, ms: 86_400_000n },
  w: { pos: 2, ms: 604_800_000n },
  y: { pos: 1, ms: 31_536_000_000n },
};
const NS_MAX = (1n << 63n) - 1n;

/** parseDurationMs is model.ParseDuration: `1h30m`, units biggest first, each once; returns milliseconds. */
export function parseDurationMs(text: string): number {
  if (text === '0') return 0;
  if (text === '') throw new DurationSyntaxError('empty duration string');
  const invalid = (): DurationSyntaxError =>
    new DurationSyntaxError(`not a valid duration string: ${goQuote(text)}`);
  let rest = text;
  let totalNs = 0n;
  let lastPos = 0;
  while (rest !== '') {
    const num = /^[0-9]+/.exec(rest);
    if (!num) throw invalid();
    rest = rest.slice(num[0].length);
    const unitMatch = /^[^0-9]+/.exec(rest);
    if (!unitMatch) throw invalid();
    const unitName = unitMatch[0];
    rest = rest.slice(unitName.length);
    const unit = Object.hasOwn(UNITS, unitName) ? UNITS[unitName] : undefined;
    if (!unit)
      throw new DurationSyntaxError(`unknown unit ${goQuote(unitName)} in duration ${goQuote(text)}`);
    if (unit.pos <= lastPos) throw invalid();
    lastPos = unit.pos;
    const v = BigInt(num[0]);
    const unitNs = unit.ms * 1_000_000n;
    if (v > (1n << 63n) / unitNs) throw new DurationSyntaxError('duration out of range');
    totalNs += v * unitNs;
    if (totalNs > NS_MAX) throw new DurationSyntaxError('duration out of range');
  }
  return Number(totalNs / 1_000_000n);
}

/** msToSeconds is time.Duration.Seconds() for a whole number of milliseconds. */
export function msToSeconds(ms: number): number {
  const sec = Math.trunc(ms / 1000);
  return sec + (ms - sec * 1000) / 1000;
}

/** goRound is Go's math.Round: halves round away from zero. */
export function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** secondsToMs converts a seconds value as Prometheus does: round to nanoseconds, then truncate to milliseconds. */
export function secondsToMs(seconds: number): number {
  const ns = goRound(seconds * 1e9);
  return Math.trunc(ns / 1e6);
}

/** DURATION_LIMIT_SECONDS is the largest magnitude a duration literal may have (int64 nanoseconds). */
export const DURATION_LIMIT_SECONDS = 9223372036.854775808;

/** durationOutOfRange reports whether a value in seconds overflows time.Duration. */
export function durationOutOfRange(seconds: number): boolean {
  return seconds > DURATION_LIMIT_SECONDS || seconds < -DURATION_LIMIT_SECONDS;
}

const PRINT_UNITS: Array<[string, number, boolean]> = [
  ['y', 31_536_000_000, true],
  ['w', 604_800_000, true],
  ['d', 86_400_000, false],
  ['h', 3_600_000, false],
  ['m', 60_000, false],
  ['s', 1000, false],
  ['ms', 1, false],
];

/** formatDurationMs is model.Duration.String(): `1h30m`, years and weeks only when exact, `0s` for zero. */
export function formatDurationMs(ms: number): string {
  let rest = Math.trunc(ms);
  if (rest === 0) return '0s';
  let sign = '';
  if (rest < 0) {
    sign = '-';
    rest = -rest;
  }
  let out = '';
  for (const [unit, size, exact] of PRINT_UNITS) {
    if (exact && rest % size !== 0) continue;
    const v = Math.floor(rest / size);
    if (v > 0) {
      out += `${v}${unit}`;
      rest -= v * size;
    }
  }
  return sign + out;
}

/** timestampFromSeconds is timestamp.FromFloatSeconds: milliseconds, rounded. */
export function timestampFromSeconds(seconds: number): number {
  return goRound(seconds * 1000);
}
