// Prometheus's humanize* family and number/time conversions (template.go and prometheus/common's
// helpers/templates), with Go's `%.4g` formatting and error messages.
import { sprint, sprintf } from '../go/fmt';
import { parseFloat } from '../go/strconv';
import { DURATION } from '../go/time';
import { T } from '../go/types';
import { Value } from '../go/value';

/** convertToFloat is common_templates.ConvertToFloat: float64, string, int, uint, int64, uint64, Duration. */
export function convertToFloat(v: Value): number {
  const t = v.type;
  if (t === T.float64) return v.num();
  if (t === T.string) return parseFloat(v.str());
  if (t === T.int || t === T.uint || t === T.int64 || t === T.uint64) return Number(v.bigint());
  if (t === DURATION) {
    const ns = v.bigint();
    return Number(ns / 1_000_000_000n) + Number(ns % 1_000_000_000n) / 1e9;
  }
  throw new Error(`can't convert ${t ? String(t) : '<nil>'} to float`);
}

function g4(v: number, suffix = ''): string {
  return sprintf('%.4g', [Value.float(v)]) + suffix;
}

/** humanize formats with SI prefixes (k M G … and m u n …) at 4 significant digits. */
export function humanize(input: number): string {
  let v = input;
  if (v === 0 || !Number.isFinite(v)) return g4(v);
  if (Math.abs(v) >= 1) {
    let prefix = '';
    for (const p of ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y']) {
      if (Math.abs(v) < 1000) break;
      prefix = p;
      v /= 1000;
    }
    return g4(v, prefix);
  }
  let prefix = '';
  for (const p of ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y']) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return g4(v, prefix);
}

/** humanize1024 formats with binary prefixes (ki Mi Gi …); |v| ≤ 1 is printed as is. */
export function humanize1024(input: number): string {
  let v = input;
  if (Math.abs(v) <= 1 || !Number.isFinite(v)) return g4(v);
  let prefix = '';
  for (const p of ['ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'Yi']) {
    if (Math.abs(v) < 1024) break;
    prefix = p;
    v /= 1024;
  }
  return g4(v, prefix);
}

/** humanizeDuration formats seconds as `1d 2h 3m 4s`, or with ms/us/ns below one second. */
export function humanizeDuration(input: number): string {
  let v = input;
  if (!Number.isFinite(v)) return g4(v);
  if (v === 0) return g4(v, 's');
  if (Math.abs(v) >= 1) {
    let sign = '';
    if (v < 0) {
      sign = '-';
      v = -v;
    }
    const duration = floatToInt64(v);
    const seconds = duration % 60n;
    const minutes = (duration / 60n) % 60n;
    const hours = (duration / 3600n) % 24n;
    const days = duration / 86400n;
    if (days !== 0n) return `${sign}${days}d ${hours}h ${minutes}m ${seconds}s`;
    if (hours !== 0n) return `${sign}${hours}h ${minutes}m ${seconds}s`;
    if (minutes !== 0n) return `${sign}${minutes}m ${seconds}s`;
    return `${sign}${g4(v)}s`;
  }
  let prefix = '';
  for (const p of ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y']) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return g4(v, `${prefix}s`);
}

/** humanizePercentage formats a ratio as a percentage with 4 significant digits. */
export function humanizePercentage(v: number): string {
  return g4(v * 100, '%');
}

/** floatToInt64 converts like Go's int64(f) on amd64: truncation, with NaN and overflow giving MinInt64. */
export function floatToInt64(f: number): bigint {
  if (!Number.isFinite(f) || f >= 2 ** 63 || f < -(2 ** 63)) return -(2n ** 63n);
  return BigInt(Math.trunc(f));
}

/** NaNOrInfError is errNaNOrInf: the value cannot be a timestamp. */
export class NaNOrInfError extends Error {
  constructor() {
    super('value is NaN or Inf');
  }
}

const MAX_INT64_AS_FLOAT = 2 ** 63;

/**
 * floatToTime converts seconds since the epoch to nanoseconds at millisecond precision, as Prometheus's
 * floatToTime does (through model.TimeFromUnixNano, which truncates to milliseconds).
 */
export function floatToTime(v: number): bigint {
  if (!Number.isFinite(v)) throw new NaNOrInfError();
  const ts = v * 1e9;
  if (ts > MAX_INT64_AS_FLOAT || ts < -MAX_INT64_AS_FLOAT) {
    throw new Error(
      `${sprint([Value.float(v)])} cannot be represented as a nanoseconds timestamp since it overflows int64`,
    );
  }
  // Go converts 2^63 itself to the minimum int64 on amd64.
  const nanos = ts >= MAX_INT64_AS_FLOAT ? -(2n ** 63n) : BigInt(Math.trunc(ts));
  return (nanos / 1_000_000n) * 1_000_000n;
}
