/** GO_ZERO_TIME is how Go prints a zero time.Time in JSON, which Prometheus and Alertmanager emit for "never". */
export const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

/** formatRfc3339Nano prints ms since the epoch as Go's time.Time JSON encoding: UTC, only the fraction digits needed. */
export function formatRfc3339Nano(ms: number): string {
  // toISOString always prints milliseconds; Go prints only the digits that are needed.
  return new Date(ms)
    .toISOString()
    .replace(/\.000Z$/, 'Z')
    .replace(/(\.\d*?)0+Z$/, '$1Z');
}
