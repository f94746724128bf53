// The filter bar: Alertmanager matcher syntax, checked as it is typed; only valid filters are applied.

import { useEffect, useRef, useState } from 'preact/hooks';
import { parseFilter } from '../lib/filter';
import { useSlashToFocus } from './hooks';

const APPLY_DELAY_MS = 250;

/** FilterBar edits filter text; `onApply` gets each valid text, errors are shown under the field as typed. */
export function FilterBar(props: { value: string; onApply: (text: string) => void; label?: string }) {
  const [text, setText] = useState(props.value);
  const input = useRef<HTMLInputElement>(null);
  useSlashToFocus(input);
  // Follow the applied filter when it changes from outside (back button, a clicked label chip).
  useEffect(() => {
    if (parseFilterText(text) !== props.value) setText(props.value);
    // Only the applied value drives this; the text is compared, not followed.
  }, [props.value]);
  const parsed = parseFilter(text);
  // Errors show at once; a valid filter is applied once typing pauses, not on every keystroke.
  const pending = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(pending.current), []);
  const onInput = (value: string): void => {
    setText(value);
    window.clearTimeout(pending.current);
    if (!parseFilter(value).ok) return;
    pending.current = window.setTimeout(() => props.onApply(value.trim()), value === '' ? 0 : APPLY_DELAY_MS);
  };
  return (
    <div class="filter-bar">
      <label for="filter-input" class="filter-label">
        {props.label ?? 'Filter'}
      </label>
      <div class="filter-field">
        <input
          id="filter-input"
          ref={input}
          type="search"
          spellcheck={false}
          autocomplete="off"
          placeholder='severity="critical", team=~"db.*"'
          value={text}
          aria-invalid={!parsed.ok}
          aria-describedby="filter-help"
          onInput={(e) => onInput(e.currentTarget.value)}
        />
        {text !== '' && (
          <button
            type="button"
            class="btn btn-small"
            aria-label="Clear the filter"
            onClick={() => onInput('')}
          >
            ×
          </button>
        )}
      </div>
      <p id="filter-help" class={parsed.ok ? 'field-help' : 'field-error'} aria-live="polite">
        {parsed.ok
          ? (parsed.warning ??
            'Matchers as in Alertmanager: name="value", name!="value", name=~"regex", name!~"regex".')
          : parsed.error}
      </p>
    </div>
  );
}

function parseFilterText(text: string): string {
  return text.trim();
}
