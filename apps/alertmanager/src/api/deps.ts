import type { MatcherMode } from '@vigil/model';
import type { Registry } from 'prom-client';
import type { AlertStore } from '../alert/alert-store';
import type { AlertmanagerConfig } from '../config/config';
import type { Dispatcher } from '../dispatch/dispatcher';
import type { Inhibitor } from '../inhibit/inhibitor';
import type { Silencer } from '../silence/silencer';
import type { Silences } from '../silence/silences';
import type { ClusterStatus, VersionInfo } from './status-schemas';

/** ApiConfigState is what a config (re)load replaces, read once per request so a request sees one config. */
export interface ApiConfigState {
  /** The loaded config: receivers (names, labels), `global.resolve_timeout`, and the redacted text for /status. */
  config: AlertmanagerConfig;
  /** The dispatcher built from this config: groups for /alerts/groups, routing (receivers) for /alerts. */
  dispatcher: Pick<Dispatcher, 'groups' | 'receiversFor'>;
  /** The inhibitor built from this config's inhibit_rules. */
  inhibitor: Pick<Inhibitor, 'inhibitedBy'>;
}

/** AlertmanagerApiDeps is everything the API v2 plugins read and write; the composition root builds it once. */
export interface AlertmanagerApiDeps {
  /** The alert store: listed by GET /alerts, written by POST /alerts. */
  alerts: Pick<AlertStore, 'list' | 'put'>;
  silences: Pick<Silences, 'set' | 'expire' | 'get' | 'query'>;
  /** Answers `status.silencedBy` (shares its cache with the notification pipeline's silence stage). */
  silencer: Pick<Silencer, 'silencedBy'>;
  /** The current config and what was built from it. */
  current: () => ApiConfigState;
  /** Time intervals muting a group now (the pipeline's GroupMarker, see GroupMuteMarker); default none. */
  groupMutedBy?: (routeId: string, groupKey: string) => readonly string[];
  /** Clock in ms; default Date.now. Use the one the silences and the store use. */
  now?: () => number;
  /** Process start (ms), reported as `uptime`. */
  startedAt: number;
  versionInfo: VersionInfo;
  /** Cluster status; default `{status: "disabled", peers: []}` (Vigil replicas share Redis, not gossip). */
  cluster?: () => ClusterStatus;
  /** Where `alertmanager_alerts_received_total` and `alertmanager_alerts_invalid_total` are registered; default none. */
  registry?: Registry;
  /** Matcher parser for `filter` parameters (Alertmanager's feature flags); default `fallback`. */
  matcherMode?: MatcherMode;
}
