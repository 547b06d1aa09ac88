import { useEffect, useRef, useState } from 'preact/hooks';
import type { IpcError, TestSuggestion } from '../platform/bindings';
import { toIpcError } from '../platform/errors';
import { sentence } from '../state/callFormat';

export interface TestSuggestionBannerProps {
  suggestion: TestSuggestion;
  /** "Test now": opens the test dialog. */
  onTest: () => void;
  /** "Not now"; rejects with an `IpcError`. */
  onDismiss: () => Promise<void>;
}

/** Suggests the 933 readback test after the callback number or location changed (or it was never run). */
export function TestSuggestionBanner({ suggestion, onTest, onDismiss }: TestSuggestionBannerProps) {
  const mounted = useRef(true);
  const [dismissing, setDismissing] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  const dismiss = async () => {
    setDismissing(true);
    setError(null);
    try {
      await onDismiss();
    } catch (reason) {
      if (mounted.current) setError(toIpcError(reason));
    } finally {
      if (mounted.current) setDismissing(false);
    }
  };

  return (
    <section
      class="test-suggestion"
      aria-label="Suggested emergency calling test"
      data-testid="test-suggestion"
      data-reason={suggestion.reason}
    >
      <p class="test-suggestion__message" data-testid="test-suggestion-message">
        {suggestion.message}
      </p>
      {error && (
        <p class="test-suggestion__error" role="alert" data-testid="test-suggestion-error">
          Could not dismiss the suggestion: {sentence(error.message)}
        </p>
      )}
      <div class="test-suggestion__actions">
        <button type="button" data-testid="test-suggestion-test" onClick={onTest}>
          Test now
        </button>
        <button
          type="button"
          class="button--quiet"
          data-testid="test-suggestion-dismiss"
          disabled={dismissing}
          aria-busy={dismissing}
          onClick={() => void dismiss()}
        >
          Not now
        </button>
      </div>
    </section>
  );
}
