import { useState } from 'preact/hooks';
import { toIpcError } from '../platform/errors';
import type { UiError } from '../state/appState';
import { ErrorAlert } from './ErrorAlert';
import { InlineConfirm, useInlineConfirm } from './InlineConfirm';

export interface ClearHistoryProps {
  /** True when there is nothing to clear. */
  disabled: boolean;
  /** Clears the history; rejects with an `IpcError`. */
  onClear: () => Promise<unknown>;
  /** The page heading, which takes the focus once the history is cleared (the button is then disabled). */
  titleId: string;
}

/** "Clear history", with an inline confirmation before anything is removed. */
export function ClearHistory({ disabled, onClear, titleId }: ClearHistoryProps) {
  const [announcement, setAnnouncement] = useState('');
  const clearing = useInlineConfirm<UiError>({
    action: onClear,
    toError: (reason) => {
      const failure = toIpcError(reason);
      return { op: 'clear_history', code: failure.code, message: failure.message };
    },
    onSuccess: () => {
      setAnnouncement('The call history was cleared.');
      setTimeout(() => document.getElementById(titleId)?.focus(), 0);
    },
  });

  return (
    <>
      <button
        ref={clearing.triggerRef}
        type="button"
        class="button--quiet button--danger"
        data-testid="history-clear"
        aria-expanded={clearing.confirming}
        disabled={disabled && !clearing.confirming}
        onClick={() => {
          setAnnouncement('');
          clearing.open();
        }}
      >
        Clear history
      </button>
      <p class="visually-hidden" role="status" aria-live="polite" data-testid="history-cleared">
        {announcement}
      </p>
      <InlineConfirm
        control={clearing}
        testId="history-clear-confirmation"
        class="history__confirm"
        question="Clear the call history?"
        description={
          <>
            Every call is removed from this list and from the recent numbers. The audit log keeps its own record of
            emergency calls.
          </>
        }
        renderError={(error) => <ErrorAlert error={error} onDismiss={clearing.dismissError} />}
        confirmText="Clear history"
        busyText="Clearing…"
        confirmTestId="history-clear-confirm"
        cancelText="Keep history"
        cancelTestId="history-clear-cancel"
      />
    </>
  );
}
