import { GO_ZERO_TIME, formatRfc3339Nano } from '@vigil/model';

export { GO_ZERO_TIME };

/** formatGoTime prints a time as Go's time.Time JSON encoding; undefined (never) is Go's zero time. */
export function formatGoTime(ms: number | undefined): string {
  return ms === undefined ? GO_ZERO_TIME : formatRfc3339Nano(ms);
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
