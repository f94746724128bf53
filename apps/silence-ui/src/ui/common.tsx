// Small pieces the views share: label chips, state badges, messages, relative times.

import type { ComponentChildren } from 'preact';
import type { AlertState } from '../lib/alerts';
import { formatSpan, formatTime } from '../lib/time';
import { useApp } from './app-context';
import { ApiError } from '../api/client';

/** LabelChips shows a label set as `name="value"` chips, as text; with onPick each chip is a button. */
export function LabelChips(props: {
  labels: Record<string, string>;
  onPick?: (name: string, value: string) => void;
  class?: string;
}) {
  const names = Object.keys(props.labels).sort((a, b) =>
    a === 'alertname' ? -1 : b === 'alertname' ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
  return (
    <ul class={`chips ${props.class ?? ''}`}>
      {names.map((n) => {
        const v = props.labels[n] ?? '';
        const body = (
          <>
            <span class="chip-name">{n}</span>
            <span class="chip-op">=</span>
            <span class="chip-value">{v}</span>
          </>
        );
        return (
          <li key={n} class={n === 'alertname' ? 'chip chip-alertname' : 'chip'}>
            {props.onPick ? (
              <button type="button" title={`Filter on ${n}="${v}"`} onClick={() => props.onPick?.(n, v)}>
                {body}
              </button>
            ) : (
              body
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** MatcherChips shows matchers (already printed) as chips. */
export function MatcherChips(props: { matchers: string[] }) {
  return (
    <ul class="chips">
      {props.matchers.map((m, i) => (
        <li key={i} class="chip chip-matcher">
          {m}
        </li>
      ))}
    </ul>
  );
}

/** StateBadge shows an alert or silence state. */
export function StateBadge(props: { state: AlertState | 'pending' | 'expired' }) {
  return <span class={`badge badge-${props.state}`}>{props.state}</span>;
}

/** Since shows when something started and for how long, e.g. "since 12:03 (for 3h 12m)". */
export function Since(props: { at: string; now: number }) {
  const t = Date.parse(props.at);
  return (
    <span class="since">
      <time dateTime={props.at} title={formatTime(t)}>
        {formatTime(t)}
      </time>{' '}
      <span class="muted">(for {formatSpan(props.now - t)})</span>
    </span>
  );
}

/** ErrorBox shows a failed call; auth failures get a button to set the token. */
export function ErrorBox(props: { error: Error | undefined; children?: ComponentChildren }) {
  const { openToken } = useApp();
  if (!props.error) return null;
  const auth = props.error instanceof ApiError && props.error.isAuth;
  return (
    <div class="notice notice-error" role="alert">
      {props.children}
      <span class="notice-text">{props.error.message}</span>
      {auth && (
        <button type="button" class="btn btn-small" onClick={openToken}>
          Set token
        </button>
      )}
    </div>
  );
}

/** Loading shows that a first answer is awaited. */
export function Loading(props: { what: string }) {
  return (
    <p class="muted" role="status">
      Loading {props.what}…
    </p>
  );
}
