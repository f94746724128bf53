// Create and edit a silence: matchers (pre-filled from a link, an alert or a group), times, who and why, and a live
// preview of the alerts it will mute, checked by Alertmanager's rules before anything is sent.

import { useMemo, useState } from 'preact/hooks';
import type { GettableAlert, GettableSilence } from '../api/types';
import { previewSilence } from '../lib/preview';
import type { EditSilenceRoute, NewSilenceRoute } from '../lib/route';
import {
  checkForm,
  copyForm,
  formFromSilence,
  newForm,
  rowsFromFilter,
  toPostable,
  type SilenceForm,
} from '../lib/silence-form';
import { useApp } from './app-context';
import { ErrorBox, Loading } from './common';
import { ConfirmButton } from './confirm-button';
import { useResource } from './hooks';
import { MatcherEditor } from './matcher-editor';
import { PreviewPanel } from './preview-panel';
import { TimeFields } from './time-fields';

const AUTHOR_KEY = 'vigil.silence-ui.author';

function rememberedAuthor(): string {
  try {
    return localStorage.getItem(AUTHOR_KEY) ?? '';
  } catch {
    return '';
  }
}

interface Initial {
  form: SilenceForm;
  /** The silence being edited (undefined for a new one). */
  original?: GettableSilence;
  note?: string;
  filterError?: string;
}

/** SilenceEditor loads what the route asks for and shows the form. */
export function SilenceEditor(props: { route: NewSilenceRoute | EditSilenceRoute }) {
  const { api } = useApp();
  const r = props.route;
  const key = JSON.stringify(r);
  const initial = useResource<Initial>(async () => {
    const now = Date.now();
    if (r.name === 'silence-edit') {
      const s = await api.silence(r.id);
      if (s.status.state === 'expired') {
        return {
          form: copyForm(s, now),
          note: 'This silence has expired: saving creates a new one like it.',
        };
      }
      return { form: formFromSilence(s, true), original: s };
    }
    if (r.from) {
      const s = await api.silence(r.from);
      return { form: copyForm(s, now), note: `A copy of silence ${s.id}, starting now.` };
    }
    const { rows, error } = rowsFromFilter(r.filter);
    const form = newForm(
      rows.length > 0 ? rows : [{ name: '', op: '=', value: '' }],
      now,
      rememberedAuthor(),
    );
    return error ? { form, filterError: `The link's filter is not valid: ${error}` } : { form };
  }, [key]);
  if (initial.error) return <ErrorBox error={initial.error} />;
  if (!initial.data) return <Loading what="the silence" />;
  return <EditorForm key={key} initial={initial.data} />;
}

function EditorForm(props: { initial: Initial }) {
  const { api, navigate, flash } = useApp();
  const original = props.initial.original;
  const [form, setForm] = useState(props.initial.form);
  const [submitted, setSubmitted] = useState(false);
  // A new silence whose start the user left alone starts when it is saved, for the length chosen.
  const [startTouched, setStartTouched] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const alerts = useResource(() => api.alerts(), []);

  const now = Date.now();
  const check = checkForm(form, now);
  const rowsOk = form.matchers.length > 0 && check.rowErrors.every((e) => e === undefined);
  const preview = useMemo(
    () => (alerts.data && rowsOk ? previewSilence(check.matchers, alerts.data) : undefined),
    [alerts.data, rowsOk, JSON.stringify(form.matchers)],
  );
  const labelValues = useMemo(() => valuesByName(alerts.data ?? []), [alerts.data]);
  const shown = submitted ? check.errors : { endsAt: check.errors.endsAt, startsAt: check.errors.startsAt };
  const update = (over: Partial<SilenceForm>): void => setForm((f) => ({ ...f, ...over }));

  const save = async (e: Event): Promise<void> => {
    e.preventDefault();
    setSubmitted(true);
    setError(undefined);
    if (!check.ok) {
      document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    setSaving(true);
    try {
      const startNow = !original && !startTouched;
      const t = Date.now();
      const body = startNow ? { ...form, startsAt: t, endsAt: t + (form.endsAt - form.startsAt) } : form;
      const id = await api.saveSilence(toPostable(body));
      try {
        localStorage.setItem(AUTHOR_KEY, form.createdBy.trim());
      } catch {
        // Remembering the author is a convenience only.
      }
      const replaced = original && id !== original.id;
      flash(
        {
          kind: 'ok',
          text: replaced
            ? `Silence saved as ${id}; it replaces ${original.id}, which is now expired.`
            : `Silence ${id} saved.`,
        },
        { afterNavigation: true },
      );
      navigate({ name: 'silences', q: id, state: '' });
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setSaving(false);
    }
  };

  const expire = async (): Promise<void> => {
    if (!original) return;
    try {
      await api.expireSilence(original.id);
      flash({ kind: 'ok', text: `Silence ${original.id} expired.` }, { afterNavigation: true });
      navigate({ name: 'silences', q: '', state: '' });
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    }
  };

  const title = original ? 'Edit silence' : 'New silence';
  return (
    <section aria-labelledby="editor-title">
      <div class="view-head">
        <h1 id="editor-title">{title}</h1>
        {original && <span class="mono muted">{original.id}</span>}
      </div>
      {props.initial.note && <p class="notice">{props.initial.note}</p>}
      {props.initial.filterError && (
        <p class="notice notice-error" role="alert">
          {props.initial.filterError}
        </p>
      )}
      {original && (
        <p class="notice">
          Saving replaces this silence. As in Alertmanager, a change to the end time or comment updates it in
          place; a change to its matchers or start expires it and creates a new silence with a new ID.
        </p>
      )}
      <div class="editor">
        <form class="editor-form" onSubmit={save} noValidate>
          <MatcherEditor
            rows={form.matchers}
            errors={check.rowErrors}
            onChange={(matchers) => update({ matchers })}
            names={[...labelValues.keys()].sort()}
            valuesOf={(name) => labelValues.get(name) ?? []}
            error={submitted ? check.errors.matchers : undefined}
          />
          <TimeFields
            startsAt={form.startsAt}
            endsAt={form.endsAt}
            onChange={(startsAt, endsAt) => {
              if (startsAt !== form.startsAt) setStartTouched(true);
              update({ startsAt, endsAt });
            }}
            errors={shown}
            now={() => Date.now()}
          />
          <fieldset>
            <legend>Who and why</legend>
            <div class="field">
              <label for="silence-creator">Creator</label>
              <input
                id="silence-creator"
                autocomplete="username"
                value={form.createdBy}
                required
                aria-invalid={shown.createdBy !== undefined}
                aria-describedby={shown.createdBy ? 'silence-creator-error' : undefined}
                onInput={(e) => update({ createdBy: e.currentTarget.value })}
              />
              {shown.createdBy && (
                <p class="field-error" id="silence-creator-error">
                  {shown.createdBy}
                </p>
              )}
            </div>
            <div class="field">
              <label for="silence-comment">Comment</label>
              <textarea
                id="silence-comment"
                rows={3}
                value={form.comment}
                required
                aria-invalid={shown.comment !== undefined}
                aria-describedby={shown.comment ? 'silence-comment-error' : undefined}
                onInput={(e) => update({ comment: e.currentTarget.value })}
              />
              {shown.comment && (
                <p class="field-error" id="silence-comment-error">
                  {shown.comment}
                </p>
              )}
            </div>
          </fieldset>
          <ErrorBox error={error}>
            <strong>Not saved. </strong>
          </ErrorBox>
          <div class="actions">
            <button type="submit" class="btn btn-primary" disabled={saving}>
              {saving ? 'Saving…' : original ? 'Save changes' : 'Create silence'}
            </button>
            <a class="btn" href="#/silences">
              Cancel
            </a>
            {original && (
              <ConfirmButton
                label="Expire"
                question="Expire this silence now?"
                confirmLabel="Expire now"
                danger
                onConfirm={expire}
              />
            )}
          </div>
        </form>
        <PreviewPanel
          preview={preview}
          blocked={
            alerts.error
              ? `Current alerts could not be loaded: ${alerts.error.message}`
              : rowsOk
                ? undefined
                : 'Enter valid matchers to see which alerts this silence would mute.'
          }
          startsLater={Number.isFinite(form.startsAt) && form.startsAt > now}
          loading={alerts.loading}
          onRefresh={alerts.reload}
        />
      </div>
    </section>
  );
}

function valuesByName(alerts: readonly GettableAlert[]): Map<string, string[]> {
  const sets = new Map<string, Set<string>>();
  for (const a of alerts) {
    for (const [k, v] of Object.entries(a.labels)) {
      const s = sets.get(k) ?? new Set<string>();
      s.add(v);
      sets.set(k, s);
    }
  }
  return new Map([...sets].map(([k, s]) => [k, [...s].sort()]));
}
