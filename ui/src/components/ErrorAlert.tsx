import type { UiError } from '../state/appState';
import { operationLabel } from '../state/format';

export interface ErrorAlertProps {
  error: UiError;
  onDismiss: () => void;
  /** Offered when retrying makes sense (e.g. the first status read failed). */
  onRetry?: (() => void) | undefined;
  /** The alert's `data-testid`; "error-alert" unless told. */
  testId?: string;
}

export function ErrorAlert({ error, onDismiss, onRetry, testId = 'error-alert' }: ErrorAlertProps) {
  return (
    <div class="alert" role="alert" data-testid={testId} data-code={error.code}>
      <div class="alert__text">
        <strong>{operationLabel(error.op)}.</strong>{' '}
        <span data-testid="error-message">{error.message}</span>{' '}
        <span class="alert__code">
          (code: <code data-testid="error-code">{error.code}</code>)
        </span>
      </div>
      <div class="alert__actions">
        {onRetry && (
          <button type="button" onClick={onRetry}>
            Try again
          </button>
        )}
        <button type="button" class="button--quiet" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
