// The alerts view: groups (the route's, or by a picked label), a matcher filter kept in the URL, and which muted
// alerts to show.

import { newMatcher } from '@vigil/model';
import { useMemo } from 'preact/hooks';
import type { AlertStateFilter, GettableAlert } from '../api/types';
import { groupByLabel, labelNames, routeGroups, type ShownGroup } from '../lib/alerts';
import { formatFilter, labelsToFilter, parseFilter } from '../lib/filter';
import { newSilenceHash, type AlertsRoute } from '../lib/route';
import { AlertCard } from './alert-card';
import { useApp } from './app-context';
import { ErrorBox, LabelChips, Loading } from './common';
import { FilterBar } from './filter-bar';
import { useInterval, useNow, useResource } from './hooks';

const REFRESH_MS = 30_000;

/** AlertsView lists the current alerts as the route asks. */
export function AlertsView(props: { route: AlertsRoute }) {
  const { api, navigate } = useApp();
  const r = props.route;
  const now = useNow();
  const parsed = parseFilter(r.filter);
  const matchers = parsed.ok ? parsed.matchers : [];
  const states: AlertStateFilter = { active: true, silenced: r.silenced, inhibited: r.inhibited };

  const shown = useResource<ShownGroup[]>(
    async () =>
      r.groupBy === ''
        ? routeGroups(await api.alertGroups(matchers, states))
        : groupByLabel(await api.alerts(matchers, states), r.groupBy),
    [r.filter, r.groupBy, r.silenced, r.inhibited],
  );
  // Every current alert: for the group-by picker and to show which alert inhibits another.
  const all = useResource(() => api.alerts(), []);
  const reload = (): void => {
    shown.reload();
    all.reload();
  };
  useInterval(reload, REFRESH_MS);

  const byFingerprint = useMemo(
    () => new Map((all.data ?? []).map((a): [string, GettableAlert] => [a.fingerprint, a])),
    [all.data],
  );
  const names = useMemo(() => labelNames(all.data ?? []), [all.data]);
  const update = (over: Partial<AlertsRoute>, replace = false): void =>
    navigate({ ...r, ...over }, { replace });
  const pick = (name: string, value: string): void => {
    const m = newMatcher('=', name, value);
    if (!matchers.some((x) => x.equals(m))) update({ filter: formatFilter([...matchers, m]) });
  };
  const groups = shown.data ?? [];
  const count = groups.reduce((n, g) => n + g.alerts.length, 0);

  return (
    <section aria-labelledby="alerts-title">
      <div class="view-head">
        <h1 id="alerts-title">Alerts</h1>
        <button type="button" class="btn" onClick={reload} disabled={shown.loading}>
          {shown.loading ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      <FilterBar value={r.filter} onApply={(filter) => update({ filter }, true)} />
      <div class="toolbar">
        <label>
          Group by{' '}
          <select value={r.groupBy} onChange={(e) => update({ groupBy: e.currentTarget.value })}>
            <option value="">the route's groups</option>
            {[...new Set([...names, ...(r.groupBy ? [r.groupBy] : [])])].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={r.silenced}
            onChange={(e) => update({ silenced: e.currentTarget.checked })}
          />{' '}
          Show silenced
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={r.inhibited}
            onChange={(e) => update({ inhibited: e.currentTarget.checked })}
          />{' '}
          Show inhibited
        </label>
        <span class="muted" role="status" aria-live="polite">
          {shown.data
            ? `${count} alert${count === 1 ? '' : 's'} in ${groups.length} group${groups.length === 1 ? '' : 's'}`
            : ''}
        </span>
      </div>
      <ErrorBox error={shown.error} />
      {!shown.data && !shown.error && <Loading what="alerts" />}
      {shown.data && groups.length === 0 && <p class="empty">No alerts match.</p>}
      {groups.map((g) => (
        <section key={g.key} class="group" aria-label={`Group ${JSON.stringify(g.labels)}`}>
          <header class="group-head">
            {Object.keys(g.labels).length > 0 ? (
              <LabelChips labels={g.labels} />
            ) : (
              <span class="muted">{r.groupBy ? `no ${r.groupBy} label` : 'all alerts (no grouping)'}</span>
            )}
            <span class="muted">
              {g.receiver && <>receiver {g.receiver} · </>}
              {g.alerts.length} alert{g.alerts.length === 1 ? '' : 's'}
            </span>
            {Object.keys(g.labels).length > 0 && (
              <a class="btn btn-small" href={newSilenceHash(labelsToFilter(g.labels))}>
                Silence group
              </a>
            )}
          </header>
          {g.alerts.map((a) => (
            <AlertCard key={a.fingerprint} alert={a} now={now} byFingerprint={byFingerprint} onPick={pick} />
          ))}
        </section>
      ))}
    </section>
  );
}
