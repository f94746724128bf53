import type { Labels } from '@vigil/model';

/** Alert is an alert as the alertmanager holds it (Alertmanager's types.Alert); times are ms since the epoch. */
export interface Alert {
  labels: Labels;
  annotations: Labels;
  startsAt: number;
  /** When the alert stops being active; 0 is never set. */
  endsAt: number;
  generatorURL: string;
  updatedAt: number;
  /** True when endsAt was not sent and was set to receive time + resolve_timeout. */
  timeout: boolean;
  /** 16 hex digits, FNV-1a 64 of the labels (computed once at intake). */
  fingerprint: string;
}

/** isResolved tells whether an alert has ended at `now`. */
export function isResolved(a: Alert, now: number): boolean {
  return a.endsAt !== 0 && a.endsAt <= now;
}
