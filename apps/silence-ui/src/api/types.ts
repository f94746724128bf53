// The shapes of Alertmanager's API v2 (api/v2/openapi.yaml) that the UI reads and writes. Declared here as plain
// types, so the bundle carries no schema library.

/** LabelSet maps label (or annotation) names to values. */
export type LabelSet = Record<string, string>;

/** ApiMatcher is a matcher as the API carries it. */
export interface ApiMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

/** AlertStatus is an alert's processing state and what mutes it. */
export interface AlertStatus {
  state: 'unprocessed' | 'active' | 'suppressed';
  /** IDs of the active silences matching the alert. */
  silencedBy: string[];
  /** Fingerprints of the alerts that inhibit it. */
  inhibitedBy: string[];
  /** Time intervals muting its group. */
  mutedBy?: string[];
}

/** GettableAlert is one alert of `GET /api/v2/alerts`. */
export interface GettableAlert {
  labels: LabelSet;
  annotations: LabelSet;
  startsAt: string;
  endsAt: string;
  updatedAt: string;
  fingerprint: string;
  receivers: { name: string }[];
  status: AlertStatus;
  generatorURL?: string;
}

/** AlertGroup is one group of `GET /api/v2/alerts/groups`: the alerts one route groups together. */
export interface AlertGroup {
  labels: LabelSet;
  receiver: { name: string };
  alerts: GettableAlert[];
}

/** SilenceState is a silence's state relative to now. */
export type SilenceState = 'active' | 'pending' | 'expired';

/** GettableSilence is one silence of `GET /api/v2/silences`. */
export interface GettableSilence {
  id: string;
  status: { state: SilenceState };
  updatedAt: string;
  matchers: ApiMatcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

/** PostableSilence is the body of `POST /api/v2/silences`; with `id` it replaces that silence. */
export interface PostableSilence {
  id?: string;
  matchers: ApiMatcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

/** AlertStateFilter chooses which alerts `GET /api/v2/alerts` returns (all true by default). */
export interface AlertStateFilter {
  active: boolean;
  silenced: boolean;
  inhibited: boolean;
}
