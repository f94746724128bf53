// Where the user sets the API token that changes (create, edit, expire) carry as `Authorization: Bearer …`.

import { useEffect, useRef, useState } from 'preact/hooks';
import type { TokenStore } from '../api/token-store';

/** TokenPanel edits the token kept in this tab's sessionStorage. */
export function TokenPanel(props: { tokens: TokenStore; onClose: () => void }) {
  const [value, setValue] = useState(() => props.tokens.get());
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const save = (token: string): void => {
    props.tokens.set(token);
    props.onClose();
  };
  return (
    <form
      class="token-panel"
      aria-labelledby="token-title"
      onSubmit={(e) => {
        e.preventDefault();
        save(value);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') props.onClose();
      }}
    >
      <h2 id="token-title">Token for changes</h2>
      <p class="field-help">
        Sent as <code>Authorization: Bearer …</code> when you create, edit or expire a silence, if the
        alertmanager requires one. Kept in this browser tab only (sessionStorage); closing the tab forgets it.
      </p>
      <div class="inline">
        <label for="token-input" class="visually-hidden">
          API token
        </label>
        <input
          id="token-input"
          ref={input}
          type="password"
          autocomplete="off"
          spellcheck={false}
          value={value}
          onInput={(e) => setValue(e.currentTarget.value)}
        />
        <button type="submit" class="btn btn-primary">
          Save
        </button>
        <button type="button" class="btn" onClick={() => save('')}>
          Forget
        </button>
        <button type="button" class="btn" onClick={props.onClose}>
          Close
        </button>
      </div>
    </form>
  );
}
