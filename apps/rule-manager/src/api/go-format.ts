/** GO_ZERO_TIME is how Go's encoding/json prints a zero time.Time, which Prometheus emits for "never". */
export const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

/** formatGoTime prints a time as Go's time.Time JSON encoding (RFC 3339 with only needed fraction digits). */
export function formatGoTime(ms: number | undefined): string {
  if (ms === undefined) return GO_ZERO_TIME;
  // toISOString always prints milliseconds; Go prints only the digits that are needed.
  return new Date(ms)
    .toISOString()
    .replace(/\.000Z$/, 'Z')
    .replace(/(\.\d*?)0+Z$/, '$1Z');
}

/** formatGoFloatE prints a float as Go's strconv.FormatFloat(v, 'e', -1, 64), as Prometheus's alert values. */
export function formatGoFloatE(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const [mantissa, exp = '0'] = v.toExponential().split('e');
  const sign = exp.startsWith('-') ? '-' : '+';
  const digits = exp.replace(/^[+-]/, '').padStart(2, '0');
  return `${mantissa}e${sign}${digits}`;
}
