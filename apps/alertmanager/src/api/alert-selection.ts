import type { Labels, Matcher } from '@vigil/model';
import type { Alert } from '../alert/alert';
import { alertFilter, alertStatusOf, type AlertStatusOf } from './alert-view';
import { receiverLabelsOf, type ApiContext } from './api-context';
import type { ApiConfigState } from './deps';
import { boolParam, parseFilter, receiverRegex, type QueryValue } from './query-params';

/** AlertSelectionQuery is what `GET /alerts` and `GET /alerts/groups` share in their query strings. */
export interface AlertSelectionQuery {
  active?: QueryValue;
  silenced?: QueryValue;
  inhibited?: QueryValue;
  filter?: QueryValue;
  receiver?: QueryValue;
  receiver_matchers?: QueryValue;
}

/** AlertSelection is a parsed alert query, bound to the config in force when it was made. */
export interface AlertSelection {
  state: ApiConfigState;
  statusOf: AlertStatusOf;
  /** keep tells whether an alert passes the filter and the active/silenced/inhibited switches. */
  keep: (a: Alert, now: number) => boolean;
  receiverRe: RegExp | undefined;
  receiverMatchers: Matcher[];
  receiverLabels: Map<string, Labels>;
}

/** selectAlerts parses the shared alert query (throwing the API's 400 errors) against the current config. */
export function selectAlerts(ctx: ApiContext, q: AlertSelectionQuery): AlertSelection {
  const matchers = parseFilter(q.filter, ctx.matcherMode);
  const receiverRe = receiverRegex(q.receiver);
  const receiverMatchers = parseFilter(
    q.receiver_matchers,
    ctx.matcherMode,
    'failed to parse receiver_matchers param: ',
  );
  const state = ctx.current();
  const statusOf = alertStatusOf({
    silencedBy: (labels, fp) => ctx.silencer.silencedBy(labels, fp),
    inhibitedBy: (labels) => state.inhibitor.inhibitedBy(labels),
  });
  const keep = alertFilter(
    {
      matchers,
      active: boolParam(q.active, true),
      silenced: boolParam(q.silenced, true),
      inhibited: boolParam(q.inhibited, true),
    },
    statusOf,
  );
  return {
    state,
    statusOf,
    keep,
    receiverRe,
    receiverMatchers,
    receiverLabels: receiverLabelsOf(state.config),
  };
}
