import { useId, useState } from 'preact/hooks';
import type { CallView, IpcError } from '../platform/bindings';
import { toIpcError } from '../platform/errors';
import { callStateText, callTitle, sentence } from '../state/callFormat';
import { useHangUp } from './useHangUp';

export interface CallPanelProps {
  call: CallView;
  onHangUp: () => Promise<void>;
  /** Puts the answered call on hold, or takes it off hold. */
  onToggleHold: () => Promise<void>;
  /** Takes the ended call off the bar. */
  onClose: () => void;
  /** For an ended readback test: opens the test dialog on "Did the readback match?". */
  onAnswerTest: () => void;
}

/** One ordinary (or readback test) call on the call bar: who, where it is, and Hang up. */
export function CallPanel({ call, onHangUp, onToggleHold, onClose, onAnswerTest }: CallPanelProps) {
  const uid = useId();
  const { hangUp, error } = useHangUp(onHangUp);
  const [holdError, setHoldError] = useState<IpcError | null>(null);
  const [holdBusy, setHoldBusy] = useState(false);
  const ended = call.state === 'ended';
  const held = call.state === 'on_hold';
  const canHold = call.kind === 'normal' && (call.state === 'established' || held);

  async function toggleHold(): Promise<void> {
    setHoldBusy(true);
    setHoldError(null);
    try {
      await onToggleHold();
    } catch (reason) {
      setHoldError(toIpcError(reason));
    } finally {
      setHoldBusy(false);
    }
  }

  return (
    <article
      class="call"
      aria-labelledby={`${uid}-title`}
      data-testid="call-panel"
      data-call-id={call.call_id}
      data-kind={call.kind}
      data-state={call.state}
    >
      <div class="call__main">
        <h2 id={`${uid}-title`} class="call__title">
          {callTitle(call.kind, call.remote, call.remote_name)}
        </h2>
        <p class="call__state" data-testid="call-state">
          {callStateText(call)}
        </p>
      </div>
      {error && (
        <p class="call__error" role="alert" data-testid="call-error">
          Could not hang up: {sentence(error.message)}
        </p>
      )}
      {holdError && (
        <p class="call__error" role="alert" data-testid="call-hold-error">
          {held ? 'Could not resume' : 'Could not put on hold'}: {sentence(holdError.message)}
        </p>
      )}
      <div class="call__actions">
        {ended ? (
          <>
            {call.kind === 'emergency_test' && (
              <button type="button" data-testid="call-test-answer" onClick={onAnswerTest}>
                Did the readback match?
              </button>
            )}
            <button
              type="button"
              class="button--quiet"
              data-testid="call-close"
              aria-describedby={`${uid}-title`}
              onClick={onClose}
            >
              Close
            </button>
          </>
        ) : (
          <>
            {canHold && (
              <button
                type="button"
                data-testid="call-hold"
                aria-pressed={held}
                aria-describedby={`${uid}-title`}
                disabled={holdBusy}
                onClick={() => void toggleHold()}
              >
                {held ? 'Resume' : 'Hold'}
              </button>
            )}
            <button
              type="button"
              class="button--danger-solid"
              data-testid="call-hang-up"
              aria-describedby={`${uid}-title`}
              onClick={hangUp}
            >
              Hang up
            </button>
          </>
        )}
      </div>
    </article>
  );
}
