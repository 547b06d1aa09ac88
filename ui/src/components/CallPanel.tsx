import { useId, useState } from 'preact/hooks';
import type { CallView, IpcError } from '../platform/bindings';
import { toIpcError } from '../platform/errors';
import { callStateText, callTitle, callerText, sentence } from '../state/callFormat';
import { InCallButtons, useInCallControls } from './InCallButtons';
import { DtmfError, InCallKeypad } from './InCallKeypad';
import { MuteError, MutedMark, canMute } from './MuteControls';
import { InCallTransfer } from './TransferControls';
import { useHangUp } from './useHangUp';

export interface CallPanelProps {
  call: CallView;
  onHangUp: () => Promise<void>;
  /** Puts the answered call on hold, or takes it off hold. */
  onToggleHold: () => Promise<void>;
  /** Mutes (true) or unmutes (false) the call. */
  onSetMuted: (muted: boolean) => Promise<void>;
  /** Sends DTMF digits on the answered call. */
  onSendDtmf: (digits: string) => Promise<void>;
  /** Blind-transfers the answered call to a number; resolves once the target answered. */
  onTransfer: (target: string) => Promise<void>;
  /** Takes the ended call off the bar. */
  onClose: () => void;
  /** For an ended readback test: opens the test dialog on "Did the readback match?". */
  onAnswerTest: () => void;
}

/**
 * One ordinary, answered incoming or readback test call on the call bar: who, where it is, Mute, Keypad,
 * Transfer, Hold and Hang up.
 */
export function CallPanel({
  call,
  onHangUp,
  onToggleHold,
  onSetMuted,
  onSendDtmf,
  onTransfer,
  onClose,
  onAnswerTest,
}: CallPanelProps) {
  const uid = useId();
  const { hangUp, error } = useHangUp(onHangUp);
  const [holdError, setHoldError] = useState<IpcError | null>(null);
  const [holdBusy, setHoldBusy] = useState(false);
  const ended = call.state === 'ended';
  const held = call.state === 'on_hold';
  const canHold = (call.kind === 'normal' || call.kind === 'incoming') && (call.state === 'established' || held);
  const live = canMute(call);
  const controls = useInCallControls(call, onSetMuted, onSendDtmf, onTransfer);

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
          {live && call.muted && <MutedMark />}
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
      {controls.mute.failure && <MuteError failure={controls.mute.failure} />}
      {controls.dtmf.failure && <DtmfError failure={controls.dtmf.failure} />}
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
            <InCallButtons call={call} controls={controls} uid={uid} />
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
      {(!ended || controls.transfer.state.step === 'transferred') && (
        <InCallTransfer transfer={controls.transfer} uid={uid} remote={callerText(call.remote, call.remote_name)} />
      )}
      {controls.keypad && controls.keypadOpen && (
        <InCallKeypad
          id={`${uid}-keypad`}
          remote={callerText(call.remote, call.remote_name)}
          sent={controls.dtmf.sent}
          onKey={controls.dtmf.send}
        />
      )}
    </article>
  );
}
