// The live preview: exactly which current alerts the silence would mute, with warnings when it looks too broad.

import type { GettableAlert } from '../api/types';
import { alertStates } from '../lib/alerts';
import type { Preview } from '../lib/preview';
import { LabelChips, StateBadge } from './common';

/** PreviewPanel shows the preview, or why there is none yet. */
export function PreviewPanel(props: {
  preview: Preview | undefined;
  blocked?: string;
  startsLater: boolean;
  loading: boolean;
  onRefresh: () => void;
}) {
  const p = props.preview;
  return (
    <section class="preview" aria-labelledby="preview-title" aria-live="polite">
      <div class="view-head">
        <h2 id="preview-title">Preview</h2>
        <button type="button" class="btn btn-small" onClick={props.onRefresh} disabled={props.loading}>
          {props.loading ? 'Refreshing…' : 'Refresh alerts'}
        </button>
      </div>
      {props.blocked ? (
        <p class="muted">{props.blocked}</p>
      ) : p ? (
        <>
          <p class="preview-summary" data-count={p.matched.length}>
            {props.startsLater ? 'Once it starts, this silence would mute ' : 'This silence will mute '}
            <strong>{p.matched.length}</strong> of {p.total} current alert{p.total === 1 ? '' : 's'}.
          </p>
          {p.warnings.map((w) => (
            <p key={w} class="notice notice-warn" role="alert">
              {w}
            </p>
          ))}
          <ul class="preview-list">
            {p.matched.map((a: GettableAlert) => (
              <li key={a.fingerprint} class="preview-alert" data-fingerprint={a.fingerprint}>
                <span class="states">
                  {alertStates(a).map((s) => (
                    <StateBadge key={s} state={s} />
                  ))}
                </span>
                <LabelChips labels={a.labels} class="chips-small" />
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p class="muted">Loading current alerts…</p>
      )}
    </section>
  );
}
