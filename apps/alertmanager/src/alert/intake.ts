import { fingerprint, type Labels, type MatcherMode } from '@vigil/model';
import type { Alert } from './alert';
import { toWellFormed, validateAlert } from './validate';

/** AlertInput is one alert as `POST /api/v2/alerts` or the alert queue delivers it (times are RFC 3339 strings). */
export interface AlertInput {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
}

/** IntakeOptions are the receive time and the config values intake depends on. */
export interface IntakeOptions {
  /** Receive time (ms): becomes every alert's updatedAt. */
  now: number;
  /** `global.resolve_timeout` (ms): how long an alert sent without endsAt stays active. */
  resolveTimeoutMs: number;
  /** Label name rules (Alertmanager's matcher feature flags); default fallback, which accepts UTF-8 names. */
  labelNameMode?: MatcherMode;
}

/** IntakeResult is the valid alerts to store and one error text per rejected alert. */
export interface IntakeResult {
  alerts: Alert[];
  /** Validation errors in input order, e.g. `at least one label pair required`. */
  errors: string[];
  /** Alerts received active / already ended (counted before validation, as `alertmanager_alerts_received_total`). */
  firing: number;
  resolved: number;
}

/** GO_ZERO_TIME_MS is Go's zero time.Time (0001-01-01T00:00:00Z), which Alertmanager treats as "not set". */
export const GO_ZERO_TIME_MS = -62135596800000;

const EMPTY_LABELS: Labels = Object.freeze({}) as Labels;

class TimeParseError extends Error {}

function parseTime(field: string, s: string | undefined): number {
  if (s === undefined || s === '') return 0;
  const ms = Date.parse(s);
  if (Number.isNaN(ms))
    throw new TimeParseError(`invalid ${field} ${JSON.stringify(s)}: not an RFC 3339 time`);
  return ms === GO_ZERO_TIME_MS ? 0 : ms;
}

function copyLabels(src: Record<string, string> | undefined, dropEmpty: boolean): Labels {
  if (src === undefined) return EMPTY_LABELS;
  let out: Labels | undefined;
  for (const name in src) {
    const value = src[name];
    if (typeof value !== 'string' || (dropEmpty && value === '')) continue;
    out ??= {};
    out[toWellFormed(name)] = toWellFormed(value);
  }
  return out ?? EMPTY_LABELS;
}

/**
 * normalizeAlerts turns received alerts into stored ones as Alertmanager's `postAlertsHandler` does: updatedAt =
 * now; a missing startsAt becomes endsAt if set, else now; a missing endsAt becomes now + resolve_timeout with
 * `timeout` set; labels with empty values are dropped; then each alert is validated on its own, so one bad alert
 * does not reject the others. Join `errors` with "\n" for the 400 response (Go's errors.Join).
 */
export function normalizeAlerts(inputs: readonly AlertInput[], opts: IntakeOptions): IntakeResult {
  const { now, resolveTimeoutMs } = opts;
  const mode = opts.labelNameMode ?? 'fallback';
  const result: IntakeResult = { alerts: [], errors: [], firing: 0, resolved: 0 };
  for (const input of inputs) {
    let startsAt: number;
    let endsAt: number;
    try {
      startsAt = parseTime('startsAt', input.startsAt);
      endsAt = parseTime('endsAt', input.endsAt);
    } catch (err) {
      if (!(err instanceof TimeParseError)) throw err;
      result.errors.push(err.message);
      continue;
    }
    if (startsAt === 0) startsAt = endsAt === 0 ? now : endsAt;
    let timeout = false;
    if (endsAt === 0) {
      timeout = true;
      endsAt = now + resolveTimeoutMs;
    }
    if (endsAt > now) result.firing++;
    else result.resolved++;

    const labels = copyLabels(input.labels, true);
    const annotations = copyLabels(input.annotations, false);
    const err = validateAlert({ labels, annotations, startsAt, endsAt }, mode);
    if (err !== undefined) {
      result.errors.push(err);
      continue;
    }
    result.alerts.push({
      labels,
      annotations,
      startsAt,
      endsAt,
      generatorURL: input.generatorURL ?? '',
      updatedAt: now,
      timeout,
      fingerprint: fingerprint(labels),
    });
  }
  return result;
}
