import { useId } from 'preact/hooks';
import type { CallView } from '../platform/bindings';
import { OTHER_PHONE, callStateText, callTitle, callerText, emergencySummary, sentence } from '../state/callFormat';
import { InCallButtons, useInCallControls } from './InCallButtons';
import { DtmfError, InCallKeypad } from './InCallKeypad';
import { MuteError, MutedMark, canMute } from './MuteControls';
import { useHangUp } from './useHangUp';

/** End reasons after which the 911 call never got through to a dispatcher. */
const NOT_THROUGH = new Set(['busy', 'declined', 'no_answer', 'rejected', 'failed']);

export interface EmergencyCallPanelProps {
  call: CallView;
  onHangUp: () => Promise<void>;
  /** Mutes (true) or unmutes (false) the call. */
  onSetMuted: (muted: boolean) => Promise<void>;
  /** Sends DTMF digits on the answered call. */
  onSendDtmf: (digits: string) => Promise<void>;
  onClose: () => void;
}

/**
 * The 911 in-call screen: large and red, saying plainly what the dispatcher received — the location sent and
 * the callback number — so the caller can correct it out loud. Always on the call bar, never behind a dialog.
 */
export function EmergencyCallPanel({ call, onHangUp, onSetMuted, onSendDtmf, onClose }: EmergencyCallPanelProps) {
  const uid = useId();
  const { hangUp, error } = useHangUp(onHangUp);
  const controls = useInCallControls(call, onSetMuted, onSendDtmf);
  const ended = call.state === 'ended';
  const muted = canMute(call) && call.muted;
  const notThrough = ended && call.end_reason !== null && NOT_THROUGH.has(call.end_reason);

  return (
    <article
      class="call call--emergency"
      aria-labelledby={`${uid}-title`}
      data-testid="call-panel"
      data-call-id={call.call_id}
      data-kind={call.kind}
      data-state={call.state}
      data-emergency=""
    >
      <div class="call__main">
        <h2 id={`${uid}-title`} class="call__title">
          {callTitle(call.kind, call.remote)}
        </h2>
        <p class="call__state" data-testid="call-state">
          {callStateText(call)}
          {muted && <MutedMark />}
        </p>
      </div>
      <p class="call__summary" data-testid="emergency-call-summary">
        {emergencySummary(call.emergency)}
      </p>
      {!ended && <p class="call__advice">Stay on the line and answer the dispatcher's questions.</p>}
      {muted && (
        <p class="call__advice call__advice--urgent" data-testid="emergency-muted-warning">
          You are muted — the dispatcher cannot hear you.
        </p>
      )}
      {notThrough && (
        <p class="call__advice call__advice--urgent" role="alert" data-testid="emergency-call-not-through">
          The 911 call did not go through. {OTHER_PHONE}
        </p>
      )}
      {error && (
        <p class="call__error" role="alert" data-testid="call-error">
          Could not hang up: {sentence(error.message)}
        </p>
      )}
      {controls.mute.failure && <MuteError failure={controls.mute.failure} />}
      {controls.dtmf.failure && <DtmfError failure={controls.dtmf.failure} />}
      <div class="call__actions">
        {ended ? (
          <button type="button" class="button--quiet" data-testid="call-close" onClick={onClose}>
            Close
          </button>
        ) : (
          <>
            <InCallButtons call={call} controls={controls} uid={uid} />
            <button type="button" class="button--danger-solid" data-testid="call-hang-up" onClick={hangUp}>
              Hang up
            </button>
          </>
        )}
      </div>
      {controls.keypad && controls.keypadOpen && (
        <InCallKeypad id={`${uid}-keypad`} remote={callerText(call.remote, null)} sent={controls.dtmf.sent} onKey={controls.dtmf.send} />
      )}
    </article>
  );
}
