import { useId } from 'preact/hooks';
import type { CallView } from '../platform/bindings';
import { callStateText, callTitle, sentence } from '../state/callFormat';
import { useHangUp } from './useHangUp';

export interface CallPanelProps {
  call: CallView;
  onHangUp: () => Promise<void>;
  /** Takes the ended call off the bar. */
  onClose: () => void;
  /** For an ended readback test: opens the test dialog on "Did the readback match?". */
  onAnswerTest: () => void;
}

/** One ordinary (or readback test) call on the call bar: who, where it is, and Hang up. */
export function CallPanel({ call, onHangUp, onClose, onAnswerTest }: CallPanelProps) {
  const uid = useId();
  const { hangUp, error } = useHangUp(onHangUp);
  const ended = call.state === 'ended';

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
          {callTitle(call.kind, call.remote)}
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
          <button
            type="button"
            class="button--danger-solid"
            data-testid="call-hang-up"
            aria-describedby={`${uid}-title`}
            onClick={hangUp}
          >
            Hang up
          </button>
        )}
      </div>
    </article>
  );
}
