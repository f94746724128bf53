// Start, length and end of a silence: presets, a typed duration, and explicit times, kept consistent.

import { useEffect, useState } from 'preact/hooks';
import {
  DURATION_PRESETS,
  formatDurationInput,
  fromLocalInput,
  parseDurationInput,
  toLocalInput,
} from '../lib/time';

/** TimeFields edits startsAt/endsAt; changing the start keeps the length, a preset or duration moves the end. */
export function TimeFields(props: {
  startsAt: number;
  endsAt: number;
  onChange: (startsAt: number, endsAt: number) => void;
  errors: { startsAt?: string; endsAt?: string };
  now: () => number;
}) {
  const length = props.endsAt - props.startsAt;
  const [durationText, setDurationText] = useState(() => (length > 0 ? formatDurationInput(length) : ''));
  const [durationError, setDurationError] = useState<string | undefined>();
  // Keep the duration field in step when the times change elsewhere (end picked, preset chosen).
  useEffect(() => {
    const typed = parseDurationInput(durationText);
    if (length > 0 && (!typed.ok || Math.abs(typed.ms - length) >= 60_000)) {
      setDurationText(formatDurationInput(length));
      setDurationError(undefined);
    }
  }, [length]);
  const onDuration = (text: string): void => {
    setDurationText(text);
    const d = parseDurationInput(text);
    setDurationError(d.ok ? undefined : d.error);
    if (d.ok) props.onChange(props.startsAt, props.startsAt + d.ms);
  };
  const local = (t: number): string => (Number.isFinite(t) ? toLocalInput(t) : '');
  return (
    <fieldset class="times">
      <legend>When</legend>
      <div class="field">
        <label for="silence-start">Start</label>
        <div class="inline">
          <input
            id="silence-start"
            type="datetime-local"
            value={local(props.startsAt)}
            aria-invalid={props.errors.startsAt !== undefined}
            onInput={(e) => {
              const t = fromLocalInput(e.currentTarget.value) ?? Number.NaN;
              props.onChange(t, Number.isFinite(t) && length > 0 ? t + length : props.endsAt);
            }}
          />
          <button
            type="button"
            class="btn btn-small"
            onClick={() => {
              const t = props.now();
              props.onChange(t, t + (length > 0 ? length : 0));
            }}
          >
            Now
          </button>
        </div>
        {props.errors.startsAt && <p class="field-error">{props.errors.startsAt}</p>}
      </div>
      <div class="field">
        <label for="silence-duration">Duration</label>
        <div class="presets" role="group" aria-label="Duration presets">
          {DURATION_PRESETS.map((p) => (
            <button
              key={p.label}
              type="button"
              class={p.ms === length ? 'btn btn-small btn-current' : 'btn btn-small'}
              aria-pressed={p.ms === length}
              onClick={() => onDuration(p.label)}
            >
              {p.label}
            </button>
          ))}
        </div>
        <input
          id="silence-duration"
          class="duration"
          spellcheck={false}
          autocomplete="off"
          value={durationText}
          aria-invalid={durationError !== undefined}
          aria-describedby="silence-duration-help"
          onInput={(e) => onDuration(e.currentTarget.value)}
        />
        <p id="silence-duration-help" class={durationError ? 'field-error' : 'field-help'}>
          {durationError ?? 'Like 90m, 2h30m, 1d, 1w.'}
        </p>
      </div>
      <div class="field">
        <label for="silence-end">End</label>
        <input
          id="silence-end"
          type="datetime-local"
          value={local(props.endsAt)}
          aria-invalid={props.errors.endsAt !== undefined}
          aria-describedby={props.errors.endsAt ? 'silence-end-error' : undefined}
          onInput={(e) => props.onChange(props.startsAt, fromLocalInput(e.currentTarget.value) ?? Number.NaN)}
        />
        {props.errors.endsAt && (
          <p class="field-error" id="silence-end-error">
            {props.errors.endsAt}
          </p>
        )}
      </div>
    </fieldset>
  );
}
