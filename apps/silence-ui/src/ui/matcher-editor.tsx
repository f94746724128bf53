// The matcher editor: one row per matcher (name, one of the four operators, value), checked as typed.

import { MATCH_TYPES, type MatchType } from '@vigil/model';
import type { MatcherRow } from '../lib/silence-form';

const OP_TITLES: Record<MatchType, string> = {
  '=': 'equals',
  '!=': 'does not equal',
  '=~': 'matches regex',
  '!~': 'does not match regex',
};

/** MatcherEditor edits matcher rows; `suggest` offers label names and values seen on current alerts. */
export function MatcherEditor(props: {
  rows: MatcherRow[];
  errors: (string | undefined)[];
  onChange: (rows: MatcherRow[]) => void;
  names: string[];
  valuesOf: (name: string) => string[];
  error?: string;
}) {
  const set = (i: number, over: Partial<MatcherRow>): void =>
    props.onChange(props.rows.map((r, j) => (j === i ? { ...r, ...over } : r)));
  const remove = (i: number): void => props.onChange(props.rows.filter((_, j) => j !== i));
  const add = (): void => props.onChange([...props.rows, { name: '', op: '=', value: '' }]);
  return (
    <fieldset class="matchers">
      <legend>Matchers</legend>
      <p class="field-help" id="matchers-help">
        The silence mutes alerts that match every matcher. Remove the ones that are too narrow.
      </p>
      <datalist id="label-names">
        {props.names.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
      <ol class="matcher-rows">
        {props.rows.map((row, i) => {
          const err = props.errors[i];
          const n = i + 1;
          return (
            <li key={i} class="matcher-row">
              <input
                class="matcher-name"
                aria-label={`Label name ${n}`}
                list="label-names"
                spellcheck={false}
                autocomplete="off"
                value={row.name}
                aria-invalid={err !== undefined}
                aria-describedby={err ? `matcher-error-${i}` : undefined}
                onInput={(e) => set(i, { name: e.currentTarget.value })}
              />
              <select
                class="matcher-op"
                aria-label={`Operator ${n}`}
                value={row.op}
                onChange={(e) => set(i, { op: e.currentTarget.value as MatchType })}
              >
                {MATCH_TYPES.map((op) => (
                  <option key={op} value={op} title={OP_TITLES[op]}>
                    {op}
                  </option>
                ))}
              </select>
              <input
                class="matcher-value"
                aria-label={`Value ${n}`}
                list={`label-values-${i}`}
                spellcheck={false}
                autocomplete="off"
                value={row.value}
                aria-invalid={err !== undefined}
                aria-describedby={err ? `matcher-error-${i}` : undefined}
                onInput={(e) => set(i, { value: e.currentTarget.value })}
              />
              <datalist id={`label-values-${i}`}>
                {props.valuesOf(row.name).map((v) => (
                  <option key={v} value={v} />
                ))}
              </datalist>
              <button
                type="button"
                class="btn btn-small"
                aria-label={`Remove matcher ${n} (${row.name}${row.op}"${row.value}")`}
                title="Remove this matcher"
                onClick={() => remove(i)}
              >
                ×
              </button>
              {err && (
                <p class="field-error matcher-error" id={`matcher-error-${i}`}>
                  {err}
                </p>
              )}
            </li>
          );
        })}
      </ol>
      <button type="button" class="btn btn-small" onClick={add}>
        + Add matcher
      </button>
      {props.error && (
        <p class="field-error" role="alert">
          {props.error}
        </p>
      )}
    </fieldset>
  );
}
