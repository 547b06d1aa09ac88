// The inline "are you sure?" behind a destructive button (remove an account, delete a place, clear the call
// history). Pressing the button opens a small alert dialog right below it: the question, what it will do, any
// failure, then the destructive action and a way out. The way out takes the focus when it opens; choosing it
// (or pressing Escape) closes the question and gives the focus back to the button.
//
// `useInlineConfirm` holds the state (open, busy, last failure) and the focus handling; the caller draws its own
// button with `triggerRef`, `confirming` and `open`, and `<InlineConfirm>` draws the question.

import type { ComponentChildren, RefObject } from 'preact';
import { useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { IpcError } from '../platform/bindings';

export interface InlineConfirmOptions<E> {
  /** Does the destructive thing; a rejection is turned into `error` with `toError`. */
  action: () => Promise<unknown>;
  toError: (reason: unknown) => E;
  /**
   * Once `action` resolves: `'close'` (the default) closes the question and calls `onSuccess`; `'stay'` leaves it
   * open and busy, for an item its owner is about to take off the page.
   */
  afterSuccess?: 'close' | 'stay';
  /** Called after a successful `action` has closed the question (with `afterSuccess: 'close'`). */
  onSuccess?: () => void;
  /** Whether cancelling also forgets the last failure (default true). */
  clearErrorOnCancel?: boolean;
}

export interface InlineConfirmControl<E> {
  /** True while the question is shown. */
  confirming: boolean;
  /** True while `action` runs. */
  busy: boolean;
  /** The last failure, or null. */
  error: E | null;
  /** For the destructive button that opens the question: it gets the focus back on cancel. */
  triggerRef: RefObject<HTMLButtonElement>;
  /** For the way out: it takes the focus when the question opens. */
  cancelRef: RefObject<HTMLButtonElement>;
  open: () => void;
  cancel: () => void;
  confirm: () => Promise<void>;
  dismissError: () => void;
}

export function useInlineConfirm<E>({
  action,
  toError,
  afterSuccess = 'close',
  onSuccess,
  clearErrorOnCancel = true,
}: InlineConfirmOptions<E>): InlineConfirmControl<E> {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<E | null>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);

  useLayoutEffect(() => {
    if (confirming) cancelRef.current?.focus();
  }, [confirming]);

  const cancel = () => {
    setConfirming(false);
    if (clearErrorOnCancel) setError(null);
    setTimeout(() => triggerRef.current?.focus(), 0);
  };

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (reason) {
      setError(toError(reason));
      setBusy(false);
      return;
    }
    if (afterSuccess === 'stay') return;
    setConfirming(false);
    setBusy(false);
    onSuccess?.();
  };

  return {
    confirming,
    busy,
    error,
    triggerRef,
    cancelRef,
    open: () => setConfirming(true),
    cancel,
    confirm,
    dismissError: () => setError(null),
  };
}

export interface InlineConfirmProps<E> {
  control: InlineConfirmControl<E>;
  /** `data-testid` of the question. */
  testId: string;
  /** Extra classes for the question, next to `confirm-delete`. */
  class?: string;
  question: ComponentChildren;
  /** What confirming will do. */
  description: ComponentChildren;
  /** Draws the last failure, inside the question. */
  renderError: (error: E) => ComponentChildren;
  confirmText: string;
  /** The confirm button's text while the action runs. */
  busyText: string;
  confirmTestId: string;
  cancelText: string;
  cancelTestId?: string;
}

/** The question itself; nothing while `control.confirming` is false. */
export function InlineConfirm<E>(props: InlineConfirmProps<E>) {
  const { control, question, description, renderError } = props;
  const uid = useId();
  if (!control.confirming) return null;

  return (
    <div
      class={props.class ? `confirm-delete ${props.class}` : 'confirm-delete'}
      role="alertdialog"
      aria-labelledby={`${uid}-q`}
      aria-describedby={`${uid}-d`}
      data-testid={props.testId}
      onKeyDown={(e) => {
        if (e.key === 'Escape') control.cancel();
      }}
    >
      <p id={`${uid}-q`} class="confirm-delete__question">
        {question}
      </p>
      <p id={`${uid}-d`} class="card__hint">
        {description}
      </p>
      {control.error !== null && renderError(control.error)}
      <div class="confirm-delete__actions">
        <button
          type="button"
          class="button--danger-solid"
          data-testid={props.confirmTestId}
          disabled={control.busy}
          aria-busy={control.busy}
          onClick={() => void control.confirm()}
        >
          {control.busy ? props.busyText : props.confirmText}
        </button>
        <button
          ref={control.cancelRef}
          type="button"
          class="button--quiet"
          data-testid={props.cancelTestId}
          onClick={control.cancel}
        >
          {props.cancelText}
        </button>
      </div>
    </div>
  );
}

export interface InlineConfirmFailureProps {
  /** What failed, e.g. "Could not remove". */
  lead: string;
  error: IpcError;
  testId?: string;
}

/** A refused action, shown inside the question: "<lead>: <message> (code: <code>)". */
export function InlineConfirmFailure({ lead, error, testId }: InlineConfirmFailureProps) {
  return (
    <p class="field__error" role="alert" data-testid={testId}>
      {lead}: {error.message} (code: <code>{error.code}</code>)
    </p>
  );
}
