// One alert: state and what mutes it, labels, annotations, since when, and links to its source and to silence it.

import type { GettableAlert } from '../api/types';
import { alertStates, safeHref } from '../lib/alerts';
import { labelsToFilter } from '../lib/filter';
import { newSilenceHash } from '../lib/route';
import { LabelChips, Since, StateBadge } from './common';

// Annotations people read first; the rest follow by name.
const FIRST_ANNOTATIONS = ['summary', 'description', 'message', 'runbook_url'];

function annotationOrder(a: string, b: string): number {
  const ia = FIRST_ANNOTATIONS.indexOf(a);
  const ib = FIRST_ANNOTATIONS.indexOf(b);
  if (ia !== ib) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** AlertCard shows one alert; `byFingerprint` resolves inhibiting alerts; `onPick` filters on a clicked label. */
export function AlertCard(props: {
  alert: GettableAlert;
  now: number;
  byFingerprint: Map<string, GettableAlert>;
  onPick?: (name: string, value: string) => void;
}) {
  const a = props.alert;
  const href = safeHref(a.generatorURL);
  const annotations = Object.keys(a.annotations).sort(annotationOrder);
  return (
    <article
      class="alert-card"
      data-fingerprint={a.fingerprint}
      aria-label={`Alert ${a.labels.alertname ?? a.fingerprint}`}
    >
      <div class="alert-head">
        <span class="states">
          {alertStates(a).map((s) => (
            <StateBadge key={s} state={s} />
          ))}
        </span>
        <Since at={a.startsAt} now={props.now} />
        <span class="alert-actions">
          {href && (
            <a class="btn btn-small" href={href} target="_blank" rel="noopener noreferrer">
              Source
            </a>
          )}
          <a class="btn btn-small" href={newSilenceHash(labelsToFilter(a.labels))}>
            Silence
          </a>
        </span>
      </div>
      <LabelChips labels={a.labels} onPick={props.onPick} />
      {annotations.length > 0 && (
        <dl class="annotations">
          {annotations.map((k) => (
            <div key={k} class="annotation">
              <dt>{k}</dt>
              <dd>
                <AnnotationValue value={a.annotations[k] ?? ''} />
              </dd>
            </div>
          ))}
        </dl>
      )}
      {!href && a.generatorURL && (
        <p class="muted small">
          Source: <span class="mono">{a.generatorURL}</span>
        </p>
      )}
      {a.status.silencedBy.length > 0 && (
        <p class="muted-by">
          Silenced by{' '}
          {a.status.silencedBy.map((id, i) => (
            <span key={id}>
              {i > 0 && ', '}
              <a class="mono" href={`#/silences?q=${encodeURIComponent(id)}`}>
                {id}
              </a>
            </span>
          ))}
        </p>
      )}
      {a.status.inhibitedBy.length > 0 && (
        <div class="muted-by">
          Inhibited by
          <ul class="inhibitors">
            {a.status.inhibitedBy.map((fp) => {
              const source = props.byFingerprint.get(fp);
              return (
                <li key={fp}>
                  {source ? (
                    <LabelChips labels={source.labels} class="chips-small" />
                  ) : (
                    <span class="mono">{fp}</span>
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      )}
      {(a.status.mutedBy ?? []).length > 0 && (
        <p class="muted-by">Muted by time interval {(a.status.mutedBy ?? []).join(', ')}</p>
      )}
    </article>
  );
}

// A value that is nothing but an http(s) URL (runbook_url, dashboard) becomes a link; everything else stays text.
function AnnotationValue(props: { value: string }) {
  const href = /\s/.test(props.value) ? undefined : safeHref(props.value);
  if (!href) return <>{props.value}</>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {props.value}
    </a>
  );
}
