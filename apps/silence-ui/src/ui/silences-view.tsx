// The silences view: active, pending and expired silences, searched by matcher or text.

import { useMemo, useRef } from 'preact/hooks';
import type { GettableSilence } from '../api/types';
import type { SilencesRoute } from '../lib/route';
import { mutedCounts, readQuery, silenceMatchesQuery } from '../lib/silence-search';
import { useApp } from './app-context';
import { ErrorBox, Loading } from './common';
import { useInterval, useNow, useResource, useSlashToFocus } from './hooks';
import { SilenceCard } from './silence-card';

const TABS: readonly [SilencesRoute['state'], string][] = [
  ['', 'All'],
  ['active', 'Active'],
  ['pending', 'Pending'],
  ['expired', 'Expired'],
];

/** SilencesView lists silences with a search box and state tabs. */
export function SilencesView(props: { route: SilencesRoute }) {
  const { api, navigate } = useApp();
  const r = props.route;
  const now = useNow();
  const search = useRef<HTMLInputElement>(null);
  useSlashToFocus(search);
  const silences = useResource(() => api.silences(), []);
  const alerts = useResource(() => api.alerts(), []);
  const reload = (): void => {
    silences.reload();
    alerts.reload();
  };
  useInterval(reload, 30_000);

  const query = readQuery(r.q);
  const counts = useMemo(() => mutedCounts(alerts.data ?? []), [alerts.data]);
  const found = (silences.data ?? []).filter((s) => silenceMatchesQuery(s, query));
  const inTab = (s: GettableSilence): boolean => r.state === '' || s.status.state === r.state;
  const shown = found.filter(inTab);

  return (
    <section aria-labelledby="silences-title">
      <div class="view-head">
        <h1 id="silences-title">Silences</h1>
        <a class="btn btn-primary" href="#/silences/new">
          New silence
        </a>
      </div>
      <div class="filter-bar">
        <label for="silence-search" class="filter-label">
          Search
        </label>
        <div class="filter-field">
          <input
            id="silence-search"
            ref={search}
            type="search"
            spellcheck={false}
            autocomplete="off"
            placeholder='instance="db1", or text: a name, a ticket, an ID'
            value={r.q}
            aria-invalid={query.kind === 'error'}
            aria-describedby="silence-search-help"
            onInput={(e) => navigate({ ...r, q: e.currentTarget.value }, { replace: true })}
          />
        </div>
        <p
          id="silence-search-help"
          class={query.kind === 'error' ? 'field-error' : 'field-help'}
          aria-live="polite"
        >
          {query.kind === 'error'
            ? query.error
            : query.kind === 'matchers'
              ? 'Silences with these matchers, or whose matcher on the label accepts the value.'
              : 'Matchers (team="db") find silences by what they match; other text searches creator, comment and ID.'}
        </p>
      </div>
      <nav class="tabs" aria-label="Silence state">
        {TABS.map(([state, label]) => {
          const n = found.filter((s) => state === '' || s.status.state === state).length;
          return (
            <a
              key={state}
              href={`#/silences?${new URLSearchParams({ ...(r.q ? { q: r.q } : {}), ...(state ? { state } : {}) })}`}
              class={r.state === state ? 'tab tab-current' : 'tab'}
              aria-current={r.state === state ? 'page' : undefined}
            >
              {label} <span class="count">{silences.data ? n : ''}</span>
            </a>
          );
        })}
      </nav>
      <ErrorBox error={silences.error} />
      {!silences.data && !silences.error && <Loading what="silences" />}
      {silences.data && shown.length === 0 && <p class="empty">No silences here.</p>}
      <div class="silence-list">
        {shown.map((s) => (
          <SilenceCard key={s.id} silence={s} mutes={counts.get(s.id) ?? 0} now={now} onChanged={reload} />
        ))}
      </div>
    </section>
  );
}
