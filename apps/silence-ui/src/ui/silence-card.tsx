// One silence: state, matchers, who and why, when, how many alerts it mutes now, and its actions.

import { useState } from 'preact/hooks';
import type { GettableSilence } from '../api/types';
import { formatApiMatcher, formatFilter, fromApi } from '../lib/filter';
import { alertsRoute, formatHash } from '../lib/route';
import { formatTime, silenceTiming } from '../lib/time';
import { useApp } from './app-context';
import { ErrorBox, MatcherChips, StateBadge } from './common';
import { ConfirmButton } from './confirm-button';

/** SilenceCard shows a silence; `mutes` is how many current alerts the API reports it silences. */
export function SilenceCard(props: {
  silence: GettableSilence;
  mutes: number;
  now: number;
  onChanged: () => void;
}) {
  const { api, flash } = useApp();
  const [error, setError] = useState<Error | undefined>();
  const s = props.silence;
  const state = s.status.state;
  const starts = Date.parse(s.startsAt);
  const ends = Date.parse(s.endsAt);
  const matchers = s.matchers.map(fromApi).filter((m) => m !== undefined);
  const alertsLink = formatHash(alertsRoute({ filter: formatFilter(matchers) }));
  const expire = async (): Promise<void> => {
    setError(undefined);
    try {
      await api.expireSilence(s.id);
      flash({ kind: 'ok', text: `Silence ${s.id} expired.` });
      props.onChanged();
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    }
  };
  return (
    <article class={`silence-card silence-${state}`} data-silence-id={s.id} aria-label={`Silence ${s.id}`}>
      <div class="silence-head">
        <StateBadge state={state} />
        <span class="timing">{silenceTiming(starts, ends, props.now)}</span>
        <a class="mutes" href={alertsLink}>
          {state === 'active'
            ? `mutes ${props.mutes} alert${props.mutes === 1 ? '' : 's'} now`
            : 'matching alerts'}
        </a>
      </div>
      <MatcherChips matchers={s.matchers.map(formatApiMatcher)} />
      <p class="comment">{s.comment}</p>
      <dl class="facts">
        <div>
          <dt>Created by</dt>
          <dd>{s.createdBy}</dd>
        </div>
        <div>
          <dt>Starts</dt>
          <dd>
            <time dateTime={s.startsAt}>{formatTime(starts)}</time>
          </dd>
        </div>
        <div>
          <dt>Ends</dt>
          <dd>
            <time dateTime={s.endsAt}>{formatTime(ends)}</time>
          </dd>
        </div>
        <div>
          <dt>ID</dt>
          <dd class="mono">{s.id}</dd>
        </div>
      </dl>
      <div class="actions">
        {state === 'expired' ? (
          <a class="btn" href={`#/silences/new?from=${encodeURIComponent(s.id)}`}>
            Recreate
          </a>
        ) : (
          <>
            <a class="btn" href={`#/silences/${encodeURIComponent(s.id)}/edit`}>
              Edit
            </a>
            <ConfirmButton
              label="Expire"
              question="Expire this silence now?"
              confirmLabel="Expire now"
              danger
              onConfirm={expire}
            />
          </>
        )}
      </div>
      <ErrorBox error={error} />
    </article>
  );
}
