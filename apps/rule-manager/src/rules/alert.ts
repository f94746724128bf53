import type { Labels } from '@vigil/model';
import type { AlertStateName, PersistedAlert } from '../state/alert-state-store';

/** RESOLVED_RETENTION_MS is how long a resolved alert is kept (and re-sent), Prometheus's resolvedRetention. */
export const RESOLVED_RETENTION_MS = 15 * 60_000;

/** DEFAULT_RESEND_DELAY_MS is Prometheus's `--rules.alert.resend-delay` default. */
export const DEFAULT_RESEND_DELAY_MS = 60_000;

/** Alert is one instance of an alerting rule, keyed by its labels; times are ms since the epoch. */
export interface Alert {
  state: AlertStateName;
  labels: Labels;
  annotations: Labels;
  /** Sample value at the last evaluation that returned this alert. */
  value: number;
  activeAtMs: number;
  firedAtMs?: number;
  /** Set when the alert went inactive; an active alert never has it. */
  resolvedAtMs?: number;
  lastSentAtMs?: number;
  validUntilMs?: number;
  /** First evaluation at which a firing alert was missing while `keep_firing_for` held it firing. */
  keepFiringSinceMs?: number;
}

/**
 * needsSending is Prometheus's Alert.needsSending: pending alerts never; an alert resolved since it was last
 * sent at once; otherwise when the last send is more than `resendDelayMs` before `ts` (strictly).
 */
export function needsSending(a: Alert, ts: number, resendDelayMs: number): boolean {
  if (a.state === 'pending') return false;
  const lastSent = a.lastSentAtMs ?? Number.NEGATIVE_INFINITY;
  if (a.resolvedAtMs !== undefined && a.resolvedAtMs > lastSent) return true;
  return lastSent + resendDelayMs < ts;
}

/** copyAlert returns an independent copy of an alert (labels and annotations included). */
export function copyAlert(a: Alert): Alert {
  return { ...a, labels: { ...a.labels }, annotations: { ...a.annotations } };
}

/** toPersistedAlert converts an alert to the shape the state store saves. */
export function toPersistedAlert(a: Alert): PersistedAlert {
  const p: PersistedAlert = {
    labels: { ...a.labels },
    annotations: { ...a.annotations },
    state: a.state,
    value: a.value,
    activeAtMs: a.activeAtMs,
  };
  if (a.firedAtMs !== undefined) p.firedAtMs = a.firedAtMs;
  if (a.resolvedAtMs !== undefined) p.resolvedAtMs = a.resolvedAtMs;
  if (a.lastSentAtMs !== undefined) p.lastSentAtMs = a.lastSentAtMs;
  if (a.keepFiringSinceMs !== undefined) p.keepFiringSinceMs = a.keepFiringSinceMs;
  if (a.validUntilMs !== undefined) p.validUntilMs = a.validUntilMs;
  return p;
}

/** fromPersistedAlert converts a saved alert back; a value stored as null (JSON has no NaN) reads as NaN. */
export function fromPersistedAlert(p: PersistedAlert): Alert {
  return copyAlert({ ...p, value: typeof p.value === 'number' ? p.value : Number.NaN });
}
