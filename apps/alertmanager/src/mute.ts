import type { Labels } from '@vigil/model';

/**
 * Muter answers one question — are notifications for this label set muted? — so that one pipeline stage can serve
 * silences and inhibitions alike (Alertmanager's `types.Muter`).
 */
export interface Muter {
  /** mutes tells whether an alert with these labels must not be notified now. */
  mutes(labels: Labels): boolean;
}
