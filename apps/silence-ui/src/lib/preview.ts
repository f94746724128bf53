// The editor's preview: which current alerts a silence would mute, computed in the browser with the matcher code
// the alertmanager itself uses (a silence matches when every matcher matches; a missing label is "").

import { matchersMatch, type Matcher } from '@vigil/model';
import type { GettableAlert } from '../api/types';

/** PREVIEW_WARN_THRESHOLD is how many muted alerts make the preview warn that the silence may be too broad. */
export const PREVIEW_WARN_THRESHOLD = 10;

/** Preview is what a silence would mute among the current alerts. */
export interface Preview {
  matched: GettableAlert[];
  total: number;
  warnings: string[];
}

/** previewSilence lists the alerts the matchers select and warns when that looks too broad. */
export function previewSilence(
  matchers: readonly Matcher[],
  alerts: readonly GettableAlert[],
  threshold = PREVIEW_WARN_THRESHOLD,
): Preview {
  if (matchers.length === 0) return { matched: [], total: alerts.length, warnings: [] };
  const matched = alerts.filter((a) => matchersMatch(matchers, a.labels));
  const warnings: string[] = [];
  if (matchesAnything(matchers)) {
    warnings.push(
      'These matchers accept any value: the silence would mute nearly every alert, now and later.',
    );
  } else if (matched.length > 1 && matched.length === alerts.length) {
    warnings.push(`This silence would mute every current alert (${alerts.length}).`);
  }
  if (matched.length > threshold) {
    warnings.push(
      `This silence would mute ${matched.length} alerts, more than ${threshold}. Is it too broad?`,
    );
  }
  return { matched, total: alerts.length, warnings };
}

// Label values (or "" when the label is missing) that no real silence accepts all of; a matcher set that accepts
// them all (`job=~".*"`, `team!="nobody"`) selects nearly every alert that exists or will.
const PROBES = ['', 'a', 'critical', 'x y', '0', 'Ω'];

/** matchesAnything tells whether every matcher accepts any value, so the set would mute nearly every alert. */
export function matchesAnything(matchers: readonly Matcher[]): boolean {
  return matchers.every((m) => PROBES.every((v) => m.matches(v)));
}
