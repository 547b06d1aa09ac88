import { useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { toIpcError } from '../platform/errors';
import type { UiError } from '../state/appState';
import { ErrorAlert } from './ErrorAlert';

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
  const uid = useId();
  const [confirming, setConfirming] = useState(false);
  const [clearing, setClearing] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const openButton = useRef<HTMLButtonElement>(null);
  const keepButton = useRef<HTMLButtonElement>(null);

  useLayoutEffect(() => {
    if (confirming) keepButton.current?.focus();
  }, [confirming]);

  const cancel = () => {
    setConfirming(false);
    setError(null);
    setTimeout(() => openButton.current?.focus(), 0);
  };

  const clear = async () => {
    setClearing(true);
    setError(null);
    try {
      await onClear();
      setConfirming(false);
      setAnnouncement('The call history was cleared.');
      setTimeout(() => document.getElementById(titleId)?.focus(), 0);
    } catch (reason) {
      const failure = toIpcError(reason);
      setError({ op: 'clear_history', code: failure.code, message: failure.message });
    } finally {
      setClearing(false);
    }
  };

  return (
    <>
      <button
        ref={openButton}
        type="button"
        class="button--quiet button--danger"
        data-testid="history-clear"
        aria-expanded={confirming}
        disabled={disabled && !confirming}
        onClick={() => {
          setAnnouncement('');
          setConfirming(true);
        }}
      >
        Clear history
      </button>
      <p class="visually-hidden" role="status" aria-live="polite" data-testid="history-cleared">
        {announcement}
      </p>
      {confirming && (
        <div
          class="confirm-delete history__confirm"
          role="alertdialog"
          aria-labelledby={`${uid}-q`}
          aria-describedby={`${uid}-d`}
          data-testid="history-clear-confirmation"
          onKeyDown={(e) => {
            if (e.key === 'Escape') cancel();
          }}
        >
          <p id={`${uid}-q`} class="confirm-delete__question">
            Clear the call history?
          </p>
          <p id={`${uid}-d`} class="card__hint">
            Every call is removed from this list and from the recent numbers. The audit log keeps its own record of
            emergency calls.
          </p>
          {error && <ErrorAlert error={error} onDismiss={() => setError(null)} />}
          <div class="confirm-delete__actions">
            <button
              type="button"
              class="button--danger-solid"
              data-testid="history-clear-confirm"
              disabled={clearing}
              aria-busy={clearing}
              onClick={() => void clear()}
            >
              {clearing ? 'Clearing…' : 'Clear history'}
            </button>
            <button ref={keepButton} type="button" class="button--quiet" data-testid="history-clear-cancel" onClick={cancel}>
              Keep history
            </button>
          </div>
        </div>
      )}
    </>
  );
}
