// A button that asks before it acts: the first press shows the question with Confirm focused, Escape cancels.

import { useEffect, useRef, useState } from 'preact/hooks';

/** ConfirmButton runs `onConfirm` after a second, explicit confirmation. */
export function ConfirmButton(props: {
  label: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => Promise<void> | void;
  danger?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirm = useRef<HTMLButtonElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirm.current?.focus();
  }, [asking]);
  const cancel = (): void => {
    setAsking(false);
    // Give the opener back its focus once it is rendered again.
    setTimeout(() => opener.current?.focus(), 0);
  };
  if (!asking) {
    return (
      <button
        ref={opener}
        type="button"
        class={props.danger ? 'btn btn-danger' : 'btn'}
        onClick={() => setAsking(true)}
      >
        {props.label}
      </button>
    );
  }
  return (
    <span
      class="confirm"
      role="group"
      aria-label={props.question}
      onKeyDown={(e) => {
        if (e.key === 'Escape') cancel();
      }}
    >
      <span class="confirm-question">{props.question}</span>
      <button
        ref={confirm}
        type="button"
        class="btn btn-danger"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await props.onConfirm();
          } finally {
            setBusy(false);
            setAsking(false);
          }
        }}
      >
        {props.confirmLabel}
      </button>
      <button type="button" class="btn" onClick={cancel}>
        Cancel
      </button>
    </span>
  );
}
